"""Who did what when in a round (RoundEvent, NominationEvent: written by the services in their
transaction, shown on the round page, scoped like the nominations), and the nomination page's
name search (scoped to the user's units under the committee, a fixed number of queries)."""

from __future__ import annotations

import pytest

from lamtheo.awards import services
from lamtheo.awards.models import Award, Nomination, NominationEvent, RoundEvent
from lamtheo.core.workflow import AuditRowError
from tests.awards.conftest import D
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def actions(rows):
    return [(e.action, e.actor.username if e.actor else None) for e in rows]


def test_every_step_of_a_round_is_recorded(world, decided):
    round_ = decided.round
    assert actions(RoundEvent.objects.filter(round=round_)) == [
        ("opened", "vanphong"),
        ("council", "vanphong"),
        ("voted", "vanphong"),
        ("reviewed", "vanphong"),
        ("submitted", "vanphong"),
        ("signed", "vanphong"),
    ]
    signed = RoundEvent.objects.get(round=round_, action="signed")
    assert (signed.from_state, signed.to_state, signed.reason) == (
        "reviewed",
        "decided",
        "01-QĐ/ĐUK",
    )
    person = Nomination.objects.get(round=round_, person=world.person_a)
    assert actions(person.events.all()) == [("nominated", "bithu"), ("approved", "vanphong")]
    award = Award.objects.get(nomination=person)
    services.revoke(by=world.office, award=award, on=D(2023, 6, 1), reason="Sai thành tích")
    last = person.events.last()
    assert last.action == "revoked" and "Sai thành tích" in last.reason
    with pytest.raises(AuditRowError):
        last.delete()


def test_withdrawn_then_nominated_again_keeps_its_history(world, round_):
    made = services.nominate(
        by=world.secretary, round_=round_, form="merit", person=world.person_a, achievement="x"
    )
    services.withdraw(by=world.secretary, nomination=made)
    again = services.nominate(
        by=world.secretary, round_=round_, form="merit", person=world.person_a, achievement="y"
    )
    assert again.pk == made.pk and again.achievement == "y"
    assert [e.action for e in again.events.all()] == ["nominated", "withdrawn", "nominated"]
    assert [(e.from_state, e.to_state) for e in again.events.all()][1:] == [
        ("nominated", "withdrawn"),
        ("withdrawn", "nominated"),
    ]


def test_a_refused_step_records_nothing(world, round_):
    before = NominationEvent.objects.count(), RoundEvent.objects.count()
    with pytest.raises(Exception):  # noqa: B017  (the refusal itself is tested in test_rules)
        services.nominate(
            by=world.secretary, round_=round_, form="merit", person=world.person_a, achievement=""
        )
    assert (NominationEvent.objects.count(), RoundEvent.objects.count()) == before


def test_round_page_shows_the_history_in_scope(client, login, world, decided):
    page = login(world.office).get(f"/awards/rounds/{decided.round_id}/").text
    assert "Lịch sử của đợt" in page and "Ký quyết định" in page
    assert "Nguyễn Văn Quang" in page and "Chi bộ B" in page
    # Cell B's secretary sees the round's steps and cell B's nomination, not cell A's person.
    page = login(world.other_secretary).get(f"/awards/rounds/{decided.round_id}/").text
    assert "Ký quyết định" in page and "Chi bộ B" in page
    assert "Nguyễn Văn Quang" not in page


def test_name_search_finds_only_people_the_user_may_nominate(client, login, world, round_):
    url = f"/awards/rounds/{round_.pk}/nominate/"
    office = login(world.office)
    found = office.get(url, {"name": "nguyen van quang"}, headers=HTMX)
    assert found.status_code == 200 and "Nguyễn Văn Quang" in found.text
    assert f"?person={world.person_a.pk}" in found.text
    assert "<html" not in found.text  # the partial alone
    assert "Trần Thị Ánh" in office.get(url, {"name": "Ánh"}, headers=HTMX).text
    # Cell B's secretary finds cell B's people, not cell A's.
    other = login(world.other_secretary)
    assert "Nguyễn Văn Quang" not in other.get(url, {"name": "Quang"}, headers=HTMX).text
    assert "Trần Thị Ánh" in other.get(url, {"name": "tran thi anh"}, headers=HTMX).text
    # Without htmx the same search is part of the page.
    page = login(world.secretary).get(url, {"name": "Quang"})
    assert "<html" in page.text and "Nguyễn Văn Quang" in page.text


@pytest.mark.parametrize("people", [1, 25])
def test_name_search_queries_do_not_grow(
    client, login, world, round_, people, django_assert_max_num_queries
):
    for i in range(people):
        PersonFactory(unit=world.cell_a, full_name=f"Lê Văn Tìm {i}")
    office = login(world.office)
    with django_assert_max_num_queries(8):
        found = office.get(f"/awards/rounds/{round_.pk}/nominate/", {"name": "Tìm"}, headers=HTMX)
    assert found.text.count("?person=") == min(people, 20)
    assert ("Hãy gõ thêm" in found.text) == (people > 20)


def test_nominate_a_person_chosen_from_the_search(client, login, world, round_):
    url = f"/awards/rounds/{round_.pk}/nominate/"
    secretary = login(world.secretary)
    page = secretary.get(url, {"person": world.person_a.pk})
    assert "Nguyễn Văn Quang" in page.text and 'name="person_id"' in page.text
    response = secretary.post(
        url, {"form": "merit", "person_id": world.person_a.pk, "achievement": "Xuất sắc"}
    )
    assert response.status_code == 302
    assert Nomination.objects.get(round=round_).person == world.person_a


def test_a_person_outside_ones_units_is_refused(client, login, world, round_):
    url = f"/awards/rounds/{round_.pk}/nominate/"
    response = login(world.other_secretary).post(
        url, {"form": "merit", "person_id": world.person_a.pk, "achievement": "x"}
    )
    assert response.status_code == 200
    assert "Bạn không thể đề nghị khen thưởng người này" in response.text
    assert not Nomination.objects.exists()
    both = login(world.office).post(
        url,
        {
            "form": "merit",
            "person_id": world.person_a.pk,
            "unit": world.cell_b.pk,
            "achievement": "x",
        },
    )
    assert both.status_code == 200 and not Nomination.objects.exists()
