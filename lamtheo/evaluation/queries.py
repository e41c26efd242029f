"""Reads of the evaluation pages, each a fixed number of queries whatever the row count."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext_lazy

from lamtheo.core.tree import STEPLEN, path_range
from lamtheo.evaluation import counts
from lamtheo.evaluation.models import (
    Group,
    MemberReview,
    Period,
    QuarterScores,
    Round,
    RoundUnitCount,
    Step,
)
from lamtheo.evaluation.rules import ORDER, Rank, quota_allowed
from lamtheo.org.models import Unit
from lamtheo.programs.models import Commitment

RANKS = [r.value for r in ORDER]
# The round's stored figures per unit (RoundUnitCount, kept by lamtheo.evaluation.counts),
# summed per unit directly below `unit` (the branch: the path's first `depth` characters; the
# unit's own row keeps its shorter path). One row per unit of the subtree, not per review.
BRANCH_COUNTS = (
    "SELECT SUBSTR(u.path, 1, %s), "
    + ", ".join(f"SUM(c.{column})" for column in counts.COLUMNS)
    + f""" FROM {RoundUnitCount._meta.db_table} c JOIN {Unit._meta.db_table} u ON u.id = c.unit_id
    WHERE c.round_id = %s AND u.path >= %s AND u.path < %s
    GROUP BY 1"""
)
MISSING = (Step.PENDING, Step.SELF_REVIEWED, Step.CELL_REVIEWED)
ORG_MISSING = (Step.PENDING, Step.SELF_REVIEWED)  # an organisation's report, then the decision


@dataclass
class Tally:
    """Members (by step and rank) and organisations (by rank) of one branch."""

    unit: Unit | None = None
    steps: dict = field(default_factory=lambda: defaultdict(int))
    ranks: dict = field(default_factory=lambda: defaultdict(int))
    org_ranks: dict = field(default_factory=lambda: defaultdict(int))
    orgs_missing: int = 0

    @property
    def members(self) -> int:
        return sum(self.steps.values())

    @property
    def missing(self) -> int:
        return sum(self.steps[s] for s in MISSING)

    def rank_row(self) -> list[int]:
        return [self.ranks[r] for r in RANKS]

    def org_row(self) -> list[int]:
        return [self.org_ranks[r] for r in RANKS]


@dataclass
class QuotaLine:
    label: str
    good: int
    excellent: int
    allowed: int

    @property
    def exceeded(self) -> bool:
        return self.excellent > self.allowed


@dataclass
class Overview:
    total: Tally
    branches: list[Tally]
    quotas: list[QuotaLine]


def overview(evaluation_round: Round, unit: Unit, user) -> Overview:
    """The round over `unit`'s subtree: per unit directly below and in total, members per
    step and rank and organisations per rank; the HTXS quota per group of similar roles.
    Two queries: the children, and the units' stored figures summed per child
    (RoundUnitCount: one row per unit, not a pass over the round's reviews)."""
    depth = len(unit.path) + STEPLEN
    children = list(
        Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("path")
    )
    branches = {child.path: Tally(unit=child) for child in children}
    own = Tally(unit=unit)
    total = Tally(unit=unit)
    low, high = path_range(unit.path)
    with connection.cursor() as cursor:
        cursor.execute(BRANCH_COUNTS, [depth, evaluation_round.pk, low, high])
        rows = cursor.fetchall()
    groups: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for branch, *values in rows:
        figures = dict(zip(counts.COLUMNS, (int(v or 0) for v in values), strict=True))
        tally = branches.get(branch, own)
        # Only what is there enters the tallies (a rank or a step nobody is at stays out, as
        # the page and the quota lines expect).
        for step, column in counts.MEMBER_STEP_COLUMNS.items():
            if n := figures[column]:
                tally.steps[step] += n
                total.steps[step] += n
        for (group, rank), column in counts.MEMBER_RANK_COLUMNS.items():
            if n := figures[column]:
                tally.ranks[rank] += n
                total.ranks[rank] += n
                groups[group][rank] += n
        missing = sum(figures[counts.ORG_STEP_COLUMNS[step]] for step in ORG_MISSING)
        for t in (tally, total):
            for rank, column in counts.ORG_RANK_COLUMNS.items():
                if n := figures[column]:
                    t.org_ranks[rank] += n
            t.orgs_missing += missing
    rule_set = evaluation_round.rule_set
    quotas = [
        QuotaLine(
            label=str(Group(group).label),
            good=by_rank[Rank.HTT],
            excellent=by_rank[Rank.HTXS],
            allowed=quota_allowed(
                rule_set, by_rank[Rank.HTT], sum(by_rank.values()), evaluation_round.outstanding
            ),
        )
        for group, by_rank in sorted(groups.items())
    ]
    rows = [t for t in branches.values() if t.members or t.org_ranks or t.orgs_missing]
    if own.members:
        rows.insert(0, own)
    return Overview(total=total, branches=rows, quotas=quotas)


# What a chi bộ's page shows of each review (not its six report sections: long texts).
CELL_FIELDS = (
    "pk",
    "status",
    "group",
    "general_score",
    "results_score",
    "self_rank",
    "proposed_rank",
    "rank",
    "discipline",
    "person",
    "person__full_name",
)


def cell_reviews(evaluation_round: Round, cell: Unit):
    """The members reviewed in `cell`, in Vietnamese order (one query), each with the labels
    of its step, group, rank and discipline (`labels`: translated once for the page, not once
    per row)."""
    rows = list(
        MemberReview.objects.filter(round=evaluation_round, cell=cell)
        .select_related("person")
        .only(*CELL_FIELDS)
        .order_by("person__sort_key", "person_id")
    )
    names = ("status", "group", "rank", "discipline")
    choices = {
        name: {value: str(label) for value, label in MemberReview._meta.get_field(name).choices}
        for name in names
    }
    for row in rows:
        # As get_FOO_display: the label of the value, else the value itself.
        row.labels = {name: choices[name].get(v, v) for name in names if (v := getattr(row, name))}
    return rows


def outcomes(year: int, person_ids: list[int]) -> dict[int, list[Commitment]]:
    """The people's registrations of `year` with their outcomes (one query): what the
    self-review shows under A.I.3."""
    found: dict[int, list[Commitment]] = {pk: [] for pk in person_ids}
    if not person_ids:
        return found
    rows = (
        Commitment.objects.filter(year__year=year, person_id__in=person_ids)
        .counting()
        .only("pk", "person_id", "action", "status", "outcome", "evaluation_comment")
        .order_by("person_id", "created_at", "pk")
    )
    for commitment in rows:
        found[commitment.person_id].append(commitment)
    return found


def rounds_for(user):
    """Rounds the user sees, newest first, with their committee (one query)."""
    return Round.objects.visible_to(user).select_related("unit", "rule_set")


def my_reviews(person_id: int | None):
    if person_id is None:
        return MemberReview.objects.none()
    return (
        MemberReview.objects.filter(person_id=person_id)
        .select_related("round__rule_set", "cell")
        .order_by("-round__year", "-round_id")
    )


@dataclass
class Quarters:
    """The year as its quarterly and ad-hoc rounds give it (QĐ 366 Điều 15: their results feed
    the year's): their decided reviews, the task counts added up, and the scores as the rule
    set adds them (RuleSet.quarter_scores; not sourced, a default)."""

    reviews: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)


