"""The stored progress per (year, unit) (UnitProgress, lamtheo.programs.counts): equal to a
live recount after every service call that touches commitments, after direct saves and
deletes, on random data (hypothesis), rebuilt by the command and filled by the migration
(and with it where each unit stands in the list of units to chase first, UnitStanding);
and a past year's subtree figure sums the units that were in the subtree then."""

from __future__ import annotations

import datetime as dt
import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from lamtheo.org import services as org_services
from lamtheo.org import subtree_sums
from lamtheo.org.models import Unit
from lamtheo.programs import counts, queries, services, standing
from lamtheo.programs.models import (
    Commitment,
    CommitmentStatus,
    ProgramYear,
    SubtreeProgress,
    UnitProgress,
)
from tests.factories import PersonFactory
from tests.programs.conftest import COMMITMENT, TODAY, WINDOWS

S = CommitmentStatus


def assert_live(year: ProgramYear) -> None:
    assert counts.stored_rows(year) == counts.live_rows(year)
    assert subtree_sums.stored(counts.SUBTREES) == subtree_sums.live(counts.SUBTREES)
    assert standing.stored() == standing.live()


def test_every_service_call_keeps_the_stored_progress(world, year, commit):
    secretary, office = world.secretary, world.office
    binh = PersonFactory(unit=world.cell_a, full_name="Trần Thị Bình")
    anh = PersonFactory(unit=world.group_a, full_name="Phạm Thị Ánh")
    assert_live(year)
    draft = commit(submit=False)
    assert_live(year)
    assert counts.stored_rows(year)[world.cell_a.pk]["n_draft"] == 1
    first = services.commitment_submit(
        by=world.member, commitment=draft, version=draft.version, today=TODAY
    )
    assert_live(year)
    second = commit()
    assert_live(year)
    row = counts.stored_rows(year)[world.cell_a.pk]
    assert (row["registered"], row["waiting"], row["n_submitted"]) == (1, 1, 2)
    services.commitment_approve(by=secretary, commitment=first, version=None)
    assert_live(year)
    services.commitment_return(by=secretary, commitment=second, version=None, comment="Rõ hơn")
    assert_live(year)
    second.refresh_from_db()
    services.commitment_update(
        by=world.member, commitment=second, version=second.version, today=TODAY, action="Mới"
    )
    assert_live(year)
    services.commitment_submit(
        by=world.member,
        commitment=Commitment.objects.get(pk=second.pk),
        version=Commitment.objects.get(pk=second.pk).version,
        today=TODAY,
    )
    assert_live(year)
    approved, problems = services.commitments_approve_many(
        by=secretary, commitments=[Commitment.objects.get(pk=second.pk)]
    )
    assert (approved, problems) == (1, [])
    assert_live(year)
    row = counts.stored_rows(year)[world.cell_a.pk]
    assert (row["registered"], row["approved"], row["waiting"]) == (1, 1, 0)
    for person in (binh, anh):
        made = commit(person=person, by=secretary)
        assert_live(year)
    services.commitment_withdraw(by=secretary, commitment=made, version=made.version)
    assert_live(year)
    evaluated = commit(person=world.person_b, by=office)
    services.commitment_approve(by=office, commitment=evaluated, version=None)
    services.commitment_evaluate(by=office, commitment=evaluated, version=None, outcome="met")
    assert_live(year)
    assert counts.stored_rows(year)[world.cell_b.pk]["evaluated"] == 1
    # A commitment's text edited: nothing counted moves, nothing is recounted.
    # The fewest commitments raised to 2: "registered" is recounted for the whole year.
    year = services.year_update(by=office, year=year, min_commitments=2, max_commitments=3)
    assert_live(year)
    assert counts.stored_rows(year)[world.cell_a.pk]["registered"] == 1  # Quang: 2
    assert counts.stored_rows(year)[world.cell_b.pk]["registered"] == 0


def test_direct_saves_deletes_and_moves_are_counted(world, year, commit):
    made = commit()
    assert_live(year)
    made.status = S.APPROVED
    made.save()
    assert_live(year)
    # Moved to another unit (a repair by hand): both units are recounted.
    made.unit = world.cell_b
    made.save(update_fields=["unit"])
    assert_live(year)
    assert world.cell_a.pk not in counts.stored_rows(year)
    # Loaded without the counted fields, then changed: still recounted.
    partial = Commitment.objects.only("pk", "year", "unit", "person").get(pk=made.pk)
    partial.status = S.RETURNED
    partial.save()
    assert_live(year)
    # A save of text only does not recount (no query on the stored rows).
    made.refresh_from_db()
    made.action = "Khác"
    made.save(update_fields=["action"])
    assert_live(year)
    made.delete()
    assert_live(year)
    assert counts.stored_rows(year) == {}


def test_rebuild_and_command_repair_bulk_writes(world, year, commit):
    commit()
    Commitment.objects.bulk_create(
        [
            Commitment(year=year, person=world.person_b, unit=world.cell_b, status=s, **COMMITMENT)
            for s in (S.APPROVED, S.EVALUATED)
        ]
    )
    assert counts.stored_rows(year) != counts.live_rows(year)
    call_command("rebuild_aggregates", stdout=io.StringIO())
    assert_live(year)
    table = sorted(UnitProgress.objects.values_list("unit_id", *counts.COLUMNS))
    counts.rebuild([year])
    assert sorted(UnitProgress.objects.values_list("unit_id", *counts.COLUMNS)) == table


