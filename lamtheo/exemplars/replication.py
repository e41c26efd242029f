"""Reads of replication (nhân rộng): how far each exemplar has spread, what a unit has taken
up and what its neighbours use, and the committee's overview of a subtree.

Each function runs a fixed number of queries whatever the number of rows. Counting works on
small grouped rows, then on units in Python:

- An adoption is *live* unless dropped; it is *taken up* when adopted or sustained.
- A unit adopting an exemplar brings it to everyone under it, so *reach* is the number of
  current people in the subtrees of the adopting units (nested ones counted once), read from
  the stored per-unit counts (lamtheo.org.counts), never by counting people.
- *Time to adoption* is the number of days from the exemplar's publication to the day an
  adoption first reached "adopted" (Adoption.adopted_on); its median is shown.
- A unit *adopts nothing* when neither it, nor any unit under it, nor a unit above it within
  the subtree shown has a live adoption (a party group adopts with its cell). The overview
  lists the top-most such units (a cell of a committee that adopts nothing is not listed
  again).
- Spreading fastest: most adoptions started in the last 12 months (live ones), then most
  taken up.
"""

from __future__ import annotations

import copy
import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter

from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from lamtheo.core.tree import ancestor_paths, subtree_q
from lamtheo.exemplars import subtree_counts
from lamtheo.exemplars.models import (
    TAKEN_UP,
    Adoption,
    AdoptionEvent,
    AdoptionStatus,
    Exemplar,
    ExemplarStatus,
    SubtreeAdoptions,
)
from lamtheo.exemplars.subtree_counts import LIVE, months_back
from lamtheo.org import history
from lamtheo.org.counts import TOTAL, counts_by_root
from lamtheo.org.models import Membership, Person, Unit

A = AdoptionStatus
STATUS_ORDER = {status: i for i, status in enumerate(A.values)}
PAGE_SIZE = 50
SUGGESTIONS = 10
FASTEST = 10
NOTHING_LISTED = 100
# Past this many exemplars whose recent counts need correcting, the overview groups the
# subtree's adoptions instead of reading the stored counts (subtree_counts).
CORRECTIONS = 1000
# The stored adoption counts of a unit, in AdoptionStatus order (LIVE first, then dropped).
COUNT_COLUMNS = [f"adoption_counts__{status}" for status in A.values]
assert tuple(A.values) == (*LIVE, A.DROPPED) and LIVE[2:] == TAKEN_UP
UNIT_TOTAL = (
    F("unit__official_count")
    + F("unit__probationary_count")
    + F("unit__elite_mass_count")
    + F("unit__mass_count")
)


def _roots(paths) -> list[str]:
    """The paths not nested under another of them, in path order."""
    roots: list[str] = []
    for path in sorted(set(paths)):
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return roots


def _median(values) -> float | None:
    values = list(values)
    return statistics.median(values) if values else None


def _published_day(exemplar: Exemplar) -> dt.date | None:
    if exemplar.published_at is None:
        return None
    return timezone.localtime(exemplar.published_at).date()


# -- one exemplar ----------------------------------------------------------------------------


@dataclass
class ExemplarSpread:
    exemplar: Exemplar
    by_status: dict[str, int]
    live_units: int
    taken_up_units: int
    reach: int  # current people under the units with a live adoption
    reach_taken_up: int  # … under the units that have taken it up
    median_days: float | None  # from publication to adoption
    fastest_days: int | None
    with_results: int  # adoptions with a baseline and a result
    verified: int
    adoptions: list[Adoption]  # the page shown, with .people and .days
    page: int
    pages: int
    total: int
    ancestors: list[Exemplar] = field(default_factory=list)  # lineage, the source first
    adaptations: list[Exemplar] = field(default_factory=list)


