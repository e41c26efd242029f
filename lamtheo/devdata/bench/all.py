"""Every page a committee office opens daily, on one generated city (issue 13): `bench_all`.

In an empty database: bench_org's tree (root, 10 blocs, grassroots committees, cells of ~25
people) and its people (an Excel-like file through the importer, realistic names and Party
statuses), then for each of `years` years ending this year a programme year with two
commitments per person (nine in ten; past years closed) and a year of study sessions,
attendance and self-study (`study_rates.build_year`), and people/10 exemplars with 2 × people
adoptions (`exemplars` bench). Everything is written with INSERT … SELECT or bulk_create; the
maintained aggregates are rebuilt once afterwards (as `rebuild_aggregates` does). Then
VACUUM ANALYZE on PostgreSQL (this machine's cluster runs with autovacuum off, so the
benchmark does what autovacuum would: visibility map and statistics), ANALYZE on SQLite.

Each page is requested through the test client as the committee office of the root and as
the office of one bloc: p50 and p95 of `repeat` requests (after a warm-up), server time. The
floor is the same work as raw SQL in the same run: the reads the page ran (its SELECTs),
captured once and replayed through the same connection (median of `repeat`), so the ratio is
what Django, the session and the templates add to the database's work. `--measure-only`
measures an already generated database again.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection
from django.templatetags.static import static
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from lamtheo.accounts.models import Grant, Role
from lamtheo.devdata.bench import exemplars as exemplars_bench
from lamtheo.devdata.bench import org as org_bench
from lamtheo.devdata.bench import programs as programs_bench
from lamtheo.devdata.bench import study_rates
from lamtheo.exemplars.counts import refresh_adoption_counts
from lamtheo.org.models import Person, Unit
from lamtheo.programs import counts as progress_counts
from lamtheo.programs.models import ProgramYear, YearStatus
from lamtheo.study import participation_counts, unit_counts

TARGET_MS = 150


@dataclass
class Row:
    page: str
    scope: str
    p50: float
    p95: float
    floor: float | None
    queries: int

    @property
    def ratio(self) -> float | None:
        return self.p50 / self.floor if self.floor else None


@dataclass
class Report:
    people: int
    years: int
    units: int
    vendor: str
    maintenance: str
    generation: dict[str, float] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)


def _years(root: Unit, years: int, log) -> list[ProgramYear]:
    """A programme over the years, each with two commitments per person; all but the last
    closed."""
    this_year = timezone.localdate().year
    made = []
    first = programs_bench.build_year(root)  # this year, open
    program = first.program
    program.start_year = this_year - years + 1
    program.save(update_fields=["start_year"])
    for year in range(this_year - years + 1, this_year):
        past = ProgramYear.objects.create(
            program=program,
            year=year,
            status=YearStatus.CLOSED,
            registration_opens=dt.date(year, 1, 5),
            registration_closes=dt.date(year, 3, 31),
            self_assessment_opens=dt.date(year, 11, 1),
            self_assessment_closes=dt.date(year, 12, 10),
            evaluation_deadline=dt.date(year, 12, 25),
        )
        made.append(past)
    made.append(first)
    for year in made:
        n = programs_bench.build_commitments(year)
        log(f"  {year.year}: {n:,} commitments")
    return made


def build(people: int, years: int, seed: int, workdir: Path, log) -> dict[str, float]:
    """The data; returns seconds per step."""
    timings = {}

    def step(name, fn):
        started = time.perf_counter()
        result = fn()
        timings[name] = time.perf_counter() - started
        log(f"{name}: {timings[name]:.1f} s")
        return result

    leaves = step("tree", lambda: org_bench.build_tree(people))
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"people-{people}-{seed}.xlsx"
    if not path.exists():
        step(
            "people file (cached after)",
            lambda: org_bench.write_people_xlsx(path, leaves, people, seed),
        )
    result = step("import people", lambda: org_bench.import_generated(path))
    if not result.ok:
        raise RuntimeError(f"import failed: {result.summary()}")
    root = Unit.objects.get(depth=1)
    step("registrations", lambda: _years(root, years, log))
    this_year = timezone.localdate().year
    # Every year's attendance with the table's indexes set aside, built once after the load.
    restore = study_rates.set_indexes_aside("study_attendance")
    for year in range(this_year - years + 1, this_year + 1):
        step(f"study {year}", lambda year=year: study_rates.build_year(root, year, bulk=True))
    step("attendance indexes", restore)
    step("months per person", participation_counts.rebuild)
    rng = random.Random(seed)
    today = timezone.localdate()
    published = step(
        "exemplars", lambda: exemplars_bench.build_exemplars(max(people // 10, 10), rng, today)
    )
    step(
        "adoptions",
        lambda: exemplars_bench.build_adoptions(2 * people, published, rng, today),
    )
    step("aggregates", lambda: (progress_counts.rebuild(), refresh_adoption_counts()))
    step("study per unit", unit_counts.rebuild)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        step("VACUUM ANALYZE", lambda: _run("VACUUM ANALYZE"))
    elif connection.vendor == "postgresql":  # inside a transaction (a test): VACUUM cannot run
        step("ANALYZE", lambda: _run("ANALYZE"))
    else:
        step("ANALYZE", lambda: _run("ANALYZE"))
    return timings


def _run(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, float | None, int]:
    """(p50, p95, floor, queries) of one page."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    statements = [q["sql"] for q in captured.captured_queries]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    floor = None
    if connection.vendor == "postgresql":
        # psycopg binds on the client: the captured text is exactly what the server ran.
        replays = []
        for _ in range(repeat):
            started = time.perf_counter()
            with connection.cursor() as cursor:
                for sql in statements:
                    if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                        cursor.execute(sql)  # no parameters: the text is taken as it is
                        cursor.fetchall()
            replays.append((time.perf_counter() - started) * 1000)
        floor = statistics.median(replays)
    return statistics.median(times), _percentile(times, 0.95), floor, len(statements)


