"""Benchmark data and figures for the participation rate (lamtheo.study.rates).

`build_year(root, year)` writes a year of study on the benchmark tree with INSERT … SELECT
(portable between SQLite and PostgreSQL), as a committee would have it:

- every cell (leaf unit) holds 12 monthly meetings (sinh hoạt chi bộ) for its Party members;
- the root holds 4 conferences for everyone (two of them hybrid), one of which does not
  count towards participation, and one cell meeting in a hundred is cancelled;
- attendance: for every invitation, a deterministic draw over (person, session) gives
  ~88 % present, ~4 % late, ~4 % excused, ~2 % absent and ~2 % never recorded; one person
  in fifty is never recorded anywhere (they took part in nothing);
- one person in twenty records a self-study in June;
- people were in their unit since three years before (the import dates everyone's current
  unit from the import day; the year is rewritten as if they had been imported long ago,
  so every month has its people in scope), and one person in a hundred moved on 1 July from
  the next cell (a Membership ending that day), so the rate's UNION over past periods has rows.

Invitations are not written: the rate does not read them. The year is the current one.

`rate_figures(report, ...)` measures, for the whole tree and one bloc, `rates.participation`
for members and for everyone next to one raw SQL statement computing the same figures (the
faster of two formulations: EXISTS per person, or a join with the distinct participants);
for members, `participation_by_month`, `participation_by_child` and page 1 of
`never_present`, each next to the same kind of statement; and the full rates page (no
floor). It is called like `lamtheo.devdata.bench.programs.figures`, with bench_org's helpers passed
in; `bench_org` runs it last (`--no-study` skips it).
"""

from __future__ import annotations

import datetime as dt
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lamtheo.core.tree import path_range
from lamtheo.org.models import Unit
from lamtheo.study import participation_counts, rate_people, rates

MEMBERS = ("official", "probationary")
# (upper bound of the draw out of 100, status); above the last: not recorded.
STATUS_BUCKETS = [(88, "present"), (92, "late"), (96, "excused"), (98, "absent")]
CONFERENCES = [
    # (month, day, kind, format, counts towards participation)
    (2, 7, "key_cadre", "in_person", True),
    (5, 16, "thematic", "hybrid", True),
    (7, 14, "other", "in_person", False),
    (10, 5, "thematic", "hybrid", True),
]


def _dt(value: dt.datetime):
    return connection.ops.adapt_datetimefield_value(value)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _status_case(draw: str) -> str:
    return (
        "CASE "
        + " ".join(f"WHEN {draw} < {upper} THEN '{name}'" for upper, name in STATUS_BUCKETS)
        + " END"
    )


