"""Reads for a member's registration pages: what the user may do with a commitment now and
the one next step, "my registration this year" per programme year, past years, and a
commitment's history and progress notes in words.

What a user may do comes from the services' `check_*` functions, so no rule is repeated
here. Each function runs a fixed number of queries whatever the number of commitments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.org.models import Person
from lamtheo.programs import services
from lamtheo.programs.models import (
    Commitment,
    CommitmentStatus,
    ContentArea,
    Evidence,
    ProgramYear,
    YearStatus,
)

S = CommitmentStatus
# Past commitments read for "my past years" and "copy from last year": a few years' worth.
PAST_LIMIT = 20
PAST_YEARS_SHOWN = 5

# The history in words: what each recorded action means.
EVENT_LABELS = {
    "created": gettext_lazy("Created"),
    "edited": gettext_lazy("Edited"),
    "edited_after_approval": gettext_lazy("Edited after approval: waiting for approval again"),
    "submitted": gettext_lazy("Submitted for approval"),
    "withdrawn": gettext_lazy("Withdrawn"),
    "approved": gettext_lazy("Approved"),
    "returned": gettext_lazy("Returned for changes"),
    "progress": gettext_lazy("Progress recorded"),
    "self_assessed": gettext_lazy("Self-assessed"),
    "evaluated": gettext_lazy("Evaluated"),
}


# -- what a user may do ----------------------------------------------------------------------


@dataclass(frozen=True)
class Offer:
    """Whether the user may do an action now; `reason` says why not when they may, but not
    now (a window closed, a state). Neither: the action is not theirs."""

    allowed: bool = False
    reason: str = ""


def offer(check, **kwargs) -> Offer:
    try:
        check(**kwargs)
    except PermissionDenied:
        return Offer()
    except ValidationError as exc:
        return Offer(reason=" ".join(exc.messages))
    return Offer(allowed=True)


@dataclass(frozen=True)
class Step:
    """The one big button for a commitment. Lower `priority` comes first on the home card."""

    label: str
    url: str
    priority: int
    post: bool = False
    primary: bool = True
    note: str = ""


def next_step(user, commitment: Commitment, today: dt.date) -> Step:
    """Submit / revise as suggested / assess myself / update progress, or just view."""
    c = commitment
    detail = reverse("commitment", args=[c.pk])
    edit = offer(services.check_edit, by=user, commitment=c)
    if c.status == S.RETURNED and edit.allowed:
        return Step(_("Revise as suggested"), reverse("commitment-edit", args=[c.pk]), 1)
    if c.status == S.DRAFT:
        sending = offer(services.check_submit, by=user, commitment=c, today=today)
        if sending.allowed:
            return Step(_("Submit"), reverse("commitment-submit", args=[c.pk]), 2, post=True)
        return Step(_("View"), detail, 9, primary=False, note=sending.reason)
    if c.status == S.APPROVED:
        if offer(services.check_self_assess, by=user, commitment=c, today=today).allowed:
            return Step(_("Assess myself"), reverse("commitment-self-assess", args=[c.pk]), 4)
        if offer(services.check_progress, by=user, commitment=c).allowed:
            return Step(_("Update progress"), f"{detail}#progress", 5)
    return Step(_("View"), detail, 9, primary=False)


def commitment_offers(user, commitment: Commitment, today: dt.date) -> dict[str, Offer]:
    """What the commitment page offers the user: edit, submit, withdraw, progress, assess."""
    c = commitment
    return {
        "edit": offer(services.check_edit, by=user, commitment=c),
        "submit": offer(services.check_submit, by=user, commitment=c, today=today),
        "withdraw": offer(services.check_withdraw, by=user, commitment=c),
        "progress": offer(services.check_progress, by=user, commitment=c),
        "self_assess": offer(services.check_self_assess, by=user, commitment=c, today=today),
    }


# -- "my registration this year" -------------------------------------------------------------


@dataclass
class Entry:
    commitment: Commitment
    step: Step


@dataclass
class YearCard:
    year: ProgramYear
    entries: list[Entry] = field(default_factory=list)
    counting: int = 0
    register: Offer = Offer()
    register_note: str = ""
    copyable: list[Commitment] = field(default_factory=list)

    def first_step(self) -> tuple[Step | None, Commitment | None]:
        """The one next step of the year, most urgent first, with its commitment (None for
        registering another)."""
        steps = [(e.step, e.commitment) for e in self.entries if e.step.priority < 9]
        if self.register.allowed:
            url = f"{reverse('commitment-create')}?year={self.year.pk}"
            label = _("Register a commitment to follow Uncle Ho")
            priority = 3 if self.counting < self.year.min_commitments else 6
            steps.append((Step(label, url, priority), None))
        if not steps:
            return None, None
        return min(steps, key=lambda pair: pair[0].priority)


def year_cards(user, person: Person, today: dt.date) -> list[YearCard]:
    """The open or evaluating years covering the person's unit, with their commitments.

    Two queries: the years, and the person's commitments in them.
    """
    years = list(
        ProgramYear.objects.visible_to(user)
        .filter(
            status__in=[YearStatus.OPEN, YearStatus.EVALUATING],
            program__unit__path__in=person.unit.ancestor_paths(),
        )
        .select_related("program__unit")
        .order_by("-year", "program__name", "pk")
    )
    cards = {year.pk: YearCard(year) for year in years}
    commitments = Commitment.objects.visible_to(user).filter(person=person, year__in=list(cards))
    for commitment in commitments.select_related("person__unit", "unit").order_by(
        "created_at", "pk"
    ):
        card = cards[commitment.year_id]
        commitment.year = card.year
        if commitment.status != S.WITHDRAWN:
            card.counting += 1
        card.entries.append(Entry(commitment, next_step(user, commitment, today)))
    for card in cards.values():
        card.register = offer(
            services.check_register,
            by=user,
            year=card.year,
            person=person,
            existing=card.counting,
            today=today,
        )
        if card.counting < card.year.max_commitments:
            card.register_note = card.register.reason
    return list(cards.values())


@dataclass
class PastYear:
    year: ProgramYear
    commitments: list[Commitment] = field(default_factory=list)


def past_years(user, person: Person, cards: list[YearCard]) -> list[PastYear]:
    """The person's closed years with their commitments' outcomes; fills each card's
    `copyable` with the commitments of closed years of the same programme. One query."""
    commitments = list(
        Commitment.objects.visible_to(user)
        .filter(person=person, year__status=YearStatus.CLOSED)
        .exclude(status=S.WITHDRAWN)
        .select_related("year__program")
        .order_by("-year__year", "year__program__name", "year_id", "created_at", "pk")[:PAST_LIMIT]
    )
    past: dict[int, PastYear] = {}
    for commitment in commitments:
        if commitment.year_id not in past:
            past[commitment.year_id] = PastYear(commitment.year)
        entry = past[commitment.year_id]
        entry.commitments.append(commitment)
    for card in cards:
        card.copyable = [
            c
            for c in commitments
            if c.year.program_id == card.year.program_id and c.year.year < card.year.year
        ]
    return list(past.values())[:PAST_YEARS_SHOWN]


# -- a commitment's history and notes --------------------------------------------------------


def display_name(user) -> str:
    """Who did something, as people know them: the person's name, else the sign-in name."""
    if user is None:
        return _("system")
    try:
        return user.person.full_name
    except ObjectDoesNotExist:
        return user.get_username()


