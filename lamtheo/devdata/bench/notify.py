"""The notifications benchmark (issue 16): an announcement to the whole committee written to
the outbox, its read share per unit, a member's inbox.

In an empty database: the bench_org tree and N people (bench_exemplars' generator), each with
an email address and a mobile number, email and Zalo configured (nothing is sent: the worker
does not run), so one announcement writes N inbox receipts and 2N deliveries. Then:

- the announcement through the service (checks, three INSERT … SELECT, the counts), next to
  its floor: the same three statements as raw SQL, rolled back;
- 60 % of the receipts marked read, the read-rates page (per unit and per bloc) next to the
  floor of its grouping statement;
- a member of one cell who received 300 announcements: the inbox page next to the floor of its
  two statements (count and first page).
"""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from lamtheo.accounts.models import Grant, Role
from lamtheo.core.tree import path_range
from lamtheo.devdata.bench import org as org_bench
from lamtheo.devdata.bench.exemplars import build_people
from lamtheo.notify.models import Message
from lamtheo.notify.services import announce
from lamtheo.org.models import Person, Unit

BENCH_OFFICE = "bench-notify-office"
BENCH_MEMBER = "bench-notify-member"
INBOX_MESSAGES = 300
CHANNELS = {
    "NOTIFY_EMAIL": True,
    "NOTIFY_ZALO": {"APP_ID": "bench", "APP_SECRET": "bench", "REFRESH_TOKEN": "bench"},
    # The worker is not part of this measurement: its task is recorded, not run.
    "TASKS": {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}},
}

OUTBOX_FLOOR = [
    """INSERT INTO notify_receipt (message_id, person_id, unit_id)
       SELECT %s, p.id, p.unit_id FROM org_person p JOIN org_unit u ON u.id = p.unit_id
       WHERE u.path >= %s AND u.path < %s AND p.left_on IS NULL""",
    """INSERT INTO notify_delivery (message_id, channel, status, attempts, next_attempt_at,
           lease_token, address, route, external_id, error, person_id)
       SELECT %s, %s, 'pending', 0, %s, '', '', '', '', '', p.id
       FROM org_person p JOIN org_unit u ON u.id = p.unit_id
       WHERE u.path >= %s AND u.path < %s AND p.left_on IS NULL""",
]
RATES_FLOOR = """
    SELECT u.path, c.total, c.read FROM notify_readcount c JOIN org_unit u ON u.id = c.unit_id
    WHERE c.message_id = %s AND u.path >= %s AND u.path < %s
"""
# What the kept counts save: grouping the receipts live.
RATES_LIVE = """
    SELECT r.unit_id, COUNT(r.id), COUNT(r.read_at) FROM notify_receipt r
    WHERE r.message_id = %s GROUP BY r.unit_id
"""
RECOUNT = """
    UPDATE notify_readcount SET read = (
        SELECT COUNT(r.read_at) FROM notify_receipt r
        WHERE r.message_id = notify_readcount.message_id AND r.unit_id = notify_readcount.unit_id)
    WHERE message_id = %s
"""
INBOX_FLOOR = [
    "SELECT COUNT(*) FROM notify_receipt WHERE person_id = %s",
    """SELECT r.*, m.*, u.* FROM notify_receipt r JOIN notify_message m ON m.id = r.message_id
       JOIN org_unit u ON u.id = m.unit_id WHERE r.person_id = %s
       ORDER BY r.message_id DESC LIMIT 30""",
    "SELECT COUNT(*) FROM notify_receipt WHERE person_id = %s AND read_at IS NULL",
]


