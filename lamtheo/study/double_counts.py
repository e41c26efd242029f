"""The movers' double counts per (year, population, person, unit), stored (DoubleCount).

A subtree's participation is a sum over its units' rows (lamtheo.study.unit_counts), which
counts a person with stays in two of its units in one period twice. Reading every mover of
the year with their stays and finding the doubles in Python cost most of a large subtree's
dashboard (10,000 movers at the root of a 1M tree: BENCHMARKS.md). The doubles decompose
over the tree: sort the person's units counted in a period in the tree's order (paths),
u1 … uk; the units of a subtree S are one run of that order, so |units in S| − 1 is the
number of neighbouring pairs (u(i−1), u(i)) whose lowest common ancestor lies in S (a pair
with one unit outside S has its ancestor outside S too). Each pair is stored at its
ancestor with the person's contributions, and a subtree's correction is a sum over its
units' rows, grouped per branch as the figures are.

Which units count depends on the tree a period reads. Today's tree has every unit with a
path, closed ones included; an ended period reads the tree of its last day, which, when
nothing began or ended since (`history.last_change`), is the units with a running period in
today's places. A person with a stay in a closed unit gets rows for each (DoubleTree.TODAY,
DoubleTree.OPEN), everyone else one set (DoubleTree.BOTH). A day with a later change is
counted live (unit_counts.Movers). Only the structure matters, not the order the paths
give: a person's rows hold for any order of the same tree.

Kept in the writing transaction for the years in CountedYear: per person whenever their
stays, status or months change (unit_counts.refresh_people and on_people_changed) and for
the people of the units whose place in the tree changed (org.history.tree_changed);
written again by unit_counts.rebuild.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import router
from django.db.models import Q, Sum

from lamtheo.core.tree import STEPLEN
from lamtheo.org import subtree_sums
from lamtheo.org.models import OPEN_END, Membership, Unit, UnitPeriod
from lamtheo.study.models import (
    PARTICIPATION_TOTALS,
    PERIODS,
    DoubleCount,
    DoubleTree,
    period_column,
)
from lamtheo.study.rates import year_bounds
from lamtheo.study.unit_counts import (
    DOUBLE_SUMS,
    flags,
    marks,
    months_of,
    movers,
    periods,
    stays_of,
)

TOTALS = PARTICIPATION_TOTALS
COLUMNS = [period_column(name, period) for period in PERIODS for name in TOTALS]
# Above this many units the paths and running periods of every unit are read at once.
ALL_UNITS = 2000
PERSON_BATCH = 2000


def _ancestor(a: str, b: str) -> str:
    """The path of the lowest common ancestor of two units ('' in two different trees)."""
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return a[: common - common % STEPLEN]


def _paths(units: set[int], using: str) -> dict[int, str]:
    rows = Unit.objects.using(using).order_by()
    if len(units) <= ALL_UNITS:
        rows = rows.filter(pk__in=units)
    return dict(rows.values_list("pk", "path"))


def _running(units: set[int], using: str) -> set[int]:
    rows = UnitPeriod.objects.using(using).filter(valid_to=OPEN_END).order_by()
    if len(units) <= ALL_UNITS:
        rows = rows.filter(unit_id__in=units)
    return set(rows.values_list("unit_id", flat=True))


def _pairs(held: dict[int, int], ordered: list[int], paths: dict[int, str]) -> dict[str, list]:
    """{ancestor's path: [neighbouring pairs per period]} of the units `ordered` (in path
    order), each counted in the periods of its bits in `held`."""
    found: dict[str, list[int]] = defaultdict(lambda: [0] * len(PERIODS))
    for period in PERIODS:
        bit, last = 1 << period, None
        for unit in ordered:
            if held[unit] & bit:
                if last is not None and (top := _ancestor(paths[last], paths[unit])):
                    found[top][period] += 1
                last = unit
    return found


def count(year: int, stays: list[tuple], *, using: str | None = None) -> dict:
    """{(person, unit, members, tree): (COLUMNS)} of the people of `stays` (all of each
    one's stays, as unit_counts.stays_of gives them). At most four queries."""
    using = using or router.db_for_read(DoubleCount)
    held_by: dict[int, dict[bool, dict[int, int]]] = defaultdict(lambda: {False: {}, True: {}})
    for person, unit, spans, member in marks(stays, year):
        for members, bits in ((False, spans), (True, spans & member)):
            if bits:
                held = held_by[person][members]
                held[unit] = held.get(unit, 0) | bits
    held_by = {p: h for p, h in held_by.items() if len(h[False]) > 1}
    if not held_by:
        return {}
    units = {u for h in held_by.values() for u in h[False]}
    paths, running = _paths(units, using), _running(units, using)
    months = months_of(year, list(held_by), using)
    masks = [mask for _m, _s, _e, mask in periods(year)]
    pending: dict[tuple, list[int]] = {}
    for person, by_population in held_by.items():
        contribution = [flags(months.get(person, (0, 0)), m) for m in masks]
        for members, held in by_population.items():
            ordered = sorted(held, key=paths.__getitem__)
            trees = {DoubleTree.BOTH: ordered}
            if any(unit not in running for unit in ordered):
                trees = {
                    DoubleTree.TODAY: ordered,
                    DoubleTree.OPEN: [u for u in ordered if u in running],
                }
            for tree, units_ in trees.items():
                for top, pairs in _pairs(held, units_, paths).items():
                    values = [pairs[p] * c for p in PERIODS for c in contribution[p]]
                    pending[(person, top, members, int(tree))] = values
    tops = {key[1] for key in pending}
    ids = dict(Unit.objects.using(using).filter(path__in=tops).values_list("path", "pk"))
    return {
        (person, ids[top], members, tree): tuple(values)
        for (person, top, members, tree), values in pending.items()
    }


def stored(year: int, person_ids: Iterable[int] | None = None) -> dict:
    """{(person, unit, members, tree): (COLUMNS)} of the stored rows, as `count` gives them."""
    rows = DoubleCount.objects.filter(year=year)
    if person_ids is not None:
        rows = rows.filter(person_id__in=list(person_ids))
    return {
        (person, unit, members, tree): tuple(values)
        for person, unit, members, tree, *values in rows.values_list(
            "person_id", "unit_id", "members", "tree", *COLUMNS
        )
    }


def live(year: int) -> dict:
    """`count` for every mover of the year, from the facts (tests, repairs)."""
    return count(year, stays_of(person_ids=movers(year)))


def _rows(year: int, found: dict) -> list[DoubleCount]:
    return [
        DoubleCount(
            person_id=person,
            unit_id=unit,
            year=year,
            members=members,
            tree=tree,
            **dict(zip(COLUMNS, values, strict=True)),
        )
        for (person, unit, members, tree), values in sorted(found.items())
    ]


def _per_unit(year: int, found: dict) -> dict[tuple, list[int]]:
    """{(unit, year, members, tree): [COLUMNS]} of `count`'s rows, the people summed."""
    summed: dict[tuple, list[int]] = {}
    for (_person, unit, members, tree), values in found.items():
        row = summed.setdefault((unit, year, members, tree), [0] * len(COLUMNS))
        for i, value in enumerate(values):
            row[i] += value
    return summed


def write(year: int, person_ids: Iterable[int], stays: list[tuple], *, using: str) -> None:
    """Replace the rows of the year of the people with those counted from `stays` (all of
    each one's stays; people without a second stay get none), and move the subtree sums
    (DOUBLE_SUMS) by the difference, in the caller's transaction."""
    ids = sorted(set(person_ids))
    before: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(COLUMNS))
    for i in range(0, len(ids), PERSON_BATCH):
        rows = DoubleCount.objects.using(using).filter(
            year=year, person_id__in=ids[i : i + PERSON_BATCH]
        )
        for unit, members, tree, *values in (
            rows.values_list("unit_id", "members", "tree")
            .annotate(**{c: Sum(c) for c in COLUMNS})
            .order_by()
        ):
            row = before[(unit, year, members, tree)]
            for j, value in enumerate(values):
                row[j] += value
        rows.delete()
    found = count(year, stays, using=using)
    DoubleCount.objects.using(using).bulk_create(_rows(year, found), batch_size=500)
    changes = subtree_sums.delta(before, _per_unit(year, found))
    subtree_sums.add(DOUBLE_SUMS, changes, using=using)