def exemplar_spread(exemplar: Exemplar, user, *, page: int = 1) -> ExemplarSpread:
    """Everything about how `exemplar` has spread, as the user may see it. Four queries: the
    adoptions' small rows, the people under the adopting committees (when any is not a cell),
    the page of adoptions, and the lineage."""
    rows = list(
        Adoption.objects.visible_to(user)
        .filter(exemplar=exemplar)
        .values_list(
            "pk",
            "status",
            "adopted_on",
            "baseline",
            "result",
            "verified_at",
            "unit__path",
            "unit__numchild",
            "unit__sort_key",
        )
        .annotate(own=UNIT_TOTAL)
    )
    published = _published_day(exemplar)
    by_status = Counter(row[1] for row in rows)
    live_paths = [row[6] for row in rows if row[1] in LIVE]
    taken_paths = [row[6] for row in rows if row[1] in TAKEN_UP]
    # People under each adopting unit: its own count for a cell, a subtree sum otherwise.
    people = {row[6]: row[9] for row in rows if not row[7]}
    branches = [row[6] for row in rows if row[7]]
    people.update(counts_by_root(branches))

    def reach(paths):
        return sum(people.get(p, 0) for p in _roots(paths))

    days = {}
    for row in rows:
        if row[2] is not None and published is not None and row[1] != A.DROPPED:
            days[row[0]] = (row[2] - published).days
    ordered = sorted(rows, key=lambda r: (STATUS_ORDER.get(r[1], 9), r[8], r[0]))
    total = len(ordered)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    ids = [row[0] for row in ordered[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]]
    objects = Adoption.objects.select_related("unit", "lead").in_bulk(ids)
    adoptions = []
    for pk in ids:
        adoption = objects[pk]
        adoption.people = people.get(adoption.unit.path, 0)
        adoption.days = days.get(pk)
        adoptions.append(adoption)
    ancestors, adaptations = lineage(exemplar, user)
    measured = [r for r in rows if r[3] is not None and r[4] is not None]
    return ExemplarSpread(
        exemplar=exemplar,
        by_status={status: by_status.get(status, 0) for status in A.values},
        live_units=len(set(live_paths)),
        taken_up_units=len(set(taken_paths)),
        reach=reach(live_paths),
        reach_taken_up=reach(taken_paths),
        median_days=_median(days.values()),
        fastest_days=min(days.values()) if days else None,
        with_results=len(measured),
        verified=sum(1 for r in rows if r[5] is not None),
        adoptions=adoptions,
        page=page,
        pages=pages,
        total=total,
        ancestors=ancestors,
        adaptations=adaptations,
    )


def lineage(exemplar: Exemplar, user) -> tuple[list[Exemplar], list[Exemplar]]:
    """(the models it was adapted from, the nearest first; the visible models adapted from it).

    One query for up to three generations up and the direct adaptations."""
    q = Q(adaptations=exemplar) | Q(adaptations__adaptations=exemplar)
    q |= Q(adaptations__adaptations__adaptations=exemplar) | Q(adapted_from=exemplar)
    found = {
        e.pk: e
        for e in Exemplar.objects.visible_to(user)
        .filter(q)
        .select_related("unit")
        .distinct()
        .order_by("pk")
    }
    ancestors, current, seen = [], exemplar.adapted_from_id, {exemplar.pk}
    while current in found and current not in seen:
        seen.add(current)
        ancestors.append(found[current])
        current = found[current].adapted_from_id
    adaptations = [e for e in found.values() if e.adapted_from_id == exemplar.pk]
    return ancestors, adaptations


# -- the units tree of one exemplar ----------------------------------------------------------


@dataclass
class TreeNode:
    unit_id: int
    path: str
    name: str
    kind: str
    level: int  # depth below the root shown
    numchild: int
    status: str | None  # this unit's own adoption, if any
    adoption_id: int | None
    live_below: int  # units at or under it with a live adoption
    taken_below: int

    @property
    def indent(self) -> int:
        """Tabler's padding step (ps-0 … ps-5) for the level."""
        return min(self.level * 2, 5)

    @property
    def status_label(self) -> str:
        return AdoptionStatus(self.status).label if self.status else ""


