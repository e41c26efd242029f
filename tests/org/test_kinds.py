"""Unit kinds follow the Party Charter (org.kinds) on every write path: the services, the
pages, the reorganisation services and the units import; refused with a Vietnamese message,
nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lamtheo.org import reorganise
from lamtheo.org import services as org
from lamtheo.org.imports.units import import_units
from lamtheo.org.kinds import committee_name, member_title
from lamtheo.org.models import Unit, UnitPeriod
from tests.factories import UnitFactory
from tests.org.test_import_people import xlsx

DAY = dt.date(2025, 7, 1)
HEADERS = ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên"]
CHARTER = "theo Điều lệ Đảng"


@pytest.fixture
def city(world):
    """A committee above grassroots level (a ward after 2025) beside the world's đảng bộ cơ sở."""
    return Unit.objects.get(pk=UnitFactory(code="PDD", name="Đảng bộ phường", kind="committee").pk)


def test_create_refuses_a_sub_committee_outside_a_grassroots_committee(world, city):
    with pytest.raises(ValidationError, match=CHARTER):
        org.unit_create(by=world.admin, parent=city, code="X", name="Đảng bộ bộ phận X",
                        kind="sub_committee")  # fmt: skip
    with pytest.raises(ValidationError, match="không có đơn vị nào"):
        org.unit_create(by=world.admin, parent=world.group_a, code="Y", name="Tổ con", kind="group")
    with pytest.raises(ValidationError, match="Tổ đảng"):  # a chi bộ has only tổ đảng
        org.unit_create(by=world.admin, parent=world.cell_a, code="Z", name="Chi bộ con",
                        kind="cell")  # fmt: skip
    assert not Unit.objects.filter(code__in=["X", "Y", "Z"]).exists()
    made = org.unit_create(by=world.admin, parent=world.committee, code="BP",
                           name="Đảng bộ bộ phận", kind="sub_committee")  # fmt: skip
    assert made.kind == "sub_committee"


def test_the_page_says_why_in_vietnamese(world, login, city):
    response = login(world.admin).post(
        f"/units/{world.cell_a.pk}/new/",
        {"code": "CB9", "name": "Chi bộ con", "kind": "cell", "effective_on": "01/07/2025"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "không thể trực thuộc" in page and CHARTER in page
    assert not Unit.objects.filter(code="CB9").exists()


def test_a_kind_change_must_fit_parent_and_children(world, city):
    with pytest.raises(ValidationError, match=CHARTER):  # its cells cannot be under a chi bộ
        org.unit_update(by=world.admin, unit=world.committee, name=world.committee.name,
                        kind="grassroots_cell", code="DUK", effective_on=DAY)  # fmt: skip
    with pytest.raises(ValidationError, match=CHARTER):  # a chi bộ cơ sở is not inside one
        org.unit_update(by=world.admin, unit=world.cell_a, name="Chi bộ A",
                        kind="grassroots_cell", code="CBA", effective_on=DAY)  # fmt: skip
    assert Unit.objects.get(pk=world.cell_a.pk).kind == "cell"


def test_a_cell_moving_across_the_grassroots_line_changes_kind_in_its_new_period(world, city):
    org.unit_move(by=world.admin, unit=world.cell_a, new_parent=city, effective_on=DAY)
    cell = Unit.objects.get(pk=world.cell_a.pk)
    assert cell.kind == "grassroots_cell"  # directly under a committee above grassroots
    kinds = dict(UnitPeriod.objects.filter(unit=cell).values_list("valid_to", "kind"))
    assert kinds[DAY] == "cell" and list(kinds.values()).count("grassroots_cell") == 1
    with pytest.raises(ValidationError, match=CHARTER):  # a party group is not under a ward
        org.unit_move(by=world.admin, unit=world.group_a, new_parent=city, effective_on=DAY)


def test_reorganisation_services_check_kinds_too(world, city):
    with pytest.raises(ValidationError, match=CHARTER):  # a party group under a ward
        reorganise.transfer_preview(by=world.admin, cells=[world.group_a], target=city)
    with pytest.raises(ValidationError, match=CHARTER):
        reorganise.insert_above(by=world.admin, unit=city, code="CB", name="Chi bộ trên",
                                kind="cell", effective_on=DAY)  # fmt: skip
    sub = UnitFactory(parent=world.committee, code="BP", name="Đảng bộ bộ phận",
                      kind="sub_committee")  # fmt: skip
    UnitFactory(parent=sub, code="BP1", name="Chi bộ 1")
    with pytest.raises(ValidationError, match=CHARTER):  # its cell would be under a chi bộ
        org.unit_merge(by=world.admin, source=Unit.objects.get(pk=sub.pk), target=world.cell_b,
                       effective_on=DAY)  # fmt: skip
    assert Unit.objects.get(pk=sub.pk).is_active
    handover = reorganise.transfer_cells(by=world.admin, cells=[world.cell_b], target=city,
                                         effective_on=DAY)  # fmt: skip
    assert Unit.objects.get(pk=world.cell_b.pk).kind == "grassroots_cell"
    reorganise.transfer_undo(by=world.admin, handover=handover, today=dt.date(2025, 6, 1))
    assert Unit.objects.get(pk=world.cell_b.pk).kind == "cell"  # its former kind back


def test_the_import_refuses_a_tree_the_charter_does_not_allow(world, tmp_path):
    rows = [
        HEADERS,
        ["N1", "Chi bộ mới", "Chi bộ", "CBA"],  # a chi bộ under a chi bộ
        ["DUK", "Đảng bộ Khối doanh nghiệp", "Chi bộ cơ sở", ""],  # its cells under a chi bộ
        ["N2", "Đảng bộ bộ phận", "Đảng bộ bộ phận", "DUK"],
    ]
    result = import_units(xlsx(tmp_path, rows))
    assert result.status == "invalid"
    got = {(e.row, e.column) for e in result.errors}
    assert {(2, "Loại"), (3, "Loại"), (4, "Loại")} <= got
    assert any(CHARTER in e.message for e in result.errors)
    assert not Unit.objects.filter(code__in=["N1", "N2"]).exists()
    assert Unit.objects.get(code="DUK").kind == "grassroots_committee"


def test_committee_names_and_member_titles_follow_the_level():
    assert committee_name("Đảng bộ Khối doanh nghiệp quận Đống Đa", "committee") == (
        "Đảng ủy Khối doanh nghiệp quận Đống Đa"
    )
    assert committee_name("Chi bộ Kỹ thuật", "cell") == "Chi ủy Chi bộ Kỹ thuật"
    assert committee_name("Tổ đảng 1", "group") == ""
    assert member_title("grassroots_cell") == "Chi ủy viên"
    assert member_title("sub_committee") == "Đảng ủy viên"
