"""The Zalo webhook with events in Zalo's wire format (ZALO.md §5): signatures, linking a
follower to a person, the 7-day window that decides OA consultation vs ZNS, receipts."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from django.utils import timezone

from lamtheo.notify import worker, zalo_events
from lamtheo.notify.models import Delivery, Preference
from lamtheo.notify.services import announce
from tests.factories import PersonFactory
from tests.notify.zalo_server import APP_ID

URL = "/notify/zalo/webhook/"
SECRET = "oa-webhook-secret"
OA_ID = "388613280878808645"
USER = "2512523625412515"


@pytest.fixture
def hook(settings, zalo):
    settings.NOTIFY_ZALO_WEBHOOK_SECRET = SECRET
    return zalo


def ms(moment: dt.datetime) -> str:
    return str(int(moment.timestamp() * 1000))


def post(client, event: dict, *, secret: str = SECRET, signature: str | None = None):
    raw = json.dumps(event, ensure_ascii=False).encode()
    if signature is None:
        mac = hashlib.sha256(
            APP_ID.encode() + raw + event["timestamp"].encode() + secret.encode()
        ).hexdigest()
        signature = f"mac={mac}"
    return client.post(
        URL, data=raw, content_type="application/json", headers={"X-ZEvent-Signature": signature}
    )


def text_event(text: str, user: str = USER, at: dt.datetime | None = None) -> dict:
    at = at or timezone.now()
    return {
        "app_id": APP_ID,
        "sender": {"id": user},
        "recipient": {"id": OA_ID},
        "user_id_by_app": "552177279717587730",
        "event_name": "user_send_text",
        "message": {"text": text, "msg_id": "96d3cdf3af150460909"},
        "timestamp": ms(at),
    }


def follow_event(name: str, user: str = USER, at: dt.datetime | None = None) -> dict:
    return {
        "oa_id": OA_ID,
        "follower": {"id": user},
        "user_id_by_app": "552177279717587730",
        "event_name": name,
        "app_id": APP_ID,
        "timestamp": ms(at or timezone.now()),
    }


def test_a_person_links_their_zalo_account_by_sending_their_code(client, world, hook):
    code = zalo_events.link_code(world.person_a.pk)
    response = post(client, text_event(f"Mã của tôi: {code}"))
    assert response.status_code == 200 and response.json()["message"] == "linked"
    preference = Preference.objects.get(person=world.person_a)
    assert preference.zalo_user_id == USER
    assert timezone.now() - preference.zalo_interacted_at < dt.timedelta(minutes=1)
    # A made-up code links nobody, and moves no one's account.
    forged = f"LT{world.person_b.pk}-ABCDEF"
    assert post(client, text_event(forged, user="999")).json()["message"] == "ignored"
    assert not Preference.objects.filter(person=world.person_b).exists()


def test_the_preferences_page_shows_the_code_while_zalo_is_unlinked(login, world, hook):
    page = login(world.member).get("/notify/preferences/").content.decode()
    assert zalo_events.link_code(world.person_a.pk) in page
    Preference.objects.create(person=world.person_a, zalo_user_id=USER)
    page = login(world.member).get("/notify/preferences/").content.decode()
    assert zalo_events.link_code(world.person_a.pk) not in page


@pytest.mark.parametrize(
    "signature",
    ["", "mac=", "mac=" + "0" * 64, "sha256=abc"],
)
def test_a_bad_signature_is_refused_with_nothing_written(client, world, hook, signature):
    code = zalo_events.link_code(world.person_a.pk)
    response = post(client, text_event(code), signature=signature)
    assert response.status_code == 403
    assert not Preference.objects.exists()


def test_the_wrong_secret_or_app_or_no_secret_configured_is_refused(client, world, hook, settings):
    code = zalo_events.link_code(world.person_a.pk)
    assert post(client, text_event(code), secret="app-secret-xyz").status_code == 403
    other_app = text_event(code) | {"app_id": "1"}
    assert post(client, other_app).status_code == 403
    settings.NOTIFY_ZALO_WEBHOOK_SECRET = ""
    assert post(client, text_event(code), secret="").status_code == 403
    assert client.post(URL, data=b"not json", content_type="application/json").status_code == 403
    assert client.get(URL).status_code == 405
    assert not Preference.objects.exists()


def test_interaction_decides_between_oa_message_and_zns(client, world, hook):
    person = PersonFactory(unit=world.cell_b, phone="0987654321", email="")
    Preference.objects.create(
        person=person,
        zalo_user_id=USER,
        zalo_interacted_at=timezone.now() - dt.timedelta(days=10),
    )
    hook.followers[USER] = timezone.now() - dt.timedelta(days=10)
    announce(by=world.office, unit=world.cell_b, title="Lần 1", body="Trước khi nhắn")
    worker.deliver_due()
    assert [d.route for d in Delivery.objects.filter(person=person)] == ["zns"]

    # The member writes to the OA: a consultation message may go for 7 days.
    hook.followers[USER] = timezone.now()
    assert post(client, text_event("Xin chào")).json()["message"] == "interaction"
    announce(by=world.office, unit=world.cell_b, title="Lần 2", body="Sau khi nhắn")
    worker.deliver_due()
    second = Delivery.objects.filter(person=person).order_by("-pk").first()
    assert second.route == "cs" and second.status == "sent"
    assert hook.cs_sent[-1]["recipient"]["user_id"] == USER

    # Unfollowing closes the window again; an older event replayed does not reopen it.
    assert post(client, follow_event("unfollow")).json()["message"] == "unfollowed"
    assert Preference.objects.get(person=person).zalo_interacted_at is None
    old = text_event("cũ", at=timezone.now() - dt.timedelta(days=9))
    post(client, old)
    assert Preference.objects.get(person=person).zalo_interacted_at < timezone.now() - dt.timedelta(
        days=8
    )


def test_delivery_receipts_are_recorded_once(client, world, hook):
    person = PersonFactory(unit=world.cell_b, phone="0987654321", email="")
    announce(by=world.office, unit=world.cell_b, title="Thông báo", body="ZNS")
    worker.deliver_due()
    delivery = Delivery.objects.get(person=person, channel="zalo")
    assert delivery.route == "zns" and delivery.external_id
    receipt = {
        "sender": {"id": OA_ID},
        "recipient": {"id": "84987654321"},
        "event_name": "user_received_message",
        "message": {
            "delivery_time": "1602960467432",
            "msg_id": delivery.external_id,
            "tracking_id": f"d{delivery.pk}",
        },
        "app_id": APP_ID,
        "timestamp": "1602560967477",
    }
    assert post(client, receipt).json()["message"] == "delivered"
    delivery.refresh_from_db()
    assert delivery.delivered_at == dt.datetime(2020, 10, 17, 18, 47, 47, 432000, tzinfo=dt.UTC)
    # Zalo retries: the same event changes nothing.
    assert post(client, receipt).json()["message"] == "ignored"
    seen = {
        "app_id": APP_ID,
        "sender": {"id": OA_ID},
        "recipient": {"id": USER},
        "event_name": "user_seen_message",
        "message": {"msg_ids": [delivery.external_id]},
        "timestamp": ms(timezone.now()),
    }
    assert post(client, seen).json()["message"] == "seen"


def test_unknown_events_are_acknowledged_and_ignored(client, world, hook):
    event = {"app_id": APP_ID, "event_name": "oa_send_text", "timestamp": ms(timezone.now())}
    response = post(client, event)
    assert response.status_code == 200 and response.json()["message"] == "ignored"


def test_an_event_takes_a_fixed_number_of_queries(
    client, world, hook, django_assert_max_num_queries
):
    code = zalo_events.link_code(world.person_a.pk)
    with django_assert_max_num_queries(12):
        assert post(client, text_event(code)).json()["message"] == "linked"
    with django_assert_max_num_queries(6):
        assert post(client, text_event("Chào")).json()["message"] == "interaction"