def spread_tree(exemplar: Exemplar, user, root: Unit) -> list[TreeNode]:
    """The units tree under `root`, pruned to the branches where `exemplar` was adopted (and
    the root's children, so the branches without any show as such), each unit marked with its
    own adoption and the count of adopting units under it. Two queries."""
    rows = list(
        Adoption.objects.visible_to(user)
        .filter(exemplar=exemplar)
        .filter(subtree_q([root.path], prefix="unit__path"))
        .values_list("pk", "status", "unit__path")
    )
    own = {path: (status, pk) for pk, status, path in rows}
    live, taken = Counter(), Counter()
    wanted = {root.path}
    step = Unit.steplen
    for _pk, status, path in rows:
        for ancestor in ancestor_paths(path):
            if len(ancestor) < len(root.path):
                continue
            wanted.add(ancestor)
            if status in LIVE:
                live[ancestor] += 1
            if status in TAKEN_UP:
                taken[ancestor] += 1
    units = (
        Unit.objects.visible_to(user)
        .filter(Q(path__in=wanted) | (subtree_q([root.path]) & Q(depth=root.depth + 1)))
        .order_by("path")
        .values_list("pk", "path", "name", "kind", "numchild")
    )
    nodes = []
    for pk, path, name, kind, numchild in units:
        status, adoption_id = own.get(path, (None, None))
        nodes.append(
            TreeNode(
                unit_id=pk,
                path=path,
                name=name,
                kind=kind,
                level=(len(path) - len(root.path)) // step,
                numchild=numchild,
                status=status,
                adoption_id=adoption_id,
                live_below=live[path],
                taken_below=taken[path],
            )
        )
    return nodes


# -- one unit --------------------------------------------------------------------------------


@dataclass
class UnitReplication:
    unit: Unit
    adoptions: list[Adoption]
    suggestions: list[dict]  # exemplar_id, title, kind, unit name, units, taken_up
    siblings: int
    own_exemplars: list[Exemplar]  # its published exemplars with .live and .taken_up


def unit_replication(unit: Unit, user) -> UnitReplication:
    """What `unit` has adopted, its own exemplars' spread, and suggestions: the published
    exemplars most used by its sibling units (and the units under them) that it has not
    adopted. Four queries."""
    adoptions = list(
        Adoption.objects.visible_to(user)
        .filter(unit=unit)
        .select_related("exemplar", "exemplar__unit", "lead")
        .order_by("-started_on", "-pk")
    )
    suggestions: list[dict] = []
    siblings = 0
    if unit.depth > 1:
        parent_path = unit.parent_path()
        siblings_q = subtree_q([parent_path], prefix="unit__path") & ~subtree_q(
            [unit.path], prefix="unit__path"
        )
        rows = (
            Adoption.objects.visible_to(user)
            .filter(siblings_q, status__in=LIVE, exemplar__status=ExemplarStatus.PUBLISHED)
            .exclude(unit__path=parent_path)
            .exclude(subtree_q([unit.path], prefix="exemplar__unit__path"))
            .exclude(exemplar__in=Adoption.objects.filter(unit=unit).values("exemplar"))
            .values(
                "exemplar_id",
                "exemplar__title",
                "exemplar__kind",
                "exemplar__field",
                "exemplar__unit__name",
            )
            .annotate(
                units=Count("pk"),
                taken_up=Count("pk", filter=Q(status__in=TAKEN_UP)),
            )
            .order_by("-units", "-taken_up", "exemplar_id")[:SUGGESTIONS]
        )
        for row in rows:
            suggestions.append(
                {
                    "exemplar_id": row["exemplar_id"],
                    "title": row["exemplar__title"],
                    "kind": row["exemplar__kind"],
                    "field": row["exemplar__field"],
                    "unit_name": row["exemplar__unit__name"],
                    "units": row["units"],
                    "taken_up": row["taken_up"],
                }
            )
        siblings = (
            Unit.objects.filter(subtree_q([parent_path]), depth=unit.depth, closed_on__isnull=True)
            .exclude(pk=unit.pk)
            .count()
        )
    own = list(
        Exemplar.objects.visible_to(user)
        .filter(unit=unit, status=ExemplarStatus.PUBLISHED)
        .annotate(
            live=Count("adoptions", filter=Q(adoptions__status__in=LIVE)),
            taken_up=Count("adoptions", filter=Q(adoptions__status__in=TAKEN_UP)),
        )
        .order_by("-live", "-published_at", "pk")[:20]
    )
    return UnitReplication(
        unit=unit,
        adoptions=adoptions,
        suggestions=suggestions,
        siblings=siblings,
        own_exemplars=own,
    )


