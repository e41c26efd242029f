"""The committee's dashboard: the figures of a year over a unit's subtree, each a chart and a
table of the same numbers.

Every figure is read by the query the feature's own page uses, or from the maintained
aggregates (docs/scale.md), never by counting a subtree's facts row by row:

- registrations by step and per unit below: `programs.queries.progress_rollup` (the rollup
  page; stored UnitProgress rows summed per branch);
- registrations by content area: the stored UnitProgress area columns, summed per subtree
  (SubtreeProgress);
- ranks of members and organisations: `evaluation.queries.overview` of the year's round;
- participation by month: the rates page's months (`study.rates.year_months`: the stored
  per-unit rows of study.unit_counts summed over the subtree, less the movers' double
  counts), population "everyone", each month on the tree the rates page reads;
- sessions by kind: the stored published sessions per (unit, year, kind) of study.unit_counts
  summed over the subtree (the tree of the year's reference day, as the rates page's
  activity);
- adoptions by status: the stored AdoptionCounts summed per subtree (SubtreeAdoptionCounts);
  exemplars recognised or published;
- campaigns hosted in the subtree that ran during the year, by status;
- commendations of the year's rounds in the subtree, by form (revoked ones left out);
- the units to chase first: the units of one kind with the lowest share of people
  registered, in the order stored per unit and year (programs.UnitStanding), with their
  stored UnitProgress and people counts.

`dashboard(unit, user, year, kind)` runs a fixed number of queries whatever the row count
(tests/dashboard/test_figures.py counts them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.awards.models import Award, AwardForm
from lamtheo.core.replica import read_connection
from lamtheo.core.tree import path_range, subtree_q
from lamtheo.evaluation import queries as evaluation_queries
from lamtheo.evaluation.models import Period, Round
from lamtheo.evaluation.rules import ORDER as RANK_ORDER
from lamtheo.exemplars import counts as exemplar_counts
from lamtheo.exemplars.models import (
    AdoptionStatus,
    Campaign,
    ExemplarStatus,
    SubtreeAdoptionCounts,
)
from lamtheo.org import counts as org_counts
from lamtheo.org.models import Unit, UnitKind
from lamtheo.programs import queries as program_queries
from lamtheo.programs import standing
from lamtheo.programs.models import ContentArea, ProgramYear, SubtreeProgress, UnitProgress
from lamtheo.programs.queries.progress import Progress
from lamtheo.study import rates, unit_counts
from lamtheo.study.models import SessionKind

# The units to chase first: how many the page lists.
LATE_LISTED = 10
# Which units the list compares by default: the cells, where members register.
DEFAULT_KIND = UnitKind.CELL


@dataclass
class Series:
    name: str
    values: list


@dataclass
class Chart:
    """One figure: a chart on the page, the table beside it, a sheet of the export and an
    entry of the JSON, all from these numbers."""

    key: str
    title: str
    label: str  # the heading of the labels' column
    kind: str  # how the page draws it: "bar", "hbar", "line", "pie"
    labels: list[str]
    series: list[Series]
    links: list[str | None] = field(default_factory=list)  # drill-down, one per label
    note: str = ""
    # Shorter labels for the chart's axis where the full ones cannot fit a phone's width
    # ("5" for "Tháng 5"); the table, the tooltips and the export keep the full ones.
    axis_labels: list[str] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[str, str | None, list]]:
        """(label, link, values) per label, for the table."""
        links = self.links or [None] * len(self.labels)
        return [
            (label, link, [s.values[i] for s in self.series])
            for i, (label, link) in enumerate(zip(self.labels, links, strict=True))
        ]

    @property
    def empty(self) -> bool:
        return not any(v for s in self.series for v in s.values)

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "title": str(self.title),
            "label": str(self.label),
            "kind": self.kind,
            "labels": [str(label) for label in self.labels],
            "series": [{"name": str(s.name), "values": s.values} for s in self.series],
            "links": self.links,
            "axis_labels": self.axis_labels,
        }


@dataclass
class LateUnit:
    unit_id: int
    name: str
    people: int
    registered: int
    waiting: int
    returned: int

    @property
    def rate(self) -> int | None:
        return min(100, round(100 * self.registered / self.people)) if self.people else None


@dataclass
class Dashboard:
    unit: Unit
    year: int
    kind: str
    program_year: ProgramYear | None
    charts: list[Chart]
    late: list[LateUnit]
    totals: dict[str, int | None]
    below: list[Unit]  # the visible units right under the unit, for the unit filter

    def chart(self, key: str) -> Chart:
        return next(c for c in self.charts if c.key == key)

    def as_json(self) -> dict:
        return {
            "unit": {"id": self.unit.pk, "name": self.unit.name},
            "year": self.year,
            "kind": self.kind,
            "totals": self.totals,
            "charts": [chart.as_json() for chart in self.charts],
            "late": [
                {
                    "unit": row.unit_id,
                    "name": row.name,
                    "people": row.people,
                    "registered": row.registered,
                    "waiting": row.waiting,
                    "returned": row.returned,
                    "rate": row.rate,
                }
                for row in self.late
            ],
        }


def program_year_for(unit: Unit, user, year: int) -> ProgramYear | None:
    """The programme year of calendar `year` that covers the unit, as the rollup page picks
    among several (open first). One query."""
    years = [y for y in program_queries.years_for_unit(unit, user) if y.year == year]
    return program_queries.default_year(years)


def _registrations(unit: Unit, user, program_year: ProgramYear | None, drill: str):
    """The rollup page's figures: people by step, and per unit below (laggards first)."""
    steps = [
        ("registered", _("Registered")),
        ("approved", _("Approved")),
        ("self_assessed", _("Self-assessed")),
        ("evaluated", _("Evaluated")),
        ("not_registered", _("Not registered")),
    ]
    if program_year is None:
        total, rows = Progress(unit=unit), []
        below = list(
            Unit.objects.visible_to(user)
            .subtree_of(unit)
            .filter(depth=unit.depth + 1)
            .order_by("sort_key")
        )
    else:
        rollup = program_queries.progress_rollup(program_year, unit, user)
        total, rows = rollup.total, rollup.rows
        below = sorted((row.unit for row in rows if not row.direct), key=lambda u: u.sort_key)
    by_step = Chart(
        key="steps",
        title=_("Registrations by step"),
        label=_("Step"),
        kind="bar",
        labels=[label for _key, label in steps],
        series=[Series(_("People"), [getattr(total, key) for key, _label in steps])],
    )
    by_unit = Chart(
        key="units",
        title=_("Registrations in the units below"),
        label=_("Unit"),
        kind="hbar",
        labels=[
            row.unit.name if not row.direct else _("Directly in %(name)s") % {"name": row.unit.name}
            for row in rows
        ],
        links=[None if row.direct else drill.replace("0", str(row.unit.pk), 1) for row in rows],
        series=[
            Series(_("People"), [row.people for row in rows]),
            Series(_("Registered"), [row.registered for row in rows]),
            Series(_("Evaluated"), [row.evaluated for row in rows]),
        ],
        note=_("Units furthest behind first."),
    )
    return total, by_step, by_unit, below


