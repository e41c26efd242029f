"""The replication benchmark (issue 5): exemplars and adoptions over a generated tree.

In an empty database: the bench_org tree (root, 10 blocs, grassroots committees, cells of ~25
people), people written with one INSERT … SELECT (names do not matter here, the stored unit
counts do), N exemplars (85 % published over the last four years) and M adoptions, popular
exemplars drawing most of them, with statuses spread as in a real programme (bulk-created,
then the stored per-unit adoption counts rebuilt in one pass). Then the
committee's replication overview (whole tree and one bloc), one exemplar's spread page and a
unit's suggestions page, and the public gallery's first page with filters, each next to its
floor: the same statements as raw SQL.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from lamtheo.accounts.models import Grant, Role
from lamtheo.core.tree import path_range
from lamtheo.devdata.bench import org as org_bench
from lamtheo.exemplars import queries
from lamtheo.exemplars.counts import refresh_adoption_counts, refresh_exemplar_counts
from lamtheo.exemplars.models import Adoption, Exemplar
from lamtheo.exemplars.replication import months_back
from lamtheo.org.counts import refresh_unit_counts
from lamtheo.org.models import Person, Unit

BENCH_USER = "bench-office"
STATUSES = [("planned", 15), ("piloting", 15), ("adopted", 35), ("sustained", 25), ("dropped", 10)]
FIELDS = ["political_task", "party_building", "administration", "digital", "social", "thrift"]


def build_people(people: int) -> None:
    """`people` current people spread over the cells, in one statement, then the unit counts."""
    now = timezone.now()
    sql = """
        WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %s),
        cells AS (SELECT id, ROW_NUMBER() OVER (ORDER BY path) - 1 AS k FROM org_unit
                  WHERE numchild = 0),
        total AS (SELECT COUNT(*) AS c FROM cells)
        INSERT INTO org_person (created_at, updated_at, code, full_name, family_name,
            middle_name, given_name, gender, party_status, party_card_number, job_title, phone,
            email, unit_id, left_reason, sort_key, search_key)
        SELECT %s, %s, '', 'Người số ' || s.n, 'Người', 'số', '' || s.n, '',
               CASE WHEN s.n %% 10 = 0 THEN 'mass' ELSE 'official' END, '', '', '', '',
               cells.id, '', 'nguoi so ' || s.n, 'nguoi so ' || s.n
        FROM s CROSS JOIN total JOIN cells ON cells.k = s.n %% total.c
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [people, now, now])
    refresh_unit_counts()


def build_exemplars(count: int, rng: random.Random, today: dt.date) -> list[tuple]:
    """`count` exemplars of random units; returns (id, unit_id, published day) of published."""
    units = list(Unit.objects.values_list("pk", "numchild"))
    cells = [pk for pk, numchild in units if not numchild]
    committees = [pk for pk, numchild in units if numchild]
    now = timezone.now()
    rows = []
    for i in range(count):
        unit = rng.choice(committees) if rng.random() < 0.1 else rng.choice(cells)
        published = rng.random() < 0.85
        age = rng.randint(1, 4 * 365)
        rows.append(
            Exemplar(
                kind="model" if i % 3 else "collective",
                title=f"Mô hình số {i + 1}: {FIELDS[i % len(FIELDS)]}",
                unit_id=unit,
                subject_unit_id=unit,
                field=FIELDS[i % len(FIELDS)],
                actions="Cách làm được ghi lại cho benchmark.",
                status="published" if published else rng.choice(["draft", "proposed"]),
                published_at=now - dt.timedelta(days=age) if published else None,
                search_key=f"mo hinh so {i + 1}",
                created_at=now,
                updated_at=now,
            )
        )
    Exemplar.objects.bulk_create(rows, batch_size=2000)
    refresh_exemplar_counts()  # bulk_create bypasses Exemplar.save
    return list(
        Exemplar.objects.filter(status="published").values_list("pk", "unit_id", "published_at")
    )


