"""bench_evaluation: a year-end round over a tree of N people (issue 14).

Measured on the running application (test client, DEBUG off), each next to its floor, the same
work as raw SQL: the committee's rank distribution over its whole subtree (the round's overview
page: members per unit below by step and rank, organisations by rank), a chi bộ's page with
50 members, the round's complaints page, and the evaluation window's reminder run two days
before the deadline (lamtheo.evaluation.reminders: every member without a self-review, and the
secretaries of the cells that lag) with its inbox rows and deliveries. Data is written by a
few INSERT … SELECT statements: the tree and people of bench_exemplars, one round under QĐ 366,
a review per Party member with steps and ranks spread by id, a review per organisation, a
secretary per cell, 300 complaints.
"""

from __future__ import annotations

import datetime as dt
import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from lamtheo.accounts.models import Grant, Role
from lamtheo.core.tree import STEPLEN, path_range
from lamtheo.devdata.bench import org as org_bench
from lamtheo.devdata.bench.exemplars import build_people
from lamtheo.devdata.bench.notify import CHANNELS
from lamtheo.devdata.bench.reminders import HCM
from lamtheo.evaluation import counts
from lamtheo.evaluation.models import Complaint, MemberReview, Round, RuleSet
from lamtheo.evaluation.queries import BRANCH_COUNTS
from lamtheo.notify import reminders
from lamtheo.notify.models import Delivery, Message, Receipt
from lamtheo.org.models import Person, Unit

BENCH_USER = "bench-office"
CELL_SIZE = 50

# The floor of the rank distribution: the same counts grouped live from the round's reviews,
# the page's own SQL before it read the stored per-unit rows (RoundUnitCount).
MEMBER_COUNTS = """
    SELECT SUBSTR(u.path, 1, %s), m.status, m.rank, m."group", COUNT(*)
    FROM evaluation_memberreview m JOIN org_unit u ON u.id = m.cell_id
    WHERE m.round_id = %s AND u.path >= %s AND u.path < %s
    GROUP BY 1, 2, 3, 4
"""
ORG_COUNTS = """
    SELECT SUBSTR(u.path, 1, %s), o.status, o.rank, COUNT(*)
    FROM evaluation_orgreview o JOIN org_unit u ON u.id = o.unit_id
    WHERE o.round_id = %s AND u.path >= %s AND u.path < %s
    GROUP BY 1, 2, 3
"""
OVERVIEW_FLOOR = [MEMBER_COUNTS, ORG_COUNTS]
CELL_FLOOR = """
    SELECT m.id, m.status, m.rank, m.proposed_rank, m.self_rank, m.general_score,
           m.results_score, p.full_name
    FROM evaluation_memberreview m JOIN org_person p ON p.id = m.person_id
    WHERE m.round_id = %s AND m.cell_id = %s
    ORDER BY p.sort_key, p.id
"""

COMPLAINTS_FLOOR = """
    SELECT c.id, c.status, c.kind, c.text, c.old_rank, c.new_rank, c.created_at, p.full_name,
           u.name
    FROM evaluation_complaint c JOIN evaluation_memberreview m ON m.id = c.review_id
    JOIN org_person p ON p.id = m.person_id JOIN org_unit u ON u.id = m.cell_id
    WHERE m.round_id = %s
    ORDER BY c.status, c.id DESC
"""