# -- the committee's overview ----------------------------------------------------------------


@dataclass
class Branch:
    unit_id: int
    path: str
    name: str
    units: int = 0
    adopting_units: int = 0  # units with a live adoption of their own
    nothing: int = 0  # units adopting nothing (neither they nor any unit under them)
    live: int = 0
    taken_up: int = 0
    people: int = 0
    reach: int = 0  # people in units that have taken up at least one exemplar

    @property
    def coverage(self) -> float | None:
        return 100 * (self.units - self.nothing) / self.units if self.units else None


@dataclass
class Overview:
    unit: Unit
    since: dt.date
    totals: Branch
    by_status: dict[str, int]
    exemplars_adopted: int  # distinct exemplars with a live adoption in the subtree
    fastest: list[dict]
    branches: list[Branch]
    nothing: list[tuple[int, str, str, int]]  # (unit id, path, name, units under it) top-most
    nothing_more: int  # top-most units adopting nothing not listed
    day: dt.date | None = None  # the day whose tree was read, for a past year; None: today
    # For a past year: each unit's path today, to link only the units the reader may open now
    # (a cell moved to another committee since is named, not linked).
    paths_today: dict[int, str] | None = None


def overview(
    unit: Unit, user, *, today: dt.date | None = None, months: int = 12, year: int | None = None
) -> Overview:
    """The replication overview of `unit`'s subtree. Five queries: the units with their stored
    adoption counts per status (AdoptionCounts, kept by every adoption write), the three of
    `_spreading`, and the fastest exemplars' titles.

    The caller checks that the user's grants cover the subtree. The adoptions counted are those
    visible_to(user, "view"): by the units the grants cover, which are the units read here
    (Unit.visible_to with "view"), so their stored counts are exactly those adoptions. Closed
    units' adoptions count in by_status only; their units are not listed or counted."""
    today = today or timezone.localdate()
    if year is not None:
        day = history.reference_day(unit, dt.date(year, 12, 31), today)
        if day is not None:
            return overview_on(unit, user, day, months=months)
    since = months_back(today, months)
    # Sorted here: cheaper than ORDER BY path (3 ms at 4k units); any order with a path before
    # the paths it prefixes does.
    rows = sorted(
        Unit.objects.visible_to(user, "view")
        .filter(subtree_q([unit.path]))
        .order_by()
        .values_list("pk", "path", "name", "closed_on", TOTAL, *COUNT_COLUMNS),
        key=itemgetter(1),
    )
    adopted, top = _spreading(unit, user, since)
    fastest = _fastest(user, top, today)
    return _assemble(unit, since, rows, adopted, fastest, unit.path, Unit.steplen)


def _top(per_exemplar) -> list:
    """The FASTEST rows of (exemplar id, recent, recent taken, live, taken) with a recent
    adoption: most recent, then most recently taken up, then most taken up."""
    return sorted(
        (row for row in per_exemplar if row[1]), key=lambda r: (-r[1], -r[2], -r[4], r[0])
    )[:FASTEST]


