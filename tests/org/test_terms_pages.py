"""Dissolving a unit and a new term of office, through their pages: the preview writes
nothing, the confirmation makes the change, the undo works only before the effective day,
and the history stays."""

from __future__ import annotations

import datetime as dt

from lamtheo.org.models import Position, Unit, UnitPeriod
from tests.factories import PersonFactory, UnitFactory

FUTURE = dt.date(2030, 1, 1)
DAY = FUTURE.strftime("%d/%m/%Y")


def test_a_unit_with_people_is_not_dissolved_and_the_page_says_what_to_do(world, login):
    client = login(world.office)
    response = client.post(f"/units/{world.cell_a.pk}/dissolve/", {"on": DAY})
    assert response.status_code == 200
    assert "Hãy chuyển" in response.content.decode() or "chuyển" in response.content.decode()
    response = client.post(f"/units/{world.cell_a.pk}/dissolve/", {"on": DAY, "confirm": "1"})
    assert response.status_code == 200 and Unit.objects.get(pk=world.cell_a.pk).is_active


def test_dissolve_preview_confirm_and_undo_before_the_day(world, login):
    empty = UnitFactory(parent=world.committee, code="CBE", name="Chi bộ trống")
    secretary = PersonFactory(unit=world.cell_b)
    Position.objects.create(person=secretary, unit=empty, title="secretary")
    client = login(world.office)
    assert client.get(f"/units/{empty.pk}/dissolve/").status_code == 200
    preview = client.post(f"/units/{empty.pk}/dissolve/", {"on": DAY})
    assert preview.context["preview"].offices == 1 and Unit.objects.get(pk=empty.pk).is_active
    done = client.post(f"/units/{empty.pk}/dissolve/", {"on": DAY, "confirm": "1"})
    assert done.status_code == 302
    unit = Unit.objects.get(pk=empty.pk)
    assert unit.closed_on == FUTURE
    assert UnitPeriod.objects.get(unit=unit).valid_to == FUTURE  # in the tree until then
    assert Position.objects.get(unit=unit).ended_on == FUTURE
    page = client.get(f"/units/{empty.pk}/dissolve/").content.decode()
    assert "dissolve/undo/" in page
    assert client.post(f"/units/{empty.pk}/dissolve/undo/").status_code == 302
    unit = Unit.objects.get(pk=empty.pk)
    assert unit.is_active and Position.objects.get(unit=unit).ended_on is None
    assert UnitPeriod.objects.get(unit=unit).valid_to == dt.date(9999, 12, 31)


def test_a_dissolution_that_took_effect_cannot_be_undone(world, login):
    empty = UnitFactory(parent=world.committee, code="CBE", name="Chi bộ trống")
    Unit.objects.filter(pk=empty.pk).update(closed_on=dt.date(2024, 1, 1))
    response = login(world.office).post(f"/units/{empty.pk}/dissolve/undo/", follow=True)
    assert "không thể hoàn tác" in response.content.decode().lower() or (
        "01/01/2024" in response.content.decode()
    )
    assert Unit.objects.get(pk=empty.pk).closed_on == dt.date(2024, 1, 1)


def test_new_term_preview_confirm_and_undo(world, login):
    old = Position.objects.create(
        person=world.person_a, unit=world.cell_a, title="secretary", started_on=dt.date(2020, 1, 1)
    )
    new_secretary = PersonFactory(unit=world.cell_a, code="NV02")
    member = PersonFactory(unit=world.cell_a, party_card_number="12345678")
    client = login(world.office)
    data = {"starts_on": DAY, "secretary": "NV02", "members": "12345678"}
    preview = client.post(f"/units/{world.cell_a.pk}/new-term/", data)
    assert preview.status_code == 200
    assert [p.pk for p in preview.context["preview"].ending] == [old.pk]
    assert Position.objects.filter(unit=world.cell_a).count() == 1  # nothing written
    done = client.post(f"/units/{world.cell_a.pk}/new-term/", {**data, "confirm": "1"})
    assert done.status_code == 302
    old.refresh_from_db()
    assert old.ended_on == FUTURE - dt.timedelta(days=1)
    made = {(p.person_id, p.title) for p in Position.objects.filter(started_on=FUTURE)}
    assert made == {(new_secretary.pk, "secretary"), (member.pk, "committee_member")}
    page = client.get(f"/units/{world.cell_a.pk}/new-term/").content.decode()
    assert "new-term/undo/" in page
    client.post(f"/units/{world.cell_a.pk}/new-term/undo/", {"starts_on": DAY})
    old.refresh_from_db()
    assert old.ended_on is None and not Position.objects.filter(started_on=FUTURE).exists()


def test_new_term_refuses_strangers_and_names_nobody_twice(world, login):
    client = login(world.office)
    response = client.post(
        f"/units/{world.cell_a.pk}/new-term/",
        {"starts_on": DAY, "secretary": "KHONGCO", "confirm": "1"},
    )
    assert response.status_code == 200 and "KHONGCO" in response.content.decode()
    stranger = PersonFactory(unit=world.cell_b, code="NGOAI")
    response = client.post(
        f"/units/{world.cell_a.pk}/new-term/",
        {"starts_on": DAY, "secretary": stranger.code, "confirm": "1"},
    )
    assert response.status_code == 200 and "NGOAI" in response.content.decode()
    assert not Position.objects.exists()