def build_year(root: Unit, year: int | None = None, *, bulk: bool = False) -> dict[str, int]:
    """Sessions, attendance and self-study of `year` (this year by default) on the tree under
    `root`; returns how many rows of each were written. With `bulk` the caller writing
    several years has set the attendance indexes aside (`set_indexes_aside`) and counts the
    people's months once at the end (participation_counts.rebuild): both cost a pass over
    every year's attendance."""
    year = year or timezone.localdate().year
    now = _dt(timezone.now())
    counts = {}
    low, high = path_range(root.path)
    months = " UNION ALL ".join(
        "SELECT %s AS n, %s AS starts_at, %s AS ends_at" for _month in range(12)
    )
    month_params = []
    for month in range(1, 13):
        start = _at(dt.date(year, month, 10), 14)
        month_params += [month, _dt(start), _dt(start + dt.timedelta(hours=2))]
    insert_sessions = """
        INSERT INTO study_studysession (
            created_at, updated_at, unit_id, title, kind, format, program_year_id, topic,
            starts_at, ends_at, place, online_link, agenda, counts_for_participation, status,
            published_at, created_by_id, qr_secret
        )
    """
    since = connection.ops.adapt_datefield_value(dt.date(year - 3, 1, 1))
    moved = connection.ops.adapt_datefield_value(dt.date(year, 7, 1))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE org_person SET unit_since = %s
            WHERE unit_id IN (SELECT id FROM org_unit WHERE path >= %s AND path < %s)
            """,
            [since, low, high],
        )
        cursor.execute(
            """
            INSERT INTO org_membership (person_id, unit_id, started_on, ended_on, reason)
            SELECT p.id, n.id, %s, %s, 'benchmark: moved'
            FROM org_person p JOIN org_unit u ON u.id = p.unit_id
            JOIN org_unit n ON n.id = p.unit_id + 1 AND n.numchild = 0
            WHERE p.id %% 100 = 7 AND u.path >= %s AND u.path < %s
            """,
            [since, moved, low, high],
        )
        counts["moves"] = cursor.rowcount
        cursor.execute(
            """
            UPDATE org_person SET unit_since = %s
            WHERE id IN (SELECT person_id FROM org_membership WHERE reason = 'benchmark: moved')
            """,
            [moved],
        )
        cursor.execute(
            insert_sessions
            + f"""
            SELECT %s, %s, u.id, 'Sinh hoạt chi bộ tháng ' || m.n, 'cell_meeting',
                   'in_person', NULL, '', m.starts_at, m.ends_at, '', '', '', %s,
                   CASE WHEN (u.id * 7 + m.n) %% 100 = 0 THEN 'cancelled' ELSE 'published' END,
                   %s, NULL, 'bench'
            FROM org_unit u CROSS JOIN ({months}) m
            WHERE u.numchild = 0 AND u.path >= %s AND u.path < %s
            """,
            [now, now, True, now, *month_params, low, high],
        )
        counts["cell meetings"] = cursor.rowcount
        for month, day, kind, fmt, counting in CONFERENCES:
            start = _at(dt.date(year, month, day), 8)
            cursor.execute(
                insert_sessions
                + "VALUES (%s, %s, %s, %s, %s, %s, NULL, '', %s, %s, '', '', '', %s, "
                "'published', %s, NULL, 'bench')",
                [
                    now,
                    now,
                    root.pk,
                    f"Hội nghị {kind} {month}/{year}",
                    kind,
                    fmt,
                    _dt(start),
                    _dt(start + dt.timedelta(hours=3)),
                    counting,
                    now,
                ],
            )
        counts["conferences"] = len(CONFERENCES)
        t0, t1 = rates.local_bounds(*rates.year_bounds(year))
        draw = "((p.id * 31 + s.id * 17) %% 100)"
        status = _status_case(draw)
        checked = f"CASE WHEN {draw} < {STATUS_BUCKETS[1][0]} THEN s.starts_at ELSE NULL END"
        insert_attendance = f"""
            INSERT INTO study_attendance (
                session_id, person_id, unit_id, status, method, point_id, checked_in_at,
                recorded_by_id, updated_at
            )
            SELECT s.id, p.id, p.unit_id, {status}, 'roll_call', NULL, {checked}, NULL, %s
        """
        where = f"""
            s.starts_at >= %s AND s.starts_at < %s AND s.status = 'published'
            AND p.left_on IS NULL AND {draw} < {STATUS_BUCKETS[-1][0]} AND p.id %% 50 <> 0
        """
        if connection.vendor == "postgresql":
            # Statistics for the people just imported and the sessions just written: without
            # them the planner expected 700 people in 63 units and joined the conferences' 4 M
            # rows to the units by a nested loop (over 40 minutes at 1M people).
            cursor.execute("ANALYZE org_person, org_unit, study_studysession")
        restore = None if bulk else set_indexes_aside("study_attendance")
        counts["attendance"] = _insert_attendance(
            cursor, insert_attendance, where, now, root, low, high, t0, t1
        )
        if restore:
            restore()
        cursor.execute(
            """
            INSERT INTO study_selfstudy (
                person_id, unit_id, studied_on, material, minutes, note, program_year_id,
                recorded_by_id, created_at
            )
            SELECT p.id, p.unit_id, %s, 'Tài liệu học tập chuyên đề', 60, '', NULL, NULL, %s
            FROM org_person p JOIN org_unit u ON u.id = p.unit_id
            WHERE u.path >= %s AND u.path < %s AND p.id %% 20 = 0
            """,
            [connection.ops.adapt_datefield_value(dt.date(year, 6, 15)), now, low, high],
        )
        counts["self-study"] = cursor.rowcount
    if not bulk:
        # Written with INSERT … SELECT: the months each person took part in are counted again.
        participation_counts.rebuild()
    return counts


def _insert_attendance(cursor, insert_attendance, where, now, root, low, high, t0, t1) -> int:
    """The cell meetings' members, then the conferences' everyone: the rows written."""
    # Cell meetings: the cell's members.
    cursor.execute(
        insert_attendance
        + f"""
        FROM study_studysession s
        JOIN org_unit u ON u.id = s.unit_id
        JOIN org_person p ON p.unit_id = s.unit_id
        WHERE s.kind = 'cell_meeting' AND p.party_status IN (%s, %s)
          AND u.path >= %s AND u.path < %s AND {where}
        """,
        [now, *MEMBERS, low, high, _dt(t0), _dt(t1)],
    )
    written = cursor.rowcount
    # Conferences: everyone under the root.
    cursor.execute(
        insert_attendance
        + f"""
        FROM study_studysession s
        CROSS JOIN org_person p
        JOIN org_unit u ON u.id = p.unit_id
        WHERE s.unit_id = %s AND s.kind <> 'cell_meeting'
          AND u.path >= %s AND u.path < %s AND {where}
        """,
        [now, root.pk, low, high, _dt(t0), _dt(t1)],
    )
    return written + cursor.rowcount


def set_indexes_aside(table: str):
    """On PostgreSQL, drop the table's secondary indexes and unique constraints for a bulk
    load; returns what builds them again after it. At 1M people a year's 13 M attendance rows
    took over 40 minutes per statement with eight indexes updated row by row (BENCHMARKS.md);
    building each index once, sorted, takes a minute. Elsewhere (SQLite) nothing changes."""
    if connection.vendor != "postgresql":
        return lambda: None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'u'",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
            "AND i.indexname NOT IN (SELECT conname FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('p', 'u'))",
            [table, table],
        )
        indexes = cursor.fetchall()
        for name, _definition in constraints:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')

    def restore() -> None:
        with connection.cursor() as cursor:
            # Inside a transaction (the tests) the rows' deferred foreign-key checks are
            # still pending, and PostgreSQL alters no table with pending checks: run them.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name, definition in constraints:
                cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
            for _name, definition in indexes:
                cursor.execute(definition)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    return restore


# -- the floor: one statement computing the same figures -------------------------------------

# {branch}: "" or ", SUBSTR(u.path, 1, %(length)s)" (per child unit); {population}: see below.
_IN_SCOPE = """
    SELECT p.id AS id {branch} FROM org_person p JOIN org_unit u ON u.id = p.unit_id
    WHERE u.path >= %(low)s AND u.path < %(high)s
      AND (p.unit_since IS NULL OR p.unit_since <= %(end)s)
      AND (p.left_on IS NULL OR p.left_on >= %(start)s)
      {population}
    UNION
    SELECT m.person_id AS id {branch} FROM org_membership m
      JOIN org_unit u ON u.id = m.unit_id JOIN org_person p ON p.id = m.person_id
    WHERE u.path >= %(low)s AND u.path < %(high)s
      AND (m.started_on IS NULL OR m.started_on <= %(end)s) AND m.ended_on > %(start)s
      {population}