def build_adoptions(count: int, published: list[tuple], rng: random.Random, today) -> int:
    """About `count` adoptions, once per (exemplar, unit), never by the exemplar's own unit.
    Popularity is skewed: exemplar k of the shuffled list draws in proportion to 1/(k+10)."""
    units = list(Unit.objects.values_list("pk", "numchild"))
    cells = [pk for pk, numchild in units if not numchild]
    committees = [pk for pk, numchild in units if numchild]
    rng.shuffle(published)
    weights = [1 / (k + 10) for k in range(len(published))]
    picks = rng.choices(range(len(published)), weights=weights, k=int(count * 1.15))
    statuses = [s for s, _ in STATUSES]
    status_weights = [w for _, w in STATUSES]
    seen: set[tuple[int, int]] = set()
    now = timezone.now()
    rows = []
    for k in picks:
        if len(rows) >= count:
            break
        exemplar_id, own_unit, published_at = published[k]
        unit = rng.choice(committees) if rng.random() < 0.03 else rng.choice(cells)
        if unit == own_unit or (exemplar_id, unit) in seen:
            continue
        seen.add((exemplar_id, unit))
        start_day = published_at.date() + dt.timedelta(days=rng.randint(0, 300))
        start_day = min(start_day, today)
        status = rng.choices(statuses, weights=status_weights)[0]
        adopted_on = None
        if status in ("adopted", "sustained") or (status == "dropped" and rng.random() < 0.3):
            adopted_on = min(start_day + dt.timedelta(days=rng.randint(15, 180)), today)
        rows.append(
            Adoption(
                exemplar_id=exemplar_id,
                unit_id=unit,
                started_on=start_day,
                status=status,
                adopted_on=adopted_on,
                dropped_reason="Không phù hợp." if status == "dropped" else "",
                indicator="Chỉ số" if adopted_on else "",
                baseline=10 if adopted_on else None,
                result=rng.randint(5, 20) if adopted_on else None,
                created_at=now,
                updated_at=now,
            )
        )
    Adoption.objects.bulk_create(rows, batch_size=5000)
    # bulk_create bypasses Adoption.save: the stored per-unit counts are rebuilt once.
    refresh_adoption_counts()
    return len(rows)


# The overview's statements, as raw SQL: the subtree's units with their people and their
# stored adoption counts per status, and the stored rows of the exemplars adopted under the
# unit, the ten spreading fastest with their number. OVERVIEW_GROUPED and OVERVIEW_PER_EXEMPLAR
# are what the stored rows replace, measured for the note.
OVERVIEW_FLOOR = [
    """SELECT u.id, u.path, u.name, u.closed_on,
              u.official_count + u.probationary_count + u.elite_mass_count + u.mass_count,
              c.planned, c.piloting, c.adopted, c.sustained, c.dropped
       FROM org_unit u LEFT JOIN exemplars_adoptioncounts c ON c.unit_id = u.id
       WHERE u.path >= %s AND u.path < %s""",
    """SELECT exemplar_id, recent, recent_taken, live, taken, COUNT(*) OVER ()
       FROM exemplars_subtreeadoptions WHERE unit_id = %s AND live > 0
       ORDER BY recent DESC, recent_taken DESC, taken DESC, exemplar_id LIMIT 10""",
]
# What the stored rows per (subtree, exemplar) replace: the adoptions grouped per exemplar.
OVERVIEW_PER_EXEMPLAR = """
    SELECT a.exemplar_id,
           COUNT(*) FILTER (WHERE a.started_on >= %s),
           COUNT(*) FILTER (WHERE a.adopted_on >= %s AND a.status IN ('adopted', 'sustained')),
           COUNT(*), COUNT(*) FILTER (WHERE a.status IN ('adopted', 'sustained'))
    FROM exemplars_adoption a JOIN org_unit u ON u.id = a.unit_id
    WHERE u.path >= %s AND u.path < %s AND a.status <> 'dropped'
    GROUP BY a.exemplar_id
"""
OVERVIEW_GROUPED = """
    SELECT a.unit_id, a.status, COUNT(*) FROM exemplars_adoption a
    JOIN org_unit u ON u.id = a.unit_id WHERE u.path >= %s AND u.path < %s
    GROUP BY a.unit_id, a.status
"""
SPREAD_FLOOR = """
    SELECT a.id, a.status, a.adopted_on, a.baseline, a.result, a.verified_at, u.path,
           u.numchild, u.sort_key,
           u.official_count + u.probationary_count + u.elite_mass_count + u.mass_count
    FROM exemplars_adoption a JOIN org_unit u ON u.id = a.unit_id WHERE a.exemplar_id = %s
"""
SUGGESTIONS_FLOOR = """
    SELECT a.exemplar_id, e.title, COUNT(*) AS n,
           COUNT(*) FILTER (WHERE a.status IN ('adopted', 'sustained'))
    FROM exemplars_adoption a JOIN org_unit u ON u.id = a.unit_id
    JOIN exemplars_exemplar e ON e.id = a.exemplar_id
    WHERE u.path >= %s AND u.path < %s AND NOT (u.path >= %s AND u.path < %s) AND u.path <> %s
      AND a.status <> 'dropped' AND e.status = 'published'
      AND a.exemplar_id NOT IN (SELECT exemplar_id FROM exemplars_adoption WHERE unit_id = %s)
    GROUP BY a.exemplar_id, e.title ORDER BY n DESC LIMIT 10
"""
GALLERY_FLOOR = """
    SELECT e.id, e.title, e.kind, e.field, e.published_at, u.name
    FROM exemplars_exemplar e JOIN org_unit u ON u.id = e.unit_id
    WHERE e.status = 'published' AND e.field = %s AND u.path >= %s AND u.path < %s
    ORDER BY e.published_at DESC, e.id DESC LIMIT 24
"""


