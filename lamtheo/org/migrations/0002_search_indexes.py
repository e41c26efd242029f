"""Trigram indexes for substring search on PostgreSQL (PERF-FLOOR d: 10x on selective queries).

SQLite has no trigram index; there the search scans the small search_key column.
"""

from django.db import migrations

INDEXES = [
    ("org_person_search_trgm", "org_person"),
    ("org_unit_search_trgm", "org_unit"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_key gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