def _spreading(unit: Unit, user, since: dt.date) -> tuple[int, list]:
    """How many exemplars have a live adoption in `unit`'s subtree, and `_top` of them, from
    the stored per-(subtree, exemplar) counts (lamtheo.exemplars.subtree_counts). Three
    queries: the window's day; the adoptions between it and `since`, counted per exemplar,
    which correct the stored recent counts; and the stored rows, those corrected first, then
    the best FASTEST of the rest, with the number of rows beside them. Past CORRECTIONS
    exemplars to correct (the daily slide has not run for weeks), the subtree's adoptions
    are grouped live instead.

    The corrections read the subtree's adoptions whole: the caller checked that the user's
    grants cover it, so they are those visible_to(user, "view") (as for the stored rows).
    The units are matched by id and each range has its own statement in a UNION, so both
    databases walk the date indexes: one statement with an OR of the two ranges and a join
    on the units' paths made SQLite read every adoption of the subtree (0.5 s at 130,000)."""
    window = subtree_counts.read_window()
    low, high, sign = (window, since, -1) if since > window else (since, window, 1)
    under = Adoption.objects.filter(
        unit__in=Unit.objects.filter(subtree_q([unit.path])).values("pk")
    )
    started = (
        under.filter(status__in=LIVE, started_on__gte=low, started_on__lt=high)
        .values_list("exemplar_id")
        .annotate(kind=Value(0), n=Count("pk"))
        .order_by()
    )
    taken = (
        under.filter(status__in=TAKEN_UP, adopted_on__gte=low, adopted_on__lt=high)
        .values_list("exemplar_id")
        .annotate(kind=Value(1), n=Count("pk"))
        .order_by()
    )
    fixes: dict[int, list[int]] = {}
    for exemplar_id, kind, n in started.union(taken, all=True):
        fixes.setdefault(exemplar_id, [0, 0])[kind] += sign * n
    if len(fixes) > CORRECTIONS:
        adoptions = Adoption.objects.visible_to(user, "view").filter(
            subtree_q([unit.path], prefix="unit__path")
        )
        per_exemplar = subtree_counts.per_exemplar_counts(adoptions, since)
        return len(per_exemplar), _top(per_exemplar)
    stored = SubtreeAdoptions.objects.visible_to(user, "view").filter(unit=unit, live__gt=0)
    # How many: a subquery run once, from the index. The order: the index's, which the walk
    # follows and stops; the rows to correct first when there are any (a sort).
    adopted = stored.order_by().values("unit").annotate(n=Count("exemplar")).values("n")
    order = ["-recent", "-recent_taken", "-taken", "exemplar_id"]
    if fixes:
        stored = stored.annotate(first=Case(When(exemplar_id__in=list(fixes), then=1), default=0))
        order.insert(0, "-first")
    rows = list(
        stored.annotate(adopted=Subquery(adopted))
        .order_by(*order)
        .values_list("exemplar_id", "recent", "recent_taken", "live", "taken", "adopted")[
            : FASTEST + len(fixes)
        ]
    )
    corrected = []
    for exemplar_id, recent, recent_taken, live, taken, _adopted in rows:
        fix = fixes.get(exemplar_id, (0, 0))
        corrected.append((exemplar_id, recent + fix[0], recent_taken + fix[1], live, taken))
    return (rows[0][5] if rows else 0), _top(corrected)


def _fastest(user, top, today: dt.date) -> list[dict]:
    """The exemplars of `top` (rows of per-exemplar counts) with their titles: one query."""
    titles = Exemplar.objects.visible_to(user).select_related("unit").in_bulk([r[0] for r in top])
    fastest = []
    for exemplar_id, recent, recent_taken, live, taken in top:
        exemplar = titles.get(exemplar_id)
        if exemplar is None:
            continue
        published = _published_day(exemplar)
        age_months = max(1.0, (today - published).days / 30.44) if published else None
        fastest.append(
            {
                "exemplar": exemplar,
                "recent": recent,
                "recent_taken": recent_taken,
                "live": live,
                "taken_up": taken,
                "per_month": live / age_months if age_months else None,
            }
        )
    return fastest


