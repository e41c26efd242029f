"""Benchmark of the dated tree (org.history): a past year's figures after a reorganisation.

On the benchmark tree with its imported people, writes a 2023 programme year (two commitments
per person, as `programs.build_commitments`) and a 2023 year of study (`study_rates`), then
measures the 2023 progress rollup page and the 2023 participation rate of the whole tree;
moves 30 % of the cells, each to a grassroots committee of another bloc, through
`org.services.unit_move` effective 01/07/2025; and measures the same again. Target (issue 12):
after ≤ 2× before, with the same figures.
"""

from __future__ import annotations

import datetime as dt
import time

from django.db import connection

from lamtheo.devdata.bench import programs as programs_bench
from lamtheo.devdata.bench import study_rates as bench_rates
from lamtheo.org import services
from lamtheo.org.models import Unit, UnitKind
from lamtheo.programs import queries
from lamtheo.programs.models import ProgramYear, YearStatus
from lamtheo.study import rates

PAST = 2023
EFFECTIVE = dt.date(2025, 7, 1)
SHARE = 0.3


def _past_year(root: Unit) -> ProgramYear:
    # The programme of the registrations part when it ran, else a new one.
    current = ProgramYear.objects.filter(program__unit=root).first() or programs_bench.build_year(
        root
    )
    year = ProgramYear.objects.create(
        program=current.program,
        year=PAST,
        status=YearStatus.CLOSED,
        registration_opens=dt.date(PAST, 1, 5),
        registration_closes=dt.date(PAST, 3, 31),
        self_assessment_opens=dt.date(PAST, 11, 1),
        self_assessment_closes=dt.date(PAST, 12, 10),
        evaluation_deadline=dt.date(PAST, 12, 25),
    )
    programs_bench.build_commitments(year)
    return year


def _move_cells(user) -> int:
    """Move SHARE of the cells, spread over the tree, each to the grassroots committee at the
    same place in the next bloc."""
    committees = list(Unit.objects.filter(kind=UnitKind.GRASSROOTS_COMMITTEE).order_by("path"))
    index = {unit.path: i for i, unit in enumerate(committees)}
    per_bloc = len(committees) // 10 or 1
    cells = list(Unit.objects.filter(kind=UnitKind.CELL).order_by("path"))
    moved = 0
    for i, cell in enumerate(cells):
        if (i * 37) % 100 >= SHARE * 100:
            continue
        target = committees[(index[cell.parent_path()] + per_bloc) % len(committees)]
        services.unit_move(by=user, unit=cell, new_parent=target, effective_on=EFFECTIVE)
        moved += 1
    return moved


def history_figures(
    report, *, client, user, root, repeat, measure_page, timed, figure_class, log
) -> None:
    started = time.perf_counter()
    year = _past_year(root)
    bench_rates.build_year(root, PAST)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"history: 2023 registrations and study written in {time.perf_counter() - started:.1f} s")
    start, end = rates.year_bounds(PAST)

    def measure():
        rollup_ms, rollup_queries = measure_page(
            client, f"/registrations/rollup/{root.pk}/?year={year.pk}", repeat
        )
        rate_ms = timed(lambda: rates.participation(root, start, end, "members"), repeat)
        by_child_ms = timed(
            lambda: rates.participation_by_child(root, start, end, "members"), repeat
        )
        figures = (
            queries.progress_rollup(year, root, user).total.registered,
            rates.participation(root, start, end, "members"),
            [row.totals for row in rates.participation_by_child(root, start, end, "members")],
        )
        return rollup_ms, rollup_queries, rate_ms, by_child_ms, figures

    before = measure()
    started = time.perf_counter()
    moved = _move_cells(user)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    cells = Unit.objects.filter(kind=UnitKind.CELL).count()
    log(f"history: moved {moved:,} of {cells:,} cells in {time.perf_counter() - started:.1f} s")
    after = measure()
    if after[4] != before[4]:
        raise RuntimeError("the 2023 figures changed after the reorganisation")
    note = f"after moving {moved:,} of {cells:,} cells (30 %); before the move"
    for label, index, queries_index in [
        ("2023 progress rollup page, whole tree", 0, 1),
        ("2023 participation rate, whole tree", 2, None),
        ("2023 participation by child unit, whole tree", 3, None),
    ]:
        report.add(
            figure_class(
                label,
                after[index],
                "ms",
                floor=before[index],
                queries=after[queries_index] if queries_index is not None else None,
                target="≤ 2× before the move",
                note=f"{note}: {before[index]:.1f} ms (the ratio column); same figures",
            )
        )
