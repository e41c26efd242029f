"""Unit pages and organisational changes, through the pages."""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheo.org.models import Membership, Person, Position, Unit, UnitChange
from tests.factories import PersonFactory, UnitFactory


def names_on(response):
    return [p.full_name for p in response.context["page"]]


def test_unit_page_lists_subtree_people_in_vietnamese_order(world, login):
    for name in ["Đỗ Văn Đinh", "Lê Thị Dương", "Phạm Ánh", "Hoàng An", "Bùi Ân"]:
        PersonFactory(unit=world.group_a, full_name=name)
    response = login(world.secretary).get(f"/units/{world.cell_a.pk}/")
    assert response.status_code == 200
    assert names_on(response) == [
        "Hoàng An",
        "Phạm Ánh",
        "Bùi Ân",
        "Lê Thị Dương",
        "Đỗ Văn Đinh",
        "Nguyễn Văn Quang",
    ]
    direct = login(world.secretary).get(f"/units/{world.cell_a.pk}/?direct=1")
    assert names_on(direct) == ["Nguyễn Văn Quang"]


def _count_queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/units/{cell}/",
        "/units/{cell}/?q=nguyen",
        "/people/",
        "/people/?unit=CBA",
        "/search/?q=van",
        "/units/",
        "/units/{committee}/children/",
        "/",
        "/people/{person}/",
    ],
)
def test_pages_run_a_fixed_number_of_queries(world, login, url, django_assert_max_num_queries):
    client = login(world.office)
    fill = {"cell": world.cell_a.pk, "committee": world.committee.pk, "person": world.person_a.pk}
    few = _count_queries(client, url.format(**fill), django_assert_max_num_queries)
    for i in range(70):
        PersonFactory(unit=world.cell_a if i % 2 else world.group_a, full_name=f"Nguyễn Văn Số{i}")
        UnitFactory(parent=world.committee if i % 3 else world.cell_a)
    world.person_a.full_name = "Nguyễn Văn Quang Hai"
    world.person_a.save()
    many = _count_queries(client, url.format(**fill), django_assert_max_num_queries)
    assert few == many, f"{url}: {few} queries with few rows, {many} with many"


def test_office_creates_a_child_unit(world, login):
    client = login(world.office)
    response = client.post(
        f"/units/{world.cell_b.pk}/new/",
        {"code": "TDB1", "name": "  Tổ   đảng B1 ", "kind": "group", "effective_on": "01/02/2024"},
    )
    unit = Unit.objects.get(code="TDB1")
    assert response.status_code == 302 and response["Location"] == f"/units/{unit.pk}/"
    assert unit.name == "Tổ đảng B1"
    assert Unit.objects.get_parent(unit).pk == world.cell_b.pk
    assert UnitChange.objects.get(unit=unit).effective_on == dt.date(2024, 2, 1)


def test_duplicate_code_is_refused_and_the_form_keeps_input(world, login):
    response = login(world.office).post(
        f"/units/{world.cell_b.pk}/new/",
        {"code": "CBA", "name": "Tên đã gõ", "kind": "cell", "effective_on": "01/02/2024"},
    )
    assert response.status_code == 200
    assert "CBA" in response.content.decode()
    assert "Tên đã gõ" in response.content.decode()
    assert "Mã đơn vị CBA đã được dùng." in response.content.decode()
    assert Unit.objects.filter(code="CBA").count() == 1


def test_bad_date_gets_a_vietnamese_message(world, login):
    response = login(world.office).post(
        f"/units/{world.cell_b.pk}/new/",
        {"code": "X1", "name": "Tổ X", "kind": "group", "effective_on": "31/02/2024"},
    )
    assert response.status_code == 200
    assert "dd/mm/yyyy" in response.content.decode()
    assert not Unit.objects.filter(code="X1").exists()


def test_secretary_cannot_create_units(world, login):
    response = login(world.secretary).post(
        f"/units/{world.cell_a.pk}/new/",
        {"code": "TDA2", "name": "Tổ đảng A2", "kind": "group", "effective_on": "01/02/2024"},
    )
    assert response.status_code == 403
    assert not Unit.objects.filter(code="TDA2").exists()


def test_rename_keeps_the_old_name_in_history(world, login):
    client = login(world.office)
    response = client.post(
        f"/units/{world.cell_a.pk}/edit/",
        {
            "code": "CBA",
            "name": "Chi bộ A mới",
            "kind": "cell",
            "effective_on": "01/07/2025",
            "note": "Sắp xếp tổ chức",
        },
    )
    assert response.status_code == 302
    change = UnitChange.objects.get(unit=world.cell_a, kind="renamed")
    assert (change.old_value, change.new_value) == ("Chi bộ A", "Chi bộ A mới")
    assert change.effective_on == dt.date(2025, 7, 1)
    page = client.get(f"/units/{world.cell_a.pk}/").content.decode()
    assert "Chi bộ A → Chi bộ A mới" in page
    assert "01/07/2025" in page


