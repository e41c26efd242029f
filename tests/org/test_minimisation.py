"""Minimisation by role (org.privacy): card numbers, phones, emails and birth dates in full only
for those whose work needs them, masked on pages and left out of exports for the others."""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheo.org import services
from lamtheo.org.privacy import Reader
from tests.factories import GrantFactory, PersonFactory, UserFactory

CARD, PHONE, EMAIL = "093012345678", "0912345678", "quang@example.vn"


@pytest.fixture
def record(world):
    person = world.person_a
    person.party_card_number, person.phone, person.email = CARD, PHONE, EMAIL
    person.birth_date = dt.date(1985, 3, 14)
    person.save()
    return person


@pytest.fixture
def committee_secretary(world):
    user = UserFactory(username="bithu_dangbo")
    GrantFactory(user=user, unit=world.committee, role="secretary")
    return user


FULL = [CARD, PHONE, EMAIL, "14/03/1985"]
MASKED = ["••••••••••78", "••••••••78", "q•••@example.vn", "••/••/1985"]


@pytest.mark.parametrize(
    "role,full",
    [
        ("member", True),
        ("secretary", True),
        ("office", True),
        ("admin", True),
        ("inspector", False),
    ],
)
def test_person_page_by_role(world, login, record, role, full):
    page = login(getattr(world, role)).get(f"/people/{record.pk}/").content.decode()
    shown, hidden = (FULL, MASKED) if full else (MASKED, FULL)
    for text in shown:
        assert text in page, (role, text)
    for text in hidden:
        assert text not in page, (role, text)


def test_a_secretary_outside_their_own_unit_sees_masked_values(
    world, login, record, committee_secretary
):
    page = login(committee_secretary).get(f"/people/{record.pk}/").content.decode()
    assert all(text in page for text in MASKED)
    assert not any(text in page for text in FULL)


def test_a_cell_secretary_sees_their_party_groups_in_full(world, login):
    person = PersonFactory(unit=world.group_a, phone="0987654321")
    page = login(world.secretary).get(f"/people/{person.pk}/").content.decode()
    assert "0987654321" in page


def test_change_history_is_masked_too(world, login, record):
    services.person_update(
        by=world.office, person=record, **{"phone": "0911111122", "full_name": record.full_name}
    )
    inspector = login(world.inspector).get(f"/people/{record.pk}/").content.decode()
    assert "0911111122" not in inspector and PHONE not in inspector
    assert "••••••••22" in inspector
    office = login(world.office).get(f"/people/{record.pk}/").content.decode()
    assert f"{PHONE} → 0911111122" in office


def test_lists_and_search_mask_birth_dates(world, login, record):
    for url in ("/people/", f"/units/{world.cell_a.pk}/", "/search/?q=Quang"):
        inspector = login(world.inspector).get(url).content.decode()
        assert "••/••/1985" in inspector and "14/03/1985" not in inspector, url
        office = login(world.office).get(url).content.decode()
        assert "14/03/1985" in office, url


def test_search_by_digits_only_where_the_reader_sees_them(
    world, login, record, committee_secretary
):
    for user, found in [
        (world.office, True),
        (world.secretary, True),
        (world.inspector, False),
        (committee_secretary, False),
    ]:
        for digits in (CARD[:6], PHONE[-6:]):
            page = login(user).get(f"/people/?q={digits}").content.decode()
            assert (record.full_name in page) is found, (user.username, digits)


def test_export_columns_follow_the_same_rule(world, committee_secretary):
    cell_a = [(world.cell_a.path, world.cell_a.kind)]
    names = ["full_name", "phone", "email"]
    assert Reader(world.secretary).export_columns(cell_a, names) == names
    assert Reader(committee_secretary).export_columns(cell_a, names) == ["full_name"]
    assert Reader(world.inspector).export_columns(cell_a, names) == ["full_name"]
    assert Reader(world.office).export_value(world.person_b, "phone") == world.person_b.phone
    assert Reader(world.secretary).export_value(world.person_b, "phone") == ""
