"""Stored people counts per unit, and subtree totals read from them.

Counting the people of a large subtree live costs 60–90 ms at 100k people and ten times that
at 1M (PERF-FLOOR a, b); summing four integers over the subtree's units costs a few ms. Every
write that changes who is currently in a unit calls `refresh_unit_counts` for the units it
touched, inside the same transaction, so the counts never disagree with the people; it locks
those units' rows first, so that concurrent changes to one unit count each other's people.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.dispatch import Signal

from lamtheo.core import counter_rows
from lamtheo.core.replica import read_connection
from lamtheo.core.tree import path_range, subtree_q
from lamtheo.org import history, subtree_sums
from lamtheo.org.models import (
    CountedYearEnd,
    Membership,
    PartyStatus,
    Person,
    SubtreePeople,
    SubtreeYearEndCount,
    Unit,
    UnitPeriod,
    YearEndCount,
)

BATCH = 1000
# Sent by `refresh_unit_counts` inside the writing transaction, with `unit_ids` (None: every
# unit): who is in these units, or their dates or statuses, may have changed. Every write that
# changes people (the services, the importer's COPY and UPDATEs) goes through it, so the apps
# above that keep figures per unit of their people (lamtheo.study.unit_counts) listen here.
people_changed = Signal()
COUNT_FIELDS = {status.value: f"{status.value}_count" for status in PartyStatus}
# All current people directly in a unit.
TOTAL = F("official_count") + F("probationary_count") + F("elite_mass_count") + F("mass_count")
# The units' counts summed over each subtree of today's tree (SubtreePeople).
SUBTREES = subtree_sums.Kept(Unit, SubtreePeople, (), tuple(COUNT_FIELDS.values()), "id")
# The people on a counted year's last day summed over each subtree (SubtreeYearEndCount).
YEAR_ENDS = subtree_sums.Kept(YearEndCount, SubtreeYearEndCount, ("year",), ("people",))


# What `moved_on` of refresh_unit_counts says when nobody's unit or dates changed (a status).
NOBODY_MOVED = dt.date.max


@transaction.atomic
def refresh_unit_counts(
    unit_ids: Iterable[int] | None = None, *, moved_on: dt.date | None = None
) -> None:
    """Recount the current people of the given units (all units when None), and their people
    on the last day of every counted year from `moved_on`'s on (every counted year when None:
    the day from which who was in them changed is not known; NOBODY_MOVED: none).

    One grouped query over their people, then UPDATEs for the units whose counts changed.
    Correlated subqueries per unit cost ~1 s for 4k units at 100k people.
    """
    if unit_ids is None:
        ids = list(Unit.objects.values_list("pk", flat=True))
    else:
        ids = sorted({pk for pk in unit_ids if pk is not None})
    fields = list(COUNT_FIELDS.values())
    wanted = set(ids)
    fresh = {pk: dict.fromkeys(fields, 0) for pk in ids}
    people = Person.objects.filter(left_on__isnull=True)
    units = Unit.objects.all()
    if len(ids) <= BATCH:
        # A few units (a form, a transfer): read only theirs. Many (an import): one pass over
        # all people is cheaper than thousands of ids in IN lists.
        people = people.filter(unit_id__in=ids)
        units = units.filter(pk__in=ids)
    _lock(units)
    rows = people.values_list("unit_id", "party_status").annotate(n=Count("pk")).order_by()
    for unit_id, status, n in rows:
        if unit_id in wanted:
            fresh[unit_id][COUNT_FIELDS[status]] = n
    updates, changes = [], {}
    for pk, *stored in units.values_list("pk", *fields):
        if pk in wanted and (new := [fresh[pk][f] for f in fields]) != stored:
            updates.append([*new, pk])
            changes[(pk,)] = [a - b for a, b in zip(new, stored, strict=True)]
    # One UPDATE … FROM a VALUES list per thousand units; SQLite (3.33+) and PostgreSQL agree.
    quote = connection.ops.quote_name
    table = quote(Unit._meta.db_table)
    assignments = ", ".join(f"{quote(f)} = v.{quote(f)}" for f in fields)
    columns = ", ".join(quote(f) for f in fields)
    with connection.cursor() as cursor:
        for batch in _chunks(updates, BATCH):
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"WITH v ({columns}, unit_id) AS (VALUES {values}) "
                f"UPDATE {table} SET {assignments} FROM v WHERE {table}.id = v.unit_id",
                [value for row in batch for value in row],
            )
    if unit_ids is None:
        subtree_sums.rebuild(SUBTREES)
    else:
        subtree_sums.add(SUBTREES, changes)
    _refresh_year_ends(None if unit_ids is None else ids, moved_on)
    people_changed.send(sender=Unit, unit_ids=None if unit_ids is None else ids)


def _lock(units) -> None:
    """Lock the unit rows before counting their people. Under READ COMMITTED a count does not
    see the person another open transaction is adding, so two people added to one unit at
    once were each counted alone and the stored count came out one short. Holding the unit's
    row, the second transaction counts after the first has committed, and sees both.

    NO KEY UPDATE, not UPDATE: adding a person holds KEY SHARE on its unit (the foreign key),
    which UPDATE would wait for, so two such transactions would deadlock. By id, so that two
    transfers between the same units lock them in the same order. SQLite has one writer at a
    time and ignores the lock."""
    list(units.select_for_update(no_key=True).order_by("pk").values_list("pk", flat=True))


def _chunks(values: list, size: int):
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _sums(prefix: str = "") -> dict:
    return {status: Sum(f"{prefix}{field}") for status, field in COUNT_FIELDS.items()}


def _with_total(row: dict) -> dict:
    counts = {status: row.get(status) or 0 for status in COUNT_FIELDS}
    counts["total"] = sum(counts.values())
    return counts


def subtree_counts(unit: Unit) -> dict:
    """{"official": n, …, "total": n} for the current people of the unit's whole subtree:
    its sums (SubtreePeople, at most 16 rows)."""
    return _with_total(SubtreePeople.objects.filter(unit=unit).aggregate(**_sums()))


def counts_by_root(paths: list[str]) -> dict[str, int]:
    """Total current people under each of several subtree roots, in one query."""
    if not paths:
        return {}
    aggregates = {
        f"n{i}": Coalesce(Sum(TOTAL, filter=subtree_q([path])), Value(0))
        for i, path in enumerate(paths)
    }
    result = Unit.objects.filter(subtree_q(paths)).aggregate(**aggregates)
    return {path: result[f"n{i}"] for i, path in enumerate(paths)}


def counts_by_child(parent: Unit) -> dict[str, int]:
    """Total current people under each child of `parent`: {child path: n}, in one query over
    the children's sums (SubtreePeople)."""
    rows = (
        SubtreePeople.objects.filter(unit__depth=parent.depth + 1)
        .filter(subtree_q([parent.path], prefix="unit__path"))
        .values("unit__path")
        .annotate(n=Sum(sum((F(f) for f in COUNT_FIELDS.values()), Value(0))))
        .order_by()
    )
    return {row["unit__path"]: row["n"] or 0 for row in rows}