def _contacts() -> None:
    """Everyone reachable by email and Zalo (ZNS by phone)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE org_person SET email = 'dv' || id || '@example.vn', "
            "phone = '09' || substr('00000000' || id, -8, 8)"
        )


def _floor_outbox(root: Unit, office) -> float:
    low, high = path_range(root.path)
    now = timezone.now()
    with transaction.atomic():
        message_id = Message.objects.create(title="floor", body="floor", unit=root).pk
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(OUTBOX_FLOOR[0], [message_id, low, high])
            for channel in ("email", "zalo"):
                cursor.execute(OUTBOX_FLOOR[1], [message_id, channel, now, low, high])
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def run(*, people: int, repeat: int, log=print) -> org_bench.Report:
    if Unit.objects.exists() or Person.objects.exists():
        raise RuntimeError(
            "bench_notify needs an empty database: point DATABASE_URL at a scratch database, "
            "migrate it, then run the benchmark."
        )
    started = time.perf_counter()
    org_bench.build_tree(people)
    build_people(people)
    _contacts()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    elapsed = time.perf_counter() - started
    log(f"data: {Unit.objects.count():,} units, {people:,} people in {elapsed:.1f} s")
    report = org_bench.Report(people=people, units=Unit.objects.count(), vendor=connection.vendor)
    Figure = org_bench.Figure
    User = get_user_model()
    office, _ = User.objects.get_or_create(username=BENCH_OFFICE)
    root = Unit.objects.get(depth=1)
    Grant.objects.get_or_create(user=office, unit=root, role=Role.OFFICE)

    with override_settings(**CHANNELS):
        started = time.perf_counter()
        message = announce(
            by=office, unit=root, title="Thông báo toàn Đảng bộ", body="Kính gửi các đồng chí."
        )
        seconds = time.perf_counter() - started
        receipts = message.recipient_count
        deliveries = message.deliveries.count()
        floor = _floor_outbox(root, office)
        report.add(
            Figure(
                f"announcement to the whole committee into the outbox ({receipts:,} inbox "
                f"rows, {deliveries:,} deliveries)",
                seconds,
                "s",
                floor=floor,
                target="≤ 30 s",
                note="service: checks, INSERT … SELECT per table, counts; floor: the three "
                "INSERT … SELECT as raw SQL, rolled back",
            )
        )
        log(f"announcement: {seconds:.2f} s (floor {floor:.2f} s)")
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE notify_receipt SET read_at = %s "
                "WHERE message_id = %s AND person_id %% 5 <> 0",
                [timezone.now(), message.pk],
            )
            cursor.execute(RECOUNT, [message.pk])
        # A member of the first cell, with INBOX_MESSAGES announcements to that cell.
        cell = Unit.objects.filter(numchild=0).order_by("path").first()
        person = Person.objects.filter(unit=cell).order_by("pk").first()
        member, _ = User.objects.get_or_create(username=BENCH_MEMBER)
        Person.objects.filter(pk=person.pk).update(user=member)
        for i in range(INBOX_MESSAGES - 1):
            announce(by=office, unit=cell, title=f"Thông báo chi bộ số {i + 1}", body="Nội dung.")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    office_client, member_client = Client(), Client()
    office_client.force_login(office, backend="django.contrib.auth.backends.ModelBackend")
    member_client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
        ms, queries = org_bench.measure_page(
            office_client, f"/notify/announcements/{message.pk}/", repeat
        )
        low, high = path_range(root.path)
        floor = org_bench.measure_sql(RATES_FLOOR, [message.pk, low, high], repeat)
        live = org_bench.measure_sql(RATES_LIVE, [message.pk], repeat)
        report.add(
            Figure(
                f"read rates page, whole committee ({receipts:,} recipients, 60 % read)",
                ms,
                "ms",
                floor=floor,
                queries=queries,
                target="≤ 150 ms",
                note="page at the server; floor: the kept per-unit counts of the subtree as raw "
                f"SQL; grouping the receipts live instead: {live:.0f} ms",
            )
        )
        ms, queries = org_bench.measure_page(member_client, "/notify/inbox/", repeat)

        def inbox_floor():
            with connection.cursor() as cursor:
                for sql in INBOX_FLOOR:
                    cursor.execute(sql, [person.pk])
                    cursor.fetchall()

        floor = org_bench.now_ms(inbox_floor, repeat)
        received = Message.objects.filter(receipts__person=person).count()
        report.add(
            Figure(
                f"inbox page, first 30 of {received} messages",
                ms,
                "ms",
                floor=floor,
                queries=queries,
                target="≤ 50 ms",
                note="page at the server; floor: count, first page, unread count as raw SQL",
            )
        )
    return report
