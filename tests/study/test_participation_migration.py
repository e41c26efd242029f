"""study 0008–0010 turn the thirteen period rows of each (unit, year, population) into columns of
one row; back and forth, the figures stay the same."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lamtheo.study import unit_counts
from tests.study.test_rates import at, held
from tests.study.test_unit_counts import YEARS, assert_live

BEFORE = [("study", "0007_unit_sessions")]
AFTER = None  # every app's latest migration


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes() if targets is None else targets)


def month_rows() -> dict:
    """The rows as study 0007 stored them: {(unit, month, members): (totals)}."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT unit_id, year, month, members, people, took_part, sessions, self_study, "
            "self_study_only FROM study_unitparticipation"
        )
        return {
            (year, unit, month, bool(members)): tuple(values)
            for unit, year, month, members, *values in cursor.fetchall()
        }


@pytest.mark.django_db(transaction=True)
def test_the_rows_survive_the_migration_both_ways(world):
    a, b = world.person_a, world.person_b
    held(world.cell_a, at(2025, 3, 10), {a: "present", b: "late"})
    held(world.cell_b, at(2026, 7, 2), {b: "present"})
    unit_counts.rebuild(YEARS)
    expected = {
        (year, *key): values
        for year in YEARS
        for key, values in unit_counts.stored_rows(year).items()
    }
    assert len({month for (_y, _u, month, _m) in expected}) > 2  # months and the year
    try:
        migrate(BEFORE)
        assert month_rows() == expected
    finally:
        migrate(AFTER)
    got = {
        (year, *key): values
        for year in YEARS
        for key, values in unit_counts.stored_rows(year).items()
    }
    assert got == expected
    assert_live()
