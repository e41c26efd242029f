"""Per-unit rows summed over each unit's subtree in today's tree, kept in shards.

A feature that stores figures per unit (one row per unit and key: study.UnitParticipation per
year and population) answers a subtree's figure by summing the rows of its units: 40,000 rows
at the root of a 1M-person city, for every statement of every page (BENCHMARKS.md, issue
13). This module keeps, beside such rows, their sums per (unit, key, shard) over the unit's
subtree (the unit itself included): the root's figure is then at most `SHARDS` rows.

Why shards: every write in the tree changes the sums of every unit above it, the root
included, and holds that row locked until it commits; every check-in of the city would queue
on one row. The writing unit's id modulo `SHARDS` picks the row, so two writers wait on each
other only when their units share a shard.

Who keeps them: the feature calls `add` with the change of its rows (`delta`) in the same
transaction; a moved unit changes the subtrees of the units above its old and its new place
(`on_moved`, from org.history.tree_changed's `moved_from`); `rebuild` writes them all again
(the migration, `rebuild_aggregates`). `stored` and `live` let the tests check them.

They hold today's tree, closed units included (as a subtree's sum over today's paths does).
The tree of a past day equals it, less the closed units, when nothing in the tree began or
ended since that day (org.history.last_change): the reader subtracts the closed units' rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import connections, router, transaction
from django.db.models import Model

from lamtheo.core.tree import STEPLEN, ancestor_paths, parent_path, path_range
from lamtheo.org.models import Unit, UnitPeriod

SHARDS = 16
# Parameters per upsert statement: under SQLite's 32,766 and PostgreSQL's 65,535.
PARAMETERS = 30000
# The deepest a path can go (treebeard's 255 characters).
MAX_DEPTH = Unit._meta.get_field("path").max_length // STEPLEN


@dataclass(frozen=True)
class Kept:
    """A feature's per-unit rows (`rows`: the unit's id in `unit_column`, the `keys` and the
    `values`; the unit row itself for the people counts) and their subtree sums (`sums`: a
    `unit` foreign key, the keys, `shard` and the values)."""

    rows: type[Model]
    sums: type[Model]
    keys: tuple[str, ...]
    values: tuple[str, ...]
    unit_column: str = "unit_id"


def _quote(connection, model_or_name) -> str:
    name = model_or_name if isinstance(model_or_name, str) else model_or_name._meta.db_table
    return connection.ops.quote_name(name)


def delta(before: Mapping[tuple, Sequence[int]], after: Mapping[tuple, Sequence[int]]) -> dict:
    """{(unit, *keys): after − before} of two readings of the same rows (missing: zeros)."""
    found = {}
    for key in before.keys() | after.keys():
        old, new = before.get(key), after.get(key)
        width = len(old if old is not None else new)
        old, new = old or (0,) * width, new or (0,) * width
        change = [b - a for a, b in zip(old, new, strict=True)]
        if any(change):
            found[key] = change
    return found


def add(kept: Kept, changes: Mapping[tuple, Sequence[int]], *, using: str | None = None) -> None:
    """Apply the change of per-unit rows ({(unit id, *keys): [values]}) to the sums of each
    unit and every unit above it: one query for the units, then one upsert (per 30,000
    parameters: 440 rows of participation, 5,000 of people), in one order (keys, unit,
    shard) so that two writers never wait on each other crosswise."""
    if not changes:
        return
    using = using or router.db_for_write(kept.sums)
    chains = chains_of(connections[using], {key[0] for key in changes})
    summed: dict[tuple, list[int]] = {}
    for (unit_id, *keys), values in changes.items():
        # Missing: a unit deleted in this transaction, with nothing above it to keep.
        shard = unit_id % SHARDS
        for ancestor in chains.get(unit_id, ()):
            row = summed.setdefault((*keys, ancestor, shard), [0] * len(kept.values))
            for i, value in enumerate(values):
                row[i] += value
    rows = sorted((key, values) for key, values in summed.items() if any(values))
    # No savepoint: the writer's transaction holds these with its rows.
    with transaction.atomic(using=using, savepoint=False):
        add_rows(connections[using], kept.sums, (*kept.keys, "unit_id", "shard"), kept.values, rows)


def chains_of(connection, unit_ids: Iterable[int]) -> dict[int, list[int]]:
    """{unit id: the ids of the unit and of every unit above it, root first}, in one
    statement (a check-in makes two or three of these: BENCHMARKS.md); a unit missing from the
    tree is left out."""
    ids = sorted(set(unit_ids))
    if not ids:
        return {}
    units = _quote(connection, Unit)
    # A path holds a step of STEPLEN characters per level: the n-th ancestor's path is the
    # unit's path cut after n steps, found by the unique path index.
    sql = (
        f"WITH RECURSIVE steps(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM steps "
        f"WHERE n < %s) "
        f"SELECT u.id, a.id FROM {units} u JOIN steps ON steps.n <= u.depth "
        f"JOIN {units} a ON a.path = SUBSTR(u.path, 1, steps.n * {STEPLEN}) "
        f"WHERE u.id IN ({', '.join(['%s'] * len(ids))}) ORDER BY u.id, steps.n"
    )
    found: dict[int, list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [MAX_DEPTH, *ids])
        for unit_id, ancestor in cursor.fetchall():
            found.setdefault(unit_id, []).append(ancestor)
    return found


def add_rows(connection, model, keys: Sequence[str], values: Sequence[str], rows) -> None:
    """Add `rows` ([(key values, values)], in the order the caller locks them) to `model`'s
    rows, created when missing: one INSERT … ON CONFLICT DO UPDATE per 30,000 parameters.
    SQLite 3.24+ and PostgreSQL agree. Relative, so two transactions adding to the same row
    serialise on it and both count.

    Only the columns that change are parameters and assigned: a check-in moves one month of
    65 columns, and the whole width made each of its statements 550 parameters long."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = _quote(connection, model)
    moved = [i for i in range(len(values)) if any(vals[i] for _key, vals in rows)]
    if not moved:
        return
    columns = [quote(k) for k in keys] + [quote(v) for v in values]
    assignments = ", ".join(
        f"{quote(values[i])} = {table}.{quote(values[i])} + excluded.{quote(values[i])}"
        for i in moved
    )
    places = set(moved)
    marks = (
        "("
        + ", ".join(["%s"] * len(keys) + ["%s" if i in places else "0" for i in range(len(values))])
        + ")"
    )
    batch = PARAMETERS // (len(keys) + len(moved))
    with connection.cursor() as cursor:
        for i in range(0, len(rows), batch):
            chunk = rows[i : i + batch]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                + ", ".join([marks] * len(chunk))
                + f" ON CONFLICT ({', '.join(columns[: len(keys)])}) DO UPDATE SET {assignments}",
                [value for key, vals in chunk for value in (*key, *(vals[j] for j in moved))],
            )


