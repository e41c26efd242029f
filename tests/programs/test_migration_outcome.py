"""programs 0005: the commitments' old "ranks" become their outcome (vượt / đạt / không đạt)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("programs", "0004_programyearevent")]
AFTER = [("programs", "0005_commitment_outcome")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    # org stays at its latest migration (programs is the app going back and forth): its
    # models must be those of the database's tables, not of the state programs 0004 needs.
    targets = [*targets, *executor.loader.graph.leaf_nodes("org")]
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_old_ranks_map_to_outcomes():
    old = _migrate(BEFORE)
    try:
        Unit = old.get_model("org", "Unit")
        Person = old.get_model("org", "Person")
        Program = old.get_model("programs", "Program")
        ProgramYear = old.get_model("programs", "ProgramYear")
        Commitment = old.get_model("programs", "Commitment")
        unit = Unit.objects.create(path="0001", depth=1, code="M1", name="Chi bộ M")
        person = Person.objects.create(full_name="Nguyễn Văn Mẫu", unit=unit)
        program = Program.objects.create(unit=unit, name="CT", start_year=2023, end_year=2023)
        day = dt.date(2023, 3, 1)
        year = ProgramYear.objects.create(
            program=program,
            year=2023,
            registration_opens=day,
            registration_closes=day,
            self_assessment_opens=day,
            self_assessment_closes=day,
            evaluation_deadline=day,
        )
        rows = {
            ("htxs", "htt", False): ("exceeded", "met"),
            ("htt", "htxs", True): ("exceeded", "exceeded"),  # ticked "exceeded"
            ("htt", "", False): ("met", ""),
            ("ht", "ht", False): ("met", "met"),
            ("kht", "htt", False): ("not_met", "met"),
            ("", "kht", False): ("", "not_met"),
            ("", "", False): ("", ""),
        }
        made = {}
        for key in rows:
            rank, proposed, exceeded = key
            made[key] = Commitment.objects.create(
                year=year,
                person=person,
                unit=unit,
                kind="personal",
                content_area="other",
                action="Việc",
                expected_result="Kết quả",
                rank=rank,
                proposed_rank=proposed,
                exceeded=exceeded,
            ).pk
        new = _migrate(AFTER)
        Commitment = new.get_model("programs", "Commitment")
        for key, expected in rows.items():
            row = Commitment.objects.get(pk=made[key])
            assert (row.outcome, row.proposed_outcome) == expected, key
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