def _areas(unit: Unit, program_year: ProgramYear | None) -> Chart:
    """Counting commitments per content area, summed from the stored per-unit rows."""
    areas = list(ContentArea)
    values = [0] * len(areas)
    if program_year is not None:
        columns = [f"area_{area.value}" for area in areas]
        # The subtree's sums in today's tree (at most 16 rows; lamtheo.org.subtree_sums).
        sums = SubtreeProgress.objects.filter(year=program_year, unit=unit).aggregate(
            **{c: Sum(c) for c in columns}
        )
        values = [int(sums[c] or 0) for c in columns]
    return Chart(
        key="areas",
        title=_("Registrations by content area"),
        label=_("Content area"),
        kind="hbar",
        labels=[area.label for area in areas],
        series=[Series(_("Registrations"), values)],
    )


def evaluation_round_for(unit: Unit, year: int) -> Round | None:
    """The year's round over the unit: opened by it or by the nearest committee above it.
    One query."""
    return (
        Round.objects.filter(unit__path__in=unit.ancestor_paths(), year=year, period=Period.YEAR)
        .select_related("rule_set")
        .order_by("-unit__depth", "-pk")
        .first()
    )


def _ranks(unit: Unit, user, year: int) -> Chart:
    members, orgs = [0] * len(RANK_ORDER), [0] * len(RANK_ORDER)
    evaluation_round = evaluation_round_for(unit, year)
    if evaluation_round is not None:
        total = evaluation_queries.overview(evaluation_round, unit, user).total
        members, orgs = total.rank_row(), total.org_row()
    return Chart(
        key="ranks",
        title=_("Quality ranks of members and organisations"),
        label=_("Rank"),
        kind="bar",
        labels=[rank.label for rank in RANK_ORDER],
        series=[Series(_("Party members"), members), Series(_("Party organisations"), orgs)],
    )


