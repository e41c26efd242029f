"""The reminders benchmark (issue 16 §2): one `send_reminders` run over a whole committee.

In an empty database: the bench_org tree and N people, each with an email address and a mobile
number (email and Zalo on, nothing sent: the worker does not run); a secretary in every cell; an
open programme year with two commitments for nine people in ten (bench programs' statuses); a
published study session of the whole committee starting in 12 hours with everyone invited.
The run is timed on the day registration closes, so it writes:

- the registration-closing reminder to everyone not registered,
- the lagging cells' secretaries' reminder (two grouped counts over the committee),
- the approval reminder to the secretaries of cells with commitments waiting,
- the session reminder to every invitee

(NOTIFY_LAGGING_SHARE at 10 %: every cell lags), each with its inbox rows and one delivery per
person and channel. Then the same run again, when everything is already sent (what the timer
does every 15 minutes). Floor: the INSERT … SELECT of the receipts and deliveries of the two
large reminders as raw SQL, rolled back.
"""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo

from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from lamtheo.core.tree import path_range
from lamtheo.devdata.bench import org as org_bench
from lamtheo.devdata.bench import programs as programs_bench
from lamtheo.devdata.bench.exemplars import build_people
from lamtheo.devdata.bench.notify import CHANNELS
from lamtheo.notify import reminders
from lamtheo.notify.models import Delivery, Message, Receipt
from lamtheo.org.models import Person, Unit
from lamtheo.study.models import SessionStatus, StudySession

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
RUN_AT = dt.datetime(2026, 3, 31, 9, 0, tzinfo=HCM)  # the day registration closes

NOT_REGISTERED = """
    SELECT p.id, p.unit_id FROM org_person p JOIN org_unit u ON u.id = p.unit_id
    WHERE u.path >= %s AND u.path < %s AND p.left_on IS NULL
      AND (SELECT COUNT(*) FROM programs_commitment c WHERE c.person_id = p.id
           AND c.year_id = %s AND c.status IN
           ('submitted', 'returned', 'approved', 'self_assessed', 'evaluated')) < 1
"""
INVITED = """
    SELECT p.id, p.unit_id FROM org_person p JOIN study_invitation i ON i.person_id = p.id
    WHERE i.session_id = %s AND p.left_on IS NULL
"""


def _secretaries() -> None:
    """The first person of every cell is its secretary."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO org_position (created_at, updated_at, person_id, unit_id, title,
                                      started_on, ended_on, note)
            SELECT %s, %s, MIN(p.id), p.unit_id, 'secretary', %s, NULL, ''
            FROM org_person p GROUP BY p.unit_id
            """,
            [timezone.now(), timezone.now(), dt.date(2025, 1, 1)],
        )


def _session(root: Unit) -> StudySession:
    start = RUN_AT + dt.timedelta(hours=12)
    session = StudySession.objects.create(
        unit=root,
        title="Hội nghị quán triệt chuyên đề năm 2026 (benchmark)",
        kind="key_cadre",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place="Hội trường",
        status=SessionStatus.PUBLISHED,
        published_at=RUN_AT,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO study_invitation (session_id, person_id, unit_id, point_id) "
            "SELECT %s, id, unit_id, NULL FROM org_person WHERE left_on IS NULL",
            [session.pk],
        )
    return session


def _floor(root: Unit, year_id: int, session_id: int) -> float:
    low, high = path_range(root.path)
    now = timezone.now()
    with transaction.atomic():
        started = time.perf_counter()
        for select, params in ((NOT_REGISTERED, [low, high, year_id]), (INVITED, [session_id])):
            message_id = Message.objects.create(
                title="floor", body="floor", unit=root, kind="reminder"
            ).pk
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO notify_receipt (message_id, person_id, unit_id) "
                    f"SELECT %s, s.id, s.unit_id FROM ({select}) s",
                    [message_id, *params],
                )
                for channel in ("email", "zalo"):
                    cursor.execute(
                        "INSERT INTO notify_delivery (message_id, channel, status, attempts, "
                        "next_attempt_at, lease_token, address, route, external_id, error, "
                        f"person_id) SELECT %s, %s, 'pending', 0, %s, '', '', '', '', '', s.id "
                        f"FROM ({select}) s",
                        [message_id, channel, now, *params],
                    )
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def run(*, people: int, repeat: int, log=print) -> org_bench.Report:
    if Unit.objects.exists() or Person.objects.exists():
        raise RuntimeError(
            "bench_reminders needs an empty database: point DATABASE_URL at a scratch "
            "database, migrate it, then run the benchmark."
        )
    started = time.perf_counter()
    org_bench.build_tree(people)
    build_people(people)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE org_person SET email = 'dv' || id || '@example.vn', "
            "phone = '09' || substr('00000000' || id, -8, 8)"
        )
    _secretaries()
    root = Unit.objects.get(depth=1)
    year = programs_bench.build_year(root)
    programs_bench.build_commitments(year)
    session = _session(root)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(
        f"data: {Unit.objects.count():,} units, {people:,} people in "
        f"{time.perf_counter() - started:.1f} s"
    )
    report = org_bench.Report(people=people, units=Unit.objects.count(), vendor=connection.vendor)
    Figure = org_bench.Figure

    # A tenth of each cell behind already makes it lag: every cell's secretary is reminded too.
    with override_settings(**CHANNELS, NOTIFY_LAGGING_SHARE=0.1):
        floor = min(_floor(root, year.pk, session.pk) for _ in range(max(1, min(repeat, 3))))
        started = time.perf_counter()
        done = reminders.run(RUN_AT)
        seconds = time.perf_counter() - started
        log(f"run: {dict(done)} in {seconds:.2f} s (floor {floor:.2f} s)")
        receipts, deliveries = Receipt.objects.count(), Delivery.objects.count()
        report.add(
            Figure(
                f"reminder run over the committee: {done['written']} reminders, "
                f"{receipts:,} inbox rows, {deliveries:,} deliveries",
                seconds,
                "s",
                floor=floor,
                target="≤ 60 s",
                note="registration closing (the not registered), lagging cells' secretaries, "
                "approval, a session's invitees; floor: the INSERT … SELECT of the two large "
                "reminders' receipts and deliveries as raw SQL, rolled back",
            )
        )
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            again = reminders.run(RUN_AT)
            times.append(time.perf_counter() - started)
            assert not again["written"], "a reminder was written twice"
        times.sort()
        report.add(
            Figure(
                "the same run again, everything already sent (the 15-minute timer)",
                times[len(times) // 2] * 1000,
                "ms",
                target="",
                note="one existence check per reminder; nothing written",
            )
        )
    return report
