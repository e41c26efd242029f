"""The progress of a programme year in a unit: counts per step, the rollup per unit below,
and the progress table of its people; and which years a unit's pages offer.

Each function runs a fixed number of queries whatever the number of rows.

Progress counts people, from their personal commitments of the year, in the unit each
commitment was made in (Commitment.unit, kept when people move: a year's figures read as they
were). The commitments are grouped per (unit, person) with a count per status and summed per
unit with the step predicates below into stored rows (UnitProgress, kept in the writing
transaction by lamtheo.programs.counts); a page sums the stored rows per branch of the tree
(the first characters of the unit's path, as org.counts.counts_by_child does). The steps are
predicates over a person's counts:

- registered: at least `min_commitments` counting commitments (submitted or beyond, not
  withdrawn); "not registered" is the unit's current people (stored counts) less those;
- waiting: a commitment waits for approval; returned: one was returned for changes;
- approved / self-assessed / evaluated: registered, and every counting commitment has
  reached at least that step (so approved ≥ self-assessed ≥ evaluated);
- not self-assessed: an approved commitment is not self-assessed yet; not evaluated: an
  approved or self-assessed commitment is not evaluated yet.

The progress table lists the current people of the subtree with all their commitments of
the year, filtered by the same predicates. Its counts and its rows differ only for people
who moved or left during the year (counted where they registered, listed where they are).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Substr

from lamtheo.accounts.scoping import scope_of
from lamtheo.core.replica import read_connection
from lamtheo.core.tree import path_range, subtree_q
from lamtheo.org import counts as org_counts
from lamtheo.org import history, subtree_sums
from lamtheo.org.models import Membership, Person, Unit, UnitPeriod
from lamtheo.org.queries import CountedPaginator
from lamtheo.programs.models import (
    COUNTING,
    Commitment,
    CommitmentStatus,
    ProgramYear,
    UnitProgress,
    YearStatus,
)

S = CommitmentStatus
PAGE_SIZE = 50

# Filters of the progress table, in the order the page shows their counts.
STEPS = (
    "not_registered",
    "waiting",
    "returned",
    "not_self_assessed",
    "not_evaluated",
    "evaluated",
)
# Commitment statuses listed in the rollup, in workflow order.
STATUSES = (S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED, S.SELF_ASSESSED, S.EVALUATED)


def _require_covers(user, unit: Unit) -> None:
    """Progress is read by those whose grants cover the whole unit (not a member's own)."""
    if not scope_of(user).covers(unit.path):
        raise PermissionDenied


def _rate(part: int, whole: int) -> int | None:
    # Registrations of people who have left count where they were made: never above 100 %.
    return min(100, round(100 * part / whole)) if whole else None


@dataclass
class Progress:
    """Progress under one unit (a child, the people directly in the parent, or the total):
    its current people, and people and commitments by step from the year's commitments."""

    unit: Unit | None = None
    people: int = 0
    registered: int = 0
    waiting: int = 0
    returned: int = 0
    approved: int = 0
    self_assessed: int = 0
    evaluated: int = 0
    not_self_assessed: int = 0
    not_evaluated: int = 0
    # Commitments of these people by status.
    statuses: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    # The people directly in the parent unit, not in any unit below it.
    direct: bool = False

    @property
    def not_registered(self) -> int:
        return max(self.people - self.registered, 0)

    @property
    def registered_rate(self) -> int | None:
        return _rate(self.registered, self.people)

    @property
    def approved_rate(self) -> int | None:
        return _rate(self.approved, self.people)

    @property
    def self_assessed_rate(self) -> int | None:
        return _rate(self.self_assessed, self.people)

    @property
    def evaluated_rate(self) -> int | None:
        return _rate(self.evaluated, self.people)

    @property
    def status_list(self) -> list[int]:
        """Commitments per status, in the order of STATUSES."""
        return [self.statuses.get(status, 0) for status in STATUSES]

    def step_counts(self) -> dict[str, int]:
        """{step: people} for the filters of the progress table."""
        return {step: getattr(self, step) for step in STEPS}

    def add(self, other: Progress) -> None:
        for name in _SUMMED:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for status, n in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + n


_SUMMED = (
    "people",
    "registered",
    "waiting",
    "returned",
    "approved",
    "self_assessed",
    "evaluated",
    "not_self_assessed",
    "not_evaluated",
)


@dataclass(frozen=True)
class Tree:
    """Which tree a year's figures read: today's (`day` None), or the tree on `day`, a past
    year's last day (org.history), where `path` is the unit's id_path that day."""

    day: object = None
    path: str | None = None

    @property
    def dated(self) -> bool:
        return self.day is not None

    def branch_length(self, unit: Unit) -> int:
        if self.dated:
            return len(self.path or "") + history.ID_STEP
        return len(unit.path) + Unit.steplen

    def own(self, unit: Unit) -> str:
        """The key of the unit's own people among the branches."""
        return self.path if self.dated else unit.path

    @cached_property
    def summed(self) -> bool:
        """Whether the subtree sums (org.subtree_sums) hold this tree: today's, or a day
        since which nothing in the tree began or ended (one query to know that, once)."""
        return subtree_sums.summed_on(self.day, history.last_change() if self.dated else None)

    def units_q(self, unit: Unit, prefix: str = "unit") -> Q:
        if self.dated:
            return Q(**{f"{prefix}_id__in": history.subtree_ids(self.path, self.day)})
        return subtree_q([unit.path], prefix=f"{prefix}__path")


def tree_for(year: ProgramYear, unit: Unit) -> Tree:
    """Today's tree while the year runs; the tree of its last day once it has ended (one
    query then)."""
    day = history.reference_day(unit, dt.date(year.year, 12, 31))
    return Tree(day, history.id_path_on(unit, day)) if day else Tree()


# Steps as predicates over one person's counts of one unit's commitments; each built on
# "registered" takes the minimum. lamtheo.programs.counts sums them per unit into UnitProgress.
_COUNTING = " + ".join(f"n_{status}" for status in COUNTING)
_REGISTERED = f"{_COUNTING} >= %s"
_APPROVED = f"{_REGISTERED} AND n_submitted = 0 AND n_returned = 0"
_SELF_ASSESSED = f"{_APPROVED} AND n_approved = 0"
PREDICATES = {
    "registered": _REGISTERED,
    "approved": _APPROVED,
    "self_assessed": _SELF_ASSESSED,
    "evaluated": f"{_SELF_ASSESSED} AND n_self_assessed = 0",
    "waiting": "n_submitted > 0",
    "returned": "n_returned > 0",
    "not_self_assessed": "n_approved > 0",
    "not_evaluated": "n_approved + n_self_assessed > 0",
}


def _flag_counts(
    year: ProgramYear, unit: Unit, branch_length: int, tree: Tree
) -> dict[str, Progress]:
    """{branch: Progress without people} in one statement: the stored per-unit progress
    (UnitProgress, kept by lamtheo.programs.counts) of the subtree's units, summed per branch
    of the tree read (the first characters of the unit's path today, or of its id_path on the
    tree's day), or from the sums of the subtrees (SubtreeProgress) when they hold the tree
    read: the root of a 1M city reads its ten blocs' sums instead of its 40,000 units."""
    names = [*PREDICATES, *(f"n_{status}" for status in STATUSES)]
    sql, params = _summed_sql(year, unit, branch_length, tree, names)
    if sql is None:
        sql, params = _units_sql(year, unit, branch_length, tree, names)
    result = {}
    with read_connection(UnitProgress).cursor() as cursor:
        cursor.execute(sql, params)
        for branch, *values in cursor.fetchall():
            progress = Progress()
            for name, value in zip(PREDICATES, values, strict=False):
                setattr(progress, name, int(value or 0))
            for status, value in zip(STATUSES, values[len(PREDICATES) :], strict=True):
                progress.statuses[status] = int(value or 0)
            result[branch or tree.own(unit)] = progress  # "": the whole subtree
    return result


def _units_sql(year: ProgramYear, unit: Unit, branch_length: int, tree: Tree, names):
    """`_flag_counts`'s statement over the rows of the subtree's units."""
    if tree.dated:
        # The unit's place on the day: its period valid then (exactly one per unit).
        table = connection.ops.quote_name(UnitPeriod._meta.db_table)
        low, high = path_range(tree.path or "")
        join = (
            f"{table} u ON u.unit_id = s.unit_id AND u.valid_from <= %s AND u.valid_to > %s "
            f"AND u.id_path >= %s AND u.id_path < %s"
        )
        column, join_params = "u.id_path", [tree.day, tree.day, low, high]
    else:
        table = connection.ops.quote_name(Unit._meta.db_table)
        low, high = path_range(unit.path)
        join = f"{table} u ON u.id = s.unit_id AND u.path >= %s AND u.path < %s"
        column, join_params = "u.path", [low, high]
    stored = connection.ops.quote_name(UnitProgress._meta.db_table)
    sql = (
        f"SELECT SUBSTR({column}, 1, %s) AS branch, {', '.join(f'SUM(s.{n})' for n in names)} "
        f"FROM {stored} s JOIN {join} WHERE s.year_id = %s GROUP BY 1"
    )
    return sql, [branch_length, *join_params, year.pk]


def _summed_sql(year: ProgramYear, unit: Unit, branch_length: int, tree: Tree, names):
    """`_flag_counts`'s statement over the subtree sums (SubtreeProgress) when they hold the
    tree read (org.subtree_sums: today's, or a day since which nothing in it began or ended;
    one query to know that of a past day), else (None, None). The whole subtree (a branch
    as long as the unit's own key) comes back as the branch ''."""
    from lamtheo.programs import counts  # it builds on this module's predicates

    if not tree.summed:
        return None, None
    own = tree.own(unit)
    whole = branch_length == len(own or "")
    sql, params = subtree_sums.by_branch_sql(
        counts.SUBTREES,
        read_connection(UnitProgress),
        unit,
        names,
        [f"SUM(r.{n})" for n in names],
        "s.year_id = %s",
        [year.pk],
        length=None if whole else branch_length,
        day=tree.day,
    )
    return sql, params


@dataclass
class Rollup:
    year: ProgramYear
    unit: Unit
    rows: list[Progress]  # laggards first
    total: Progress


def laggard_key(progress: Progress, year: ProgramYear):
    """Sort key putting the units furthest behind first, by the step the year is at."""
    if year.status == YearStatus.EVALUATING:
        rates = (progress.evaluated_rate, progress.self_assessed_rate, progress.registered_rate)
    else:
        rates = (progress.registered_rate, progress.approved_rate, progress.evaluated_rate)
    # Units with nobody in them go last.
    return (progress.people == 0, *[r if r is not None else 101 for r in rates])


def _people_by_branch(unit: Unit, branch_length: int, tree: Tree) -> dict[str, int]:
    """Current people (stored counts) per branch of the subtree; the unit's own people are
    under its own path. One query, as org.counts.counts_by_child. On a past day, the people
    there that day (`_people_by_branch_on`)."""
    if tree.dated:
        return _people_by_branch_on(unit, tree, branch_length)
    if branch_length == len(unit.path) + Unit.steplen:  # the children: their sums
        return org_counts.counts_by_branch(unit)
    rows = (
        Unit.objects.subtree_of(unit)
        .annotate(branch=Substr("path", 1, branch_length))
        .values("branch")
        .annotate(n=Sum(org_counts.TOTAL))
        .order_by()
    )
    return {row["branch"]: row["n"] or 0 for row in rows}


def _people_by_branch_on(unit: Unit, tree: Tree, branch_length: int) -> dict[str, int]:
    """People in the subtree on the tree's day per branch of their unit's id_path that day:
    on a counted year's last day, from their sums over the subtrees when these hold the
    tree (`Tree.summed`), else from the stored YearEndCount rows (one query either way);
    on another day, counted live (three queries): those still in the unit they were in then,
    and those who have moved on since, each joining its unit's one period valid that day
    (conditions in one filter(): one join)."""
    own = tree.own(unit)
    if tree.summed:
        whole = branch_length == len(own or "")
        stored = org_counts.summed_people_by_branch_on(
            unit, tree.day, None if whole else branch_length
        )
        if stored is not None and whole:
            stored = {own: stored.get("", 0)}
    else:
        stored = org_counts.people_by_branch_on(tree.day, tree.path, branch_length)
    if stored is not None:
        return stored
    found: dict[str, int] = defaultdict(int)
    day = tree.day
    low, high = path_range(tree.path or "")
    period = {
        "unit__periods__valid_from__lte": day,
        "unit__periods__valid_to__gt": day,
        "unit__periods__id_path__gte": low,
        "unit__periods__id_path__lt": high,
    }
    current = Person.objects.filter(history.current_on_q(day), **period)
    past = Membership.objects.filter(history.past_on_q(day), **period)
    for rows in (current, past):
        grouped = (
            rows.annotate(branch=Substr("unit__periods__id_path", 1, branch_length))
            .values("branch")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in grouped:
            found[row["branch"]] += row["n"]
    return found


def _children(unit: Unit, user, tree: Tree) -> list[Unit]:
    """The visible units right under `unit` in the tree read, each with `.branch`."""
    if tree.dated:
        # The units under it then, wherever they are now: the user's grants cover the unit
        # (checked by the caller), and its past is part of it.
        children = history.children_on(unit, tree.day)
        for child in children:
            child.branch = child.period_path
        return children
    children = list(
        Unit.objects.visible_to(user)
        .subtree_of(unit)
        .filter(depth=unit.depth + 1)
        .order_by("sort_key")
    )
    for child in children:
        child.branch = child.path
    return children


def progress_rollup(year: ProgramYear, unit: Unit, user) -> Rollup:
    """Progress per child unit of `unit` (and a row for the people directly in it, when
    any), laggards first, with the total. Three queries: the visible children, the stored
    people counts per branch, and the grouped commitments; for a past year, the tree of its
    last day (org.history): two more (the unit's place that day, the tree's last change),
    and two more when the people that day are counted live (`_people_by_branch_on`)."""
    _require_covers(user, unit)
    tree = tree_for(year, unit)
    branch_length = tree.branch_length(unit)
    people = _people_by_branch(unit, branch_length, tree)
    by_branch = _flag_counts(year, unit, branch_length, tree)
    rows = []
    for child in _children(unit, user, tree):
        progress = by_branch.get(child.branch) or Progress()
        progress.unit, progress.people = child, people.get(child.branch, 0)
        if history.open_on(child, tree.day) or progress.people or any(progress.statuses.values()):
            rows.append(progress)
    own = tree.own(unit)
    direct = by_branch.get(own) or Progress()
    direct.unit, direct.direct, direct.people = unit, True, people.get(own, 0)
    if direct.people or any(direct.statuses.values()):
        rows.append(direct)
    rows.sort(key=lambda p: (*laggard_key(p, year), p.unit.sort_key, p.direct))
    total = Progress(unit=unit)
    for row in rows:
        total.add(row)
    return Rollup(year=year, unit=unit, rows=rows, total=total)


def unit_progress(year: ProgramYear, unit: Unit, tree: Tree | None = None) -> Progress:
    """The totals of the whole subtree of `unit`: two queries (stored counts, commitments);
    for a past year, on the tree of its last day: four (five when the people that day are
    counted live, `_people_by_branch_on`)."""
    tree = tree or tree_for(year, unit)
    own = tree.own(unit)
    progress = _flag_counts(year, unit, len(own or ""), tree).get(own) or Progress()
    progress.unit = unit
    if tree.dated:
        progress.people = _people_by_branch_on(unit, tree, len(own or "")).get(own, 0)
    else:
        progress.people = org_counts.subtree_counts(unit)["total"]
    return progress


# -- the progress table ----------------------------------------------------------------------


@dataclass
class PersonProgress:
    person: Person
    commitments: list[dict]
    counting: int
    flags: set[str]


@dataclass
class ProgressTable:
    page: Page
    rows: list[PersonProgress]
    totals: Progress
    step: str


def counting_subquery(year: ProgramYear):
    return Coalesce(
        Subquery(
            Commitment.objects.filter(year=year, person=OuterRef("pk"), status__in=COUNTING)
            .order_by()
            .values("person")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def filter_step(people, year: ProgramYear, step: str):
    """Only the people at `step` (one of STEPS), by the same predicates as the counts."""

    def has(*statuses):
        return Exists(
            Commitment.objects.filter(year=year, person=OuterRef("pk"), status__in=statuses)
        )

    if step == "not_registered":
        return people.alias(n_counting=counting_subquery(year)).filter(
            n_counting__lt=year.min_commitments
        )
    if step == "evaluated":
        return people.alias(n_counting=counting_subquery(year)).filter(
            ~has(S.SUBMITTED, S.RETURNED, S.APPROVED, S.SELF_ASSESSED),
            n_counting__gte=year.min_commitments,
        )
    statuses = {
        "waiting": (S.SUBMITTED,),
        "returned": (S.RETURNED,),
        "not_self_assessed": (S.APPROVED,),
        "not_evaluated": (S.APPROVED, S.SELF_ASSESSED),
    }[step]
    return people.filter(has(*statuses))


def person_flags(commitments: list[dict], minimum: int) -> tuple[int, set[str]]:
    """(counting commitments, steps the person is at) from their commitments of the year."""
    by_status = defaultdict(int)
    for c in commitments:
        by_status[c["status"]] += 1
    counting = sum(by_status[s] for s in COUNTING)
    flags = set()
    if counting < minimum:
        flags.add("not_registered")
    if by_status[S.SUBMITTED]:
        flags.add("waiting")
    if by_status[S.RETURNED]:
        flags.add("returned")
    if by_status[S.APPROVED]:
        flags.add("not_self_assessed")
    if by_status[S.APPROVED] or by_status[S.SELF_ASSESSED]:
        flags.add("not_evaluated")
    if counting >= minimum and by_status[S.EVALUATED] == counting:
        flags.add("evaluated")
    return counting, flags


def page_commitments(year: ProgramYear, person_ids: list[int]) -> dict[int, list[dict]]:
    """The commitments of the year (not withdrawn) of the given people, in one query."""
    found: dict[int, list[dict]] = {pk: [] for pk in person_ids}
    rows = (
        Commitment.objects.filter(year=year, person_id__in=person_ids)
        .exclude(status=S.WITHDRAWN)
        .order_by("person_id", "created_at", "pk")
        .values(
            "pk",
            "person_id",
            "status",
            "content_area",
            "version",
            "outcome",
            "proposed_outcome",
            "evaluation_comment",
        )
    )
    for row in rows if person_ids else ():
        row["status_label"] = S(row["status"]).label
        found[row["person_id"]].append(row)
    return found


def progress_table(
    year: ProgramYear, unit: Unit, user, page=1, step: str | None = None
) -> ProgressTable:
    """One page (50) of the current people of the subtree in Vietnamese order, each with their
    commitments of the year and the steps they are at; `step` keeps only those at it.

    Four queries: the totals (stored people counts and the grouped commitments), the page of
    people, and their commitments. The paginator's count is the matching total, not a
    COUNT(*) over the subtree.
    """
    _require_covers(user, unit)
    tree = tree_for(year, unit)
    totals = unit_progress(year, unit, tree)
    if tree.dated:
        # A past year lists who was in the unit on its last day, wherever they are now: the
        # user's grants cover the unit (checked above), and its past is part of it.
        people = history.people_on(tree.path, tree.day)
    else:
        people = Person.objects.visible_to(user, "view").current().in_subtree(unit)
    known = totals.people
    if step in STEPS:
        people = filter_step(people, year, step)
        known = getattr(totals, step)
    else:
        step = ""
    ordered = people.select_related("unit").order_by("sort_key", "pk")
    page_obj = CountedPaginator(ordered, PAGE_SIZE, count=known).get_page(page)
    found = page_commitments(year, [p.pk for p in page_obj])
    rows = []
    for person in page_obj:
        counting, flags = person_flags(found[person.pk], year.min_commitments)
        rows.append(PersonProgress(person, found[person.pk], counting, flags))
    return ProgressTable(page=page_obj, rows=rows, totals=totals, step=step)


# -- years -----------------------------------------------------------------------------------


def years_for_unit(unit: Unit, user) -> list[ProgramYear]:
    """Programme years visible to the user whose programme covers `unit` (run by the unit or a
    committee above it), newest first."""
    return list(
        ProgramYear.objects.visible_to(user)
        .filter(program__unit__path__in=unit.ancestor_paths())
        .select_related("program__unit")
        .order_by("-year", "program__name", "pk")
    )


def default_year(years: list[ProgramYear]) -> ProgramYear | None:
    """The year a page opens on: an open one, else one under evaluation, else the newest."""
    for status in (YearStatus.OPEN, YearStatus.EVALUATING):
        for year in years:
            if year.status == status:
                return year
    return years[0] if years else None