TASKS = ("tasks_total", "tasks_done", "tasks_on_time", "tasks_exceeded")


def quarters(review: MemberReview) -> Quarters:
    """For a year's review, the same person's decided reviews of that year's quarterly and
    ad-hoc rounds (one query; none for a review that is itself a quarter's)."""
    if review.round.period != Period.YEAR:
        return Quarters()
    rows = list(
        MemberReview.objects.filter(
            person_id=review.person_id,
            round__year=review.round.year,
            round__period__in=(Period.QUARTER, Period.AD_HOC),
            status__in=(Step.DECIDED, Step.ANNOUNCED),
        )
        .select_related("round")
        .order_by("round__quarter", "round_id")
    )
    if not rows:
        return Quarters()
    figures = {name: sum(getattr(r, name) for r in rows) for name in TASKS}
    figures["shortcomings_fixed"] = all(r.shortcomings_fixed for r in rows)
    add = min if review.round.rule_set.quarter_scores == QuarterScores.LOWEST else _mean
    for name in ("general_score", "results_score"):
        values = [getattr(r, name) for r in rows if getattr(r, name) is not None]
        if values:
            figures[name] = add(values)
    return Quarters(reviews=rows, figures=figures)


def _mean(values):
    return (sum(values) / len(values)).quantize(Decimal("0.01"))


ACTIONS = {
    "opened": gettext_lazy("Opened"),
    "self_reviewed": gettext_lazy("Self-review written"),
    "cell_reviewed": gettext_lazy("Cell meeting: rank proposed"),
    "decided": gettext_lazy("Rank decided"),
    "announced": gettext_lazy("Announced"),
    "reported": gettext_lazy("Report sent"),
    "reranked": gettext_lazy("Ranked again after a complaint"),
    "lodged": gettext_lazy("Complaint lodged"),
    "upheld": gettext_lazy("Complaint accepted"),
    "rejected": gettext_lazy("Complaint not accepted"),
}
