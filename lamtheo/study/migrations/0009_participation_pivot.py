from django.db import migrations

TOTALS = ("people", "took_part", "sessions", "self_study", "self_study_only")


def _pivot() -> list[str]:
    """The thirteen period rows of each (unit, year, population) into the columns of the
    year's row (period 0, which exists whenever a month's does: a stay overlapping a month
    overlaps the year), then the month rows dropped. Plain SQL, SQLite and PostgreSQL."""
    table = "study_unitparticipation"
    statements = []
    for period in range(13):
        sets = ", ".join(
            f"{name}_{period} = COALESCE((SELECT o.{name} FROM {table} o "
            f"WHERE o.unit_id = {table}.unit_id AND o.year = {table}.year "
            f"AND o.members = {table}.members AND o.month = {period}), 0)"
            for name in TOTALS
        )
        statements.append(f"UPDATE {table} SET {sets} WHERE month = 0")
    statements.append(f"DELETE FROM {table} WHERE month <> 0")
    return statements


def _unpivot() -> list[str]:
    """Back: the year's columns into its row's totals, and a row per month with people."""
    table = "study_unitparticipation"
    columns = [f"{name}_{period}" for period in range(13) for name in TOTALS]
    statements = [
        f"UPDATE {table} SET " + ", ".join(f"{name} = {name}_0" for name in TOTALS),
    ]
    for month in range(1, 13):
        statements.append(
            f"INSERT INTO {table} (unit_id, year, members, month, {', '.join(TOTALS)}, "
            f"{', '.join(columns)}) SELECT unit_id, year, members, {month}, "
            + ", ".join(f"{name}_{month}" for name in TOTALS)
            + ", "
            + ", ".join(["0"] * len(columns))
            + f" FROM {table} WHERE month = 0 AND people_{month} > 0"
        )
    return statements


PIVOT = _pivot()
UNPIVOT = _unpivot()


class Migration(migrations.Migration):
    """Each (unit, year, population)'s month rows into its year row's columns (added by 0008;
    dropped by 0010: on PostgreSQL a table with pending trigger events from these writes
    cannot be altered in the same transaction, either way)."""

    dependencies = [
        ("study", "0008_participation_periods_as_columns"),
    ]

    operations = [
        migrations.RunSQL(PIVOT, UNPIVOT),
    ]
