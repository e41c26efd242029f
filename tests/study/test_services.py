"""Planning, publishing, roll call, excuses and self-study through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lamtheo.study import services
from lamtheo.study.models import Attendance, Invitation
from tests.factories import PersonFactory


def test_publishing_stores_the_audience_as_it_is(world, session):
    services.session_publish(by=world.office, session=session)
    invited = set(Invitation.objects.filter(session=session).values_list("person_id", flat=True))
    assert invited == {world.person_a.pk, world.person_b.pk}
    # Someone who joins later is not invited retroactively.
    PersonFactory(unit=world.cell_a)
    assert Invitation.objects.filter(session=session).count() == 2


def test_members_only_audience(world, session):
    PersonFactory(unit=world.cell_a, party_status="mass")
    services.audience_set(by=world.office, session=session, units=[world.cell_a], members_only=True)
    services.session_publish(by=world.office, session=session)
    assert list(Invitation.objects.values_list("person_id", flat=True)) == [world.person_a.pk]


def test_only_hosts_plan_sessions(world, session):
    with pytest.raises(PermissionDenied):
        services.session_publish(by=world.secretary, session=session)
    with pytest.raises(PermissionDenied):
        services.session_create(
            by=world.inspector,
            unit=world.committee,
            title="X",
            kind="other",
            starts_at=timezone.now(),
            ends_at=timezone.now() + dt.timedelta(hours=1),
        )


def test_a_cell_secretary_holds_the_cell_meeting(world):
    start = timezone.now()
    meeting = services.session_create(
        by=world.secretary,
        unit=world.cell_a,
        title="Sinh hoạt chi bộ tháng 11",
        kind="cell_meeting",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    services.audience_set(by=world.secretary, session=meeting, units=[world.cell_a])
    services.session_publish(by=world.secretary, session=meeting)
    changed = services.roll_call(
        by=world.secretary, session=meeting, marks={world.person_a.pk: "present"}
    )
    assert changed == 1
    assert Attendance.objects.get().method == "roll_call"


def test_roll_call_refuses_people_not_invited(world, published):
    with pytest.raises(ValidationError):
        services.roll_call(by=world.office, session=published, marks={999999: "present"})


def test_excuse_before_the_session_then_approved(world, published):
    excuse = services.excuse_request(
        by=world.member, session=published, person=world.person_a, reason="Đi công tác"
    )
    with pytest.raises(PermissionDenied):
        services.excuse_decide(by=world.other_secretary, excuse=excuse, approve=True)
    services.excuse_decide(by=world.secretary, excuse=excuse, approve=True)
    assert Attendance.objects.get(person=world.person_a).status == "excused"


def test_excuse_after_the_start_is_refused(world, published):
    published.starts_at = timezone.now() - dt.timedelta(minutes=5)
    published.save()
    with pytest.raises(ValidationError):
        services.excuse_request(
            by=world.member, session=published, person=world.person_a, reason="Muộn"
        )


def test_second_record_finds_the_first(world, published):
    first, created = services.record_attendance(
        session=published, person=world.person_a, status="present", method="qr"
    )
    again, created_again = services.record_attendance(
        session=published, person=world.person_a, status="present", method="qr"
    )
    assert created and not created_again and first.pk == again.pk
    assert Attendance.objects.count() == 1


def test_self_study_by_the_member(world):
    record = services.self_study_record(
        by=world.member,
        person=world.person_a,
        studied_on=timezone.localdate(),
        material="Tài liệu chuyên đề năm 2026",
        minutes=45,
    )
    assert record.unit_id == world.cell_a.pk
    with pytest.raises(PermissionDenied):
        services.self_study_record(
            by=world.member,
            person=world.person_b,
            studied_on=timezone.localdate(),
            material="x",
        )


def test_invitations_go_to_the_point_of_the_deepest_unit_above_them(world, published):
    services.points_set(
        by=world.office,
        session=published,
        points=[("Hội trường Khối", world.committee), ("Chi bộ A", world.cell_a), ("Online", None)],
    )

    def placed():
        return dict(
            Invitation.objects.filter(session=published).values_list("unit__code", "point__name")
        )

    at = placed()
    assert at[world.cell_a.code] == "Chi bộ A"
    assert at[world.cell_b.code] == "Hội trường Khối"
    services.points_set(
        by=world.office, session=published, points=[("Hội trường Khối", world.committee)]
    )
    assert set(placed().values()) == {"Hội trường Khối"}
    services.points_set(by=world.office, session=published, points=[])
    assert set(placed().values()) == {None}
