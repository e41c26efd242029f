"""The tree as it stood on a day: dated periods of each unit's place (UnitPeriod).

Today's pages read today's tree (treebeard paths, stored counts): nothing here slows them.
Figures for a period that has ended read the tree as it stood on that period's reference day
(`reference_day`): a committee's 2023 figures take the cells under it on 31/12/2023, even if
they moved, merged or closed since, and leave out cells that joined later.

Writing: every change to the tree goes through org.services, which calls `reshape` (a move, a
rename, a merger's children), `end` (a closure) or `reopen` on the change's effective day;
a new unit gets its first period from a post_save hook (`on_unit_saved`); bulk writers (the
units import, the benchmark) call `fill_missing`. Periods of one unit never overlap: each
change ends the running period on its effective day and opens the next one that day.

Reading: `subtree_ids(path, day)` is the units under a unit on a day, as a subquery on the
periods valid that day whose id_path lies in one range (an index range, as for treebeard
paths). Facts keep the unit they happened in (attendance, invitations, commitments,
evaluations, adoptions, campaign entries), so a fact belongs to a subtree on a day when its
unit is in `subtree_ids` that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.core.text import collation_key
from lamtheo.core.tree import ancestor_paths, path_range, subtree_q
from lamtheo.org.models import DAY_ZERO, OPEN_END, Membership, Person, Unit, UnitPeriod

# Digits per unit id in UnitPeriod.id_path: 255 characters hold 25 levels.
ID_STEP = 10

# Sent inside the writing transaction with `unit_ids`: the units whose place in the tree
# (their ancestors) changed, or that closed or opened again; and `moved_from`: {unit id: the
# id of the unit that was its parent (None: it was a root)} for those whose parent changed,
# {} when none did, None when that is not known. The apps above that keep figures
# depending on where units stand (lamtheo.study.double_counts,
# lamtheo.exemplars.subtree_counts) listen here.
tree_changed = Signal()
# Sent by `reshape` inside the writing transaction with `unit_ids`: units whose kind changed
# (an edit, an import, a move across the grassroots line). lamtheo.programs.standing listens.
kinds_changed = Signal()


def changed(unit_ids: Iterable[int], moved_from: dict[int, int | None] | None = None) -> None:
    ids = sorted(set(unit_ids))
    if ids:
        tree_changed.send(sender=Unit, unit_ids=ids, moved_from=moved_from)


def _parent_id(id_path: str) -> int | None:
    return int(id_path[-2 * ID_STEP : -ID_STEP]) if len(id_path) > ID_STEP else None


def step(pk: int) -> str:
    return f"{pk:0{ID_STEP}d}"


# -- writing -----------------------------------------------------------------------------------


def _shapes(units: list[Unit]) -> dict[int, dict]:
    """{unit id: the fields of a period with the unit's current place}, in one query."""
    wanted = {p for u in units for p in ancestor_paths(u.path)}
    ids = dict(Unit.objects.filter(path__in=wanted).values_list("path", "pk"))
    shapes = {}
    for unit in units:
        chain = [ids[p] for p in ancestor_paths(unit.path)]
        shapes[unit.pk] = {
            "id_path": "".join(step(pk) for pk in chain),
            "depth": len(chain),
            "parent_id": chain[-2] if len(chain) > 1 else None,
            "name": unit.name,
            "kind": unit.kind,
            "place": unit.place,
        }
    return shapes


def fill_missing(unit_ids: Iterable[int] | None = None) -> int:
    """Give every unit without any period one from its opening (or always) to its closing (or
    never) with its current place. Returns how many were written."""
    units = Unit.objects.exclude(pk__in=UnitPeriod.objects.values("unit_id"))
    if unit_ids is not None:
        units = units.filter(pk__in=list(unit_ids))
    units = list(units.only("pk", "path", "name", "kind", "place", "opened_on", "closed_on"))
    shapes = _shapes(units)
    periods = []
    for unit in units:
        start = unit.opened_on or DAY_ZERO
        end = unit.closed_on or OPEN_END
        if end <= start:  # closed the day it opened: never in any day's tree
            continue
        periods.append(UnitPeriod(unit=unit, valid_from=start, valid_to=end, **shapes[unit.pk]))
    UnitPeriod.objects.bulk_create(periods, batch_size=1000)
    return len(periods)


def on_unit_saved(sender, instance: Unit, created: bool, raw: bool = False, **kwargs) -> None:
    """A unit added through treebeard (add_root, add_child) gets its first period."""
    if created and not raw:
        fill_missing([instance.pk])


def _too_early(period: UnitPeriod, on: dt.date) -> ValidationError:
    return ValidationError(
        _(
            "“%(name)s” already has a change effective on %(day)s: this change cannot take "
            "effect before it."
        )
        % {"name": period.name, "day": period.valid_from.strftime("%d/%m/%Y")}
    )


def reshape(roots: Unit | list[Unit], on: dt.date) -> None:
    """After a change to `roots` (moved, renamed, a new place of issue, given new children by
    a merger), each of their current subtrees takes its new place from `on`: a running period
    that differs ends on `on` and the next one starts. Closed units moved along keep their
    ended history. At most six queries."""
    roots = [roots] if isinstance(roots, Unit) else roots
    if not roots:
        return
    units = list(
        Unit.objects.filter(subtree_q([r.path for r in roots])).only(
            "pk", "path", "name", "kind", "place"
        )
    )
    shapes = _shapes(units)
    running = {
        p.unit_id: p
        for p in UnitPeriod.objects.filter(unit_id__in=shapes, valid_to=OPEN_END).order_by()
    }
    ended, started, replaced, relabelled = [], [], [], []
    # Closed units moved along have no running period: their place changed all the same.
    placed = [pk for pk in shapes if pk not in running]
    moved_from: dict[int, int | None] | None = {}
    for unit_id, period in running.items():
        shape = shapes[unit_id]
        if all(getattr(period, k) == v for k, v in shape.items()):
            continue
        if period.kind != shape["kind"]:
            relabelled.append(unit_id)
        if period.id_path != shape["id_path"]:
            placed.append(unit_id)
            parent = _parent_id(period.id_path)
            if parent != _parent_id(shape["id_path"]):
                moved_from[unit_id] = parent
        if period.valid_from > on:
            raise _too_early(period, on)
        if period.valid_from == on:
            replaced.append(period.pk)
        else:
            ended.append(period.pk)
        started.append(UnitPeriod(unit_id=unit_id, valid_from=on, **shape))
    UnitPeriod.objects.filter(pk__in=ended).update(valid_to=on)
    UnitPeriod.objects.filter(pk__in=replaced).delete()
    UnitPeriod.objects.bulk_create(started, batch_size=1000)
    # A closed unit has no running period to say where it was: it moved along when its
    # parent moved, otherwise where it came from is not known here.
    moving = set(placed)
    for pk in placed:
        if pk not in running and _parent_id(shapes[pk]["id_path"]) not in moving:
            moved_from = None
    changed(placed, moved_from)
    if relabelled:
        kinds_changed.send(sender=Unit, unit_ids=sorted(relabelled))


def end(unit: Unit, on: dt.date) -> None:
    """The unit leaves the tree on `on` (closed, merged): its running period ends."""
    period = UnitPeriod.objects.filter(unit=unit, valid_to=OPEN_END).first()
    if period is None:
        return
    if period.valid_from > on:
        raise _too_early(period, on)
    if period.valid_from == on:
        period.delete()
    else:
        period.valid_to = on
        period.save(update_fields=["valid_to"])
    changed([unit.pk], moved_from={})


def reopen(unit: Unit, on: dt.date) -> None:
    """A closed unit comes back on `on`, where it stands in today's tree."""
    last = UnitPeriod.objects.filter(unit=unit).order_by("-valid_to").first()
    if last is not None and last.valid_to > on:
        raise _too_early(last, on)
    UnitPeriod.objects.create(unit=unit, valid_from=on, **_shapes([unit])[unit.pk])
    changed([unit.pk], moved_from={})


# -- reading -----------------------------------------------------------------------------------


def reference_day(unit: Unit, end: dt.date, today: dt.date | None = None) -> dt.date | None:
    """The day whose tree the figures of `unit` for a period ending on `end` read: the last
    day of the period, or the unit's last day if it closed before; None while the period
    runs, for today's tree."""
    today = today or timezone.localdate()
    if end >= today:
        return None
    if unit.closed_on and unit.closed_on <= end:
        return unit.closed_on - dt.timedelta(days=1)
    return end


def last_change() -> dt.date | None:
    """The last day on which a unit's period began or ended (None without periods): the tree
    of any day from then on is the units with a running period, in today's places. One
    query, two index ends."""
    began = UnitPeriod.objects.order_by("-valid_from").values("valid_from")[:1]
    ended = (
        UnitPeriod.objects.filter(valid_to__lt=OPEN_END).order_by("-valid_to").values("valid_to")
    )
    found = (
        UnitPeriod.objects.annotate(began=Subquery(began), ended=Subquery(ended[:1]))
        .values_list("began", "ended")
        .first()
    )
    days = [day for day in found or () if day is not None]
    return max(days) if days else None


def open_on(unit: Unit, day: dt.date | None) -> bool:
    """Whether the unit was open on the day (today when None)."""
    if day is None:
        return unit.is_active
    return unit.closed_on is None or unit.closed_on > day


def valid_on(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day, f"{prefix}valid_to__gt": day})


