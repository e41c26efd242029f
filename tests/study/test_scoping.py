"""Who sees which rows of a session: the roll, invitations, excuses and materials are scoped
by their own declarations, not only by whether the session is visible."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lamtheo.study import services
from lamtheo.study.models import (
    Attendance,
    AudienceUnit,
    Excuse,
    Invitation,
    Material,
    StudySession,
)
from tests.factories import PersonFactory, UserFactory


@pytest.fixture
def neighbour(world):
    """A second member of cell A with an account, invited with the member to `published`."""
    return PersonFactory(unit=world.cell_a, full_name="Lê Thị Hoa", user=UserFactory())


@pytest.fixture
def roll(world, neighbour, published):
    for person in (world.person_a, neighbour, world.person_b):
        services.record_attendance(
            session=published, person=person, status="present", method="manual"
        )
    return published


def _people(queryset):
    return set(queryset.values_list("person_id", flat=True))


def test_a_member_sees_their_own_attendance_not_their_neighbours(world, neighbour, roll):
    """Invited to the same committee session, a member sees their own row only."""
    assert _people(Attendance.objects.visible_to(world.member)) == {world.person_a.pk}
    assert _people(Attendance.objects.visible_to(neighbour.user)) == {neighbour.pk}
    assert _people(Invitation.objects.visible_to(world.member)) == {world.person_a.pk}
    # They still see the session itself.
    assert StudySession.objects.visible_to(world.member).filter(pk=roll.pk).exists()


def test_a_secretary_sees_their_cells_rows_at_a_session_hosted_above(world, neighbour, roll):
    mine = {world.person_a.pk, neighbour.pk}
    assert _people(Attendance.objects.visible_to(world.secretary)) == mine
    assert _people(Attendance.objects.visible_to(world.secretary, "attendance.record")) == mine
    assert _people(Invitation.objects.visible_to(world.secretary)) == mine
    assert _people(Attendance.objects.visible_to(world.other_secretary)) == {world.person_b.pk}
    # The host sees the whole roll; the inspector sees it, without recording.
    everyone = {world.person_a.pk, neighbour.pk, world.person_b.pk}
    assert _people(Attendance.objects.visible_to(world.office, "attendance.record")) == everyone
    assert _people(Attendance.objects.visible_to(world.inspector)) == everyone
    assert not Attendance.objects.visible_to(world.inspector, "attendance.record").exists()
    assert not Attendance.objects.visible_to(None).exists()


def test_excuses_are_seen_by_the_person_their_secretary_and_the_host(world, neighbour, roll):
    services.excuse_request(by=world.member, session=roll, person=world.person_a, reason="Ốm")
    for user, sees in [
        (world.member, True),
        (neighbour.user, False),
        (world.secretary, True),
        (world.other_secretary, False),
        (world.office, True),
        (None, False),
    ]:
        assert Excuse.objects.visible_to(user).exists() is sees, user


def test_a_draft_sessions_children_stay_inside(world):
    start = timezone.now() + dt.timedelta(days=3)
    draft = services.session_create(
        by=world.secretary,
        unit=world.cell_a,
        title="Sinh hoạt chi bộ A",
        kind="cell_meeting",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    services.audience_set(by=world.secretary, session=draft, units=[world.cell_a])
    services.material_add(
        by=world.secretary, session=draft, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n")
    )
    for model in (Material, AudienceUnit):
        assert model.objects.visible_to(world.secretary).count() == 1, model
        assert model.objects.visible_to(world.office).count() == 1, model
        assert not model.objects.visible_to(world.other_secretary).exists(), model
        assert not model.objects.visible_to(world.member).exists(), model
        assert not model.objects.visible_to(world.secretary, "program.change").exists(), model
