"""Commendations of a unit and a period, as review reports list them (issue 17): the awards of
the decisions signed in the period by the unit or a committee under it, collectives and
individuals by name, with the names of the period's reference day (org.history). An award
revoked after the period still belongs to it; one revoked within it does not. One query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, Subquery

from lamtheo.awards.models import Award, AwardForm
from lamtheo.org import history
from lamtheo.org.models import Unit


@dataclass(frozen=True)
class Commended:
    name: str
    unit_name: str  # the collective itself, or the person's unit, as named then
    form: str
    form_label: str
    decision: str  # the decision's number ("05-QĐ/ĐUK")
    decided_on: dt.date
    collective: bool


def commended(unit: Unit, start: dt.date, end: dt.date) -> list[Commended]:
    """Collectives first, then people, by decision date."""
    day = history.reference_day(unit, end)
    rows = Award.objects.filter(
        history.units_q(unit, end, prefix="decision__round__"),
        decision__document__issued_on__gte=start,
        decision__document__issued_on__lte=end,
    ).filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=end))
    if day is not None:
        then = history.periods_on(day).filter(unit_id=OuterRef("nomination__unit_id"))
        rows = rows.annotate(unit_then=Subquery(then.values("name")[:1]))
    else:
        rows = rows.annotate(unit_then=F("nomination__unit__name"))
    rows = rows.values(
        "nomination__person__full_name",
        "nomination__unit__name",
        "unit_then",
        "nomination__form",
        "decision__document__symbol",
        "decision__document__issued_on",
    ).order_by(
        F("nomination__person").asc(nulls_first=True),
        "decision__document__issued_on",
        "pk",
    )
    labels = dict(AwardForm.choices)
    found = []
    for row in rows:
        unit_name = row["unit_then"] or row["nomination__unit__name"]
        person = row["nomination__person__full_name"]
        found.append(
            Commended(
                name=person or unit_name,
                unit_name=unit_name,
                form=row["nomination__form"],
                form_label=str(labels.get(row["nomination__form"], "")),
                decision=row["decision__document__symbol"],
                decided_on=row["decision__document__issued_on"],
                collective=not person,
            )
        )
    return found