def periods_on(day: dt.date) -> QuerySet[UnitPeriod]:
    return UnitPeriod.objects.filter(valid_on(day))


def id_path_on(unit: Unit, day: dt.date) -> str | None:
    """The unit's id_path on the day, or None if it was not in the tree that day. One query."""
    return periods_on(day).filter(unit=unit).values_list("id_path", flat=True).first()


def period_field(field: str, unit_ref: str, day_ref: str) -> Subquery:
    """For a row with a unit (OuterRef `unit_ref`) and a day (OuterRef `day_ref`): the unit's
    `field` (name, kind, place) in its period valid that day, None if it was not in the tree
    then. An annotation, so a page that names a unit as on a past day spends no query on it."""
    return Subquery(
        UnitPeriod.objects.filter(
            unit_id=OuterRef(unit_ref),
            valid_from__lte=OuterRef(day_ref),
            valid_to__gt=OuterRef(day_ref),
        ).values(field)[:1]
    )


def subtree_periods(id_path: str | None, day: dt.date) -> QuerySet[UnitPeriod]:
    """The periods, valid on the day, of the units under the unit whose id_path is given."""
    if id_path is None:
        return UnitPeriod.objects.none()
    low, high = path_range(id_path)
    return periods_on(day).filter(id_path__gte=low, id_path__lt=high)


