"""The figures of a review report, gathered from the features' public queries (one source of
truth with their pages) into plain data: numbers, Vietnamese labels, names as they were.

`build(unit, start, end, progress)` runs the steps in `STEPS` order and calls `progress(done,
total)` after each (the background task moves its bar with it). Each step runs a fixed
number of queries; the registrations run four per programme year of the period. What each
figure is computed from: docs/reports.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone, translation

from lamtheo.awards import figures as awards_figures
from lamtheo.exemplars import figures as exemplar_figures
from lamtheo.exemplars.models import ExemplarKind
from lamtheo.org import history
from lamtheo.org.models import Unit
from lamtheo.programs import figures as program_figures
from lamtheo.programs.models import ContentArea, Outcome
from lamtheo.study import figures as study_figures
from lamtheo.study import rates
from lamtheo.study.models import SessionFormat, SessionKind


def _rate(value: Decimal | int | None) -> str | None:
    """A rate as the report prints it ("99,5"), or None when nobody was counted."""
    if value is None:
        return None
    return str(value).replace(".", ",")


def _labelled(choices, counts: dict[str, int]) -> list[list]:
    """[[label, n], …] in the choices' order, every choice listed."""
    return [[str(choice.label), counts.get(choice.value, 0)] for choice in choices]


def _totals(totals: rates.Totals) -> dict:
    return {
        "people": totals.people,
        "took_part": totals.took_part,
        "never": totals.never,
        "self_study_only": totals.self_study_only,
        "rate": _rate(totals.rate),
    }


def _participation(unit, start, end) -> dict:
    members, everyone = study_figures.participation_both(unit, start, end)
    return {"members": _totals(members), "everyone": _totals(everyone)}


def _activity(unit, start, end) -> dict:
    activity = rates.activity(unit, start, end)
    sessions = study_figures.sessions(unit, start, end)
    organised = study_figures.organised(unit, start, end)
    return {
        "sessions": activity.sessions,
        "points": activity.points,
        "attendances": activity.attendances,
        "self_study": activity.self_study,
        "by_kind": _labelled(SessionKind, sessions.by_kind),
        "by_format": _labelled(SessionFormat, sessions.by_format),
        "cells": organised.cells,
        "cells_organised": organised.organised,
        "cells_rate": _rate(organised.rate),
    }


def _registrations(unit, start, end) -> list[dict]:
    years = []
    for found in program_figures.registrations(unit, start, end):
        progress = found.progress
        years.append(
            {
                "year": found.year.year,
                "program": found.year.program.name,
                "min_commitments": found.year.min_commitments,
                "max_commitments": found.year.max_commitments,
                "people": progress.people,
                "registered": progress.registered,
                "registered_rate": progress.registered_rate,
                "evaluated": progress.evaluated,
                "commitments": found.commitments,
                "areas": found.areas,
                "by_area": _labelled(ContentArea, found.by_area),
                "by_outcome": _labelled(Outcome, found.by_outcome),
            }
        )
    return years


def _exemplars(unit, start, end) -> dict:
    standards = exemplar_figures.standards_reviewed(unit, start, end)
    return {
        "recognised": _labelled(ExemplarKind, exemplar_figures.recognised(unit, start, end)),
        "replicated": [
            {"title": r.title, "units": r.units}
            for r in exemplar_figures.replicated(unit, start, end)
        ],
        "standards_versions": standards.versions,
        "standards_units": standards.units,
    }


def _campaigns(unit, start, end) -> dict:
    return {
        "titles": exemplar_figures.campaigns(unit, start, end),
        "activities": [
            [str(row.label), row.activities, row.participants]
            for row in exemplar_figures.campaign_activities(unit, start, end)
        ],
    }


def _awards(unit, start, end) -> dict:
    found = awards_figures.commended(unit, start, end)

    def row(c):
        return {
            "name": c.name,
            "unit": c.unit_name,
            "form": c.form_label,
            "decision": c.decision,
            "decided_on": c.decided_on.strftime("%d/%m/%Y"),
        }

    return {
        "collectives": [row(c) for c in found if c.collective],
        "individuals": [row(c) for c in found if not c.collective],
    }


def _annex(unit, start, end) -> list[dict]:
    """Participation of Party members per unit right below, on the period's tree."""
    rows = rates.participation_by_child(unit, start, end, rates.Population.MEMBERS)
    return [
        {
            "unit": row.unit.name if not row.direct else f"{row.unit.name} (trực tiếp)",
            **_totals(row.totals),
        }
        for row in rows
    ]


STEPS: tuple[tuple[str, Callable], ...] = (
    ("participation", _participation),
    ("activity", _activity),
    ("registrations", _registrations),
    ("exemplars", _exemplars),
    ("campaigns", _campaigns),
    ("awards", _awards),
    ("annex", _annex),
)


def build(
    unit: Unit,
    start: dt.date,
    end: dt.date,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Every figure of the report, as plain data (JSON), labels in Vietnamese."""
    day = history.reference_day(unit, end)
    periods = history.periods_on(day or timezone.localdate()).filter(unit=unit)
    name = periods.values_list("name", flat=True).first() or unit.name
    found = {
        "unit": name,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "tree_day": day.isoformat() if day else None,
    }
    with translation.override("vi"):
        for done, (key, step) in enumerate(STEPS, 1):
            found[key] = step(unit, start, end)
            if progress is not None:
                progress(done, len(STEPS))
    return found