def refresh_people(person_ids: Iterable[int], years: Iterable[int], *, using: str) -> None:
    """Count the people's rows of the years again from their stays."""
    ids = sorted(set(person_ids))
    for i in range(0, len(ids), PERSON_BATCH):
        batch = ids[i : i + PERSON_BATCH]
        stays = stays_of(person_ids=batch, using=using)
        for year in years:
            write(year, batch, stays, using=using)


def people_of(unit_ids: list[int], years: Iterable[int], *, using: str) -> set[int]:
    """The people whose rows may change when something about these units changes: those in
    them now or in the past with a past period overlapping one of the years (nobody else
    has two stays in them). One query."""
    years = sorted(years)
    if not years:
        return set()
    first = year_bounds(years[0])[0]
    inside = Q(unit_id__in=unit_ids) | Q(person__unit_id__in=unit_ids)
    return set(
        Membership.objects.using(using)
        .filter(inside, ended_on__gt=first)
        .values_list("person_id", flat=True)
    )


def rebuild(years: Iterable[int], *, using: str | None = None) -> int:
    """Write the rows of the years again from the facts. Returns how many were written.
    Their subtree sums are the caller's (unit_counts.rebuild): study 0011 runs this before
    the sums' table exists."""
    using = using or router.db_for_write(DoubleCount)
    written = 0
    for year in sorted(years):
        DoubleCount.objects.using(using).filter(year=year).delete()
        stays = stays_of(person_ids=movers(year, using=using), using=using)
        rows = _rows(year, count(year, stays, using=using))
        DoubleCount.objects.using(using).bulk_create(rows, batch_size=500)
        written += len(rows)
    return written