def _insert_select(connection, kept: Kept, top: str, where: str) -> str:
    """INSERT … SELECT of the sums per (keys, top unit, shard) of the rows `p` of the units
    `u` joined to the units `top` by `top` (SQL) and kept by `where`."""
    quote = connection.ops.quote_name
    # "%%": the statement always runs with parameters (a literal % for the drivers).
    grouped = [*(f"p.{quote(k)}" for k in kept.keys), "t.id", f"u.id %% {SHARDS}"]
    columns = [quote(c) for c in (*kept.keys, "unit_id", "shard", *kept.values)]
    sums = [f"SUM(p.{quote(v)})" for v in kept.values]
    return (
        f"INSERT INTO {_quote(connection, kept.sums)} ({', '.join(columns)}) "
        f"SELECT {', '.join(grouped)}, {', '.join(sums)} "
        f"FROM {_quote(connection, kept.rows)} p "
        f"JOIN {_quote(connection, Unit)} u ON u.id = p.{quote(kept.unit_column)} {top} "
        f"WHERE {where} GROUP BY {', '.join(grouped)}"
    )


def recount(kept: Kept, top_ids: Iterable[int], *, using: str | None = None) -> None:
    """Write the sums of these units again from the rows of their subtrees (one delete, then
    one INSERT … SELECT per unit)."""
    using = using or router.db_for_write(kept.sums)
    tops = sorted(set(top_ids))
    if not tops:
        return
    connection = connections[using]
    units = _quote(connection, Unit)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        kept.sums.objects.using(using).filter(unit_id__in=tops).delete()
        paths = dict(Unit.objects.using(using).filter(pk__in=tops).values_list("pk", "path"))
        sql = _insert_select(
            connection, kept, f"JOIN {units} t ON t.id = %s", "u.path >= %s AND u.path < %s"
        )
        for pk, path in sorted(paths.items()):
            cursor.execute(sql, [pk, *path_range(path)])


