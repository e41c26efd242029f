"""Registration figures of a unit over a period of years, as review reports give them
(issue 17): per programme year, the progress the rollup shows (`progress.unit_progress`, from
the stored UnitProgress rows) and the commitments by content area and by outcome.

A programme year counts for a period when its calendar year overlaps the period; its figures
are the year's own, read on the year's tree (`progress.tree_for`: today's while it runs, 31/12
or the unit's last day once it has ended), so they equal the rollup page of that year and do
not move when units are reorganised later. The years are those of the programmes of the unit
or of a unit above it, on the tree of the period's reference day. A fixed number of queries
per year (four at most), and the years of a period are few.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count

from lamtheo.org import history
from lamtheo.org.models import Unit
from lamtheo.programs.models import (
    COUNTING,
    Commitment,
    ProgramYear,
)
from lamtheo.programs.queries.progress import Progress, tree_for, unit_progress


@dataclass
class YearFigures:
    year: ProgramYear
    progress: Progress
    commitments: int = 0  # personal commitments that count (submitted or beyond)
    by_area: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)

    @property
    def areas(self) -> int:
        """How many content areas the commitments cover."""
        return sum(1 for n in self.by_area.values() if n)


def years_for(unit: Unit, start: dt.date, end: dt.date) -> list[ProgramYear]:
    """The programme years of the period (two queries at most)."""
    above = history.ancestor_ids_on(unit, history.reference_day(unit, end))
    return list(
        ProgramYear.objects.filter(
            program__unit_id__in=above, year__gte=start.year, year__lte=end.year
        )
        .select_related("program")
        .order_by("year", "program__start_year", "pk")
    )


def year_figures(year: ProgramYear, unit: Unit) -> YearFigures:
    """One year's figures: the rollup's total and the commitments grouped (four queries)."""
    tree = tree_for(year, unit)
    progress = unit_progress(year, unit, tree)
    rows = (
        Commitment.objects.filter(
            tree.units_q(unit),
            year=year,
            person__isnull=False,
            status__in=COUNTING,
        )
        .values("content_area", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = YearFigures(year, progress)
    for row in rows:
        found.commitments += row["n"]
        area, outcome = row["content_area"], row["outcome"]
        found.by_area[area] = found.by_area.get(area, 0) + row["n"]
        if outcome:
            found.by_outcome[outcome] = found.by_outcome.get(outcome, 0) + row["n"]
    return found


def registrations(unit: Unit, start: dt.date, end: dt.date) -> list[YearFigures]:
    return [year_figures(year, unit) for year in years_for(unit, start, end)]
