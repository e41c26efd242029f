"""Reminders (đôn đốc) written by `send_reminders` and sent by the worker over a real SMTP
server and the fake Zalo: who gets which, never twice, quiet hours and preferences."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo
from email import message_from_bytes, policy

import pytest
from django.core.management import call_command
from django.utils import timezone

from lamtheo.notify import reminders, worker
from lamtheo.notify.models import Delivery, DeliveryStatus, Message, Preference, Receipt
from lamtheo.notify.services import announce
from lamtheo.study import services as study
from lamtheo.study.models import Invitation
from tests.factories import PersonFactory, PositionFactory

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=HCM)


def recipients(key: str) -> set:
    return set(Receipt.objects.filter(message__dedup_key=key).values_list("person_id", flat=True))


def keys() -> list[str]:
    return sorted(Message.objects.filter(kind="reminder").values_list("dedup_key", flat=True))


@pytest.fixture
def secretaries(world):
    """The secretaries (office holders) of cell A and cell B."""
    return (
        PositionFactory(person=PersonFactory(unit=world.cell_a, full_name="Lê Văn Bí")).person,
        PositionFactory(person=PersonFactory(unit=world.cell_b, full_name="Phạm Thị Thư")).person,
    )


# Programme years ------------------------------------------------------------------------------


def test_registration_opens_reminds_those_not_registered_once(world, year, commit):
    commit()  # person A registers (one commitment is the year's minimum)
    done = reminders.run(at(dt.date(2026, 1, 10)))
    assert done["written"] == 1
    key = f"year:{year.pk}:registration-opens"
    assert keys() == [key]
    assert recipients(key) == {world.person_b.pk}
    message = Message.objects.get(dedup_key=key)
    assert "2026" in message.title and "31/03/2026" in message.body
    assert message.link.endswith("/registrations/")
    # Never twice: the next runs that day and the next day write nothing.
    assert reminders.run(at(dt.date(2026, 1, 10), 11))["written"] == 0
    assert reminders.run(at(dt.date(2026, 1, 11)))["written"] == 0
    assert Message.objects.filter(kind="reminder").count() == 1


def test_registration_closing_reminds_people_and_the_secretary_of_a_lagging_unit(
    world, year, commit, secretaries
):
    sec_a, sec_b = secretaries
    commit(person=world.person_b, by=world.admin)
    commit(person=sec_b, by=world.admin)  # cell B: everyone registered
    reminders.run(at(dt.date(2026, 3, 29)))
    close = f"year:{year.pk}:registration-closes"
    assert recipients(close) == {world.person_a.pk, sec_a.pk}
    assert recipients(f"{close}:secretaries") == {sec_a.pk}
    # Before the lead days, no closing reminder (and the opening one is over).
    Message.objects.all().delete()
    reminders.run(at(dt.date(2026, 3, 20)))
    assert keys() == [f"year:{year.pk}:registration-opens"]


def test_a_unit_under_the_lagging_share_is_not_reminded(world, year, commit, secretaries, settings):
    settings.NOTIFY_LAGGING_SHARE = 0.6
    sec_a, _ = secretaries
    commit()  # cell A: person A registered, the secretary not (1 of 2 = 50 % < 60 %)
    reminders.run(at(dt.date(2026, 3, 30)))
    close = f"year:{year.pk}:registration-closes"
    assert sec_a.pk in recipients(close)
    assert recipients(f"{close}:secretaries") == {secretaries[1].pk}  # cell B: 2 of 2


def test_approval_reminds_the_secretaries_of_units_with_waiting_commitments(
    world, year, commit, secretaries
):
    commit()  # submitted in cell A, waiting
    reminders.run(at(dt.date(2026, 4, 2)))
    assert recipients(f"year:{year.pk}:approval") == {secretaries[0].pk}


def test_self_assessment_window_and_closed_years(world, year, commit):
    from lamtheo.programs import services as programs

    commitment = commit()
    programs.commitment_approve(by=world.secretary, commitment=commitment, version=None)
    reminders.run(at(dt.date(2026, 11, 2)))
    assert recipients(f"year:{year.pk}:self-assessment-opens") == {world.person_a.pk}
    reminders.run(at(dt.date(2026, 7, 13)))
    assert recipients(f"year:{year.pk}:midyear") == {world.person_a.pk}
    # A draft year reminds nobody.
    Message.objects.all().delete()
    year.status = "draft"
    year.save()
    assert reminders.run(at(dt.date(2026, 1, 10)))["written"] == 0


# Study ----------------------------------------------------------------------------------------


def test_session_reminds_invitees_but_not_the_excused(world, published, secretaries):
    invited = set(published.invitations.values_list("person_id", flat=True))
    assert {world.person_a.pk, world.person_b.pk} <= invited
    excused = world.person_b
    excuse = study.excuse_request(
        by=world.admin, session=published, person=excused, reason="Đi công tác"
    )
    study.excuse_decide(by=world.admin, excuse=excuse, approve=True)
    done = reminders.run()
    start = int(published.starts_at.timestamp())
    key = f"session:{published.pk}:before:{start}"
    assert key in keys()
    assert recipients(key) == invited - {excused.pk}
    message = Message.objects.get(dedup_key=key)
    assert published.title in message.body and "Hội trường" in message.body
    assert done["written"] >= 1
    assert reminders.run()["written"] == 0
    # Moved to another time: a new reminder.
    published.starts_at += dt.timedelta(minutes=30)
    published.ends_at += dt.timedelta(minutes=30)
    published.save()
    assert reminders.run()["written"] == 1


def test_session_far_away_or_draft_is_not_reminded(world, session):
    assert reminders.run()["written"] == 0  # a draft
    study.session_publish(by=world.office, session=session)
    later = timezone.now() - dt.timedelta(days=2)
    assert reminders.run(later)["written"] == 0  # two days before: not yet


def test_excuse_waiting_reminds_its_deciders(world, published, secretaries):
    sec_a, sec_b = secretaries
    excuse = study.excuse_request(
        by=world.member, session=published, person=world.person_a, reason="Ốm"
    )
    reminders.run()
    key = f"excuse:{excuse.pk}:pending"
    # The session is near: the secretaries of the host (the committee has none) and of A.
    assert recipients(key) == {sec_a.pk}
    assert "Nguyễn Văn Quang" in Message.objects.get(dedup_key=key).title
    # Decided: no reminder for a decided excuse.
    Message.objects.all().delete()
    study.excuse_decide(by=world.secretary, excuse=excuse, approve=False)
    reminders.run()
    assert f"excuse:{excuse.pk}:pending" not in keys()


# Never twice, also when two runs race ----------------------------------------------------------


def test_two_runs_at_once_write_a_reminder_once(world, year, monkeypatch):
    monkeypatch.setattr(reminders, "already_sent", lambda key: False)
    now = at(dt.date(2026, 1, 10))
    reminder = next(iter(reminders.sources()[0](now)))
    assert reminders.write(reminder) == 2
    assert reminders.write(reminder) is None  # the unique key refused the second
    assert Message.objects.filter(dedup_key=reminder.key).count() == 1
    assert Receipt.objects.count() == 2


def test_command(world, year):
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert "reminders written" in out.getvalue()


# Delivery: preferences and quiet hours ----------------------------------------------------------


def _quiet_around_now(settings, inside: bool):
    now = timezone.localtime()
    if inside:
        start, end = now - dt.timedelta(hours=1), now + dt.timedelta(hours=2)
    else:
        start, end = now + dt.timedelta(hours=1), now + dt.timedelta(hours=2)
    settings.NOTIFY_QUIET_HOURS = f"{start:%H:%M}-{end:%H:%M}"


def test_reminders_go_by_email_and_zalo_as_each_person_chooses(
    world, published, smtp, zalo, settings
):
    _quiet_around_now(settings, inside=False)
    by_mail = PersonFactory(unit=world.cell_a, email="mail@example.vn", phone="")
    no_mail = PersonFactory(unit=world.cell_a, email="no@example.vn", phone="0912345678")
    Preference.objects.create(person=no_mail, email=False, zalo=True)
    # Invited after the session was published (as if added to its audience).
    for p in (by_mail, no_mail):
        Invitation.objects.create(session=published, person=p, unit=p.unit)
    reminders.run()
    done = worker.deliver_due()
    assert done["sent"] >= 2
    assert "mail@example.vn" in smtp.recipients and "no@example.vn" not in smtp.recipients
    mail = next(m for m in smtp.messages if "mail@example.vn" in m.rcpt_tos)
    text = message_from_bytes(mail.content, policy=policy.default).get_content()
    assert text.startswith("Kính gửi đồng chí")
    assert "/notify/preferences/" in text
    zns = [r for r in zalo.zns_sent if r["phone"] == "84912345678"]
    assert len(zns) == 1
    # Both are in the inbox, whatever their channels.
    assert Receipt.objects.filter(person__in=[by_mail, no_mail]).count() == 2
    # Another run and another delivery: nothing more.
    reminders.run()
    assert worker.deliver_due().get("sent", 0) == 0


def test_reminders_wait_for_the_end_of_quiet_hours_announcements_do_not(
    world, published, smtp, settings
):
    _quiet_around_now(settings, inside=True)
    person = PersonFactory(unit=world.cell_a, email="q@example.vn")
    own = PersonFactory(unit=world.cell_a, email="own@example.vn")
    # Their own quiet hours (not now) win over the default.
    later = timezone.localtime() + dt.timedelta(hours=3)
    Preference.objects.create(
        person=own,
        quiet_from=later.time().replace(second=0, microsecond=0),
        quiet_to=(later + dt.timedelta(hours=1)).time().replace(second=0, microsecond=0),
    )
    for p in (person, own):
        Invitation.objects.create(session=published, person=p, unit=p.unit)
    reminders.run()
    done = worker.deliver_due()
    assert smtp.recipients == ["own@example.vn"]
    waiting = Delivery.objects.get(person=person, channel="email")
    assert waiting.status == DeliveryStatus.PENDING and waiting.attempts == 0
    assert waiting.next_attempt_at > timezone.now() + dt.timedelta(hours=1)
    assert done["quiet"] == 1
    # An announcement is not held by the reminders' default quiet hours.
    announce(by=world.office, unit=world.cell_a, title="Thông báo", body="Nội dung")
    worker.deliver_due()
    assert "q@example.vn" in smtp.recipients


def test_a_run_takes_the_same_queries_whatever_the_number_of_people(
    world, year, published, secretaries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        Message.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            reminders.run(at(dt.date(2026, 3, 30)))
        return len(captured)

    # The session is "now"-relative: move it into the window of the run's day.
    published.starts_at = at(dt.date(2026, 3, 30), 15)
    published.ends_at = at(dt.date(2026, 3, 30), 17)
    published.save()
    few = queries()
    for _ in range(15):
        person = PersonFactory(unit=world.cell_b)
        Invitation.objects.create(session=published, person=person, unit=person.unit)
    assert queries() == few


def test_reminders_use_their_own_zns_template_when_there_is_one(world, published, zalo, settings):
    _quiet_around_now(settings, inside=False)
    settings.NOTIFY_ZALO = {**settings.NOTIFY_ZALO, "ZNS_REMINDER_TEMPLATE_ID": "nhac-viec-01"}
    person = PersonFactory(unit=world.cell_a, email="", phone="0912345678")
    Invitation.objects.create(session=published, person=person, unit=person.unit)
    reminders.run()
    worker.deliver_due()
    assert [path for path, _h in zalo.requests if path.endswith("/message/template")]
    # The fake knows only the announcements' template: the reminders' one got Zalo's -109.
    delivery = Delivery.objects.get(person=person, channel="zalo")
    assert delivery.status == DeliveryStatus.FAILED and delivery.error.startswith("-109")


def test_an_excuse_reminds_once_it_has_waited_long_enough(world, session, secretaries):
    from lamtheo.study.models import Excuse

    session.starts_at += dt.timedelta(days=3)
    session.ends_at += dt.timedelta(days=3)
    session.save()
    published = study.session_publish(by=world.office, session=session)
    excuse = study.excuse_request(
        by=world.member, session=published, person=world.person_a, reason="Đi công tác"
    )
    reminders.run()
    assert f"excuse:{excuse.pk}:pending" not in keys()  # just asked, the session is far
    Excuse.objects.filter(pk=excuse.pk).update(requested_at=timezone.now() - dt.timedelta(hours=25))
    reminders.run()
    assert recipients(f"excuse:{excuse.pk}:pending") == {secretaries[0].pk}