def run(*, people: int, exemplars: int, adoptions: int, seed: int, repeat: int, log=print):
    if Unit.objects.exists() or Person.objects.exists():
        raise RuntimeError(
            "bench_exemplars needs an empty database: point DATABASE_URL at a scratch database, "
            "migrate it, then run the benchmark."
        )
    if connection.vendor != "postgresql":
        log("note: the floor statements use FILTER; SQLite 3.30+ understands it too")
    rng = random.Random(seed)
    today = timezone.localdate()
    started = time.perf_counter()
    org_bench.build_tree(people)
    build_people(people)
    published = build_exemplars(exemplars, rng, today)
    made = build_adoptions(adoptions, published, rng, today)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(
        f"data: {Unit.objects.count():,} units, {people:,} people, {exemplars:,} exemplars, "
        f"{made:,} adoptions in {time.perf_counter() - started:.1f} s"
    )
    report = org_bench.Report(people=people, units=Unit.objects.count(), vendor=connection.vendor)
    Figure = org_bench.Figure
    user, _ = get_user_model().objects.get_or_create(username=BENCH_USER)
    root = Unit.objects.get(depth=1)
    Grant.objects.get_or_create(user=user, unit=root, role=Role.OFFICE)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    mid = Unit.objects.filter(depth=2).order_by("path").first()
    since = _since(today)

    def measure_sql_many(statements, repeat):
        def run_all():
            with connection.cursor() as cursor:
                for sql, params in statements:
                    cursor.execute(sql, params)
                    cursor.fetchall()

        return org_bench.now_ms(run_all, repeat)

    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
        for label, unit in [(f"whole tree ({people:,} people)", root), ("one bloc", mid)]:
            low, high = path_range(unit.path)
            ms, queries = org_bench.measure_page(client, f"/exemplars/overview/{unit.pk}/", repeat)
            floor = measure_sql_many(
                [
                    (OVERVIEW_FLOOR[0], [low, high]),
                    (OVERVIEW_FLOOR[1], [unit.pk]),
                ],
                repeat,
            )
            grouped = org_bench.measure_sql(OVERVIEW_GROUPED, [low, high], repeat)
            per_exemplar = org_bench.measure_sql(
                OVERVIEW_PER_EXEMPLAR, [since, since, low, high], repeat
            )
            report.add(
                Figure(
                    f"replication overview, {label}",
                    ms,
                    "ms",
                    floor=floor,
                    queries=queries,
                    target="< 200 ms, ≤ 2× floor",
                    note="page; floor: units with their stored adoption counts, the stored "
                    "rows per exemplar adopted under the unit; grouping per (unit, status) "
                    f"live instead: {grouped:.0f} ms, per exemplar: {per_exemplar:.0f} ms",
                )
            )
        popular = (
            Adoption.objects.values("exemplar_id").annotate(n=Count("pk")).order_by("-n").first()
        )
        ms, queries = org_bench.measure_page(
            client, f"/exemplars/{popular['exemplar_id']}/replication/", repeat
        )
        floor = org_bench.measure_sql(SPREAD_FLOOR, [popular["exemplar_id"]], repeat)
        report.add(
            Figure(
                f"one exemplar's spread ({popular['n']:,} adoptions)",
                ms,
                "ms",
                floor=floor,
                queries=queries,
                target="< 200 ms",
                note="page; floor: its adoptions with their units",
            )
        )
        cell = Unit.objects.filter(numchild=0).order_by("path").first()
        parent = cell.path[: -Unit.steplen]
        ms, queries = org_bench.measure_page(
            client, f"/exemplars/units/{cell.pk}/replication/", repeat
        )
        floor = org_bench.measure_sql(
            SUGGESTIONS_FLOOR,
            [*path_range(parent), *path_range(cell.path), parent, cell.pk],
            repeat,
        )
        report.add(
            Figure(
                "a cell's adoptions and suggestions",
                ms,
                "ms",
                floor=floor,
                queries=queries,
                target="< 200 ms",
                note="page; floor: the suggestions statement",
            )
        )
        _gallery(report, client, mid, repeat)
    return report


def _gallery(report, client, mid, repeat) -> None:
    try:
        url = reverse("gallery")
    except NoReverseMatch:
        url = "/dien-hinh/"
    params = {"field": "digital", "unit": str(mid.pk)}
    low, high = path_range(mid.path)
    fn_ms = org_bench.now_ms(lambda: queries.gallery(params), repeat)
    floor = org_bench.measure_sql(GALLERY_FLOOR, ["digital", low, high], repeat)
    query = f"?field=digital&unit={mid.pk}"
    try:
        ms, count = org_bench.measure_page(Client(), url + query, repeat)
    except AssertionError:
        ms, count = fn_ms, None
    report.add(
        org_bench.Figure(
            "gallery page 1, field + one bloc",
            ms,
            "ms",
            floor=floor,
            queries=count,
            target="< 200 ms, ≤ 2× floor",
            note=f"public page, signed out; queries.gallery() alone {fn_ms:.1f} ms; floor: "
            "the page's rows only (no count, no facets)",
        )
    )


def _since(today: dt.date) -> dt.date:
    return months_back(today, 12)