"""
_POPULATION = (
    "AND p.party_status IN ('official', 'probationary') "
    "AND (p.joined_on IS NULL OR p.joined_on <= %(end)s)"
)
_ATTENDED = """
    SELECT a.person_id FROM study_attendance a
      JOIN study_studysession s ON s.id = a.session_id
    WHERE a.status IN ('present', 'late') AND s.status = 'published'
      AND s.counts_for_participation = %(true)s
      AND s.starts_at >= %(t0)s AND s.starts_at < %(t1)s
"""
_STUDIED = """
    SELECT x.person_id FROM study_selfstudy x
    WHERE x.studied_on >= %(start)s AND x.studied_on <= %(end)s
"""
# Formulation 1: an EXISTS per person in scope (an index probe each), each evaluated once:
# the inner level groups by k = took part in a session (1) + self-study (2), so PostgreSQL
# cannot copy the EXISTS into each outer sum (it does when the outer sums read the flags of a
# plain subquery: two or three probes per person). {key}/{ikey}: leading columns ("g.branch,"
# or "7 AS month," / "d.branch AS branch,"); {group}/{igroup}: the GROUP BY of each level.
FLOOR_EXISTS_SQL = f"""
    SELECT {{key}} SUM(g.n),
           SUM(CASE WHEN g.k > 0 THEN g.n ELSE 0 END),
           SUM(CASE WHEN g.k IN (1, 3) THEN g.n ELSE 0 END),
           SUM(CASE WHEN g.k >= 2 THEN g.n ELSE 0 END)
    FROM (
        SELECT {{ikey}}
               CASE WHEN EXISTS ({_ATTENDED} AND a.person_id = d.id) THEN 1 ELSE 0 END
               + CASE WHEN EXISTS ({_STUDIED} AND x.person_id = d.id) THEN 2 ELSE 0 END AS k,
               COUNT(*) AS n
        FROM ({_IN_SCOPE}) d
        GROUP BY {{igroup}} k
    ) g {{group}}
