"""Exemplar, replication, campaign and standards figures of a unit and a period, as review
reports give them (issue 17); the review report (lamtheo.reports) reads only these.

- exemplars recognised in the period by a unit of the subtree, by kind (`recognised_on`);
- replication: the exemplars that units of the subtree took up in the period (an adoption
  that reached "adopted" on a day of the period, `adopted_on`, whatever became of it since:
  a fact of the period), each with its reach: how many units of the subtree took it up;
- campaign activities of units of the subtree held in the period, by kind
  (`campaign_results.kind_counts`, the campaign page's count), and the campaigns they
  belonged to;
- standards reviewed: versions of the subtree's standards adopted in the period.

Each function runs one query; a period that has ended reads the tree of its reference day
(org.history).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count

from lamtheo.exemplars.campaign_results import KindCount, kind_counts
from lamtheo.exemplars.models import (
    Activity,
    Adoption,
    Exemplar,
    StandardVersion,
)
from lamtheo.org import history
from lamtheo.org.models import Unit

RECOGNISED_LIST = 20


def recognised(unit: Unit, start: dt.date, end: dt.date) -> dict[str, int]:
    """{kind: exemplars recognised in the period by units of the subtree}."""
    rows = (
        Exemplar.objects.filter(
            history.units_q(unit, end), recognised_on__gte=start, recognised_on__lte=end
        )
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["kind"]: row["n"] for row in rows}


@dataclass(frozen=True)
class Replicated:
    exemplar_id: int
    title: str
    units: int  # units of the subtree that took it up in the period


def replicated(unit: Unit, start: dt.date, end: dt.date) -> list[Replicated]:
    """The exemplars taken up in the period by units of the subtree, widest reach first."""
    rows = (
        Adoption.objects.filter(
            history.units_q(unit, end),
            adopted_on__gte=start,
            adopted_on__lte=end,
        )
        .values("exemplar_id", "exemplar__title")
        .annotate(units=Count("unit_id", distinct=True))
        .order_by("-units", "exemplar__title", "exemplar_id")
    )
    return [Replicated(r["exemplar_id"], r["exemplar__title"], r["units"]) for r in rows]


def campaign_activities(unit: Unit, start: dt.date, end: dt.date) -> list[KindCount]:
    """Activities of the subtree's units held in the period, per kind (every kind listed)."""
    return kind_counts(
        Activity.objects.filter(
            history.units_q(unit, end, prefix="entry__"), held_on__gte=start, held_on__lte=end
        )
    )


def campaigns(unit: Unit, start: dt.date, end: dt.date) -> list[str]:
    """The titles of the campaigns in which units of the subtree held activities in the
    period, in order of their start."""
    rows = (
        Activity.objects.filter(
            history.units_q(unit, end, prefix="entry__"), held_on__gte=start, held_on__lte=end
        )
        .values("entry__campaign_id", "entry__campaign__title", "entry__campaign__starts_on")
        .distinct()
        .order_by("entry__campaign__starts_on", "entry__campaign_id")
    )
    return [row["entry__campaign__title"] for row in rows]


@dataclass(frozen=True)
class Standards:
    versions: int = 0  # versions adopted in the period
    units: int = 0  # units whose standards were reviewed


def standards_reviewed(unit: Unit, start: dt.date, end: dt.date) -> Standards:
    counts = StandardVersion.objects.filter(
        history.units_q(unit, end, prefix="standard__"),
        adopted_on__gte=start,
        adopted_on__lte=end,
    ).aggregate(versions=Count("pk"), units=Count("standard__unit_id", distinct=True))
    return Standards(counts["versions"] or 0, counts["units"] or 0)
