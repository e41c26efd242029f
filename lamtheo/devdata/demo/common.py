"""What every part of the demo shares: the story's "today" and the way records are dated back."""

from __future__ import annotations

import datetime as dt

from django.db import connection

# "Today" in the data's own terms: the latest day any 2026 event is dated.
DATA_TODAY = dt.date(2026, 11, 25)


def update_rows(model, fields: list[str], rows: list[tuple]) -> None:
    """UPDATE model SET fields = values WHERE pk = ..., one statement run for every row
    (rows: (*values, pk)). Used only to date records back: `save()` and `bulk_update()` would
    stamp "now" (auto_now) or cost a second per thousand rows."""
    if not rows:
        return
    ops = connection.ops
    columns = [model._meta.get_field(name) for name in fields]
    sets = ", ".join(f"{ops.quote_name(f.column)} = %s" for f in columns)
    sql = (
        f"UPDATE {ops.quote_name(model._meta.db_table)} SET {sets} "
        f"WHERE {ops.quote_name(model._meta.pk.column)} = %s"
    )
    adapted = [
        tuple(ops.adapt_datetimefield_value(v) if isinstance(v, dt.datetime) else v for v in row)
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, adapted)
