"""The workflow kit: every state change of every workflow leaves one event row (actor, time,
from, to, reason), a stale page is refused with the kit's CONFLICT, and event rows are never
deleted."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from lamtheo.core.workflow import CONFLICT, AuditRowError, lock, transition
from lamtheo.exemplars.models import Campaign, Exemplar, ExemplarEvent
from lamtheo.exemplars.services import campaigns
from lamtheo.study import services as study
from lamtheo.study.models import StudySession
from tests.exemplars.test_campaigns import campaign  # noqa: F401 - fixture
from tests.exemplars.test_exemplar_services import new_model
from tests.programs.conftest import program  # noqa: F401 - fixture
from tests.study.conftest import session  # noqa: F401 - fixture


def _steps(row):
    return list(
        row.events.order_by("at", "pk").values_list(
            "action", "from_state", "to_state", "actor__username"
        )
    )


def test_publishing_and_cancelling_a_session_are_recorded(world, session):  # noqa: F811
    study.session_publish(by=world.office, session=session)
    study.session_cancel(by=world.office, session=session)
    assert _steps(session) == [
        ("published", "draft", "published", "vanphong"),
        ("cancelled", "published", "cancelled", "vanphong"),
    ]
    # A refused change writes nothing.
    with pytest.raises(ValidationError):
        study.session_publish(by=world.office, session=session)
    assert session.events.count() == 2


def test_opening_and_closing_a_campaign_are_recorded(world, campaign):  # noqa: F811
    campaigns.campaign_close(by=world.office, campaign=campaign)
    assert _steps(campaign) == [
        ("opened", "draft", "open", "vanphong"),
        ("closed", "open", "closed", "vanphong"),
    ]
    with pytest.raises(ValidationError, match="Chỉ tổng kết được phong trào"):
        campaigns.campaign_close(by=world.office, campaign=campaign)
    assert Campaign.objects.get(pk=campaign.pk).events.count() == 2


def test_exemplar_events_carry_from_and_to(world):
    from lamtheo.exemplars.services.exemplars import exemplar_propose, exemplar_return

    exemplar = new_model(world)
    exemplar = exemplar_propose(by=world.secretary, exemplar=exemplar, version=1)
    exemplar_return(by=world.office, exemplar=exemplar, version=2, reason="Bổ sung số liệu")
    assert _steps(exemplar) == [
        ("created", "", "draft", "bithu"),
        ("proposed", "draft", "proposed", "bithu"),
        ("returned", "proposed", "returned", "vanphong"),
    ]
    assert exemplar.events.last().reason == "Bổ sung số liệu"


def test_transition_refuses_a_stale_version_and_a_wrong_state(world):
    exemplar = new_model(world)
    with pytest.raises(ValidationError) as refused:
        transition(
            Exemplar.objects,
            pk=exemplar.pk,
            by=world.secretary,
            to="proposed",
            action="proposed",
            allowed_from=("draft",),
            version=exemplar.version + 1,
        )
    assert refused.value.code == CONFLICT
    with pytest.raises(ValidationError, match="trạng thái hiện tại") as refused:
        transition(
            Exemplar.objects,
            pk=exemplar.pk,
            by=world.secretary,
            to="published",
            action="published",
            allowed_from=("recognised",),
            version=exemplar.version,
        )
    assert refused.value.code != CONFLICT
    assert exemplar.events.count() == 1


def test_event_rows_are_never_deleted(world):
    exemplar = new_model(world)
    event = exemplar.events.get()
    with pytest.raises(AuditRowError):
        event.delete()
    with pytest.raises(AuditRowError):
        ExemplarEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AuditRowError):
        exemplar.events.all().delete()
    assert ExemplarEvent.objects.filter(pk=event.pk).exists()


def test_lock_needs_a_transaction_and_remembers_the_state(world, session):  # noqa: F811
    from django.db import transaction

    with transaction.atomic():
        row = lock(StudySession.objects, pk=session.pk)
        assert row._state_at_lock == "draft"


def test_moving_a_programme_year_on_is_recorded(world, program):  # noqa: F811
    from lamtheo.programs import services as programs
    from tests.programs.conftest import WINDOWS

    year = programs.year_create(by=world.office, program=program, year=2026, **WINDOWS)
    for _step in range(3):
        year = programs.year_advance(by=world.office, year=year)
    assert _steps(year) == [
        ("opened", "draft", "open", "vanphong"),
        ("evaluation_opened", "open", "evaluating", "vanphong"),
        ("closed", "evaluating", "closed", "vanphong"),
    ]
    with pytest.raises(ValidationError):
        programs.year_advance(by=world.office, year=year)
    assert year.events.count() == 3


def test_asking_for_and_deciding_an_excuse_are_recorded(world, session):  # noqa: F811
    study.audience_set(by=world.office, session=session, units=[world.cell_a])
    study.session_publish(by=world.office, session=session)
    excuse = study.excuse_request(
        by=world.member, session=session, person=world.person_a, reason="Đi công tác"
    )
    study.excuse_decide(by=world.secretary, excuse=excuse, approve=False, comment="Không đủ lý do")
    assert _steps(excuse) == [
        ("requested", "", "pending", "dangvien"),
        ("rejected", "pending", "rejected", "bithu"),
    ]
    assert excuse.events.last().reason == "Không đủ lý do"
    with pytest.raises(ValidationError):
        study.excuse_decide(by=world.secretary, excuse=excuse, approve=True)
    assert excuse.events.count() == 2


def test_standards_record_versions_and_review_statuses(world):
    import datetime as dt

    from lamtheo.exemplars.services import standards

    first = standards.version_adopt(
        by=world.secretary,
        unit=world.cell_a,
        kind="ethics",
        text="Điều 1. Trung thành với Đảng.",
        adopted_on=dt.date(2025, 1, 5),
        adopted_by="Hội nghị chi bộ",
    )
    standard = first.standard
    standards.review_set(by=world.secretary, standard=standard, review_status="under_review")
    standards.version_adopt(
        by=world.secretary,
        unit=world.cell_a,
        kind="ethics",
        text="Điều 1. Trung thành với Đảng, với Tổ quốc.",
        adopted_on=dt.date(2025, 6, 5),
        adopted_by="Hội nghị chi bộ",
    )
    assert _steps(standard) == [
        ("version_adopted", "", "in_force", "bithu"),
        ("review_set", "in_force", "under_review", "bithu"),
        ("version_adopted", "under_review", "in_force", "bithu"),
    ]
