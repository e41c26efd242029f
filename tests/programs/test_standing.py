"""Where each open unit with people stands in a year's list of units to chase first
(programs.UnitStanding, lamtheo.programs.standing): equal to a recount from the units and
their progress after every change of people, of the tree and of the units' kinds, after a
new year, a new fewest commitments, rebuild_aggregates and the migration's fill; the
dashboard's list reads it in the order a sort of every unit gives; and a registration that
runs while a person is added to its unit ends with the share of both (PostgreSQL, threads).
(tests/programs/test_progress_counts.py checks it after every registration step.)"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import threading
import time

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction

from lamtheo.dashboard import figures
from lamtheo.org import reorganise
from lamtheo.org import services as org_services
from lamtheo.org.models import Person, Unit
from lamtheo.programs import services, standing
from lamtheo.programs.models import ProgramYear, UnitStanding
from tests.factories import PersonFactory, UnitFactory
from tests.programs.conftest import WINDOWS


def assert_live() -> None:
    assert standing.stored() == standing.live()


def _unit(unit) -> Unit:
    return Unit.objects.get(pk=unit.pk)


def test_people_units_and_kinds_keep_the_standing(world, year, commit):
    admin = world.admin
    assert_live()
    assert standing.stored()[(year.pk, world.cell_a.pk)][2:] == (0.0, 0)
    commit()
    assert_live()
    assert standing.stored()[(year.pk, world.cell_a.pk)][2:] == (1.0, 1)
    # A second person in cell A: half registered.
    binh = org_services.person_create(by=admin, unit=world.cell_a, full_name="Lê Thị Bình")
    assert_live()
    assert standing.stored()[(year.pk, world.cell_a.pk)][2] == 0.5
    org_services.person_transfer(
        by=admin, person=binh, unit=world.cell_b, effective_on=dt.date.today()
    )
    assert_live()
    org_services.person_leave(
        by=admin, person=Person.objects.get(pk=binh.pk), left_on=dt.date.today(), reason=""
    )
    assert_live()
    # A new cell: in the list once it has people.
    new = org_services.unit_create(
        by=admin, parent=_unit(world.committee), code="CBC", name="Chi bộ C", kind="cell"
    )
    assert_live()
    assert (year.pk, new.pk) not in standing.stored()
    somebody = org_services.person_create(by=admin, unit=new, full_name="Vũ Văn Chín")
    assert_live()
    assert standing.stored()[(year.pk, new.pk)][0] == "cell"
    # Another kind (an edit), another place (a move), closed and opened again.
    org_services.unit_update(
        by=admin,
        unit=_unit(world.cell_b),
        name="Đảng bộ bộ phận B",
        kind="sub_committee",
        code="CBB",
        effective_on=dt.date.today(),
    )
    assert_live()
    assert standing.stored()[(year.pk, world.cell_b.pk)][0] == "sub_committee"
    org_services.unit_move(
        by=admin,
        unit=_unit(new),
        new_parent=_unit(world.cell_b),
        effective_on=dt.date.today(),
    )
    assert_live()
    assert standing.stored()[(year.pk, new.pk)][1].startswith(_unit(world.cell_b).path)
    org_services.person_leave(by=admin, person=somebody, left_on=dt.date.today(), reason="")
    assert_live()
    assert (year.pk, new.pk) not in standing.stored()
    org_services.unit_close(by=admin, unit=_unit(new), closed_on=dt.date.today())
    assert_live()
    org_services.unit_reopen(by=admin, unit=_unit(new), effective_on=dt.date.today())
    assert_live()
    org_services.person_create(by=admin, unit=_unit(new), full_name="Vũ Thị Mười")
    assert_live()
    assert (year.pk, new.pk) in standing.stored()
    # Closed with its people gone elsewhere by a transfer: out of the list.
    org_services.person_transfer(
        by=admin,
        person=Person.objects.get(unit=new, left_on__isnull=True),
        unit=_unit(world.cell_a),
        effective_on=dt.date.today(),
    )
    org_services.unit_close(by=admin, unit=_unit(new), closed_on=dt.date.today())
    assert_live()
    assert (year.pk, new.pk) not in standing.stored()


def test_a_transfer_undone_gives_the_cell_its_kind_back(world, year):
    """A cell handed to a committee above grassroots level becomes a chi bộ cơ sở; undoing
    the handover relabels it by an UPDATE, before the tree's listeners run."""
    city = UnitFactory(code="PDD", name="Đảng bộ phường", kind="committee")
    day = dt.date(2025, 7, 1)
    handover = reorganise.transfer_cells(
        by=world.admin, cells=[world.cell_b], target=_unit(city), effective_on=day
    )
    assert _unit(world.cell_b).kind == "grassroots_cell"
    assert_live()
    assert standing.stored()[(year.pk, world.cell_b.pk)][0] == "grassroots_cell"
    reorganise.transfer_undo(by=world.admin, handover=handover, today=dt.date(2025, 6, 1))
    assert _unit(world.cell_b).kind == "cell"
    assert_live()


