"""Stored counters kept per (key, unit): one row per unit for a year or a round, recounted by
the services that change what they count, in the caller's transaction.

`refresh` is the one frame the apps' counts modules share (programs.UnitProgress,
evaluation.RoundUnitCount): make sure each unit's row exists, lock the rows in unit order
(so two writers never wait on each other crosswise), recount, write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.db import connections, router, transaction

BATCH = 500


def refresh(
    model,
    key_column: str,
    key: int,
    unit_ids: Iterable[int],
    columns: Sequence[str],
    recount: Callable[[list[int]], dict[int, dict[str, int]]],
    *,
    using: str | None = None,
    changed: Callable[[dict[tuple, list[int]]], None] | None = None,
) -> None:
    """Write the rows (`key_column` = key, unit_id) of `model` for the given units with what
    `recount(unit ids)` gives ({unit id: {column: value}}; a unit it leaves out gets zeros).
    `changed` gets what moved, {(unit id, key): [after − before per column]}, for the sums
    kept over the rows (org.subtree_sums)."""
    ids = sorted({pk for pk in unit_ids if pk is not None})
    if not ids:
        return
    using = using or router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    zeros = ", ".join(["0"] * len(columns))
    assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
    zero = dict.fromkeys(columns, 0)
    moved: dict[tuple, list[int]] = {}
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for i in range(0, len(ids), BATCH):
            batch = ids[i : i + BATCH]
            cursor.execute(
                f"INSERT INTO {table} ({key_column}, unit_id, {', '.join(columns)}) VALUES "
                + ", ".join([f"(%s, %s, {zeros})"] * len(batch))
                + f" ON CONFLICT ({key_column}, unit_id) DO NOTHING",
                [x for unit_id in batch for x in (key, unit_id)],
            )
            marks = ", ".join(["%s"] * len(batch))
            lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
            cursor.execute(
                f"SELECT unit_id, {', '.join(columns)} FROM {table} "
                f"WHERE {key_column} = %s AND unit_id IN ({marks}) ORDER BY unit_id{lock}",
                [key, *batch],
            )
            before = {unit_id: values for unit_id, *values in cursor.fetchall()}
            fresh = recount(batch)
            cursor.executemany(
                f"UPDATE {table} SET {assignments} WHERE {key_column} = %s AND unit_id = %s",
                [
                    [*(fresh.get(unit_id, zero)[c] for c in columns), key, unit_id]
                    for unit_id in batch
                ],
            )
            for unit_id in batch:
                now = fresh.get(unit_id, zero)
                change = [now[c] - old for c, old in zip(columns, before[unit_id], strict=True)]
                if any(change):
                    moved[(unit_id, key)] = change
        if changed is not None:  # once, after every batch: see org.subtree_sums.add
            changed(moved)
