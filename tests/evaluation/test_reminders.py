"""Reminders of the evaluation window (issue 16 §2) through `send_reminders`' run: when a round
opens, to the members without a self-review; before its deadline, to them and to the
secretaries of the cells that lag; never twice; nothing for an announced round."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.conf import settings as django_settings

from lamtheo.evaluation import services
from lamtheo.evaluation.models import MemberReview, Round
from lamtheo.notify import reminders
from lamtheo.notify.models import Message, Receipt
from tests.evaluation.conftest import proposed, written
from tests.factories import PersonFactory, PositionFactory

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=HCM)


def recipients(key: str) -> set:
    return set(Receipt.objects.filter(message__dedup_key=key).values_list("person_id", flat=True))


def keys() -> list[str]:
    return sorted(
        Message.objects.filter(dedup_key__startswith="evaluation:").values_list(
            "dedup_key", flat=True
        )
    )


@pytest.fixture
def secretaries(world):
    """The secretaries of cell A and cell B (Party members, so each has a review too)."""
    return (
        PositionFactory(person=PersonFactory(unit=world.cell_a, full_name="Lê Văn Bí")).person,
        PositionFactory(person=PersonFactory(unit=world.cell_b, full_name="Phạm Thị Thư")).person,
    )


@pytest.fixture
def current_round(world, secretaries, colleague):
    """A round of 2026, opened on 01/11/2026 (the window runs to 31/12, HD 43 §4)."""
    made = services.round_open(by=world.office, unit=world.committee, year=2026)
    Round.objects.filter(pk=made.pk).update(created_at=at(dt.date(2026, 11, 1), 8))
    return Round.objects.get(pk=made.pk)


def test_the_source_is_registered_once():
    assert django_settings.NOTIFY_REMINDER_SOURCES.count("lamtheo.evaluation.reminders.due") == 1


def test_opening_reminds_those_without_a_self_review_once(world, current_round, secretaries):
    today = dt.date(2026, 11, 10)
    assert reminders.run(at(dt.date(2026, 10, 31)))["written"] == 0  # before it opened
    review = MemberReview.objects.get(round=current_round, person=world.person_a)
    written(world, review)
    reminders.run(at(today))
    key = f"evaluation:{current_round.pk}:self-review-opens"
    assert keys() == [key]
    pending = recipients(key)
    assert world.person_a.pk not in pending
    assert {world.person_b.pk, secretaries[0].pk, secretaries[1].pk} <= pending
    message = Message.objects.get(dedup_key=key)
    assert message.link.endswith("/evaluation/") and "31/12" in message.body
    assert reminders.run(at(today, 11))["written"] == 0  # never twice
    assert Message.objects.filter(dedup_key__startswith="evaluation:").count() == 1


def test_before_the_deadline_the_late_and_the_lagging_cells_secretary(
    world, current_round, secretaries, colleague
):
    closes = dt.date(2026, 12, 20)
    Round.objects.filter(pk=current_round.pk).update(closes_on=closes)
    # Cell B: its two members proposed by the cell; cell A: nobody proposed yet.
    for person in (world.person_b, secretaries[1]):
        MemberReview.objects.filter(round=current_round, person=person).update(
            status="cell_reviewed"
        )
    review = MemberReview.objects.get(round=current_round, person=world.person_a)
    proposed(world, review)
    reminders.run(at(dt.date(2026, 12, 18)))
    stamp = closes.isoformat()
    late = f"evaluation:{current_round.pk}:self-review-closes:{stamp}"
    lagging = f"evaluation:{current_round.pk}:closes:{stamp}:secretaries"
    assert keys() == sorted([late, lagging])
    assert recipients(late) == {secretaries[0].pk, colleague.pk}
    assert recipients(lagging) == {secretaries[0].pk}  # cell A: 2 of 3 not proposed
    assert "20/12/2026" in Message.objects.get(dedup_key=late).body
    assert reminders.run(at(dt.date(2026, 12, 19)))["written"] == 0
    # A new deadline is a new milestone: reminded again.
    Round.objects.filter(pk=current_round.pk).update(closes_on=dt.date(2026, 12, 30))
    reminders.run(at(dt.date(2026, 12, 28)))
    assert len(keys()) == 4


def test_under_the_lagging_share_no_secretary_and_nothing_after_the_deadline(
    world, current_round, secretaries, settings
):
    settings.NOTIFY_LAGGING_SHARE = 1.0
    Round.objects.filter(pk=current_round.pk).update(closes_on=dt.date(2026, 12, 20))
    review = MemberReview.objects.get(round=current_round, person=world.person_a)
    written(world, review)  # cell A: one of three is no longer "to write", none proposed
    MemberReview.objects.filter(round=current_round, person=world.person_b).update(
        status="cell_reviewed"
    )
    reminders.run(at(dt.date(2026, 12, 19)))
    lagging = f"evaluation:{current_round.pk}:closes:2026-12-20:secretaries"
    assert recipients(lagging) == {secretaries[0].pk}  # cell A: all 3 not proposed
    Message.objects.all().delete()
    assert reminders.run(at(dt.date(2026, 12, 21)))["written"] == 0


def test_an_announced_round_reminds_nobody(world, current_round):
    Round.objects.filter(pk=current_round.pk).update(status="announced")
    reminders.run(at(dt.date(2026, 11, 10)))
    reminders.run(at(dt.date(2026, 12, 29)))
    assert keys() == []


def test_the_office_sets_the_day_to_finish_by_when_opening(world, login):
    client = login(world.office)
    url = f"/evaluation/rounds/new/?unit={world.committee.pk}"
    bad = client.post(url, {"year": "2026", "period": "year", "closes_on": "20/12/2031"})
    assert bad.status_code == 200 and not Round.objects.exists()
    assert "closes_on" in bad.context["form"].errors
    response = client.post(url, {"year": "2026", "period": "year", "closes_on": "20/12/2026"})
    assert response.status_code == 302
    made = Round.objects.get()
    assert made.deadline == dt.date(2026, 12, 20)
    assert "20/12/2026" in client.get(f"/evaluation/rounds/{made.pk}/").content.decode()


def test_the_default_deadlines():
    assert Round(year=2025, period="year").deadline == dt.date(2025, 12, 31)
    assert Round(year=2025, period="quarter", quarter=4).deadline == dt.date(2025, 12, 31)
    assert Round(year=2025, period="quarter", quarter=1).deadline == dt.date(2025, 3, 31)
    assert Round(year=2025, period="ad_hoc").deadline is None
