"""The worker over a real SMTP server and a fake Zalo server: retries with backoff, a killed
worker, token refresh; nothing lost, nothing sent twice."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from lamtheo.notify import worker
from lamtheo.notify.models import Delivery, DeliveryStatus, Preference, ZaloToken
from lamtheo.notify.services import announce
from tests.factories import PersonFactory
from tests.notify.conftest import Inbox, free_port, mail_settings


@pytest.fixture
def cell(world):
    """Cell A with four more people who have an email address (and cell A's member)."""
    people = [
        PersonFactory(unit=world.cell_a, email=f"dv{i}@example.vn", phone=f"091234567{i}")
        for i in range(4)
    ]
    return people


def _announce(world, **kw):
    return announce(
        by=world.office, unit=world.cell_a, title="Họp chi bộ", body="Tối thứ Sáu.", **kw
    )


def _later(**filters):
    """Let time pass: what is waiting becomes due and leases run out."""
    past = timezone.now() - dt.timedelta(seconds=1)
    Delivery.objects.filter(**filters).update(next_attempt_at=past)
    Delivery.objects.exclude(lease_until=None).update(lease_until=past)


def test_email_goes_out_once(world, cell, smtp):
    message = _announce(world)
    assert Delivery.objects.filter(message=message, channel="email").count() == 4
    done = worker.deliver_due()
    assert done["sent"] == 4
    assert sorted(smtp.recipients) == sorted(p.email for p in cell)
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    text = smtp.messages[0].content.decode()
    assert "Subject: =?utf-8?" in text or "Họp chi bộ" in text
    # Running again sends nothing more.
    _later()
    assert worker.deliver_due()["sent"] == 0
    assert len(smtp.messages) == 4


def test_smtp_down_retries_with_backoff_then_delivers(world, cell, settings, smtp_port):
    mail_settings(settings, smtp_port)  # nothing listens there yet
    _announce(world)
    done = worker.deliver_due()
    assert done["retry"] == 4 and done["sent"] == 0
    rows = list(Delivery.objects.all())
    assert {d.status for d in rows} == {DeliveryStatus.PENDING}
    assert {d.attempts for d in rows} == {1}
    assert all(d.next_attempt_at > timezone.now() + dt.timedelta(seconds=50) for d in rows)
    assert all("Connection" in d.error or "refused" in d.error.lower() for d in rows)
    # Not due yet: nothing is tried.
    assert worker.deliver_due() == {}
    # A second failure waits twice as long.
    _later()
    worker.deliver_due()
    row = Delivery.objects.first()
    assert row.attempts == 2
    assert row.next_attempt_at > timezone.now() + dt.timedelta(seconds=110)

    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        _later()
        assert worker.deliver_due()["sent"] == 4
        assert sorted(handler.recipients) == sorted(p.email for p in cell)
    finally:
        controller.stop()


def test_gives_up_after_max_attempts(world, cell, settings):
    mail_settings(settings, free_port())
    _announce(world)
    for _ in range(worker.MAX_ATTEMPTS):
        _later()
        worker.deliver_due()
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.FAILED}
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {worker.MAX_ATTEMPTS}


def test_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(world, cell, smtp):
    _announce(world)
    # Worker 1 claims the batch, delivers two, starts the third and dies before recording it.
    token, ids = worker.claim()
    assert len(ids) == 4
    worker.deliver_claimed(token, ids[:2])
    Delivery.objects.filter(pk=ids[2]).update(status=DeliveryStatus.SENDING, attempts=1)
    assert len(smtp.messages) == 2
    # Worker 2, before the lease runs out, takes nothing of worker 1's.
    assert worker.deliver_due() == {}
    # After the lease: the unstarted row goes out, the one in flight is not sent again.
    _later()
    done = worker.deliver_due()
    assert done["sent"] == 1
    statuses = dict(Delivery.objects.values_list("pk", "status"))
    assert statuses[ids[0]] == statuses[ids[1]] == statuses[ids[3]] == DeliveryStatus.SENT
    assert statuses[ids[2]] == DeliveryStatus.UNCERTAIN
    assert len(smtp.recipients) == len(set(smtp.recipients)) == 3


def test_two_workers_never_share_a_row(world, cell, smtp):
    _announce(world)
    first, ids_1 = worker.claim(batch=2)
    second, ids_2 = worker.claim(batch=10)
    assert len(ids_1) == 2 and len(ids_2) == 2 and not set(ids_1) & set(ids_2)
    # The first worker cannot send the second's rows with its token.
    worker.deliver_claimed(first, ids_1 + ids_2)
    worker.deliver_claimed(second, ids_2)
    assert len(smtp.recipients) == len(set(smtp.recipients)) == 4