@transaction.atomic
def rebuild(kept: Kept, *, using: str | None = None, **filters) -> None:
    """Write every sum again (of the rows matching `filters` on the keys, e.g. year=2026):
    one INSERT … SELECT joining each row to the units above it, one level at a time."""
    using = using or router.db_for_write(kept.sums)
    connection = connections[using]
    kept.sums.objects.using(using).filter(**filters).delete()
    deepest = Unit.objects.using(using).order_by("-depth").values_list("depth", flat=True)
    levels = " UNION ALL ".join(f"SELECT {n} AS n" for n in range(1, (deepest.first() or 1) + 1))
    units = _quote(connection, Unit)
    top = (
        f"JOIN ({levels}) levels ON levels.n * {STEPLEN} <= LENGTH(u.path) "
        f"JOIN {units} t ON t.path = SUBSTR(u.path, 1, levels.n * {STEPLEN})"
    )
    quote = connection.ops.quote_name
    where = " AND ".join([f"p.{quote(k)} = %s" for k in filters] or ["1 = 1"])
    with connection.cursor() as cursor:
        cursor.execute(_insert_select(connection, kept, top, where), list(filters.values()))


def on_moved(
    kept: Kept, moved_from: Mapping[int, int | None] | None, *, using: str | None = None
) -> None:
    """These units moved ({unit id: its parent's id before}): recount the units whose subtree
    changed, those above the old parent or the new one but not both. Units merely closed or
    opened again ({}) change nothing here; an unknown move (None) rebuilds everything."""
    if moved_from is None:
        rebuild(kept, using=using)
        return
    if not moved_from:
        return
    using = using or router.db_for_write(kept.sums)
    units = Unit.objects.using(using)
    paths = dict(units.filter(pk__in=moved_from.keys()).values_list("pk", "path"))
    parents = {p for p in moved_from.values() if p}
    old_paths = dict(units.filter(pk__in=parents).values_list("pk", "path"))
    if len(old_paths) < len(parents):  # an old parent deleted since: where was it?
        rebuild(kept, using=using)
        return
    changed = set()
    for unit_id, path in paths.items():
        old = old_paths.get(moved_from[unit_id])
        before = set(ancestor_paths(old)) if old else set()
        after = set(ancestor_paths(parent_path(path))) if parent_path(path) else set()
        changed |= before ^ after
    recount(kept, units.filter(path__in=changed).values_list("pk", flat=True), using=using)


def _figures(rows) -> dict[tuple, tuple[int, ...]]:
    return {tuple(key): tuple(values) for key, values in rows if any(values)}


def stored(kept: Kept, *, using: str | None = None) -> dict[tuple, tuple[int, ...]]:
    """{(*keys, unit, shard): values} of the stored sums, zeros left out (for the tests)."""
    using = using or router.db_for_read(kept.sums)
    rows = kept.sums.objects.using(using).values_list(*kept.keys, "unit_id", "shard", *kept.values)
    width = len(kept.keys) + 2
    return _figures((row[:width], row[width:]) for row in rows)


def live(kept: Kept, *, using: str | None = None) -> dict[tuple, tuple[int, ...]]:
    """The same, counted from the per-unit rows in Python (for the tests)."""
    using = using or router.db_for_read(kept.rows)
    units = Unit.objects.using(using)
    ids = dict(units.values_list("path", "pk"))
    paths = dict(units.values_list("pk", "path"))
    found: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(kept.values))
    for unit_id, *rest in kept.rows.objects.using(using).values_list(
        kept.unit_column, *kept.keys, *kept.values
    ):
        keys, values = rest[: len(kept.keys)], rest[len(kept.keys) :]
        for ancestor in ancestor_paths(paths[unit_id]):
            row = found[(*keys, ids[ancestor], unit_id % SHARDS)]
            for i, value in enumerate(values):
                row[i] += value
    return _figures(found.items())