def _assemble(
    unit: Unit, since: dt.date, rows, adopted: int, fastest, root_path: str, step: int
) -> Overview:
    """The overview from the subtree's units, in an order where a unit comes after the units
    above it: rows of (id, path, name, closed_on, people, *counts per status; None when the
    unit has none), the path of the root being `root_path`, `step` characters a level (a
    treebeard path today, an id_path on a past day)."""
    depth = len(root_path) // step
    width = len(root_path) + step
    by_status = [0] * len(A.values)
    # Path order: a unit comes after every unit above it. `covered`: it or a unit above it in
    # the subtree has taken something up (closed units pass it on, never start it).
    # `under_live`: a unit above it in the subtree has a live adoption, which brings the
    # exemplar to this unit too (a party group of an adopting cell adopts with its cell).
    # One pass each way over the rows (40,000 at the 1M root: every step here counts).
    units, covered, live_at, live_paths = [], {}, {}, set()
    for pk, path, name, closed_on, people, planned, piloting, adopted_, sustained, dropped in rows:
        parent = path[:-step]
        live = taken = 0
        if planned is not None:  # the unit has a row of counts
            by_status[0] += planned
            by_status[1] += piloting
            by_status[2] += adopted_
            by_status[3] += sustained
            by_status[4] += dropped
            taken = adopted_ + sustained
            live = planned + piloting + taken
        is_covered = covered.get(parent, False)
        under_live = live_at.get(parent, False)
        if closed_on is None:
            if taken:
                is_covered = True
            units.append((pk, path, name, people, live, taken, is_covered, under_live))
            if live:
                live_paths.add(path)
                under_live_below = True
            else:
                under_live_below = under_live
        else:
            under_live_below = under_live
        covered[path] = is_covered
        live_at[path] = under_live_below
    # Units with a live adoption at or under them (and the parents of such units): children
    # come before their parent in reverse path order. Closed units pass it on too.
    active = set()
    for row in reversed(rows):
        path = row[1]
        if path in active or path in live_paths:
            active.add(path)
            active.add(path[:-step])
    # Per branch (the root's children; None for the root itself and units under a closed
    # child): units, people, reach, adopting units, adopting nothing, live, taken up.
    sums = {}
    nothing = []
    for pk, path, name, people, live, taken, is_covered, under_live in units:
        key = path[:width] if len(path) >= width else None
        acc = sums.get(key)
        if acc is None:
            acc = sums[key] = [0, 0, 0, 0, 0, 0, 0]
        acc[0] += 1
        acc[1] += people
        if is_covered:
            acc[2] += people
        if live:
            acc[3] += 1
            acc[5] += live
            acc[6] += taken
        elif path not in active and not under_live:  # adopting nothing
            acc[4] += 1
            if len(path) // step == depth or path[:-step] in active:
                nothing.append((pk, path, name))

    children = {
        row[1]: Branch(unit_id=row[0], path=row[1], name=row[2])
        for row in units
        if len(row[1]) == width
    }
    for path, child in children.items():
        acc = sums.get(path, [0] * 7)
        (child.units, child.people, child.reach, child.adopting_units) = acc[:4]
        (child.nothing, child.live, child.taken_up) = acc[4:]
    totals = Branch(unit_id=unit.pk, path=root_path, name=unit.name)
    for acc in sums.values():
        totals.units += acc[0]
        totals.people += acc[1]
        totals.reach += acc[2]
        totals.adopting_units += acc[3]
        totals.nothing += acc[4]
        totals.live += acc[5]
        totals.taken_up += acc[6]
    # How many units each listed one stands for (itself and everything under it): they are
    # top-most, so each one's units follow it in path order.
    listed = {row[1]: 0 for row in nothing[:NOTHING_LISTED]}
    current = None
    for _pk, path, *_ in units if listed else ():
        if current is not None and path.startswith(current):
            listed[current] += 1
        elif path in listed:
            current = path
            listed[path] += 1
        else:
            current = None
    return Overview(
        unit=unit,
        since=since,
        totals=totals,
        by_status=dict(zip(A.values, by_status, strict=True)),
        exemplars_adopted=adopted,
        fastest=fastest,
        branches=sorted(children.values(), key=lambda b: (-b.nothing, b.path)),
        nothing=[(pk, path, name, listed[path]) for pk, path, name in nothing[:NOTHING_LISTED]],
        nothing_more=max(0, len(nothing) - NOTHING_LISTED),
    )