def subtree_ids(id_path: str | None, day: dt.date):
    """A subquery of the ids of the units under that unit on the day."""
    return subtree_periods(id_path, day).values("unit_id")


def subtree_ids_of(unit: Unit, day: dt.date):
    """`subtree_ids` without reading the unit's id_path first: the range comes from a
    subquery (a LIKE on the periods valid that day, a few thousand rows at most), so a
    function that must keep its query count can use it."""
    own = periods_on(day).filter(unit=unit).values("id_path")[:1]
    return periods_on(day).filter(id_path__startswith=Subquery(own)).values("unit_id")


def branch_of(day: dt.date, length: int, unit_ref: str = "unit_id") -> Subquery:
    """For OuterRef(unit_ref): the first `length` characters of its id_path on the day (the
    branch under a parent whose id_path is `length - ID_STEP` long)."""
    return Subquery(
        periods_on(day)
        .filter(unit_id=OuterRef(unit_ref))
        .annotate(branch=Substr("id_path", 1, length))
        .values("branch")[:1]
    )


def children_on(unit: Unit, day: dt.date, units=None) -> list[Unit]:
    """The units right under `unit` on the day, with the name they had then, in name order;
    each carries `.period_path` (its id_path that day). `units` keeps only those in a
    queryset of units (the visible ones). One query."""
    periods = periods_on(day).filter(parent=unit).select_related("unit")
    if units is not None:
        periods = periods.filter(unit__in=units)
    children = []
    for period in periods:
        child = period.unit
        child.name, child.kind, child.period_path = period.name, period.kind, period.id_path
        children.append(child)
    children.sort(key=lambda u: (collation_key(u.name), u.pk))
    return children


def current_on_q(day: dt.date, prefix: str = "") -> Q:
    """People whose current unit was already theirs on the day and who had not left before
    it (the day someone leaves still counts, as in study rates)."""
    return (Q(**{f"{prefix}unit_since__isnull": True}) | Q(**{f"{prefix}unit_since__lte": day})) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gte": day})
    )


def past_on_q(day: dt.date) -> Q:
    """Past memberships spanning the day (they end on the first day in the next unit)."""
    return (Q(started_on__isnull=True) | Q(started_on__lte=day)) & Q(ended_on__gt=day)


def people_on_q(id_path: str | None, day: dt.date, prefix: str = "") -> Q:
    """People who were in a unit under that unit on the day: their current unit since then,
    or a past membership spanning it."""
    ids = subtree_ids(id_path, day)
    current = Q(**{f"{prefix}unit_id__in": ids}) & current_on_q(day, prefix)
    past = Membership.objects.filter(past_on_q(day), unit_id__in=ids).values("person_id")
    return current | Q(**{f"{prefix}pk__in": past})


def people_on(id_path: str | None, day: dt.date) -> QuerySet[Person]:
    return Person.objects.filter(people_on_q(id_path, day))


def units_q(unit: Unit, end: dt.date, prefix: str = "") -> Q:
    """Facts of units under `unit` for a period ending on `end`: today's subtree while the
    period runs; once it has ended, the subtree of its reference day, so that later moves and
    mergers do not change a past period's figures. `prefix` leads to the fact's `unit`."""
    day = reference_day(unit, end)
    if day is not None:
        return Q(**{f"{prefix}unit_id__in": subtree_ids_of(unit, day)})
    low, high = path_range(unit.path)
    return Q(**{f"{prefix}unit__path__gte": low, f"{prefix}unit__path__lt": high})


def ancestor_ids_on(unit: Unit, day: dt.date | None) -> list[int]:
    """The ids of the unit and the units above it on the day (today's tree when None), root
    first. One query."""
    if day is None:
        return list(
            Unit.objects.filter(path__in=ancestor_paths(unit.path))
            .order_by("depth")
            .values_list("pk", flat=True)
        )
    id_path = id_path_on(unit, day) or ""
    return [int(id_path[i : i + ID_STEP]) for i in range(0, len(id_path), ID_STEP)]