def build_round(cell: Unit) -> Round:
    """A QĐ 366 round over the root; `cell` gets CELL_SIZE members; every Party member a
    review (steps and ranks by id: 60 % HTT, 15 % HTXS, 15 % HT, a few KHT), every open
    organisation but party groups a review."""
    root = Unit.objects.get(depth=1)
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE org_person SET unit_id = %s WHERE id IN (
                 SELECT id FROM org_person WHERE party_status = 'official' ORDER BY id LIMIT %s)""",
            [cell.pk, CELL_SIZE],
        )
    evaluation_round = Round.objects.create(
        unit=root,
        rule_set=RuleSet.objects.get(code="qd366-hd43"),
        year=2025,
        title="Kiểm điểm năm 2025 (benchmark)",
    )
    now = timezone.now()
    common = """created_at, updated_at, strengths, shortcomings, fixes, explanations,
        responsibility, direction, general_grade, results_grade, tasks_total, tasks_done,
        tasks_on_time, tasks_exceeded, shortcomings_fixed, comment, decision_note, quota_note,
        version"""
    blanks = "%s, %s, '', '', '', '', '', '', '', '', 10, 10, 10, 2, TRUE, '', '', '', 1"
    rank = """CASE WHEN p.id %% 100 < 15 THEN 'htxs' WHEN p.id %% 100 < 75 THEN 'htt'
        WHEN p.id %% 100 < 98 THEN 'ht' ELSE 'kht' END"""
    status = """CASE WHEN p.id %% 10 < 6 THEN 'decided' WHEN p.id %% 10 < 8 THEN 'cell_reviewed'
        WHEN p.id %% 10 < 9 THEN 'self_reviewed' ELSE 'pending' END"""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO evaluation_memberreview ({common}, general_score, results_score,
                   self_rank, proposed_rank, rank, status, round_id, person_id, cell_id,
                   "group", party_status, discipline, discipline_duty, discipline_self_found,
                   degraded)
                SELECT {blanks}, 25, 55, {rank}, {rank},
                       CASE WHEN p.id %% 10 < 6 THEN {rank} ELSE '' END, {status}, %s, p.id,
                       p.unit_id, CASE WHEN p.id %% 7 = 0 THEN 'leader' ELSE 'member' END,
                       p.party_status, '', FALSE, FALSE, FALSE
                FROM org_person p
                WHERE p.party_status IN ('official', 'probationary') AND p.left_on IS NULL""",
            [now, now, evaluation_round.pk],
        )
        cursor.execute(
            f"""INSERT INTO evaluation_orgreview ({common}, self_rank, proposed_rank, rank,
                   status, round_id, unit_id, subordinate_disciplined)
                SELECT {blanks}, 'htt', 'htt', CASE WHEN u.id %% 3 = 0 THEN '' ELSE 'htt' END,
                       CASE WHEN u.id %% 3 = 0 THEN 'self_reviewed' ELSE 'decided' END, %s, u.id,
                       FALSE
                FROM org_unit u WHERE u.kind <> 'group'""",
            [now, now, evaluation_round.pk],
        )
    counts.rebuild([evaluation_round])  # INSERT … SELECT bypasses the services
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return evaluation_round


DEADLINE = dt.date(2025, 12, 31)
REMIND_AT = dt.datetime(2025, 12, 29, 9, 0, tzinfo=HCM)  # NOTIFY_REMINDER_LEAD_DAYS before
PENDING = """
    SELECT p.id, p.unit_id FROM evaluation_memberreview m JOIN org_person p ON p.id = m.person_id
    WHERE m.round_id = %s AND m.status = 'pending' AND p.left_on IS NULL
"""


def _secretaries() -> None:
    """The first person of every cell is its secretary (whom a lagging cell's reminder goes)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO org_position (created_at, updated_at, person_id, unit_id, title,
                                         started_on, ended_on, note)
               SELECT %s, %s, MIN(p.id), p.unit_id, 'secretary', %s, NULL, ''
               FROM org_person p GROUP BY p.unit_id""",
            [timezone.now(), timezone.now(), dt.date(2025, 1, 1)],
        )


def _complaints(evaluation_round: Round, count: int) -> None:
    """`count` complaints on decided reviews, one in three still waiting."""
    reviews = MemberReview.objects.filter(round=evaluation_round, status="decided")[:count]
    Complaint.objects.bulk_create(
        [
            Complaint(
                review=r,
                kind="complaint",
                text="Đề nghị xem xét lại kết quả xếp loại.",
                old_rank=r.rank,
                status="lodged" if i % 3 == 0 else "rejected",
            )
            for i, r in enumerate(reviews)
        ]
    )


def _reminder_floor(evaluation_round: Round, root: Unit) -> float:
    """The receipts and deliveries of the pending members' reminder as raw SQL, rolled back."""
    now = timezone.now()
    with transaction.atomic():
        started = time.perf_counter()
        message_id = Message.objects.create(
            title="floor", body="floor", unit=root, kind="reminder"
        ).pk
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO notify_receipt (message_id, person_id, unit_id) "
                f"SELECT %s, s.id, s.unit_id FROM ({PENDING}) s",
                [message_id, evaluation_round.pk],
            )
            for channel in ("email", "zalo"):
                cursor.execute(
                    "INSERT INTO notify_delivery (message_id, channel, status, attempts, "
                    "next_attempt_at, lease_token, address, route, external_id, error, "
                    f"person_id) SELECT %s, %s, 'pending', 0, %s, '', '', '', '', '', s.id "
                    f"FROM ({PENDING}) s",
                    [message_id, channel, now, evaluation_round.pk],
                )
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def _reminders(evaluation_round: Round, root: Unit, report, repeat: int, log) -> None:
    Round.objects.filter(pk=evaluation_round.pk).update(
        closes_on=DEADLINE, created_at=REMIND_AT - dt.timedelta(days=60)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE org_person SET email = 'dv' || id || '@example.vn', "
            "phone = '09' || substr('00000000' || id, -8, 8)"
        )
        cursor.execute("ANALYZE")
    with override_settings(**CHANNELS, NOTIFY_LAGGING_SHARE=0.1):
        floor = min(_reminder_floor(evaluation_round, root) for _ in range(max(1, min(repeat, 3))))
        started = time.perf_counter()
        done = reminders.run(REMIND_AT)
        seconds = time.perf_counter() - started
        log(f"reminders: {dict(done)} in {seconds:.2f} s (floor {floor:.2f} s)")
        report.add(
            org_bench.Figure(
                f"evaluation reminder run: {done['written']} reminders, "
                f"{Receipt.objects.count():,} inbox rows, {Delivery.objects.count():,} "
                "deliveries",
                seconds,
                "s",
                floor=floor,
                target="≤ 60 s (issue 16)",
                note="two days before the deadline: members without a self-review, lagging "
                "cells' secretaries; floor: the INSERT … SELECT of the large reminder's "
                "receipts and deliveries as raw SQL, rolled back",
            )
        )
        started = time.perf_counter()
        again = reminders.run(REMIND_AT)
        assert not again["written"], "a reminder was written twice"
        report.add(
            org_bench.Figure(
                "the same run again (everything already sent)",
                (time.perf_counter() - started) * 1000,
                "ms",
                target="",
                note="one existence check per reminder; nothing written",
            )
        )