def pages(scope: Unit, year: ProgramYear) -> list[tuple[str, str]]:
    this_year = year.year
    # The year before's programme year: its figures read the tree of its last day.
    last = ProgramYear.objects.filter(year=this_year - 1).values_list("pk", flat=True).first()
    return [
        ("home (the office's dashboard)", "/"),
        ("dashboard, this year", f"/dashboard/{scope.pk}/"),
        ("dashboard JSON, this year", f"/dashboard/{scope.pk}/data/"),
        ("dashboard, last year", f"/dashboard/{scope.pk}/?year={this_year - 1}"),
        ("units", "/units/"),
        ("a unit (the scope's own)", f"/units/{scope.pk}/"),
        ("registrations rollup", f"/registrations/rollup/{scope.pk}/?year={year.pk}"),
        ("registrations table, page 1", f"/registrations/units/{scope.pk}/?year={year.pk}"),
        ("study list", "/study/"),
        ("rates, this year (year, 12 months, units below)", f"/study/rates/{scope.pk}/"),
        ("rates, last year", f"/study/rates/{scope.pk}/?year={this_year - 1}"),
        ("exemplar overview", f"/exemplars/overview/{scope.pk}/"),
        ("people", "/people/"),
        ("search “nguyễn văn”", "/search/?q=nguy%E1%BB%85n+v%C4%83n"),
    ] + (
        [("registrations rollup, last year", f"/registrations/rollup/{scope.pk}/?year={last}")]
        if last
        else []
    )


def run(
    *,
    people: int,
    years: int,
    seed: int,
    repeat: int,
    workdir: Path,
    log=print,
    measure_only: bool = False,
    only: str = "",
) -> Report:
    try:  # the pages link their static files: found before an hour of generating, not after
        static("favicon.svg")
    except ValueError as exc:
        raise RuntimeError(
            "bench_all renders pages with their static files: run collectstatic first, or "
            "set DEBUG=True as BENCHMARKS.md does."
        ) from exc
    if measure_only:
        people = Person.objects.count()
        years = ProgramYear.objects.count()
    elif Unit.objects.exists() or Person.objects.exists():
        raise RuntimeError(
            "bench_all needs an empty database: point DATABASE_URL at a scratch database, "
            "migrate it, then run the benchmark."
        )
    maintenance = "VACUUM ANALYZE after loading"
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        maintenance = "ANALYZE after loading (inside a transaction: no VACUUM)"
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW autovacuum")
            maintenance += f" (autovacuum {cursor.fetchone()[0]})"
    else:
        maintenance = "ANALYZE after loading (SQLite)"
    timings = {} if measure_only else build(people, years, seed, workdir, log)
    report = Report(
        people=people,
        years=years,
        units=Unit.objects.count(),
        vendor=connection.vendor,
        maintenance=maintenance,
        generation=timings,
    )
    root = Unit.objects.get(depth=1)
    bloc = Unit.objects.filter(depth=2).order_by("path").first()
    year = ProgramYear.objects.get(status=YearStatus.OPEN)
    User = get_user_model()
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
        for label, scope in (("whole tree", root), ("one bloc", bloc)):
            user, _ = User.objects.get_or_create(username=f"bench-office-{scope.pk}")
            Grant.objects.get_or_create(user=user, unit=scope, role=Role.OFFICE)
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            for page, url in pages(scope, year):
                if only and only not in page:
                    continue
                p50, p95, floor, queries = measure(client, url, repeat)
                report.rows.append(Row(page, label, p50, p95, floor, queries))
                log(f"{page}, {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    return report


def render(report: Report) -> str:
    generated = sum(report.generation.values())
    lines = [
        f"{report.people:,} people, {report.units:,} units, {report.years} years of "
        f"registrations and study, {report.vendor}; {report.maintenance}; generated in "
        f"{generated:.0f} s ("
        + ", ".join(f"{k} {v:.0f} s" for k, v in report.generation.items())
        + ")",
        "",
        "| page | scope | p50 | p95 | floor (its SQL replayed) | p50 ÷ floor | queries | "
        f"≤ {TARGET_MS} ms p95 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in report.rows:
        floor = "–" if row.floor is None else f"{row.floor:.1f} ms"
        ratio = "–" if row.ratio is None else f"{row.ratio:.1f}×"
        ok = "✓" if row.p95 <= TARGET_MS else "✗"
        lines.append(
            f"| {row.page} | {row.scope} | {row.p50:.1f} ms | {row.p95:.1f} ms | {floor} | "
            f"{ratio} | {row.queries} | {ok} |"
        )
    return "\n".join(lines)