def _display(name: str, value) -> str:
    if value in (None, ""):
        return "—"
    if name == "content_area" and value in ContentArea.values:
        return str(ContentArea(value).label)
    if name == "due_on":
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def _label(name: str) -> str:
    try:
        return str(Commitment._meta.get_field(name).verbose_name)
    except Exception:  # a field renamed since the event was recorded
        return name


def _status_label(state: str) -> str:
    return CommitmentStatus(state).label if state in CommitmentStatus.values else state


def history(commitment: Commitment) -> list[dict]:
    """Every recorded change, newest first, in words: who, when, what. One query."""
    rows = []
    for event in commitment.events.select_related("actor__person"):
        rows.append(
            {
                "at": event.at,
                "who": display_name(event.actor),
                "action": EVENT_LABELS.get(event.action, event.action),
                "status": _status_label(event.to_state),
                "comment": event.reason,
                "changes": [
                    (_label(name), _display(name, pair[0]), _display(name, pair[1]))
                    for name, pair in (event.changes or {}).items()
                ],
            }
        )
    return rows


def progress_notes(commitment: Commitment) -> list:
    """The progress notes, newest first, each with `.files` and `.who`. Two queries."""
    notes = list(commitment.notes.select_related("author__person"))
    files: dict[int, list[Evidence]] = {}
    for evidence in Evidence.objects.filter(note__commitment=commitment).order_by("pk"):
        files.setdefault(evidence.note_id, []).append(evidence)
    for note in notes:
        note.files = files.get(note.pk, [])
        note.who = display_name(note.author)
    return notes
