"""Roles from the pages: granting and ending inside one's subtree, the log of changes, roles
that follow office."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lamtheo.accounts.models import Grant
from lamtheo.accounts.scoping import scope_of
from lamtheo.org import roles, services
from tests.factories import PersonFactory, UserFactory


@pytest.fixture
def hoa(world):
    """A member of group A1 with an account and no role."""
    user = UserFactory(username="hoalt")
    PersonFactory(unit=world.group_a, full_name="Lê Thị Hoa", user=user)
    return user


def test_office_grants_and_ends_a_role_from_the_page(world, hoa, client, login):
    client = login(world.office)
    response = client.post(
        f"/units/{world.group_a.pk}/roles/", {"username": "HOALT", "role": "secretary"}
    )
    assert response.status_code == 302
    grant = Grant.objects.get(user=hoa)
    assert (grant.unit, grant.role, grant.granted_by) == (world.group_a, "secretary", world.office)
    page = client.get(f"/units/{world.cell_a.pk}/roles/").content.decode()
    assert "hoalt" in page and "Lê Thị Hoa" in page and "vanphong" in page
    assert client.post(f"/grants/{grant.pk}/end/").status_code == 302
    assert not Grant.objects.filter(user=hoa).exists()
    # The log keeps both changes, with who made them.
    log = list(Grant.history.filter(user_id=hoa.pk).order_by("history_date"))
    assert [h.history_type for h in log] == ["+", "-"]
    assert log[1].history_user == world.office


def test_grants_outside_the_subtree_are_refused(world, hoa):
    other = UserFactory(username="bnguoi")
    PersonFactory(unit=world.cell_b, full_name="Bùi Văn Người", user=other)
    # The secretary of cell A may not grant at all; the office may not grant to a stranger.
    with pytest.raises(ValidationError, match="ngoài phạm vi"):
        roles.grant_role(by=world.secretary, unit=world.cell_a, username="hoalt", role="office")
    with pytest.raises(ValidationError, match="Không có tài khoản"):
        roles.grant_role(by=world.office, unit=world.cell_a, username="khongco", role="inspector")
    with pytest.raises(ValidationError, match="Không thể cấp"):
        roles.grant_role(by=world.office, unit=world.cell_a, username="hoalt", role="admin")
    roles.grant_role(by=world.office, unit=world.cell_a, username="hoalt", role="inspector")
    with pytest.raises(ValidationError, match="đã giữ vai trò này"):
        roles.grant_role(by=world.office, unit=world.cell_a, username="hoalt", role="inspector")
    assert Grant.objects.filter(user=hoa).count() == 1


def test_bad_grant_form_shows_the_reason(world, client, login):
    page = login(world.office).post(
        f"/units/{world.cell_a.pk}/roles/", {"username": "khongco", "role": "secretary"}
    )
    assert page.status_code == 200
    assert "Không có tài khoản “khongco”" in page.content.decode()


def test_nobody_ends_their_own_role(world, client, login):
    own = Grant.objects.get(user=world.office)
    response = login(world.office).post(f"/grants/{own.pk}/end/", follow=True)
    assert "không thể tự chấm dứt vai trò" in response.content.decode()
    assert Grant.objects.filter(pk=own.pk).exists()


def test_the_secretary_cannot_end_the_office_role(world, client, login):
    own = Grant.objects.get(user=world.office)
    assert login(world.secretary).post(f"/grants/{own.pk}/end/").status_code == 404


def test_role_follows_office_for_the_term(world, hoa):
    hoa_person = hoa.person
    position = services.position_create(
        by=world.office, unit=world.group_a, person=hoa_person, title="secretary"
    )
    grant = Grant.objects.get(user=hoa)
    assert (grant.unit, grant.role, grant.position) == (world.group_a, "secretary", position)
    services.position_end(by=world.office, position=position, ended_on=dt.date.today())
    assert not Grant.objects.filter(user=hoa).exists()


def test_leaving_ends_the_role_of_the_office(world, hoa):
    services.position_create(
        by=world.office, unit=world.cell_a, person=hoa.person, title="deputy_secretary"
    )
    assert scope_of(hoa).can("session.change", world.cell_a.path)
    services.person_leave(
        by=world.office, person=hoa.person, left_on=dt.date.today(), reason="Chuyển công tác"
    )
    assert not Grant.objects.filter(user=hoa).exists()


def test_the_setting_turns_it_off_for_a_subtree(world, hoa, client, login):
    client = login(world.office)
    client.post(f"/units/{world.committee.pk}/roles/follow-office/", {"follow_office": "0"})
    assert not roles.follows_office(world.group_a)
    services.position_create(
        by=world.office, unit=world.group_a, person=hoa.person, title="secretary"
    )
    assert not Grant.objects.filter(user=hoa).exists()
    # A closer setting wins.
    roles.set_follow_office(by=world.office, unit=world.cell_a, on=True)
    assert roles.follows_office(world.group_a) and not roles.follows_office(world.cell_b)


def test_roles_page_runs_a_fixed_number_of_queries(
    world, hoa, client, login, django_assert_num_queries
):
    client = login(world.office)
    for n in range(3):
        user = UserFactory(username=f"u{n}")
        PersonFactory(unit=world.cell_a, user=user)
        Grant.objects.create(user=user, unit=world.cell_a, role="inspector")
    with django_assert_num_queries(7):
        client.get(f"/units/{world.committee.pk}/roles/")
    Grant.objects.create(user=hoa, unit=world.group_a, role="inspector", granted_by=world.office)
    with django_assert_num_queries(7):
        client.get(f"/units/{world.committee.pk}/roles/")