# -- the committee's overview of a past year ----------------------------------------------------


def status_on(day: dt.date):
    """An adoption's status on `day` (for a row started by then): the status its last recorded
    change at or before the day left it in; without one, the status before its first change
    after the day (or the status it was recorded with, for an adoption entered later with an
    earlier start); without any recorded change, its status today."""
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    events = AdoptionEvent.objects.filter(adoption=OuterRef("pk"))
    before = events.filter(at__lt=end).order_by("-at", "-pk").values("to_state")[:1]
    after = (
        events.filter(at__gte=end)
        .annotate(
            then=Case(When(from_state__in=A.values, then=F("from_state")), default=F("to_state"))
        )
        .order_by("at", "pk")
        .values("then")[:1]
    )
    return Coalesce(Subquery(before), Subquery(after), F("status"))


def overview_on(unit: Unit, user, day: dt.date, *, months: int = 12) -> Overview:
    """The overview of `unit`'s subtree as it stood on `day` (org.history): the units under it
    then, with their names then; the adoptions they had started by then, in their status of
    the day (`status_on`); the people in them that day; the fastest in the `months` before.
    Six queries: the periods, the adoptions per unit and status, per exemplar, the titles,
    and the people (current, and past memberships).

    Read whole, not through the user's grants: the caller checks that they cover the unit
    today, and its past is part of it (as for the registrations and study of a past year)."""
    since = months_back(day, months)
    own = history.periods_on(day).filter(unit=unit).values("id_path")[:1]
    periods = list(
        history.periods_on(day)
        .filter(id_path__startswith=Subquery(own))
        .order_by()
        .values_list("unit_id", "id_path", "name", "unit__path")
    )
    ids = history.periods_on(day).filter(id_path__startswith=Subquery(own)).values("unit_id")
    adoptions = Adoption.objects.filter(unit_id__in=ids, started_on__lte=day).annotate(
        then=status_on(day)
    )
    counts: dict[int, list[int]] = {}
    for unit_id, status, n in (
        adoptions.values_list("unit_id", "then").annotate(n=Count("pk")).order_by()
    ):
        counts.setdefault(unit_id, [0] * len(A.values))[STATUS_ORDER[status]] += n
    per_exemplar = list(
        adoptions.filter(then__in=LIVE)
        .values_list("exemplar_id")
        .annotate(
            recent=Count("pk", filter=Q(started_on__gte=since)),
            recent_taken=Count("pk", filter=Q(adopted_on__gte=since, then__in=TAKEN_UP)),
            live=Count("pk"),
            taken=Count("pk", filter=Q(then__in=TAKEN_UP)),
        )
        .order_by()
    )
    people = Counter(
        dict(
            Person.objects.filter(
                Q(unit_since__isnull=True) | Q(unit_since__lte=day),
                Q(left_on__isnull=True) | Q(left_on__gte=day),
                unit_id__in=ids,
            )
            .values_list("unit_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    people.update(
        dict(
            Membership.objects.filter(
                Q(started_on__isnull=True) | Q(started_on__lte=day),
                unit_id__in=ids,
                ended_on__gt=day,
            )
            .values_list("unit_id")
            .annotate(n=Count("person_id", distinct=True))
            .order_by()
        )
    )
    rows = sorted(
        (
            (pk, path, name, None, people.get(pk, 0), *counts.get(pk, [None] * len(A.values)))
            for pk, path, name, _now in periods
        ),
        key=itemgetter(1),
    )
    then = copy.copy(unit)
    root = next((row for row in rows if row[0] == unit.pk), None)
    if root is not None:
        then.name = root[2]
    fastest = _fastest(user, _top(per_exemplar), day)
    root_path = root[1] if root is not None else ""
    result = _assemble(then, since, rows, len(per_exemplar), fastest, root_path, history.ID_STEP)
    result.day = day
    result.paths_today = {pk: now for pk, _path, _name, now in periods}
    return result
