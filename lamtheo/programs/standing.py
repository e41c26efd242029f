"""Where each open unit with people stands in a programme year's list of units to chase first
(programs.UnitStanding): its share of people registered, its people waiting, its place.

The dashboard lists the ten units of a kind in a subtree with the lowest share registered
(then the most waiting, then in tree order). Sorting every cell per page cost about 45 ms
at the root of a 1M city; with the order stored and indexed, the page reads ten entries.

The share mixes two facts kept by different writers: the unit's current people (Unit's
counts, org.counts.refresh_unit_counts) and its people registered (UnitProgress,
programs.counts.refresh). Each writer recomputes the unit's rows from both after locking the
unit's row, so that the later of two concurrent writers reads what the earlier committed:
the people writer holds the unit FOR NO KEY UPDATE (org.counts._lock), the registration
writer takes it FOR SHARE (`lock_units`) before it locks its UnitProgress rows. Both lock
in unit order.

Who calls `recompute`: programs.counts.refresh (a year's units), and the receivers below on
org.counts.people_changed (people counts), org.history.tree_changed (paths, closures) and
org.history.kinds_changed (kinds). `rebuild` writes a year's rows (or all) again:
a new programme year, a year's fewest commitments changed, rebuild_aggregates.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, router, transaction

from lamtheo.org.models import Unit
from lamtheo.programs.models import ProgramYear, UnitProgress, UnitStanding

# Units per statement.
BATCH = 500
COUNT_COLUMNS = ("official_count", "probationary_count", "elite_mass_count", "mass_count")


def _everyone(alias: str) -> str:
    return " + ".join(f"{alias}.{column}" for column in COUNT_COLUMNS)


def _names(connection) -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "standing": quote(UnitStanding._meta.db_table),
        "units": quote(Unit._meta.db_table),
        "progress": quote(UnitProgress._meta.db_table),
        "years": quote(ProgramYear._meta.db_table),
    }


def _insert_sql(names: dict[str, str], where: str) -> str:
    """INSERT … SELECT of the rows of the open units with people matching `where` (on `u`,
    the unit, and `y`, the programme year)."""
    everyone = _everyone("u")
    return (
        f"INSERT INTO {names['standing']} (year_id, unit_id, kind, path, share, waiting) "
        f"SELECT y.id, u.id, u.kind, u.path, "
        f"CAST(COALESCE(p.registered, 0) AS DOUBLE PRECISION) / ({everyone}), "
        f"COALESCE(p.waiting, 0) FROM {names['units']} u CROSS JOIN {names['years']} y "
        f"LEFT JOIN {names['progress']} p ON p.unit_id = u.id AND p.year_id = y.id "
        f"WHERE u.closed_on IS NULL AND ({everyone}) > 0 AND {where}"
    )


def lock_units(unit_ids: Iterable[int], *, using: str | None = None) -> None:
    """Hold these units' rows FOR SHARE until the transaction ends (PostgreSQL; SQLite has one
    writer): no people writer changes their counts meanwhile, and one that did commits
    first. For a registration writer, before it locks its UnitProgress rows."""
    using = using or router.db_for_write(UnitStanding)
    connection = connections[using]
    ids = sorted({pk for pk in unit_ids if pk is not None})
    if not ids or not connection.features.has_select_for_update:
        return
    units = connection.ops.quote_name(Unit._meta.db_table)
    with connection.cursor() as cursor:
        for i in range(0, len(ids), BATCH):
            batch = ids[i : i + BATCH]
            cursor.execute(
                f"SELECT id FROM {units} WHERE id IN ({', '.join(['%s'] * len(batch))}) "
                f"ORDER BY id FOR SHARE",
                batch,
            )


def recompute(
    unit_ids: Iterable[int],
    year_ids: Iterable[int] | None = None,
    *,
    using: str | None = None,
    prune: bool = True,
) -> None:
    """Write the rows of these units for these programme years (all when None) again from
    their counts and progress, in the caller's transaction: a delete of those no longer in
    the list (closed, nobody left; not when `prune` is False: a writer of progress alone),
    an upsert of the others. The caller holds the units' rows (module docstring)."""
    ids = sorted({pk for pk in unit_ids if pk is not None})
    if not ids:
        return
    using = using or router.db_for_write(UnitStanding)
    connection = connections[using]
    names = _names(connection)
    years = None if year_ids is None else sorted(set(year_ids))
    if years == []:
        return
    in_years = "" if years is None else f"IN ({', '.join(['%s'] * len(years))})"
    of_rows = f" AND year_id {in_years}" if in_years else ""
    of_years = f" AND y.id {in_years}" if in_years else ""
    everyone = _everyone("u")
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        for i in range(0, len(ids), BATCH):
            batch = ids[i : i + BATCH]
            marks = ", ".join(["%s"] * len(batch))
            if prune:
                cursor.execute(
                    f"DELETE FROM {names['standing']} WHERE unit_id IN ({marks}) "
                    f"{of_rows} AND unit_id NOT IN ("
                    f"SELECT u.id FROM {names['units']} u WHERE u.id IN ({marks}) "
                    f"AND u.closed_on IS NULL AND ({everyone}) > 0)",
                    [*batch, *(years or ()), *batch],
                )
            cursor.execute(
                _insert_sql(names, f"u.id IN ({marks}){of_years}")
                + " ON CONFLICT (year_id, unit_id) DO UPDATE SET kind = excluded.kind, "
                "path = excluded.path, share = excluded.share, waiting = excluded.waiting",
                [*batch, *(years or ())],
            )