def test_quiet_hours_postpone_without_an_attempt(world, cell, smtp):
    now = timezone.localtime()
    quiet_from = (now - dt.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    quiet_to = (now + dt.timedelta(hours=2)).time().replace(second=0, microsecond=0)
    Preference.objects.create(person=cell[0], quiet_from=quiet_from, quiet_to=quiet_to)
    _announce(world)
    done = worker.deliver_due()
    assert done["sent"] == 3 and done["quiet"] == 1
    row = Delivery.objects.get(person=cell[0])
    assert row.status == DeliveryStatus.PENDING and row.attempts == 0
    assert row.next_attempt_at > timezone.now() + dt.timedelta(hours=1, minutes=50)
    assert cell[0].email not in smtp.recipients


def test_email_refused_by_preference_is_not_written(world, cell, smtp):
    Preference.objects.create(person=cell[1], email=False)
    message = _announce(world)
    assert not Delivery.objects.filter(message=message, person=cell[1]).exists()
    assert message.recipient_count == 5  # the inbox still has it


# Zalo ----------------------------------------------------------------------------------------


@pytest.fixture
def followers(world, zalo):
    """cell A: a recent follower, a follower silent for 8 days, a phone-only member, and one
    with nothing to reach them by."""
    now = timezone.now()
    recent = PersonFactory(unit=world.cell_a, phone="0912 345 678")
    Preference.objects.create(
        person=recent, zalo_user_id="2512523625412515", zalo_interacted_at=now
    )
    zalo.followers["2512523625412515"] = now
    silent = PersonFactory(unit=world.cell_a, phone="+84 987 654 321")
    Preference.objects.create(
        person=silent, zalo_user_id="999", zalo_interacted_at=now - dt.timedelta(days=8)
    )
    zalo.followers["999"] = now - dt.timedelta(days=8)
    phone_only = PersonFactory(unit=world.cell_a, phone="0388123456")
    return {"recent": recent, "silent": silent, "phone_only": phone_only}


def test_zalo_cs_for_recent_followers_zns_by_84_phone_for_the_rest(world, followers, zalo):
    _announce(world)
    done = worker.deliver_due()
    assert done["sent"] == 3
    assert [m["recipient"]["user_id"] for m in zalo.cs_sent] == ["2512523625412515"]
    assert "Họp chi bộ" in zalo.cs_sent[0]["message"]["text"]
    assert sorted(m["phone"] for m in zalo.zns_sent) == ["84388123456", "84987654321"]
    assert zalo.zns_sent[0]["template_data"].keys() == {"customer_name", "title"}
    routes = dict(Delivery.objects.values_list("person_id", "route"))
    assert routes[followers["recent"].pk] == "cs"
    assert routes[followers["silent"].pk] == "zns"
    ids = set(Delivery.objects.values_list("external_id", flat=True))
    assert "" not in ids
    # Every request carried the bare access_token header, never Authorization.
    sends = [h for path, h in zalo.requests if path != "/v4/oa/access_token"]
    assert all(h.get("access_token") and "authorization" not in h for h in sends)


def test_zalo_window_closed_on_their_side_falls_back_to_zns(world, followers, zalo):
    zalo.followers["2512523625412515"] = timezone.now() - dt.timedelta(days=10)
    _announce(world)
    worker.deliver_due()
    assert zalo.cs_sent == []
    assert "84912345678" in [m["phone"] for m in zalo.zns_sent]


def test_zalo_expired_access_token_is_refreshed_once_with_the_one_time_token(
    world, followers, zalo
):
    _announce(world)
    worker.deliver_due()
    assert zalo.refreshes == ["RT-first"]
    stored = ZaloToken.objects.get()
    assert stored.refresh_token == zalo.refresh_token != "RT-first"
    # Zalo kills the access token: the next send gets -216, refreshes with the new refresh
    # token (the first one would be refused), and goes out.
    zalo.expire_access_tokens()
    second = announce(by=world.office, unit=world.cell_a, title="Lần hai", body="Nhắc lại.")
    done = worker.deliver_due()
    assert done["sent"] == 3
    assert zalo.refreshes == ["RT-first", stored.refresh_token]
    assert len(zalo.cs_sent) == 2 and len(zalo.zns_sent) == 4
    assert Delivery.objects.filter(message=second, status="sent").count() == 3


def test_zalo_5xx_then_recovers_without_sending_twice(world, followers, zalo):
    _announce(world)
    worker.deliver_claimed(*worker.claim(batch=0))  # nothing claimed: no call
    zalo.fail_next = [502] * 5  # the token calls, then sends, answer 502
    done = worker.deliver_due()
    assert done["retry"] == 3 and done["sent"] == 0
    for _ in range(2):
        _later(status="pending")
        worker.deliver_due()
    assert zalo.fail_next == []
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    phones = [m["phone"] for m in zalo.zns_sent]
    assert len(phones) == len(set(phones)) == 2
    assert len(zalo.cs_sent) == 1


def test_zalo_errors_in_http_200_are_read(world, followers, zalo):
    zalo.followers.clear()  # nobody follows any more: -213, then ZNS
    zalo.answer_next = []
    _announce(world)
    worker.deliver_due()
    assert zalo.cs_sent == []
    assert len(zalo.zns_sent) == 3
    # A bad phone comes back as -108 with HTTP 200: failed, not retried.
    PersonFactory(unit=world.cell_b, phone="0912")  # not a mobile number: no ZNS address
    bad = PersonFactory(unit=world.cell_b, phone="0812345678")
    Delivery.objects.all().delete()
    announce(by=world.office, unit=world.cell_b, title="B", body="b")
    zalo.answer_next = [{"error": -108, "message": "Phone number invalid"}]
    worker.deliver_due()
    failed = Delivery.objects.get(person=bad)
    assert failed.status == DeliveryStatus.FAILED and failed.error.startswith("-108")


def test_refused_refresh_token_stops_refreshing_and_keeps_the_rows(world, followers, zalo):
    zalo.refresh_token = "RT-someone-else-used-it"
    _announce(world)
    done = worker.deliver_due()
    assert done["retry"] == 3
    assert ZaloToken.objects.get().broken
    assert zalo.refreshes == ["RT-first"]  # tried once, not once per row
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.PENDING}
    assert zalo.cs_sent == zalo.zns_sent == []


def test_command_sends_what_is_due(world, cell, smtp):
    _announce(world)
    out = io.StringIO()
    call_command("notify_deliver", stdout=out)
    assert out.getvalue().strip() == "sent 4"
    assert len(smtp.messages) == 4
    out = io.StringIO()
    call_command("notify_deliver", stdout=out)
    assert out.getvalue().strip() == "nothing due"