def counts_by_branch(unit: Unit) -> dict[str, int]:
    """Total current people per branch of `unit`'s subtree in today's tree: each child's
    path, and the unit's own path for its own people. One query over the sums."""
    connection = read_connection(SubtreePeople)
    total = " + ".join(f"r.{connection.ops.quote_name(f)}" for f in COUNT_FIELDS.values())
    sql, params = subtree_sums.by_branch_sql(
        SUBTREES,
        connection,
        unit,
        SUBTREES.values,
        [f"SUM({total})"],
        "1 = 1",
        [],
        length=len(unit.path) + Unit.steplen,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {branch: int(n or 0) for branch, n in cursor.fetchall()}


def on_tree_changed(sender, unit_ids, moved_from=None, **kwargs) -> None:
    """history: units moved; the subtrees above their old and new places sum others."""
    subtree_sums.on_moved(SUBTREES, moved_from)
    subtree_sums.on_moved(YEAR_ENDS, moved_from)


def status_totals(units) -> dict:
    """Per-status and total current people over a queryset of units."""
    return _with_total(units.aggregate(**_sums()))


def live_counts(people) -> dict:
    """The same shape as subtree_counts, counted from a people queryset (for partial scopes)."""
    aggregates = {status: Count("pk", filter=Q(party_status=status)) for status in COUNT_FIELDS}
    return _with_total(people.aggregate(**aggregates))


# -- people on the last day of a year (YearEndCount) -----------------------------------------


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _people_on(day: dt.date, unit_ids: list[int] | None = None) -> dict[int, int]:
    """{unit id: people in it on the day} (history.people_on's definition). Two queries."""
    current = Person.objects.filter(history.current_on_q(day))
    past = Membership.objects.filter(history.past_on_q(day))
    if unit_ids is not None:
        current, past = current.filter(unit_id__in=unit_ids), past.filter(unit_id__in=unit_ids)
    found: dict[int, int] = defaultdict(int)
    for rows in (current, past):
        for unit_id, n in rows.values_list("unit_id").annotate(n=Count("pk")).order_by():
            found[unit_id] += n
    return found


@transaction.atomic
def count_year_ends(years: Iterable[int]) -> int:
    """Write every unit's people on the last day of each year again, and keep them from now
    on. For bulk loads and repairs (`rebuild_aggregates`): run it while nothing else writes
    people; one pass over the people and the memberships per year. Returns the number of rows
    written."""
    years = sorted(set(years))
    YearEndCount.objects.filter(year__in=years).delete()
    CountedYearEnd.objects.bulk_create(
        [CountedYearEnd(year=year) for year in years], ignore_conflicts=True
    )
    return _write_year_ends(years)


def _write_year_ends(years: list[int]) -> int:
    rows = [
        YearEndCount(year=year, unit_id=unit_id, people=n)
        for year in years
        for unit_id, n in _people_on(year_end(year)).items()
        if n
    ]
    YearEndCount.objects.bulk_create(rows, batch_size=2000)
    for year in years:
        subtree_sums.rebuild(YEAR_ENDS, year=year)
    return len(rows)


@transaction.atomic
def start_counting_year_end(year: int) -> None:
    """Count the year's last day from now on, unless it already is (a new programme year).
    The year's mark is made first: a second transaction doing the same waits on it, then finds
    it, so the rows are written once."""
    _mark, created = CountedYearEnd.objects.get_or_create(year=year)
    if created:
        _write_year_ends([year])


def _refresh_year_ends(unit_ids: list[int] | None, moved_on: dt.date | None) -> None:
    years = CountedYearEnd.objects.order_by("year").values_list("year", flat=True)
    if moved_on is not None:
        if moved_on == NOBODY_MOVED:
            return
        years = years.filter(year__gte=moved_on.year)
    years = list(years)
    if not years:
        return
    if unit_ids is None:
        count_year_ends(years)
        return
    for year in years:
        day = year_end(year)
        counter_rows.refresh(
            YearEndCount,
            "year",
            year,
            unit_ids,
            ["people"],
            lambda batch, day=day: {u: {"people": n} for u, n in _people_on(day, batch).items()},
            changed=lambda moved: subtree_sums.add(YEAR_ENDS, moved),
        )


def summed_people_by_branch_on(unit: Unit, day: dt.date, length: int | None):
    """The same as `people_by_branch_on` from the subtree sums (SubtreeYearEndCount), for a
    day whose tree they hold (subtree_sums.summed_on): at most 16 rows per branch, one
    statement. `length` None: the whole subtree, as the branch ''. None when the day is not
    the last day of a counted year."""
    if (day.month, day.day) != (12, 31):
        return None
    db = read_connection(SubtreeYearEndCount)
    sql, params = subtree_sums.by_branch_sql(
        YEAR_ENDS,
        db,
        unit,
        YEAR_ENDS.values,
        ["SUM(r.people)"],
        "s.year = %s",
        [day.year],
        length=length,
        day=day,
    )
    return _counted(db, sql, params, day.year)


def _counted(db, sql: str, params: list, year: int) -> dict[str, int] | None:
    """Run `sql` (branch, people) with the year's mark added as a row (NULL, NULL): no mark,
    the year is not counted (None)."""
    counted = db.ops.quote_name(CountedYearEnd._meta.db_table)
    with db.cursor() as cursor:
        cursor.execute(
            f"{sql} UNION ALL SELECT NULL, NULL FROM {counted} WHERE year = %s", [*params, year]
        )
        rows = cursor.fetchall()
    if not any(branch is None for branch, _n in rows):
        return None
    return {branch: int(n or 0) for branch, n in rows if branch is not None}


def people_by_branch_on(day: dt.date, id_path: str | None, branch_length: int):
    """{branch of the id_path on the day: people there that day} for the subtree of the unit
    whose id_path is given, summed from YearEndCount in one statement; None when the day is not
    the last day of a counted year (the caller counts live)."""
    if (day.month, day.day) != (12, 31):
        return None
    db = read_connection(YearEndCount)
    quote = db.ops.quote_name
    counts = quote(YearEndCount._meta.db_table)
    periods = quote(UnitPeriod._meta.db_table)
    low, high = path_range(id_path or "")
    sql = (
        f"SELECT SUBSTR(p.id_path, 1, %s), SUM(c.people) FROM {counts} c JOIN {periods} p "
        f"ON p.unit_id = c.unit_id AND p.valid_from <= %s AND p.valid_to > %s "
        f"AND p.id_path >= %s AND p.id_path < %s WHERE c.year = %s GROUP BY 1"
    )
    return _counted(db, sql, [branch_length, day, day, low, high, day.year], day.year)
