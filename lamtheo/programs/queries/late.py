"""Who is late for which step of the registration year: the hook reminders are sent from."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max, Q
from django.utils import timezone

from lamtheo.core.tree import subtree_q
from lamtheo.org.models import Person, Unit
from lamtheo.programs.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    ProgramYear,
    YearStatus,
)
from lamtheo.programs.queries.progress import counting_subquery

S = CommitmentStatus

LATE_STEPS = ("register", "resubmit", "approve", "self_assess", "evaluate")
APPROVAL_DAYS_AFTER_CLOSE = 7
APPROVAL_MAX_WAIT_DAYS = 14


@dataclass(frozen=True)
class Late:
    """Someone late for a step: `person` (None for a unit's collective commitment), the
    `unit` to send reminders through (the person's unit now, or the collective's), the first
    day it counted as late, and the commitments concerned (none for "register")."""

    step: str
    since: dt.date
    year: ProgramYear
    unit: Unit
    person: Person | None = None
    commitments: tuple[int, ...] = ()


def _years_for_late(unit: Unit, year: ProgramYear | None) -> list[ProgramYear]:
    years = ProgramYear.objects.select_related("program__unit")
    if year is not None:
        years = years.filter(pk=year.pk)
    else:
        # Programmes run by the unit or a committee above it, or by a committee inside it.
        years = years.filter(
            Q(program__unit__path__in=unit.ancestor_paths())
            | subtree_q([unit.path], prefix="program__unit__path")
        )
    return list(years.filter(status__in=(YearStatus.OPEN, YearStatus.EVALUATING)))


def late(unit: Unit, on: dt.date, year: ProgramYear | None = None) -> list[Late]:
    """Who is late, on the day `on`, for which step, in the subtree of `unit`: the hook that
    reminders are sent from. Only years that are open or under evaluation count (a draft has
    not started, a closed year is locked); without `year`, every such year whose programme
    covers the unit or part of its subtree. People are the current ones, in the unit they
    are in now; collective commitments are those made by units of the subtree.

    Steps, each with the first day it counts as late (`since`):

    - "register" (open years): registration has closed and the person has fewer than
      `min_commitments` counting commitments; since the day after registration closed.
    - "resubmit" (open years): a commitment was returned for changes and not resubmitted;
      since the day it was returned.
    - "approve" (for the reviewers): a commitment has waited for approval more than
      APPROVAL_DAYS_AFTER_CLOSE days after registration closed, or more than
      APPROVAL_MAX_WAIT_DAYS days since it was submitted, whichever comes first.
    - "self_assess": the self-assessment window has closed and an approved commitment was
      not self-assessed; since the day after the window closed.
    - "evaluate" (for the reviewers): the evaluation deadline has passed and an approved or
      self-assessed commitment was not evaluated; since the day after the deadline.

    One entry per person (or collective unit) and step, listing its commitments, ordered by
    step, year and Vietnamese name. Queries: one for the years, then two per year.
    """
    found: list[Late] = []
    for program_year in _years_for_late(unit, year):
        program_path = program_year.program.unit.path
        root = unit.path if unit.path.startswith(program_path) else program_path
        found += _late_in_year(program_year, root, on)
    order = {step: i for i, step in enumerate(LATE_STEPS)}
    found.sort(
        key=lambda e: (
            order[e.step],
            e.year.year,
            e.year.pk,
            (e.person.sort_key if e.person else e.unit.sort_key),
            e.person.pk if e.person else 0,
            e.unit.pk,
        )
    )
    return found


def _late_in_year(year: ProgramYear, root: str, on: dt.date) -> list[Late]:
    day = dt.timedelta(days=1)
    is_open = year.status == YearStatus.OPEN
    entries: list[Late] = []
    if is_open and on > year.registration_closes:
        people = (
            Person.objects.current()
            .filter(subtree_q([root], prefix="unit__path"))
            .alias(n_counting=counting_subquery(year))
            .filter(n_counting__lt=year.min_commitments)
            .select_related("unit")
        )
        since = year.registration_closes + day
        entries += [Late("register", since, year, p.unit, p) for p in people]

    approve_from = year.registration_closes + dt.timedelta(days=APPROVAL_DAYS_AFTER_CLOSE + 1)
    wanted = {S.SUBMITTED}
    if is_open:
        wanted.add(S.RETURNED)
    if on > year.self_assessment_closes:
        wanted.add(S.APPROVED)
    if on > year.evaluation_deadline:
        wanted |= {S.APPROVED, S.SELF_ASSESSED}
    personal = (
        Q(kind=CommitmentKind.PERSONAL, person__left_on__isnull=True)
        & subtree_q([root], prefix="person__unit__path")
    ) | (Q(kind=CommitmentKind.COLLECTIVE) & subtree_q([root], prefix="unit__path"))
    commitments = (
        Commitment.objects.filter(personal, year=year, status__in=wanted)
        .select_related("person__unit", "unit")
        .annotate(returned_at=Max("events__at", filter=Q(events__action="returned")))
        .order_by("pk")
    )
    grouped: dict[tuple, list] = defaultdict(list)
    for c in commitments:
        for step, since in _late_steps(c, year, on, approve_from):
            owner = ("p", c.person_id) if c.person_id else ("u", c.unit_id)
            grouped[(step, owner)].append((since, c))
    for (step, _owner), items in grouped.items():
        first = items[0][1]
        entries.append(
            Late(
                step=step,
                since=min(since for since, _c in items),
                year=year,
                unit=first.person.unit if first.person_id else first.unit,
                person=first.person if first.person_id else None,
                commitments=tuple(c.pk for _since, c in items),
            )
        )
    return entries


def _late_steps(c: Commitment, year: ProgramYear, on: dt.date, approve_from: dt.date):
    day = dt.timedelta(days=1)
    if c.status == S.RETURNED:
        since = timezone.localdate(c.returned_at or c.updated_at)
        if on >= since:
            yield "resubmit", since
    elif c.status == S.SUBMITTED:
        submitted = timezone.localdate(c.submitted_at or c.updated_at)
        since = min(approve_from, submitted + dt.timedelta(days=APPROVAL_MAX_WAIT_DAYS + 1))
        if on >= since:
            yield "approve", since
    if c.status == S.APPROVED and on > year.self_assessment_closes:
        yield "self_assess", year.self_assessment_closes + day
    if c.status in (S.APPROVED, S.SELF_ASSESSED) and on > year.evaluation_deadline:
        yield "evaluate", year.evaluation_deadline + day