def _participation(unit: Unit, year: int, counted: bool) -> tuple[Chart, int]:
    """The rates page's people who took part in each month and in the year (population
    "everyone"): `rates.year_months`, from the stored per-unit rows of a counted year."""
    # Who took part, and the people in scope (`_totals` reads a period without them as
    # empty): the other sums cost 7 ms of 94 at the root of a 1M tree (BENCHMARKS.md).
    total, months = rates.year_months(
        unit, year, rates.Population.EVERYONE, counted, names=("people", "took_part")
    )
    chart = Chart(
        key="participation",
        title=_("Participation by month"),
        label=_("Month"),
        kind="line",
        labels=[_("Month %(month)d") % {"month": m} for m in range(1, 13)],
        axis_labels=[str(m) for m in range(1, 13)],
        series=[Series(_("People who took part"), [row.totals.took_part for row in months])],
        # The rates page's own sentence (its definition): the figures are that page's.
        note=_(
            "Someone who moved between units during the period counts in each of them; a "
            "unit above counts them once."
        ),
    )
    return chart, total.took_part


def _sessions(unit: Unit, year: int, counted: bool) -> Chart:
    """Published sessions hosted in the subtree in the year, by kind: the stored per-unit
    counts of a counted year (study.UnitSessions), summed."""
    counts = unit_counts.sessions_by_kind(unit, year, counted)
    kinds = list(SessionKind)
    return Chart(
        key="sessions",
        title=_("Study sessions by kind"),
        label=_("Kind"),
        kind="pie",
        labels=[k.label for k in kinds],
        series=[Series(_("Sessions"), [counts.get(k.value, 0) for k in kinds])],
    )


def _replication(unit: Unit, year: int) -> tuple[Chart, int]:
    """Adoptions in the subtree by status, and the exemplars of the subtree recognised or
    published: both summed from the stored rows of the subtree (two queries)."""
    statuses = list(AdoptionStatus)
    # The subtree's sums in today's tree (at most 16 rows; lamtheo.org.subtree_sums).
    sums = SubtreeAdoptionCounts.objects.filter(unit=unit).aggregate(
        **{s.value: Sum(s.value) for s in statuses}
    )
    exemplars = exemplar_counts.exemplars_in(
        unit, [ExemplarStatus.RECOGNISED, ExemplarStatus.PUBLISHED]
    )
    chart = Chart(
        key="replication",
        title=_("Exemplars taken up by units"),
        label=_("Status"),
        kind="bar",
        labels=[s.label for s in statuses],
        series=[Series(_("Adoptions"), [int(sums[s.value] or 0) for s in statuses])],
        note=_("All adoptions in the unit and below, whenever they started."),
    )
    return chart, exemplars