"""
# Formulation 2: the distinct participants of the period, joined to the people in scope.
FLOOR_JOIN_SQL = f"""
    SELECT {{key}} COUNT(*), COUNT(COALESCE(s.person_id, ss.person_id)), COUNT(s.person_id),
           COUNT(ss.person_id)
    FROM ({_IN_SCOPE}) d
    LEFT JOIN (SELECT DISTINCT person_id FROM ({_ATTENDED}) a0) s ON s.person_id = d.id
    LEFT JOIN (SELECT DISTINCT person_id FROM ({_STUDIED}) x0) ss ON ss.person_id = d.id
    {{group}}
"""
# Page 1 of the people in scope who took part in nothing, and their count (a paginator's two).
NEVER_PAGE_SQL = f"""
    SELECT p.id, p.full_name, p.sort_key, u.name FROM org_person p
      JOIN org_unit u ON u.id = p.unit_id
    WHERE p.id IN ({_IN_SCOPE})
      AND NOT EXISTS ({_ATTENDED} AND a.person_id = p.id)
      AND NOT EXISTS ({_STUDIED} AND x.person_id = p.id)
    ORDER BY p.sort_key, p.id LIMIT 50
"""
NEVER_COUNT_SQL = f"""
    SELECT COUNT(*) FROM ({_IN_SCOPE}) d
    WHERE NOT EXISTS ({_ATTENDED} AND a.person_id = d.id)
      AND NOT EXISTS ({_STUDIED} AND x.person_id = d.id)
"""


def _params(unit: Unit, start: dt.date, end: dt.date) -> dict:
    t0, t1 = rates.local_bounds(start, end)
    low, high = path_range(unit.path)
    return {
        "low": low,
        "high": high,
        "start": connection.ops.adapt_datefield_value(start),
        "end": connection.ops.adapt_datefield_value(end),
        "t0": _dt(t0),
        "t1": _dt(t1),
        "true": True,
        "length": len(unit.path) + Unit.steplen,
    }


def _fill(template: str, population: str, branch: bool = False, key: str = "") -> str:
    return (
        template.replace(
            "{population}", _POPULATION if population == rates.Population.MEMBERS else ""
        )
        .replace("{branch}", ", SUBSTR(u.path, 1, %(length)s) AS branch" if branch else "")
        .replace("{ikey}", "d.branch AS branch," if branch else "")
        .replace("{igroup}", "d.branch," if branch else "")
        .replace("{key}", key)
        .replace("{group}", "GROUP BY d.branch" if branch else "")
    )


def floor_sql(
    formulation: str, unit: Unit, year: int, population: str, branch: bool = False
) -> tuple[str, dict]:
    """The year's figures in one statement (per child unit with `branch`)."""
    template = FLOOR_EXISTS_SQL if formulation == "exists" else FLOOR_JOIN_SQL
    if branch and formulation == "exists":
        template = template.replace("{group}", "GROUP BY g.branch").replace("{key}", "g.branch,")
    elif branch:
        template = template.replace("{key}", "d.branch,")
    return _fill(template, population, branch), _params(unit, *rates.year_bounds(year))


def floor_by_month_sql(formulation: str, unit: Unit, year: int, population: str):
    """The twelve months' figures: twelve floor statements joined by UNION ALL."""
    template = FLOOR_EXISTS_SQL if formulation == "exists" else FLOOR_JOIN_SQL
    parts, params = [], {}
    for month in range(1, 13):
        part = _fill(template, population, key=f"{month} AS month,")
        for name, value in _params(unit, *rates.month_bounds(year, month)).items():
            part = part.replace(f"%({name})s", f"%({name}_{month})s")
            params[f"{name}_{month}"] = value
        parts.append(part)
    return " UNION ALL ".join(parts), params


def never_sql(unit: Unit, year: int, population: str) -> tuple[str, str, dict]:
    """(page 1, count) of the people in scope who took part in nothing in the year."""
    params = _params(unit, *rates.year_bounds(year))
    return _fill(NEVER_PAGE_SQL, population), _fill(NEVER_COUNT_SQL, population), params