@transaction.atomic
def rebuild(years: Iterable[ProgramYear] | None = None, *, using: str | None = None) -> int:
    """Write every row of these programme years (all when None) again: one delete, one
    INSERT … SELECT. For a new year, a year recounted, bulk loads and repairs. Returns the
    number of rows written."""
    using = using or router.db_for_write(UnitStanding)
    connection = connections[using]
    rows = UnitStanding.objects.using(using)
    where, params = "1 = 1", []
    if years is not None:
        ids = sorted({year.pk for year in years})
        if not ids:
            return 0
        rows = rows.filter(year_id__in=ids)
        where, params = f"y.id IN ({', '.join(['%s'] * len(ids))})", ids
    rows.delete()
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(_names(connection), where), params)
        return cursor.rowcount


def late_sql(connection, year: ProgramYear, kind: str, low: str, high: str, limit: int):
    """(SQL, params) of the `limit` units to chase first of `kind` with paths in [low, high):
    (unit id, name, people, registered, waiting, returned), in the list's order. The ten are
    found in the stored order; their names and figures are read for those ten."""
    names = _names(connection)
    everyone = _everyone("u")
    sql = (
        f"SELECT u.id, u.name, ({everyone}), COALESCE(p.registered, 0), "
        f"COALESCE(p.waiting, 0), COALESCE(p.returned, 0) FROM ("
        f"SELECT unit_id, share, waiting, path FROM {names['standing']} "
        f"WHERE year_id = %s AND kind = %s AND path >= %s AND path < %s "
        f"ORDER BY share, waiting DESC, path LIMIT %s) t "
        f"JOIN {names['units']} u ON u.id = t.unit_id "
        f"LEFT JOIN {names['progress']} p ON p.unit_id = t.unit_id AND p.year_id = %s "
        f"ORDER BY t.share, t.waiting DESC, t.path"
    )
    return sql, [year.pk, kind, low, high, limit, year.pk]


def stored(*, using: str | None = None) -> dict[tuple[int, int], tuple]:
    """{(year id, unit id): (kind, path, share, waiting)} of the stored rows (for the tests)."""
    rows = UnitStanding.objects.using(using or router.db_for_read(UnitStanding)).values_list(
        "year_id", "unit_id", "kind", "path", "share", "waiting"
    )
    return {(y, u): (k, p, round(s, 9), w) for y, u, k, p, s, w in rows}


def live(*, using: str | None = None) -> dict[tuple[int, int], tuple]:
    """The same, from the units and their progress in Python (for the tests)."""
    using = using or router.db_for_read(UnitStanding)
    progress = {
        (y, u): (r, w)
        for y, u, r, w in UnitProgress.objects.using(using).values_list(
            "year_id", "unit_id", "registered", "waiting"
        )
    }
    years = list(ProgramYear.objects.using(using).values_list("pk", flat=True))
    found = {}
    for pk, kind, path, closed_on, *counts in Unit.objects.using(using).values_list(
        "pk", "kind", "path", "closed_on", *COUNT_COLUMNS
    ):
        people = sum(counts)
        if closed_on is not None or people <= 0:
            continue
        for year in years:
            registered, waiting = progress.get((year, pk), (0, 0))
            found[(year, pk)] = (kind, path, round(registered / people, 9), waiting)
    return found


# -- the receivers (wired in ProgramsConfig.ready, with programs.counts') ---------------------


def on_people_changed(sender, unit_ids, **kwargs) -> None:
    """org.counts: the units' people counts were recounted (None: every unit's)."""
    if unit_ids is None:
        rebuild()
    else:
        recompute(unit_ids)


def on_units_changed(sender, unit_ids, **kwargs) -> None:
    """org.history: these units moved (their paths), closed or opened again, or changed
    kind."""
    recompute(unit_ids)