def test_a_new_year_and_a_new_fewest_rewrite_the_year(world, year, commit, program):
    commit()
    assert_live()
    next_year = services.year_create(by=world.office, program=program, year=2025, **{
        k: v.replace(year=2025) for k, v in WINDOWS.items()
    })  # fmt: skip
    assert_live()
    assert standing.stored()[(next_year.pk, world.cell_a.pk)][2] == 0.0
    services.year_update(
        by=world.office, year=ProgramYear.objects.get(pk=year.pk), min_commitments=2
    )
    assert_live()
    assert standing.stored()[(year.pk, world.cell_a.pk)][2] == 0.0


def test_rebuild_aggregates_and_the_migration_write_them_again(world, year, commit):
    commit()
    expected = standing.stored()
    assert expected
    UnitStanding.objects.update(share=9, waiting=9)
    call_command("rebuild_aggregates", stdout=io.StringIO())
    assert standing.stored() == expected
    UnitStanding.objects.all().delete()
    migration = importlib.import_module("lamtheo.programs.migrations.0010_unit_standing")
    migration.fill(apps, connection.schema_editor())
    assert standing.stored() == expected


def test_the_dashboard_lists_the_units_as_a_sort_of_all_of_them(world, year, commit):
    """Twelve cells with 1–4 people, some registered, some waiting: the list is the first ten
    of every open cell with people sorted by share, then waiting (most first), then path."""
    admin = world.admin
    committee = _unit(world.committee)
    for i in range(12):
        cell = org_services.unit_create(
            by=admin, parent=committee, code=f"C{i:02}", name=f"Chi bộ {i:02}", kind="cell"
        )
        people = [PersonFactory(unit=cell) for _ in range(1 + i % 4)]
        for n, person in enumerate(people[: i % 3]):
            draft = commit(person=person, by=admin, submit=True)
            if n == 0 and i % 2:
                services.commitment_approve(by=admin, commitment=draft, version=None)
    assert_live()
    board = figures.dashboard(_unit(world.committee), world.office, year=2026)
    live = standing.live()
    expected = sorted(
        (
            (share, -waiting, path, unit_id)
            for (year_id, unit_id), (kind, path, share, waiting) in live.items()
            if year_id == year.pk and kind == "cell"
        )
    )[: figures.LATE_LISTED]
    assert [row.unit_id for row in board.late] == [row[3] for row in expected]
    assert len(board.late) == figures.LATE_LISTED
    # A cell's list: only the units of its subtree (itself).
    late = figures.dashboard(_unit(world.cell_a), world.office, year=2026).late
    assert [row.unit_id for row in late] == [world.cell_a.pk]


@pytest.mark.django_db(transaction=True)
def test_an_approval_while_a_person_joins_the_unit_counts_both(world, year, commit):
    """The person is added first and held uncommitted for a second; the approval of a
    commitment in the same cell (one save: one recount) starts meanwhile. Without its lock
    on the unit it read the unit's people before the first committed, and the cell's share
    ended at 1/1 instead of 1/2."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time")
    submitted = commit()
    added = threading.Event()
    errors = []

    def add_person() -> None:
        try:
            with transaction.atomic():
                org_services.person_create(
                    by=world.admin, unit=world.cell_a, full_name="Đặng Văn Mười"
                )
                added.set()
                time.sleep(1)
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            added.set()
            connection.close()

    def register() -> None:
        try:
            added.wait(5)
            with transaction.atomic():
                services.commitment_approve(by=world.secretary, commitment=submitted, version=None)
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=add_person), threading.Thread(target=register)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert standing.stored()[(year.pk, world.cell_a.pk)][2] == 0.5
    assert_live()
