"""bench_evaluation: a year-end round over a tree of N people (issue 14).

Measured on the running application (test client, DEBUG off), each next to its floor, the same
work as raw SQL: the committee's rank distribution over its whole subtree (the round's overview
page: members per unit below by step and rank, organisations by rank) and a chi bộ's page with
50 members. Data is written by a few INSERT … SELECT statements: the tree and people of
bench_exemplars, one round under QĐ 366, a review per Party member with steps and ranks spread
by id, a review per organisation.
"""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from lamtheo.accounts.models import Grant, Role
from lamtheo.core.tree import STEPLEN, path_range
from lamtheo.devdata.bench import org as org_bench
from lamtheo.devdata.bench.exemplars import build_people
from lamtheo.evaluation.models import Round, RuleSet
from lamtheo.evaluation.queries import MEMBER_COUNTS, ORG_COUNTS
from lamtheo.org.models import Person, Unit

BENCH_USER = "bench-office"
CELL_SIZE = 50

# The same two statements the page runs (evaluation.queries): the floor is the SQL alone.
OVERVIEW_FLOOR = [MEMBER_COUNTS, ORG_COUNTS]
CELL_FLOOR = """
    SELECT m.id, m.status, m.rank, m.proposed_rank, m.self_rank, m.general_score,
           m.results_score, p.full_name
    FROM evaluation_memberreview m JOIN org_person p ON p.id = m.person_id
    WHERE m.round_id = %s AND m.cell_id = %s
    ORDER BY p.sort_key, p.id
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
        cursor.execute("ANALYZE")
    return evaluation_round


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
    reviews = evaluation_round.member_reviews.count()
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
            report.add(
                org_bench.Figure(
                    f"rank distribution, {label}",
                    ms,
                    "ms",
                    floor=floor,
                    queries=queries,
                    target="≤ 200 ms, ≤ 2× floor",
                    note="round overview page; floor: members and organisations counted per "
                    "unit below, step and rank, two statements",
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
    return report
