"""Study figures of a unit and a period, as review reports give them (issue 17): the one
source the rates pages and the review report (lamtheo.reports) share.

Participation and activity are `rates.participation` and `rates.activity` themselves; what
is added here is what no page counted before: the qualifying sessions by kind and format, and
how many cells hosted at least one of them. Each function runs a fixed number of queries; a
period that has ended reads the tree of its reference day (org.history), so a later move or
merger does not change it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Subquery, Value, When
from django.utils import timezone

from lamtheo.org import history
from lamtheo.org.models import Unit, UnitKind
from lamtheo.study import rates

# The units that hold their own meetings (Điều lệ Đảng, Điều 21: the chi bộ).
CELL_KINDS = (UnitKind.CELL, UnitKind.GRASSROOTS_CELL)


@dataclass
class Sessions:
    """Qualifying sessions hosted in the subtree, by kind and by format."""

    total: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_format: dict[str, int] = field(default_factory=dict)


def sessions(unit: Unit, start: dt.date, end: dt.date) -> Sessions:
    """One query: the sessions `rates.activity` counts, grouped by kind and format."""
    rows = (
        rates.qualifying_sessions(start, end)
        .filter(history.units_q(unit, end))
        .values("kind", "format")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = Sessions()
    for row in rows:
        found.total += row["n"]
        found.by_kind[row["kind"]] = found.by_kind.get(row["kind"], 0) + row["n"]
        found.by_format[row["format"]] = found.by_format.get(row["format"], 0) + row["n"]
    return found


@dataclass(frozen=True)
class Organised:
    cells: int = 0  # cells in the subtree on the reference day
    organised: int = 0  # of them, those that hosted a qualifying session in the period

    @property
    def rate(self):
        return rates.rate(self.organised, self.cells)


def organised(unit: Unit, start: dt.date, end: dt.date) -> Organised:
    """The cells of the subtree (on the period's reference day, or today while it runs) and
    how many hosted at least one qualifying session in the period. One query."""
    day = history.reference_day(unit, end) or timezone.localdate()
    own = history.periods_on(day).filter(unit=unit).values("id_path")[:1]
    hosted = rates.qualifying_sessions(start, end).filter(unit_id=OuterRef("unit_id"))
    counts = (
        history.periods_on(day)
        .filter(id_path__startswith=Subquery(own), kind__in=CELL_KINDS)
        .aggregate(cells=Count("pk"), organised=Count("pk", filter=Exists(hosted)))
    )
    return Organised(counts["cells"] or 0, counts["organised"] or 0)


def participation_both(
    unit: Unit, start: dt.date, end: dt.date
) -> tuple[rates.Totals, rates.Totals]:
    """(members, everyone): `rates.participation` for both populations in one pass over the
    people (one query): the members are everyone in scope who also meet the members'
    condition, so the rows of "everyone" flagged with that condition give both, and the
    report does not walk two years of attendance twice (BENCHMARKS.md, review report)."""
    member = Case(
        When(rates._population_q(rates.Population.MEMBERS, end), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    query = (
        rates.flagged_people(unit, start, end, rates.Population.EVERYONE)
        .annotate(member=member)
        .values("pk", "member", "via_session", "via_self_study")
    )
    sql, params = query.order_by().query.sql_with_params()
    grouped = rates._grouped(sql, params, keys=("member",))
    members = grouped.get((1,), rates.Totals())
    others = grouped.get((0,), rates.Totals())
    everyone = rates.Totals(
        *(getattr(members, f) + getattr(others, f) for f in rates.Totals.__dataclass_fields__)
    )
    return members, everyone