def test_the_migration_fills_the_rows_from_the_commitments(world, year, commit):
    commit()
    commit(person=world.person_b, by=world.office, submit=False)
    expected = counts.stored_rows(year)
    UnitProgress.objects.all().delete()
    migration = importlib.import_module("lamtheo.programs.migrations.0006_unit_progress")
    areas = importlib.import_module("lamtheo.programs.migrations.0008_unitprogress_areas")
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)
        cursor.execute(areas.FILL)
    assert counts.stored_rows(year) == expected == counts.live_rows(year)


def test_the_migration_fills_the_subtree_sums(world, year, commit):
    commit()
    commit(person=world.person_b, by=world.office, submit=False)
    expected = subtree_sums.stored(counts.SUBTREES)
    assert expected
    SubtreeProgress.objects.all().delete()
    migration = importlib.import_module("lamtheo.programs.migrations.0009_subtree_progress")
    migration.fill(apps, connection.schema_editor())
    assert subtree_sums.stored(counts.SUBTREES) == expected


def _rollups(year, user) -> list:
    found = []
    for unit in Unit.objects.order_by("path"):
        rollup = queries.progress_rollup(year, unit, user)
        found.append(
            (
                unit.pk,
                [
                    (row.unit.pk, row.direct, row.people, row.registered, row.statuses)
                    for row in rollup.rows
                ],
                queries.unit_progress(year, unit).statuses,
            )
        )
    return found


def test_the_sums_give_what_the_units_rows_give(world, year, commit, monkeypatch):
    """Every unit's rollup and total from the subtree sums equal those summed from its units'
    rows, this year (today's tree) and for a past year read on a tree that is today's less
    a closed unit."""
    past = services.year_create(
        by=world.office,
        program=year.program,
        year=2025,
        **{key: day.replace(year=2025) for key, day in WINDOWS.items()},
    )
    commit()
    commit(person=world.person_b, by=world.office, submit=False)
    closed = Unit.objects.get(pk=world.group_a.pk)
    anh = PersonFactory(unit=world.cell_b)
    for person, unit, status in (
        (anh, closed, S.APPROVED),
        (world.person_b, world.cell_b, S.EVALUATED),
        (world.person_a, world.cell_a, S.SUBMITTED),
    ):
        Commitment.objects.create(year=past, person=person, unit=unit, status=status, **COMMITMENT)
    org_services.unit_close(by=world.admin, unit=closed, closed_on=dt.date(2024, 6, 1))
    summed = [_rollups(y, world.office) for y in (year, past)]
    assert any(total["approved"] for _u, _rows, total in summed[1])
    monkeypatch.setattr(queries.progress.subtree_sums, "summed_on", lambda day, last: False)
    assert summed == [_rollups(y, world.office) for y in (year, past)]


def test_a_past_year_sums_the_units_under_the_committee_then(world, year):
    """2025 commitments in group A (under cell A) and cell B; group A moved under cell B in
    2026: the 2025 rollup of the committee still counts group A under cell A."""
    past = services.year_create(
        by=world.office,
        program=year.program,
        year=2025,
        **{key: day.replace(year=2025) for key, day in WINDOWS.items()},
    )
    anh = PersonFactory(unit=world.group_a)
    for person, unit in ((anh, world.group_a), (world.person_b, world.cell_b)):
        Commitment.objects.create(
            year=past, person=person, unit=unit, status=S.APPROVED, **COMMITMENT
        )
    org_services.unit_move(
        by=world.admin,
        unit=world.group_a,
        new_parent=world.cell_b,
        effective_on=dt.date(2026, 3, 1),
    )
    rollup = queries.progress_rollup(past, world.committee, world.office)
    by_name = {row.unit.name: row for row in rollup.rows}
    assert (by_name["Chi bộ A"].registered, by_name["Chi bộ B"].registered) == (1, 1)
    assert rollup.total.approved == 2
    # Today's tree: group A is under cell B.
    rollup = queries.progress_rollup(year, world.committee, world.office)
    assert rollup.total.registered == 0


operation = st.tuples(
    st.sampled_from(["create", "move", "status", "delete", "fewest"]),
    st.integers(0, 5),  # person
    st.integers(0, 3),  # unit
    st.sampled_from(list(S.values)),
)


@pytest.mark.django_db
def test_random_writes_keep_the_stored_progress(world, year):
    people = [world.person_a, world.person_b] + [
        PersonFactory(unit=unit)
        for unit in (world.cell_a, world.group_a, world.cell_b, world.cell_b)
    ]
    units = [world.committee, world.cell_a, world.group_a, world.cell_b]

    @hypothesis_settings(
        max_examples=40,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(st.lists(operation, max_size=12))
    def run(ops):
        for kind, p, u, status in ops:
            existing = list(Commitment.objects.filter(year=year).order_by("pk"))
            if kind == "create" or not existing:
                Commitment.objects.create(
                    year=year, person=people[p], unit=units[u], status=status, **COMMITMENT
                )
            elif kind == "fewest":
                services.year_update(
                    by=world.office, year=year, min_commitments=1 + p % 3, max_commitments=5
                )
            else:
                chosen = existing[(p * 7 + u) % len(existing)]
                if kind == "move":
                    chosen.unit = units[u]
                elif kind == "status":
                    chosen.status = status
                if kind == "delete":
                    chosen.delete()
                else:
                    chosen.save()
            year.refresh_from_db()
            assert_live(year)

    run()