def test_move_subtree_under_another_unit(world, login):
    client = login(world.office)
    UnitFactory(parent=world.committee, code="BP", name="Đảng bộ bộ phận B", kind="sub_committee")
    response = client.post(
        f"/units/{world.cell_a.pk}/move/", {"new_parent": "BP", "effective_on": "01/01/2025"}
    )
    assert response.status_code == 302
    cell_a = Unit.objects.get(pk=world.cell_a.pk)
    group = Unit.objects.get(pk=world.group_a.pk)
    cell_b = Unit.objects.get(code="BP")
    assert Unit.objects.get_parent(cell_a).pk == cell_b.pk
    assert group.path.startswith(cell_a.path)
    assert Person.objects.in_subtree(cell_b).filter(pk=world.person_a.pk).exists()
    assert UnitChange.objects.get(unit=cell_a, kind="moved").new_value == "Đảng bộ bộ phận B"


def test_cannot_move_a_unit_under_its_own_subtree(world, login):
    response = login(world.office).post(
        f"/units/{world.cell_a.pk}/move/", {"new_parent": "TDA1", "effective_on": "01/01/2025"}
    )
    assert response.status_code == 200
    assert "không thể chuyển" in response.content.decode().lower()
    assert Unit.objects.get_parent(Unit.objects.get(pk=world.cell_a.pk)).pk == world.committee.pk


def test_move_target_outside_scope_is_not_offered(world, login):
    other_root = UnitFactory(code="OTHER", name="Đảng bộ khác")
    response = login(world.office).post(
        f"/units/{world.cell_a.pk}/move/",
        {"new_parent": other_root.code, "effective_on": "01/01/2025"},
    )
    assert response.status_code == 200
    assert Unit.objects.get_parent(Unit.objects.get(pk=world.cell_a.pk)).pk == world.committee.pk


def test_merge_moves_people_and_children_and_closes_the_source(world, login):
    extra = PersonFactory(unit=world.cell_b, full_name="Vũ Mạnh Chiến")
    client = login(world.office)
    response = client.post(
        f"/units/{world.cell_b.pk}/merge/", {"target": "CBA", "effective_on": "01/07/2025"}
    )
    assert response.status_code == 302
    cell_b = Unit.objects.get(pk=world.cell_b.pk)
    assert cell_b.closed_on == dt.date(2025, 7, 1) and cell_b.merged_into_id == world.cell_a.pk
    for person in (extra, world.person_b):
        person.refresh_from_db()
        assert person.unit_id == world.cell_a.pk
        past = Membership.objects.get(person=person)
        assert past.unit_id == cell_b.pk and past.ended_on == dt.date(2025, 7, 1)
    page = client.get(f"/people/{extra.pk}/").content.decode()
    assert "Chi bộ B" in page  # the old unit stays in the person's history


def test_close_requires_an_empty_unit(world, login):
    client = login(world.office)
    response = client.post(f"/units/{world.cell_b.pk}/close/", {"closed_on": "01/01/2025"})
    assert response.status_code == 200
    assert Unit.objects.get(pk=world.cell_b.pk).closed_on is None
    world.person_b.delete()
    response = client.post(f"/units/{world.cell_b.pk}/close/", {"closed_on": "01/01/2025"})
    assert response.status_code == 302
    assert Unit.objects.get(pk=world.cell_b.pk).closed_on == dt.date(2025, 1, 1)
    tree = client.get(f"/units/{world.committee.pk}/").context["children"]
    assert [u.code for u in tree] == ["CBA"]


def test_tree_branch_loads_children_with_counts(world, login):
    PersonFactory(unit=world.group_a)
    response = login(world.office).get(f"/units/{world.committee.pk}/children/")
    children = {u.code: u.people_count for u in response.context["children"]}
    assert children == {"CBA": 2, "CBB": 1}


def test_merged_unit_page_names_the_receiving_unit(world, login):
    client = login(world.office)
    client.post(f"/units/{world.cell_b.pk}/merge/", {"target": "CBA", "effective_on": "01/07/2025"})
    page = client.get(f"/units/{world.cell_b.pk}/").content.decode()
    assert f'<a href="/units/{world.cell_a.pk}/">Chi bộ A</a>' in page


def test_a_member_reads_their_units_office_holders_without_links_they_cannot_open(world, login):
    holder = PersonFactory(unit=world.cell_a, full_name="Trần Văn Bí Thư")
    Position.objects.create(
        person=holder, unit=world.cell_a, title="secretary", started_on=dt.date(2020, 4, 10)
    )
    page = login(world.member).get(f"/units/{world.cell_a.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert holder.full_name in html and f"/people/{holder.pk}/" not in html
    assert login(world.member).get(f"/people/{holder.pk}/").status_code == 404
    office = login(world.office).get(f"/units/{world.cell_a.pk}/").content.decode()
    assert f"/people/{holder.pk}/" in office