def run(*, people: int, repeat: int, log=print) -> org_bench.Report:
    if Unit.objects.exists() or Person.objects.exists():
        raise RuntimeError(
            "bench_evaluation needs an empty database: point DATABASE_URL at a scratch "
            "database, migrate it, then run the benchmark."
        )
    started = time.perf_counter()
    org_bench.build_tree(people)
    build_people(people)
    cell = Unit.objects.filter(numchild=0).order_by("path").first()
    evaluation_round = build_round(cell)
    _secretaries()
    _complaints(evaluation_round, 300)
    reviews = evaluation_round.member_reviews.count()
    stored = counts.stored_rows([evaluation_round.pk])
    assert stored == counts.live_rows([evaluation_round.pk]), "stored figures differ"
    log(
        f"data: {Unit.objects.count():,} units, {people:,} people, {reviews:,} members' "
        f"reviews in {time.perf_counter() - started:.1f} s"
    )
    report = org_bench.Report(people=people, units=Unit.objects.count(), vendor=connection.vendor)
    user, _ = get_user_model().objects.get_or_create(username=BENCH_USER)
    root = Unit.objects.get(depth=1)
    Grant.objects.get_or_create(user=user, unit=root, role=Role.OFFICE)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
        for label, unit in [
            (f"whole tree ({reviews:,} members)", root),
            ("one bloc", Unit.objects.filter(depth=2).order_by("path").first()),
        ]:
            ms, queries = org_bench.measure_page(
                client, f"/evaluation/rounds/{evaluation_round.pk}/?unit={unit.pk}", repeat
            )
            params = [len(unit.path) + STEPLEN, evaluation_round.pk, *path_range(unit.path)]

            def floor_run(params=params):
                with connection.cursor() as cursor:
                    for sql in OVERVIEW_FLOOR:
                        cursor.execute(sql, params)
                        cursor.fetchall()

            floor = org_bench.now_ms(floor_run, repeat)
            own = org_bench.measure_sql(BRANCH_COUNTS, params, repeat)
            log(f"rank distribution, {label}: the page's own SQL (stored rows) {own:.1f} ms")
            report.add(
                org_bench.Figure(
                    f"rank distribution, {label}",
                    ms,
                    "ms",
                    floor=floor,
                    queries=queries,
                    target="≤ 200 ms, ≤ 2× floor",
                    note="round overview page, from the stored per-unit rows; floor: members "
                    "and organisations counted live per unit below, step and rank, two "
                    "statements",
                )
            )
        ms, queries = org_bench.measure_page(
            client, f"/evaluation/rounds/{evaluation_round.pk}/units/{cell.pk}/", repeat
        )
        floor = org_bench.measure_sql(CELL_FLOOR, [evaluation_round.pk, cell.pk], repeat)
        report.add(
            org_bench.Figure(
                f"a chi bộ's page ({CELL_SIZE} members)",
                ms,
                "ms",
                floor=floor,
                queries=queries,
                target="≤ 100 ms",
                note="page; floor: its members' reviews with their names",
            )
        )
        ms, queries = org_bench.measure_page(
            client, f"/evaluation/rounds/{evaluation_round.pk}/complaints/", repeat
        )
        floor = org_bench.measure_sql(COMPLAINTS_FLOOR, [evaluation_round.pk], repeat)
        report.add(
            org_bench.Figure(
                "the round's complaints (300, whole tree)",
                ms,
                "ms",
                floor=floor,
                queries=queries,
                target="",
                note="page; floor: the complaints with their member and cell",
            )
        )
    _reminders(evaluation_round, root, report, repeat, log)
    return report
