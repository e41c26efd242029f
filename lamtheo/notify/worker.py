"""The worker that empties the outbox: claims due deliveries with a lease, sends each, records
the outcome, retries with backoff.

- **Nothing lost**: a claimed row carries a lease; if the worker dies, the lease runs out and
  another run takes the row again.
- **Never twice**: a row is marked "sending" (committed) before it is handed to the channel and
  "sent" right after. A row found still "sending" after its lease ran out may have gone out
  (the worker died in between): it becomes "uncertain", shown on the message's page, and is
  not sent again.
- Quiet hours move a row to the end of the person's quiet time without counting an attempt;
  reminders keep the default quiet hours (settings.NOTIFY_QUIET_HOURS) for those without their own.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.db.models import F, Min, Q
from django.tasks import task
from django.utils import timezone

from lamtheo.notify import config
from lamtheo.notify.channels import Outcome, email, zalo
from lamtheo.notify.models import Delivery, DeliveryStatus, MessageKind

logger = logging.getLogger(__name__)

BATCH = 200
LEASE = dt.timedelta(minutes=5)
MAX_ATTEMPTS = 8
SENDERS = {"email": email.send, "zalo": zalo.send}


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4 … minutes after each failed attempt, at most 6 hours."""
    return dt.timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), 6 * 3600))


def recover(now: dt.datetime | None = None) -> int:
    """Rows left "sending" by a worker that died: their outcome is unknown."""
    now = now or timezone.now()
    return Delivery.objects.filter(status=DeliveryStatus.SENDING, lease_until__lt=now).update(
        status=DeliveryStatus.UNCERTAIN,
        error="the worker stopped while sending; not sent again",
        lease_token="",
    )


def claim(batch: int = BATCH, now: dt.datetime | None = None) -> tuple[str, list[int]]:
    """Lease up to `batch` due rows to a new token. PostgreSQL skips rows other workers are
    claiming (SKIP LOCKED); SQLite serialises writers (IMMEDIATE transactions)."""
    now = now or timezone.now()
    token = secrets.token_hex(16)
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:batch]
        )
        if ids:
            Delivery.objects.filter(pk__in=ids).update(lease_until=now + LEASE, lease_token=token)
    return token, ids


def _quiet_hours(preference, kind: str) -> tuple[dt.time, dt.time] | None:
    """The person's own quiet hours; for a reminder, without their own, the default ones
    (settings.NOTIFY_QUIET_HOURS): a reminder is never urgent enough to wake anyone."""
    if preference is not None and preference.quiet_from and preference.quiet_to:
        return preference.quiet_from, preference.quiet_to
    if kind == MessageKind.REMINDER:
        return config.quiet_hours()
    return None


def _quiet_until(
    preference, now: dt.datetime, kind: str = MessageKind.ANNOUNCEMENT
) -> dt.datetime | None:
    """The end of the person's quiet hours when `now` falls inside them."""
    hours = _quiet_hours(preference, kind)
    if hours is None:
        return None
    local = timezone.localtime(now)
    (start, end), time = hours, local.time()
    if start == end:
        return None
    inside = start <= time < end if start < end else (time >= start or time < end)
    if not inside:
        return None
    until = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if until <= local:
        until += dt.timedelta(days=1)
    return until


def deliver_claimed(token: str, ids: list[int]) -> Counter:
    """Send the rows leased to `token`; each outcome is committed on its own."""
    done: Counter = Counter()
    on = config.channels_on()
    rows = (
        Delivery.objects.filter(pk__in=ids, lease_token=token, status=DeliveryStatus.PENDING)
        .select_related("message", "person", "person__notify_preference")
        .order_by("pk")
    )
    for delivery in rows:
        now = timezone.now()
        mine = Delivery.objects.filter(pk=delivery.pk, lease_token=token)
        person = delivery.person
        preference = getattr(person, "notify_preference", None)
        until = _quiet_until(preference, now, delivery.message.kind)
        if until is not None:
            mine.filter(status=DeliveryStatus.PENDING).update(
                next_attempt_at=until, lease_until=None, lease_token=""
            )
            done["quiet"] += 1
            continue
        if not on.get(delivery.channel) or person.left_on is not None:
            mine.update(
                status=DeliveryStatus.SKIPPED,
                error="channel off" if person.left_on is None else "left",
                lease_token="",
            )
            done["skipped"] += 1
            continue
        # Committed before the send: from here a crash leaves "sending", never a resend.
        if not mine.filter(status=DeliveryStatus.PENDING, lease_until__gt=now).update(
            status=DeliveryStatus.SENDING, attempts=F("attempts") + 1
        ):
            continue  # the lease ran out and someone else has it
        try:
            outcome = SENDERS[delivery.channel](delivery, delivery.message, person)
        except Exception as exc:  # a bug must not stop the batch; the row is retried later
            logger.exception("delivery %s", delivery.pk)
            outcome = Outcome.retry(f"internal error: {type(exc).__name__}")
        _record(delivery, token, outcome)
        done[outcome.result] += 1
    return done


def _record(delivery: Delivery, token: str, outcome: Outcome) -> None:
    attempts = delivery.attempts + 1
    fields = {"lease_token": "", "lease_until": None, "error": outcome.error}
    if outcome.address:
        fields["address"] = outcome.address
    if outcome.route:
        fields["route"] = outcome.route
    if outcome.result == "sent":
        fields |= {
            "status": DeliveryStatus.SENT,
            "sent_at": timezone.now(),
            "external_id": outcome.external_id[:64],
        }
    elif outcome.result == "retry" and attempts < MAX_ATTEMPTS:
        fields |= {
            "status": DeliveryStatus.PENDING,
            "next_attempt_at": timezone.now() + backoff(attempts),
        }
    else:
        fields["status"] = DeliveryStatus.FAILED
    Delivery.objects.filter(
        pk=delivery.pk, lease_token=token, status=DeliveryStatus.SENDING
    ).update(**fields)


def deliver_due(batch: int = BATCH, max_batches: int | None = None) -> Counter:
    """Recover, then claim and send batches until nothing is due."""
    total: Counter = Counter()
    recover()
    rounds = 0
    while max_batches is None or rounds < max_batches:
        token, ids = claim(batch)
        if not ids:
            break
        total += deliver_claimed(token, ids)
        rounds += 1
    return total


def next_due() -> dt.datetime | None:
    return Delivery.objects.filter(status=DeliveryStatus.PENDING).aggregate(
        at=Min("next_attempt_at")
    )["at"]


@task
def deliver_outbox() -> dict:
    """Empty the outbox, then ask to run again when the next retry is due."""
    done = deliver_due()
    later = next_due()
    if later is not None and deliver_outbox.get_backend().supports_defer:
        deliver_outbox.using(run_after=max(later, timezone.now())).enqueue()
    if settings.DEBUG and done:
        logger.info("notify: %s", dict(done))
    return dict(done)
