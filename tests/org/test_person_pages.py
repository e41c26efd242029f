"""People pages: adding, editing, transferring, offices, history; and search."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from lamtheo.org.models import Person, Position
from tests.factories import PositionFactory

VALID = {
    "full_name": "nguyễn   thị ánh",
    "birth_date": "5/3/1990",
    "gender": "female",
    "party_status": "official",
    "party_card_number": "01234567",
    "joined_on": "19/05/2015",
    "official_on": "19/05/2016",
    "job_title": "Phóng viên",
    "phone": "0912 345 678",
    "email": "anh@example.vn",
    "code": "",
    "unit_since": "01/01/2020",
}


def test_secretary_adds_a_person_with_clean_values(world, login):
    data = dict(VALID, full_name=unicodedata.normalize("NFD", "  nguyễn   thị ánh "))
    response = login(world.secretary).post(f"/units/{world.cell_a.pk}/people/new/", data)
    person = Person.objects.get(party_card_number="01234567")
    assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}/"
    assert person.full_name == "Nguyễn Thị Ánh"
    assert (person.family_name, person.middle_name, person.given_name) == ("Nguyễn", "Thị", "Ánh")
    assert person.birth_date == dt.date(1990, 3, 5)
    assert person.phone == "0912345678"
    assert person.unit_id == world.cell_a.pk


def test_invalid_person_is_refused_with_messages_and_keeps_input(world, login):
    data = dict(VALID, official_on="01/01/2014", party_card_number=world.person_a.party_card_number)
    Person.objects.filter(pk=world.person_a.pk).update(party_card_number="01234567")
    response = login(world.secretary).post(f"/units/{world.cell_a.pk}/people/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Phóng viên" in page  # what was typed is kept
    assert "trước ngày vào Đảng" in page
    assert Person.objects.count() == 2


def test_duplicate_card_number_is_refused(world, login):
    Person.objects.filter(pk=world.person_a.pk).update(party_card_number="01234567")
    response = login(world.secretary).post(f"/units/{world.cell_a.pk}/people/new/", VALID)
    assert response.status_code == 200
    assert "số thẻ đảng viên này" in response.content.decode()


def test_edit_is_recorded_in_the_history(world, login):
    client = login(world.secretary)
    data = dict(VALID, full_name="Nguyễn Văn Quang", party_card_number="", job_title="Trưởng ban")
    response = client.post(f"/people/{world.person_a.pk}/edit/", data)
    assert response.status_code == 302
    page = client.get(f"/people/{world.person_a.pk}/").content.decode()
    assert "Trưởng ban" in page
    assert "bithu" in page  # who made the change


def test_inspector_cannot_edit(world, login):
    response = login(world.inspector).post(f"/people/{world.person_a.pk}/edit/", VALID)
    assert response.status_code == 403
    world.person_a.refresh_from_db()
    assert world.person_a.full_name == "Nguyễn Văn Quang"


def test_transfer_keeps_the_old_unit_in_history(world, login):
    client = login(world.office)
    response = client.post(
        f"/people/{world.person_a.pk}/transfer/",
        {"unit": "CBB", "effective_on": "01/03/2024", "reason": "Điều động công tác"},
    )
    assert response.status_code == 302
    world.person_a.refresh_from_db()
    assert world.person_a.unit_id == world.cell_b.pk
    assert world.person_a.unit_since == dt.date(2024, 3, 1)
    page = client.get(f"/people/{world.person_a.pk}/").content.decode()
    assert "Chi bộ A" in page and "Điều động công tác" in page


def test_secretary_cannot_transfer_out_of_their_scope(world, login):
    response = login(world.secretary).post(
        f"/people/{world.person_a.pk}/transfer/", {"unit": "CBB", "effective_on": "01/03/2024"}
    )
    assert response.status_code == 200  # CBB is not offered: a form error, nothing changes
    world.person_a.refresh_from_db()
    assert world.person_a.unit_id == world.cell_a.pk


def test_leaving_removes_from_lists_but_keeps_the_record(world, login):
    client = login(world.secretary)
    response = client.post(
        f"/people/{world.person_a.pk}/leave/",
        {"left_on": "01/06/2024", "reason": "Chuyển sinh hoạt đảng ra ngoài"},
    )
    assert response.status_code == 302
    names = [p.full_name for p in client.get(f"/units/{world.cell_a.pk}/").context["page"]]
    assert "Nguyễn Văn Quang" not in names
    left = client.get("/people/?left=1").context["page"]
    assert [p.full_name for p in left] == ["Nguyễn Văn Quang"]


@pytest.mark.parametrize(
    "left_on, message",
    [
        ("01/01/2000", "không thể trước ngày người này bắt đầu sinh hoạt"),
        ("01/06/2021", "trước ngày 01/10/2021, ngày người này nhận chức vụ đang giữ"),
    ],
)
def test_a_departure_before_joining_or_before_an_office_held_is_refused(
    world, login, left_on, message
):
    """The fuzz test's find: a departure dated before the start of an office the person held
    ended that office before it began, and the database's check answered 500."""
    PositionFactory(person=world.person_a, unit=world.cell_a, started_on=dt.date(2021, 10, 1))
    response = login(world.secretary).post(
        f"/people/{world.person_a.pk}/leave/", {"left_on": left_on, "reason": "Chuyển đi"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    world.person_a.refresh_from_db()
    assert world.person_a.left_on is None
    assert Position.objects.get().ended_on is None


def test_assign_and_end_an_office(world, login):
    client = login(world.office)
    response = client.post(
        f"/people/{world.person_a.pk}/positions/new/",
        {"unit": world.cell_a.pk, "title": "secretary", "started_on": "01/10/2020"},
    )
    assert response.status_code == 302
    unit_page = client.get(f"/units/{world.cell_a.pk}/")
    assert [p.person.full_name for p in unit_page.context["positions"]] == ["Nguyễn Văn Quang"]
    position = Position.objects.get()
    response = client.post(f"/positions/{position.pk}/end/", {"ended_on": "01/01/2021"})
    assert response.status_code == 302
    assert client.get(f"/units/{world.cell_a.pk}/").context["positions"] == []


def test_office_in_a_unit_outside_the_persons_line_is_refused(world, login):
    response = login(world.office).post(
        f"/people/{world.person_a.pk}/positions/new/",
        {"unit": world.cell_b.pk, "title": "secretary"},
    )
    assert response.status_code == 200
    assert not Position.objects.exists()


def test_search_ignores_accents_and_case(world, login):
    client = login(world.office)
    for query in ["nguyen van quang", "NGUYỄN VĂN QUANG", "quang"]:
        people = client.get("/search/", {"q": query}).context["people"]
        assert [p.full_name for p in people] == ["Nguyễn Văn Quang"], query
    units = client.get("/search/", {"q": "chi bo a"}).context["units"]
    assert [u.code for u in units] == ["CBA"]


def test_search_finds_dinh_with_d(world, login):
    from tests.factories import PersonFactory

    PersonFactory(unit=world.cell_a, full_name="Đinh Thị Hoa")
    people = login(world.office).get("/search/", {"q": "dinh"}).context["people"]
    assert [p.full_name for p in people] == ["Đinh Thị Hoa"]


def test_search_stays_in_scope(world, login):
    people = login(world.other_secretary).get("/search/", {"q": "quang"}).context["people"]
    assert people == []
    own = login(world.member).get("/search/", {"q": "nguyen"}).context["people"]
    assert [p.pk for p in own] == [world.person_a.pk]


def test_search_by_card_number(world, login):
    Person.objects.filter(pk=world.person_b.pk).update(party_card_number="00123456")
    people = login(world.office).get("/search/", {"q": "0012"}).context["people"]
    assert [p.pk for p in people] == [world.person_b.pk]


def test_person_page_queries_do_not_grow_with_history(world, login, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.office)
    url = f"/people/{world.person_a.pk}/"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(40):
        world.person_a.job_title = f"Chức vụ {i}"
        world.person_a.unit = world.group_a if i % 2 else world.cell_a
        world.person_a.save()
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)
    assert len(page.context["changes"]) == 30


def test_history_speaks_vietnamese(world, login):
    client = login(world.office)
    client.post(
        f"/people/{world.person_a.pk}/transfer/", {"unit": "CBB", "effective_on": "01/03/2024"}
    )
    data = dict(
        VALID,
        full_name="Nguyễn Văn Quang",
        party_card_number="",
        party_status="probationary",
        official_on="",
    )
    client.post(f"/people/{world.person_a.pk}/edit/", data)
    page = client.get(f"/people/{world.person_a.pk}/").content.decode()
    assert "Đơn vị: Chi bộ A → Chi bộ B" in page
    assert "Đối tượng: Đảng viên chính thức → Đảng viên dự bị" in page
