"""Events Zalo posts to the webhook (ZALO.md §5): who follows the Official Account, who wrote to
it (an interaction opens the 7-day window of consultation messages), and delivery receipts.

- **Signature.** `X-ZEvent-Signature: mac=<hex>` where the mac is plain SHA-256 (not HMAC) of
  app id + raw body + the body's `timestamp` + the OA's webhook secret key. Anything else is
  refused before a row is read or written.
- **Linking a follower to a person.** A follow carries only the follower's id, so a person
  links themselves: their preferences page shows a code, they send it to the OA as a text
  message, and the `user_send_text` event carries both the code and their Zalo id. The code is
  signed with the site's secret and the day, valid that day and the next.
- **Repeats.** Zalo retries an event it thinks was not received; every change here is
  idempotent (the interaction time only moves forward, a receipt sets a time once).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from lamtheo.notify import config
from lamtheo.notify.models import Delivery, Preference
from lamtheo.org.models import Person

# Events a user causes: each is an interaction that opens the consultation window.
INTERACTION_PREFIXES = ("user_send_", "user_submit_", "user_click_", "user_reacted_")
LINK_CODE = re.compile(r"\bLT\s*(\d{1,10})\s*-?\s*([0-9A-Z]{6})\b", re.IGNORECASE)


class BadEvent(Exception):
    """Refused: the caller gets an error and nothing is written."""


def expected_mac(raw: bytes, timestamp: str, conf: config.Zalo, secret: str) -> str:
    data = conf.app_id.encode() + raw + timestamp.encode() + secret.encode()
    return hashlib.sha256(data).hexdigest()


def verify(raw: bytes, signature: str) -> dict:
    """The event, when its signature is right; else BadEvent."""
    secret = config.webhook_secret()
    conf = config.zalo()
    if not secret or not conf.app_id:
        raise BadEvent("webhook not configured")
    try:
        event = json.loads(raw)
    except ValueError as exc:
        raise BadEvent("not JSON") from exc
    if not isinstance(event, dict):
        raise BadEvent("not a JSON object")
    timestamp = str(event.get("timestamp") or "")
    mac = signature.strip()
    mac = mac[4:] if mac.lower().startswith("mac=") else mac
    if not timestamp or not hmac.compare_digest(
        mac.lower(), expected_mac(raw, timestamp, conf, secret)
    ):
        raise BadEvent("bad signature")
    if str(event.get("app_id") or conf.app_id) != conf.app_id:
        raise BadEvent("another app")
    return event


def _when(value) -> dt.datetime | None:
    """Zalo's epoch milliseconds (a string) as a datetime."""
    try:
        return dt.datetime.fromtimestamp(int(value) / 1000, tz=dt.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def link_code(person_id: int, day: dt.date | None = None) -> str:
    """The code a person sends to the OA to link their Zalo account: "LT<id>-<6 signs>"."""
    day = day or timezone.localdate()
    sign = salted_hmac(
        "notify.zalo.link", f"{person_id}:{day.isoformat()}", algorithm="sha256"
    ).hexdigest()
    return f"LT{person_id}-{sign[:6].upper()}"


def _person_of_code(text: str) -> int | None:
    match = LINK_CODE.search(text or "")
    if not match:
        return None
    person_id = int(match.group(1))
    today = timezone.localdate()
    for day in (today, today - dt.timedelta(days=1)):
        if hmac.compare_digest(link_code(person_id, day), f"LT{person_id}-{match[2].upper()}"):
            return person_id
    return None


@transaction.atomic
def handle(event: dict) -> str:
    """Apply a verified event; returns what was done, for the log and the tests."""
    name = str(event.get("event_name") or "")
    at = _when(event.get("timestamp")) or timezone.now()
    if name == "follow":
        return _interacted(str((event.get("follower") or {}).get("id") or ""), at)
    if name == "unfollow":
        user_id = str((event.get("follower") or {}).get("id") or "")
        changed = Preference.objects.filter(zalo_user_id=user_id).filter(
            Q(zalo_interacted_at__isnull=True) | Q(zalo_interacted_at__lte=at)
        )
        return "unfollowed" if user_id and changed.update(zalo_interacted_at=None) else "ignored"
    if name == "user_received_message":
        message = event.get("message") or {}
        when = _when(message.get("delivery_time")) or at
        return _receipt(message, "delivered_at", when)
    if name == "user_seen_message":
        return _receipt(event.get("message") or {}, "seen_at", at)
    if name.startswith(INTERACTION_PREFIXES):
        user_id = str((event.get("sender") or {}).get("id") or "")
        if name == "user_send_text":
            text = str((event.get("message") or {}).get("text") or "")
            person_id = _person_of_code(text)
            if person_id is not None and user_id:
                return _link(person_id, user_id, at)
        return _interacted(user_id, at)
    return "ignored"


def _interacted(user_id: str, at: dt.datetime) -> str:
    if not user_id:
        return "ignored"
    updated = (
        Preference.objects.filter(zalo_user_id=user_id)
        .filter(Q(zalo_interacted_at__isnull=True) | Q(zalo_interacted_at__lt=at))
        .update(zalo_interacted_at=at)
    )
    return "interaction" if updated else "ignored"


def _link(person_id: int, user_id: str, at: dt.datetime) -> str:
    if not Person.objects.current().filter(pk=person_id).exists():
        return "ignored"
    # One Zalo account reaches one person: it leaves whoever had it before.
    Preference.objects.filter(zalo_user_id=user_id).exclude(person_id=person_id).update(
        zalo_user_id="", zalo_interacted_at=None
    )
    preference, _created = Preference.objects.select_for_update().get_or_create(person_id=person_id)
    preference.zalo_user_id = user_id
    if preference.zalo_interacted_at is None or preference.zalo_interacted_at < at:
        preference.zalo_interacted_at = at
    preference.save(update_fields=["zalo_user_id", "zalo_interacted_at"])
    return "linked"


def _receipt(message: dict, field: str, at: dt.datetime) -> str:
    """A delivery receipt: matched by our tracking id ("d<delivery pk>", ZNS) or by the id
    Zalo gave the message when we sent it (`msg_id`, or `msg_ids` in "seen" events)."""
    ids = [str(i) for i in message.get("msg_ids") or [] if i]
    if message.get("msg_id"):
        ids.append(str(message["msg_id"]))
    match = Q(external_id__in=ids) if ids else Q(pk__in=[])
    tracking = str(message.get("tracking_id") or "")
    if re.fullmatch(r"d\d{1,18}", tracking):
        match |= Q(pk=int(tracking[1:]))
    updated = (
        Delivery.objects.filter(match, channel="zalo")
        .filter(**{f"{field}__isnull": True})
        .update(**{field: at})
    )
    return field.removesuffix("_at") if updated else "ignored"
