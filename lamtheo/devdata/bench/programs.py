"""Benchmark data for the registrations: a programme year and two commitments per person.

Written with one INSERT … SELECT over the people (portable between SQLite and PostgreSQL),
with statuses spread as in a real year: a tenth of people not registered, most approved.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from lamtheo.core.tree import path_range
from lamtheo.org.models import Unit
from lamtheo.programs import queries
from lamtheo.programs.models import Program, ProgramYear, YearStatus

# (upper bound of the bucket out of 100, status)
STATUS_BUCKETS = [
    (2, "draft"),
    (17, "submitted"),
    (20, "returned"),
    (60, "approved"),
    (80, "self_assessed"),
    (100, "evaluated"),
]


def build_year(root: Unit) -> ProgramYear:
    program = Program.objects.create(
        unit=root,
        name="Thực hiện Kết luận 01-KL/TW giai đoạn 2021–2026 (benchmark)",
        start_year=2021,
        end_year=2026,
    )
    year = ProgramYear.objects.create(
        program=program,
        year=2026,
        status=YearStatus.OPEN,
        registration_opens=dt.date(2026, 1, 5),
        registration_closes=dt.date(2026, 3, 31),
        self_assessment_opens=dt.date(2026, 11, 1),
        self_assessment_closes=dt.date(2026, 12, 10),
        evaluation_deadline=dt.date(2026, 12, 25),
    )
    return year


def build_commitments(year: ProgramYear) -> int:
    """Two commitments for every current person but one in ten; returns how many."""
    bucket = "((p.id * 31 + k.n * 17) %% 100)"
    status = (
        "CASE "
        + " ".join(f"WHEN {bucket} < {upper} THEN '{name}'" for upper, name in STATUS_BUCKETS)
        + " END"
    )
    now = timezone.now()
    sql = f"""
        INSERT INTO programs_commitment (
            created_at, updated_at, year_id, kind, person_id, unit_id, content_area, action,
            expected_result, due_on, shortcoming, status, version, review_comment,
            self_assessment, proposed_outcome, outcome, evaluation_comment
        )
        SELECT %s, %s, %s, 'personal', p.id, p.unit_id, 'advisory',
               'Việc làm theo Bác số ' || k.n, 'Kết quả đo được', NULL, '', {status}, 1, '',
               '', '', '', ''
        FROM org_person p CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2 AS n) k
        WHERE p.left_on IS NULL AND p.id %% 10 <> 0
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, now, year.pk])
        return cursor.rowcount


ROLLUP_FLOOR_SQL = """
    SELECT SUBSTR(u.path, 1, %s) AS branch, c.status, COUNT(*), COUNT(DISTINCT c.person_id)
    FROM programs_commitment c JOIN org_unit u ON u.id = c.unit_id
    WHERE c.year_id = %s AND u.path >= %s AND u.path < %s
    GROUP BY 1, 2
"""
TABLE_FLOOR_SQL = """
    SELECT p.id, p.full_name, u.name, c.status
    FROM (SELECT p.id, p.full_name, p.unit_id, p.sort_key FROM org_person p
          JOIN org_unit u ON u.id = p.unit_id
          WHERE u.path >= %s AND u.path < %s AND p.left_on IS NULL
          ORDER BY p.sort_key LIMIT 50) p
    JOIN org_unit u ON u.id = p.unit_id
    LEFT JOIN programs_commitment c ON c.person_id = p.id AND c.year_id = %s
    ORDER BY p.sort_key
"""


def figures(
    report,
    *,
    client,
    user,
    year: ProgramYear,
    units,
    repeat: int,
    measure_page,
    measure_sql,
    timed,
    figure_class,
) -> None:
    """Rollup and progress table for each (label, unit), next to one raw SQL statement each."""
    for label, unit in units:
        low, high = path_range(unit.path)
        branch = len(unit.path) + Unit.steplen
        function_ms = timed(lambda unit=unit: queries.progress_rollup(year, unit, user), repeat)
        page_ms, page_queries = measure_page(
            client, f"/registrations/rollup/{unit.pk}/?year={year.pk}", repeat
        )
        floor_ms = measure_sql(ROLLUP_FLOOR_SQL, [branch, year.pk, low, high], repeat)
        report.add(
            figure_class(
                f"progress rollup, {label}",
                page_ms,
                "ms",
                floor=floor_ms,
                queries=page_queries,
                target="< 200 ms, ≤ 2× floor",
                note=f"page; the query function alone {function_ms:.1f} ms; floor: counts per "
                "child unit and status in one statement",
            )
        )
        table_ms, table_queries = measure_page(
            client, f"/registrations/units/{unit.pk}/?year={year.pk}", repeat
        )
        # The page shows the subtree's step counts above its rows: the floor is both.
        table_floor = measure_sql(TABLE_FLOOR_SQL, [low, high, year.pk], repeat) + floor_ms
        report.add(
            figure_class(
                f"progress table page 1, {label}",
                table_ms,
                "ms",
                floor=table_floor,
                queries=table_queries,
                target="< 200 ms, ≤ 2× floor",
                note="page with its step counts; floor: page-1 people with their commitments "
                "plus the counts statement",
            )
        )