def _campaigns(unit: Unit, year: int) -> Chart:
    """Campaigns hosted in the subtree that ran during the year, by status, with their
    entries."""
    statuses = list(Campaign.Status)
    rows = {
        status: (n, entries)
        for status, n, entries in Campaign.objects.filter(
            subtree_q([unit.path], prefix="unit__path"),
            starts_on__lte=dt.date(year, 12, 31),
            ends_on__gte=dt.date(year, 1, 1),
        )
        .values_list("status")
        .annotate(n=Count("pk", distinct=True), entries=Count("entries"))
        .order_by()
    }
    return Chart(
        key="campaigns",
        title=_("Emulation campaigns of the year"),
        label=_("Status"),
        kind="bar",
        labels=[s.label for s in statuses],
        series=[
            Series(_("Campaigns"), [rows.get(s.value, (0, 0))[0] for s in statuses]),
            Series(_("Units taking part"), [rows.get(s.value, (0, 0))[1] for s in statuses]),
        ],
    )


def _awards(unit: Unit, year: int) -> Chart:
    """Commendations decided in the year's rounds for people and collectives of the subtree,
    revoked ones left out, by form."""
    counts = dict(
        Award.objects.filter(
            subtree_q([unit.path], prefix="nomination__unit__path"),
            decision__round__year=year,
            revoked_on__isnull=True,
        )
        .values_list("nomination__form")
        .annotate(n=Count("pk"))
        .order_by()
    )
    forms = list(AwardForm)
    return Chart(
        key="awards",
        title=_("Commendations"),
        label=_("Form"),
        kind="hbar",
        labels=[f.label for f in forms],
        series=[Series(_("Commendations"), [counts.get(f.value, 0) for f in forms])],
    )


def _late(unit: Unit, program_year: ProgramYear | None, kind: str) -> list[LateUnit]:
    """The open units of `kind` in the subtree with people, lowest share registered first
    (then most waiting): where to call first. One statement: ten entries of the stored
    order (programs.UnitStanding), then their names and figures."""
    if program_year is None:
        return []
    db = read_connection(UnitProgress)
    sql, params = standing.late_sql(db, program_year, kind, *path_range(unit.path), LATE_LISTED)
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        return [LateUnit(*row) for row in cursor.fetchall()]


def dashboard(
    unit: Unit, user, *, year: int, kind: str = DEFAULT_KIND, drill: str = ""
) -> Dashboard:
    """The figures of `year` over `unit`'s subtree. The caller checks that the user's grants
    cover the unit (org.queries.unit_to_read). `drill` is the URL of a unit's dashboard with
    0 for its id."""
    program_year = program_year_for(unit, user, year)
    progress, steps, by_unit, below = _registrations(unit, user, program_year, drill)
    counted = rates.is_counted(year)
    participation, took_part = _participation(unit, year, counted)
    replication, exemplars = _replication(unit, year)
    charts = [
        steps,
        by_unit,
        _areas(unit, program_year),
        participation,
        _sessions(unit, year, counted),
        _ranks(unit, user, year),
        replication,
        _campaigns(unit, year),
        _awards(unit, year),
    ]
    people = org_counts.subtree_counts(unit)["total"]
    totals = {
        "people": people,
        "registered": progress.registered,
        "registered_rate": progress.registered_rate,
        "took_part": took_part,
        "exemplars": exemplars,
        "sessions": sum(charts[4].series[0].values),
        "commendations": sum(charts[8].series[0].values),
    }
    return Dashboard(
        unit=unit,
        year=year,
        kind=kind,
        program_year=program_year,
        charts=charts,
        late=_late(unit, program_year, kind),
        totals=totals,
        below=below,
    )


def years_offered(today: dt.date | None = None) -> list[int]:
    """The years the filter offers: this one and the four before it."""
    this_year = (today or timezone.localdate()).year
    return list(range(this_year, this_year - 5, -1))


def kinds_offered() -> list[tuple[str, str]]:
    return [(k.value, k.label) for k in UnitKind if k != UnitKind.COMMITTEE]
