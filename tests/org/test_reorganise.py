"""Reorganisation services (org.reorganise): preview, the change, undo before it takes effect,
and the dated tree each keeps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lamtheo.org import history, reorganise
from lamtheo.org.models import Handover, Position, Unit, UnitPeriod
from tests.factories import PersonFactory, UnitFactory

TODAY = dt.date(2025, 6, 20)
REFORM = dt.date(2025, 7, 1)
BEFORE = dt.date(2024, 12, 31)


def codes_under(unit, day) -> set[str]:
    periods = history.subtree_periods(history.id_path_on(unit, day), day)
    return {p.unit.code for p in periods.select_related("unit")}


@pytest.fixture
def ward(world):
    ward = UnitFactory(code="PDD", name="Đảng bộ phường Đống Đa", kind="committee")
    PersonFactory(unit=world.cell_b, party_status="probationary")
    PersonFactory(unit=world.cell_b, party_status="mass")
    return Unit.objects.get(pk=ward.pk)


def test_transfer_preview_lists_cells_and_members_and_writes_nothing(world, ward):
    lines = reorganise.transfer_preview(
        by=world.admin, cells=[world.cell_a, world.cell_b], target=ward
    )
    assert [
        (line.unit.code, line.from_parent.code, line.members, line.people) for line in lines
    ] == [
        ("CBA", "DUK", 1, 1),
        ("CBB", "DUK", 2, 3),
    ]
    assert not Handover.objects.exists()
    assert Unit.objects.get(pk=world.cell_a.pk).path.startswith(world.committee.path)


def test_transfer_moves_cells_records_the_handover_and_keeps_history(world, ward):
    handover = reorganise.transfer_cells(
        by=world.admin, cells=[world.cell_a, world.cell_b], target=ward, effective_on=REFORM
    )
    assert [(line.unit.code, line.members) for line in handover.lines.all()] == [
        ("CBA", 1),
        ("CBB", 2),
    ]
    assert codes_under(world.committee, BEFORE) == {"DUK", "CBA", "TDA1", "CBB"}
    assert codes_under(ward, REFORM) == {"PDD", "CBA", "TDA1", "CBB"}
    assert codes_under(world.committee, REFORM) == {"DUK"}


def test_transfer_undo_only_before_it_takes_effect(world, ward):
    handover = reorganise.transfer_cells(
        by=world.admin, cells=[world.cell_a], target=ward, effective_on=REFORM
    )
    with pytest.raises(ValidationError, match="01/07/2025"):
        reorganise.transfer_undo(by=world.admin, handover=handover, today=REFORM)
    reorganise.transfer_undo(by=world.admin, handover=handover, today=TODAY)
    assert not Handover.objects.exists()
    assert Unit.objects.get(pk=world.cell_a.pk).path.startswith(world.committee.path)
    assert codes_under(world.committee, REFORM) == {"DUK", "CBA", "TDA1", "CBB"}
    assert UnitPeriod.objects.filter(unit=world.cell_a).count() == 1


def test_transfer_refuses_bad_choices_and_strangers(world, ward):
    with pytest.raises(ValidationError, match="đã trực thuộc"):
        reorganise.transfer_preview(by=world.admin, cells=[world.cell_a], target=world.committee)
    with pytest.raises(ValidationError, match="chỉ chọn"):
        reorganise.transfer_preview(
            by=world.admin, cells=[world.cell_a, world.group_a], target=ward
        )
    with pytest.raises(ValidationError, match="cấp cao nhất"):
        reorganise.transfer_preview(by=world.admin, cells=[world.committee], target=ward)
    with pytest.raises(PermissionDenied):
        reorganise.transfer_cells(
            by=world.office, cells=[world.cell_a], target=ward, effective_on=REFORM
        )
    assert not Handover.objects.exists()


def test_insert_above_a_top_unit_and_undo(world):
    preview = reorganise.insert_above_preview(by=world.admin, unit=world.committee, name="Quận ủy")
    assert preview.units_moved == 4
    above = reorganise.insert_above(
        by=world.admin,
        unit=world.committee,
        code="QU",
        name="Quận ủy Đống Đa",
        kind="committee",
        effective_on=REFORM,
    )
    assert Unit.objects.get(pk=world.committee.pk).path.startswith(above.path)
    assert codes_under(above, REFORM) == {"QU", "DUK", "CBA", "TDA1", "CBB"}
    assert history.id_path_on(above, BEFORE) is None  # it did not exist yet
    assert codes_under(world.committee, BEFORE) == {"DUK", "CBA", "TDA1", "CBB"}
    with pytest.raises(PermissionDenied):
        reorganise.insert_above_undo(by=world.office, above=above, today=TODAY)
    reorganise.insert_above_undo(by=world.admin, above=above, today=TODAY)
    committee = Unit.objects.get(pk=world.committee.pk)
    assert committee.is_root() and not Unit.objects.filter(code="QU").exists()
    assert codes_under(committee, REFORM) == {"DUK", "CBA", "TDA1", "CBB"}


def test_dissolve_needs_an_empty_committee_and_ends_its_offices(world, ward):
    preview = reorganise.dissolve_preview(by=world.admin, unit=world.committee, on=REFORM)
    assert len(preview.open_units) == 2
    with pytest.raises(ValidationError, match="Hãy chuyển giao 2 đơn vị"):
        reorganise.dissolve(by=world.admin, unit=world.committee, on=REFORM)
    reorganise.transfer_cells(
        by=world.admin, cells=[world.cell_a, world.cell_b], target=ward, effective_on=REFORM
    )
    secretary = PersonFactory(unit=ward)
    office = Position.objects.create(person=secretary, unit=world.committee, title="secretary")
    reorganise.dissolve(by=world.admin, unit=world.committee, on=REFORM)
    office.refresh_from_db()
    assert office.ended_on == REFORM
    assert codes_under(world.committee, BEFORE) == {"DUK", "CBA", "TDA1", "CBB"}
    assert history.id_path_on(world.committee, REFORM) is None


def test_new_term_ends_every_office_and_starts_the_new_ones(world):
    old = Position.objects.create(
        person=world.person_a, unit=world.cell_a, title="secretary", started_on=dt.date(2020, 8, 1)
    )
    made = reorganise.new_term(
        by=world.admin,
        unit=world.cell_a,
        starts_on=dt.date(2025, 8, 1),
        holders=[(world.person_a, "secretary")],
    )
    old.refresh_from_db()
    assert old.ended_on == dt.date(2025, 7, 31)
    assert [(p.title, p.started_on) for p in made] == [("secretary", dt.date(2025, 8, 1))]
    with pytest.raises(ValidationError):
        reorganise.new_term(by=world.admin, unit=world.cell_a, starts_on=REFORM, holders=[])
    with pytest.raises(PermissionDenied):
        reorganise.new_term(
            by=world.member,
            unit=world.cell_a,
            starts_on=REFORM,
            holders=[(world.person_a, "secretary")],
        )