def rows_sql(
    kept: Kept,
    connection,
    unit: Unit,
    columns: Sequence[str],
    where: str,
    where_params: Sequence,
    *,
    children: bool = False,
    past: bool = False,
) -> tuple[str, list]:
    """SELECT (top, *columns) of the rows whose sum is the figure of `unit`'s subtree:
    its sums; with `children`, each child's sums (top: the child) and the unit's own row
    (top: the unit); on a `past` day whose tree is today's less the closed units
    (org.history.last_change), less the closed units' rows below it (their values negated,
    top: the unit, or its child holding them). `where` keeps rows by their keys (SQL on the
    alias `s`, parameters `where_params`, for both tables); `columns` name keys (as they
    are) or values (negated where subtracted)."""
    quote = connection.ops.quote_name
    sums, rows, units = (_quote(connection, m) for m in (kept.sums, kept.rows, Unit))
    own = f"s.{quote(kept.unit_column)}"
    low, high = path_range(unit.path)
    carried = ", ".join(f"s.{quote(c)}" for c in columns)
    if children:
        selects = [
            f"SELECT s.unit_id AS top, {carried} FROM {sums} s WHERE s.unit_id IN "
            f"(SELECT id FROM {units} WHERE depth = %s AND path >= %s AND path < %s)",
            f"SELECT {own}, {carried} FROM {rows} s WHERE {own} = %s",
        ]
        params = [unit.depth + 1, low, high, *where_params, unit.pk, *where_params]
        # A closed unit's branch: the child of the unit on its path.
        length = len(unit.path) + STEPLEN
        closed_top = f"(SELECT c.id FROM {units} c WHERE c.path = SUBSTR(u.path, 1, {length}))"
        closed_params = []
    else:
        selects = [f"SELECT s.unit_id AS top, {carried} FROM {sums} s WHERE s.unit_id = %s"]
        params = [unit.pk, *where_params]
        closed_top, closed_params = "%s", [unit.pk]
    selects = [f"{select} AND {where}" for select in selects]
    if past:
        negated = ", ".join(
            f"-s.{quote(c)}" if c in kept.values else f"s.{quote(c)}" for c in columns
        )
        selects.append(
            f"SELECT {closed_top}, {negated} FROM {rows} s JOIN {units} u ON u.id = {own} "
            f"WHERE u.closed_on IS NOT NULL AND u.path >= %s AND u.path < %s AND {where}"
        )
        params += [*closed_params, low, high, *where_params]
    return " UNION ALL ".join(selects), params


def by_branch_sql(
    kept: Kept,
    connection,
    unit: Unit,
    columns: Sequence[str],
    sums: Sequence[str],
    where: str,
    where_params: Sequence,
    *,
    length: int | None,
    day=None,
) -> tuple[str, list]:
    """SELECT (branch, *sums) of `unit`'s subtree from the rows of `rows_sql` (`columns`
    carried, `sums` SQL over them as `r.<column>`): one row, branch '', when `length` is
    None; else one per child and one for the unit's own row, the branch being the first
    `length` characters of its path today (day None) or of its id_path on `day` (a day
    whose tree is today's less the closed units: see the module)."""
    source, params = rows_sql(
        kept,
        connection,
        unit,
        columns,
        where,
        where_params,
        children=length is not None,
        past=day is not None,
    )
    selected = ", ".join(sums)
    if length is None:
        return f"SELECT '', {selected} FROM ({source}) r", params
    if day is None:
        join, branch, join_params = (
            f"JOIN {_quote(connection, Unit)} t ON t.id = r.top",
            "t.path",
            [],
        )
    else:
        join = (
            f"JOIN {_quote(connection, UnitPeriod)} t ON t.unit_id = r.top "
            f"AND t.valid_from <= %s AND t.valid_to > %s"
        )
        branch = "t.id_path"
        join_params = [connection.ops.adapt_datefield_value(day)] * 2
    return (
        f"SELECT SUBSTR({branch}, 1, %s), {selected} FROM ({source}) r {join} GROUP BY 1",
        [length, *params, *join_params],
    )


def summed_on(day, last_change) -> bool:
    """Whether the sums hold the tree of `day`: today's (None), or a day since which nothing
    in the tree began or ended (`last_change`: org.history.last_change()), whose tree is
    today's less the closed units."""
    return day is None or (last_change is not None and day >= last_change)
