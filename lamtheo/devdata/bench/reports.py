"""bench_reports: the review report's figures of BENCHMARKS.md (issue 17 §3).

In an empty database: bench_org's tree (~25 people a cell) and N people through the importer,
two years of study (`study_rates.build_year` for last year and this one), this year's
programme with two commitments for nine people in ten (`programs.build_commitments`), the
stored aggregates rebuilt. Then `reports.figures.build` for a period of two years ending today
(1 January of last year to today: not whole months of one year, so participation reads the
attendance itself), for the whole tree and for a unit of about 400 people; median of
`repeat`. Floor: the participation of everyone in the period in one raw SQL statement
(`study_rates` "exists" formulation), the bulk of the work, which the report cannot do with
less. A database built by an earlier run for as many people is measured again as it is.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from django.db import connection
from django.utils import timezone

from lamtheo.devdata.bench import org as org_bench
from lamtheo.devdata.bench import programs as programs_bench
from lamtheo.devdata.bench import study_rates as rates_bench
from lamtheo.devdata.bench.org import Figure, Report
from lamtheo.org import counts as org_counts
from lamtheo.org.models import Person, Unit
from lamtheo.programs.models import ProgramYear
from lamtheo.reports import figures
from lamtheo.study import participation_counts, rates


def _build(people: int, log) -> Unit:
    if Unit.objects.exists() or Person.objects.exists():
        if Person.objects.count() != people or not ProgramYear.objects.exists():
            raise RuntimeError(
                "bench_reports needs an empty database (or one it built for as many people): "
                "point DATABASE_URL at a scratch database, migrate it, then run the benchmark."
            )
        log("measuring on the data of an earlier run")
        return Unit.objects.get(depth=1)
    leaves = org_bench.build_tree(people)
    path = Path("var/bench") / f"people-{people}-1.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        org_bench.write_people_xlsx(path, leaves, people, 1)
    result = org_bench.import_generated(path)
    if not result.ok:
        raise RuntimeError(f"import failed: {result.summary()}")
    log(f"people: {result.created} imported")
    root = Unit.objects.get(depth=1)
    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year):
        started = time.perf_counter()
        made = rates_bench.build_year(root, year)
        log(f"study {year}: {made} in {time.perf_counter() - started:.0f} s")
    participation_counts.rebuild()
    year = programs_bench.build_year(root)
    log(f"commitments: {programs_bench.build_commitments(year)}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return root


def _unit_of_about(people: int) -> Unit:
    """The unit whose subtree holds the number of people nearest to `people`."""
    best, gap = None, None
    for unit in Unit.objects.filter(depth__in=(2, 3, 4)).order_by("depth", "path")[:400]:
        n = org_counts.subtree_counts(unit)["total"]
        if gap is None or abs(n - people) < gap:
            best, gap = unit, abs(n - people)
    return best


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _floor(unit: Unit, start, end) -> float:
    params = rates_bench._params(unit, start, end)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # Everyone in one statement: the members are a condition on the same rows, as the
        # report counts them (study.figures.participation_both).
        cursor.execute(
            rates_bench._fill(rates_bench.FLOOR_EXISTS_SQL, rates.Population.EVERYONE), params
        )
        cursor.fetchall()
    return time.perf_counter() - started


def run(*, people: int, repeat: int, log) -> Report:
    root = _build(people, log)
    report = Report(people=people, units=Unit.objects.count(), vendor=connection.vendor)
    today = timezone.localdate()
    start, end = today.replace(year=today.year - 1, month=1, day=1), today
    small = _unit_of_about(400)
    for label, unit in ((f"whole tree ({people:,} people)", root), ("one unit", small)):
        n = org_counts.subtree_counts(unit)["total"]
        built = figures.build(unit, start, end)  # warm-up, and the figures to check
        assert built["participation"]["members"]["people"] > 0
        seconds = _median(lambda unit=unit: figures.build(unit, start, end), repeat)
        floor = min(_floor(unit, start, end) for _ in range(max(1, repeat)))
        target = "≤ 10 s (background task)" if unit is root else "≤ 2 s"
        report.add(
            Figure(
                f"review report figures, two years, {label if unit is root else f'{n:,} people'}",
                seconds,
                "s",
                floor=floor,
                target=target,
                note=f"{start:%d/%m/%Y}–{end:%d/%m/%Y}, {len(figures.STEPS)} steps",
            )
        )
        log(f"{label}: {seconds:.2f} s (floor {floor:.2f} s)")
    return report
