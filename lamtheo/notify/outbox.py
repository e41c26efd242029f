"""Writing to the outbox: the message, one inbox receipt per person and one delivery per person
and outside channel they accept, all in the caller's transaction. The worker is asked to run
when that transaction commits, so a rolled-back event sends nothing.

Rows are written with INSERT … SELECT from the people's query: an announcement to 100k people
is three statements, not 300k objects (BENCHMARKS.md)."""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from lamtheo.notify import config
from lamtheo.notify.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Message,
    ReadCount,
    Receipt,
)
from lamtheo.notify.worker import deliver_outbox


def _insert_select(table: str, columns: str, constants: list, people: QuerySet, fields) -> int:
    """INSERT the `constants` then `people`'s `fields` (in the order of `columns`)."""
    sql, params = people.order_by().values_list(*fields).query.sql_with_params()
    placeholders = ", ".join(["%s"] * len(constants))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {placeholders}, sub.* FROM ({sql}) sub",
            [*constants, *params],
        )
        return cursor.rowcount


def _accepting(people: QuerySet, channel: str) -> QuerySet:
    """Those of `people` who can and will be reached over `channel` (no preference row: yes)."""
    if channel == Channel.EMAIL:
        return people.exclude(email="").filter(
            Q(notify_preference__isnull=True) | Q(notify_preference__email=True)
        )
    return people.filter(
        Q(phone__gt="") | Q(notify_preference__zalo_user_id__gt=""),
        Q(notify_preference__isnull=True) | Q(notify_preference__zalo=True),
    )


def write(message: Message, people: QuerySet) -> int:
    """Store `message` (unsaved) for `people` (a Person queryset, current people only) in the
    inbox and the outbox of every configured channel; returns the number of recipients. Must
    run inside the caller's transaction."""
    assert connection.in_atomic_block, "write the outbox in the event's transaction"
    message.save()
    people = people.filter(left_on__isnull=True)
    count = _insert_select(
        Receipt._meta.db_table,
        "message_id, person_id, unit_id",
        [message.pk],
        people,
        ("pk", "unit_id"),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ReadCount._meta.db_table} "
            f"(message_id, total, {connection.ops.quote_name('read')}, unit_id) "
            f"SELECT %s, COUNT(*), 0, unit_id FROM {Receipt._meta.db_table} "
            "WHERE message_id = %s GROUP BY unit_id",
            [message.pk, message.pk],
        )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    for channel, on in config.channels_on().items():
        if not on:
            continue
        _insert_select(
            Delivery._meta.db_table,
            "message_id, channel, status, attempts, next_attempt_at, lease_token, address, "
            "route, external_id, error, person_id",
            [message.pk, channel, DeliveryStatus.PENDING, 0, now, "", "", "", "", ""],
            _accepting(people, channel),
            ("pk",),
        )
    Message.objects.filter(pk=message.pk).update(recipient_count=count)
    message.recipient_count = count
    transaction.on_commit(_wake_worker)
    return count


def _wake_worker() -> None:
    deliver_outbox.enqueue()