def floor_figures(unit: Unit, year: int, population: str) -> tuple[int, int]:
    """(people, took part) by the floor statement, to check the function against."""
    sql, params = floor_sql("exists", unit, year, population)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return int(row[0] or 0), int(row[1] or 0)


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def rate_figures(
    report,
    *,
    client,
    root: Unit,
    units,
    repeat: int,
    measure_page,
    measure_sql,
    timed,
    figure_class,
    year: int | None = None,
    log=print,
    build: bool = True,
) -> None:
    """Write the year (unless `build` is False), then for each (label, unit): `rates.participation`
    for both populations, and for members the twelve months, the per-child breakdown and page 1
    of the people who took part in nothing, each next to its floor; then the rates page."""
    year = year or timezone.localdate().year
    if build:
        started = time.perf_counter()
        counts = build_year(root, year)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        log(
            f"study {year}: "
            + ", ".join(f"{n:,} {what}" for what, n in counts.items())
            + f" in {time.perf_counter() - started:.1f} s"
        )
    start, end = rates.year_bounds(year)
    members = rates.Population.MEMBERS

    def best_floor(make) -> tuple[float, str, dict[str, float]]:
        floors = {name: measure_sql(*make(name), repeat) for name in ("exists", "join")}
        best = min(floors, key=floors.get)
        return floors[best], best, floors

    for label, unit in units:
        for population in (members, rates.Population.EVERYONE):
            totals = rates.participation(unit, start, end, population)
            floor_people, floor_took = floor_figures(unit, year, population)
            if (totals.people, totals.took_part) != (floor_people, floor_took):
                raise AssertionError(
                    f"rates.participation {totals} disagrees with the floor "
                    f"({floor_people}, {floor_took})"
                )

            def call(unit=unit, population=population):
                return rates.participation(unit, start, end, population)

            function_ms = timed(call, repeat)
            floor_ms, best, floors = best_floor(
                lambda name, unit=unit, population=population: floor_sql(
                    name, unit, year, population
                )
            )
            report.add(
                figure_class(
                    f"participation rate {year}, {label}, {population}",
                    function_ms,
                    "ms",
                    floor=floor_ms,
                    queries=_queries(call),
                    target="< 300 ms, ≤ 2× floor",
                    note=f"rates.participation: {totals.took_part:,} of {totals.people:,} took "
                    f"part ({totals.rate}%); floor: one statement, {best} "
                    f"(exists {floors['exists']:.1f} ms, join {floors['join']:.1f} ms)",
                )
            )

        def by_month(unit=unit):
            return rates.participation_by_month(unit, year, members)

        floor_ms, best, _floors = best_floor(
            lambda name, unit=unit: floor_by_month_sql(name, unit, year, members)
        )
        report.add(
            figure_class(
                f"participation by month {year}, {label}, members",
                timed(by_month, repeat),
                "ms",
                floor=floor_ms,
                queries=_queries(by_month),
                note=f"rates.participation_by_month; floor: the twelve month floors ({best}) "
                "in one UNION ALL",
            )
        )

        def by_child(unit=unit):
            return rates.participation_by_child(unit, start, end, members)

        floor_ms, best, _floors = best_floor(
            lambda name, unit=unit: floor_sql(name, unit, year, members, branch=True)
        )
        report.add(
            figure_class(
                f"participation per child unit {year}, {label}, members",
                timed(by_child, repeat),
                "ms",
                floor=floor_ms,
                queries=_queries(by_child),
                note=f"rates.participation_by_child ({len(by_child())} rows); floor: one "
                f"statement grouped by child ({best})",
            )
        )

        def never(unit=unit):
            page = rate_people.never_present(unit, start, end, members)
            return page.paginator.count, list(page.object_list)

        page_sql, count_sql, params = never_sql(unit, year, members)
        never_count, _rows = never()
        report.add(
            figure_class(
                f"never took part, page 1 {year}, {label}, members",
                timed(never, repeat),
                "ms",
                floor=measure_sql(page_sql, params, repeat)
                + measure_sql(count_sql, params, repeat),
                queries=_queries(never),
                note=f"rate_people.never_present page 1 of {never_count:,} people; "
                "floor: page-1 SQL + COUNT",
            )
        )
        page_ms, page_queries = measure_page(
            client, f"/study/rates/{unit.pk}/?year={year}&population=members", repeat
        )
        report.add(
            figure_class(
                f"rates page {year}, {label}",
                page_ms,
                "ms",
                queries=page_queries,
                note="the full page: the year, its 12 months and the units below",
            )
        )
