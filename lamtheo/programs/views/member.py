"""A member's pages for the yearly registration, mostly used from a phone.

"My registration this year" with one next step per commitment, the registration form (also
used by a secretary registering for someone, or for a unit), the commitment page with its
full history, progress with evidence, and self-assessment.

Every write goes through lamtheo.programs.services; its `check_*` functions decide which
actions a page offers, so no rule is repeated here. Objects are looked up through
`visible_to` (404 when invisible); a service's PermissionDenied answers 403. A form carries
the commitment's version: a stale one is refused (CONFLICT) and the form comes back with what
the user typed, the message on top and the stored values beside it. Each page runs a fixed
number of queries whatever the number of commitments, notes and events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
    ValidationError,
)
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.accounts.scoping import scope_of
from lamtheo.core.views import id_param, submit
from lamtheo.org.models import Person, Unit
from lamtheo.programs import services
from lamtheo.programs.forms.member import CommitmentForm, ProgressForm, SelfAssessmentForm
from lamtheo.programs.models import (
    Commitment,
    CommitmentStatus,
    ContentArea,
    Evidence,
    ProgramYear,
    YearEvaluation,
    YearStatus,
)

S = CommitmentStatus
DETAIL_TEMPLATE = "programs/member/commitment_detail.html"
# Past commitments read for "my past years" and "copy from last year": a few years' worth.
PAST_LIMIT = 20
PAST_YEARS_SHOWN = 5
RELATED = ("year__program__unit", "person__unit", "unit")
DETAIL_RELATED = ("copied_from__year", "evaluated_by__person")

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


# -- lookups ---------------------------------------------------------------------------------


def _year_or_404(request) -> ProgramYear:
    pk = id_param(request.GET, "year")
    if pk is None:
        raise Http404
    years = ProgramYear.objects.visible_to(request.user).select_related("program__unit")
    return get_object_or_404(years, pk=pk)


def _commitment_or_404(request, pk, *more_related) -> Commitment:
    commitments = Commitment.objects.visible_to(request.user).select_related(
        *RELATED, *more_related
    )
    return get_object_or_404(commitments, pk=pk)


def _own_person(user) -> Person | None:
    person_id = scope_of(user).person_id
    if person_id is None:
        return None
    return Person.objects.visible_to(user).select_related("unit").filter(pk=person_id).first()


def _posted_version(request) -> int:
    value = request.POST.get("version", "")
    # Without a version the change cannot be checked against a newer one: treat as stale.
    return int(value) if value.isdigit() else 0


def _is_conflict(exc: ValidationError) -> bool:
    return getattr(exc, "code", None) == services.CONFLICT


def _keep_for_conflict(form, commitment: Commitment) -> Commitment:
    """After CONFLICT: the stored commitment now, and the form's version moved to it, so that
    saving again (after checking) keeps the user's text."""
    current = Commitment.objects.select_related(*RELATED).get(pk=commitment.pk)
    data = form.data.copy()
    data["version"] = str(current.version)
    form.data = data
    return current


def _conflict_message(form, current) -> list[str]:
    """After CONFLICT the message goes to the top of the page, above the stored values, rather
    than inside the form."""
    if current is None:
        return []
    return list(form.errors.pop(NON_FIELD_ERRORS, []))


def _back(request, commitment: Commitment):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("commitment", pk=commitment.pk)


def _who(user) -> str:
    if user is None:
        return _("system")
    try:
        return user.person.full_name
    except ObjectDoesNotExist:
        return user.get_username()


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
    evaluation: YearEvaluation | None = None


def past_years(user, person: Person, cards: list[YearCard]) -> list[PastYear]:
    """The person's closed years with their results; fills each card's `copyable` with the
    commitments of closed years of the same programme. Two queries."""
    commitments = list(
        Commitment.objects.visible_to(user)
        .filter(person=person, year__status=YearStatus.CLOSED)
        .exclude(status=S.WITHDRAWN)
        .select_related("year__program")
        .order_by("-year__year", "year__program__name", "year_id", "created_at", "pk")[:PAST_LIMIT]
    )
    evaluations = {
        evaluation.year_id: evaluation
        for evaluation in YearEvaluation.objects.visible_to(user).filter(
            person=person, year__status=YearStatus.CLOSED
        )
    }
    past: dict[int, PastYear] = {}
    for commitment in commitments:
        if commitment.year_id not in past:
            evaluation = evaluations.get(commitment.year_id)
            past[commitment.year_id] = PastYear(commitment.year, evaluation=evaluation)
        entry = past[commitment.year_id]
        entry.commitments.append(commitment)
    for card in cards:
        card.copyable = [
            c
            for c in commitments
            if c.year.program_id == card.year.program_id and c.year.year < card.year.year
        ]
    return list(past.values())[:PAST_YEARS_SHOWN]


@login_required
def my_registration(request):
    person = _own_person(request.user)
    if person is None:
        return render(request, "programs/member/not_linked.html")
    today = timezone.localdate()
    cards = year_cards(request.user, person, today)
    context = {
        "person": person,
        "cards": cards,
        "past": past_years(request.user, person, cards),
        "today": today,
    }
    return render(request, "programs/member/my_registration.html", context)


# -- the registration form -------------------------------------------------------------------


def _registrant(request):
    """(person, unit): someone in the user's review scope, a unit (collective), or oneself."""
    user = request.user
    person_pk, unit_pk = id_param(request.GET, "person"), id_param(request.GET, "unit")
    if person_pk is not None:
        people = Person.objects.visible_to(user, "commitment.review").select_related("unit")
        return get_object_or_404(people, pk=person_pk), None
    if unit_pk is not None:
        units = Unit.objects.visible_to(user, "commitment.review")
        return None, get_object_or_404(units, pk=unit_pk)
    person = _own_person(user)
    if person is None:
        raise PermissionDenied
    return person, None


@login_required
@require_http_methods(["GET", "POST"])
def commitment_create(request):
    user = request.user
    year = _year_or_404(request)
    person, unit = _registrant(request)
    register = offer(services.check_register, by=user, year=year, person=person, unit=unit)
    if not register.allowed and not register.reason:
        raise PermissionDenied
    own = person is not None and person.user_id == user.pk
    form = CommitmentForm(request.POST or None, initial={"due_on": year.self_assessment_opens})
    del form.fields["version"]
    sending = request.POST.get("intent") == "submit"
    created = None

    def action(data):
        nonlocal created
        created = services.commitment_create(
            by=user, year=year, person=person, unit=unit, submit=sending, **form.commitment_fields()
        )
        if sending:
            return _("Submitted: it now waits for approval.")
        return _("The draft was saved. Submit it when it is ready.")

    if submit(request, form, action):
        if own:
            return redirect("my-registration")
        return redirect("commitment", pk=created.pk)
    if own:
        title = _("Register a commitment to follow Uncle Ho")
        cancel_url = reverse("my-registration")
    elif person is not None:
        title = _("Register for %(name)s") % {"name": person.full_name}
        cancel_url = reverse("person", args=[person.pk])
    else:
        title = _("Collective commitment of %(unit)s") % {"unit": unit.name}
        cancel_url = reverse("unit", args=[unit.pk])
    context = {
        "form": form,
        "year": year,
        "person": person,
        "unit": unit,
        "own": own,
        "title": title,
        "problem": register.reason,
        "can_submit": True,
        "cancel_url": cancel_url,
    }
    return render(request, "programs/member/commitment_form.html", context)


@login_required
@require_POST
def commitment_copy(request, pk):
    """Last year's commitment as a draft of `?year=`, then its edit page to adjust it."""
    source = _commitment_or_404(request, pk)
    year = _year_or_404(request)
    try:
        draft = services.commitment_copy(by=request.user, source=source, year=year)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("my-registration")
    messages.success(request, _("Copied as a draft: adjust it to this year, then submit."))
    return redirect("commitment-edit", pk=draft.pk)


@login_required
@require_http_methods(["GET", "POST"])
def commitment_edit(request, pk):
    user = request.user
    commitment = _commitment_or_404(request, pk)
    state = offer(services.check_edit, by=user, commitment=commitment)
    if not state.allowed and not state.reason:
        raise PermissionDenied
    if not state.allowed and request.method == "GET":
        messages.warning(request, state.reason)
        return redirect("commitment", pk=commitment.pk)
    # A POST goes on to the service even when the state changed meanwhile: its refusal then
    # shows on the form, which keeps what the user typed.
    form = CommitmentForm(request.POST or None, initial=CommitmentForm.initial_for(commitment))
    form.fields["version"].required = True
    sending = request.POST.get("intent") == "submit"
    current = None

    def action(data):
        nonlocal current
        try:
            with transaction.atomic():
                updated = services.commitment_update(
                    by=user,
                    commitment=commitment,
                    version=data["version"],
                    **form.commitment_fields(),
                )
                if sending:
                    services.commitment_submit(by=user, commitment=updated, version=updated.version)
        except ValidationError as exc:
            if _is_conflict(exc):
                current = _keep_for_conflict(form, commitment)
            raise
        if sending:
            return _("Submitted: it now waits for approval.")
        if updated.status == S.SUBMITTED and commitment.status == S.APPROVED:
            return _("Saved. The commitment was approved, so it waits for approval again.")
        return _("The changes were saved.")

    if submit(request, form, action):
        if commitment.person_id and commitment.person.user_id == user.pk:
            return redirect("my-registration")
        return redirect("commitment", pk=commitment.pk)
    shown = current or commitment
    context = {
        "form": form,
        "commitment": shown,
        "current": current,
        "conflict": _conflict_message(form, current),
        "year": shown.year,
        "person": shown.person,
        "unit": shown.unit,
        "title": _("Edit the registration"),
        "can_submit": shown.status in (S.DRAFT, S.RETURNED),
        "cancel_url": reverse("commitment", args=[commitment.pk]),
    }
    return render(request, "programs/member/commitment_form.html", context)


# -- workflow buttons ------------------------------------------------------------------------


@login_required
@require_POST
def commitment_submit(request, pk):
    commitment = _commitment_or_404(request, pk)
    try:
        services.commitment_submit(
            by=request.user, commitment=commitment, version=_posted_version(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Submitted: it now waits for approval."))
    return _back(request, commitment)


@login_required
@require_POST
def commitment_withdraw(request, pk):
    commitment = _commitment_or_404(request, pk)
    try:
        services.commitment_withdraw(
            by=request.user, commitment=commitment, version=_posted_version(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The commitment was withdrawn."))
    return _back(request, commitment)


@login_required
@require_POST
def commitment_progress(request, pk):
    commitment = _commitment_or_404(request, pk)
    if offer(services.check_progress, by=request.user, commitment=commitment) == Offer():
        raise PermissionDenied
    form = ProgressForm(request.POST, request.FILES)

    def action(data):
        services.progress_add(
            by=request.user, commitment=commitment, text=data["text"], files=data["files"]
        )
        return _("Progress was recorded.")

    if submit(request, form, action):
        return redirect(reverse("commitment", args=[commitment.pk]) + "#progress")
    commitment = _commitment_or_404(request, pk, *DETAIL_RELATED)
    return render(request, DETAIL_TEMPLATE, detail_context(request, commitment, form))


@login_required
@require_http_methods(["GET", "POST"])
def commitment_self_assess(request, pk):
    user = request.user
    commitment = _commitment_or_404(request, pk)
    state = offer(services.check_self_assess, by=user, commitment=commitment)
    if not state.allowed and not state.reason:
        raise PermissionDenied
    initial = {
        "text": commitment.self_assessment,
        "proposed_rank": commitment.proposed_rank,
        "version": commitment.version,
    }
    form = SelfAssessmentForm(request.POST or None, initial=initial)
    form.fields["version"].required = True
    current = None

    def action(data):
        nonlocal current
        try:
            services.commitment_self_assess(
                by=user,
                commitment=commitment,
                version=data["version"],
                text=data["text"],
                proposed_rank=data["proposed_rank"],
            )
        except ValidationError as exc:
            if _is_conflict(exc):
                current = _keep_for_conflict(form, commitment)
            raise
        return _("Your self-assessment was recorded.")

    if submit(request, form, action):
        return redirect("commitment", pk=commitment.pk)
    context = {
        "form": form,
        "commitment": current or commitment,
        "current": current,
        "conflict": _conflict_message(form, current),
        "problem": "" if request.method == "POST" else state.reason,
    }
    return render(request, "programs/member/self_assess_form.html", context)


# -- the commitment page ---------------------------------------------------------------------


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


def history(commitment: Commitment) -> list[dict]:
    """Every recorded change, newest first, in words: who, when, what. One query."""
    rows = []
    for event in commitment.events.select_related("actor__person"):
        rows.append(
            {
                "at": event.at,
                "who": _who(event.actor),
                "action": EVENT_LABELS.get(event.action, event.action),
                "status": event.get_status_display(),
                "comment": event.comment,
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
        note.who = _who(note.author)
    return notes


def detail_context(request, commitment: Commitment, progress_form=None) -> dict:
    user = request.user
    today = timezone.localdate()
    offers = {
        "edit": offer(services.check_edit, by=user, commitment=commitment),
        "submit": offer(services.check_submit, by=user, commitment=commitment, today=today),
        "withdraw": offer(services.check_withdraw, by=user, commitment=commitment),
        "progress": offer(services.check_progress, by=user, commitment=commitment),
        "self_assess": offer(
            services.check_self_assess, by=user, commitment=commitment, today=today
        ),
    }
    if progress_form is None and offers["progress"].allowed:
        progress_form = ProgressForm()
    person = commitment.person
    return {
        "commitment": commitment,
        "own": person is not None and person.user_id == user.pk,
        "offers": offers,
        "progress_form": progress_form,
        "notes": progress_notes(commitment),
        "history": history(commitment),
        "evaluated_by": _who(commitment.evaluated_by) if commitment.evaluated_by_id else "",
        "can_review": services.can_review(user, commitment),
    }


@login_required
def commitment_detail(request, pk):
    commitment = _commitment_or_404(request, pk, *DETAIL_RELATED)
    return render(request, DETAIL_TEMPLATE, detail_context(request, commitment))


@login_required
def evidence_download(request, pk):
    """An evidence file, for those who may see its commitment; never a public media URL."""
    visible = Commitment.objects.visible_to(request.user)
    evidence = get_object_or_404(Evidence.objects.filter(note__commitment__in=visible), pk=pk)
    try:
        handle = evidence.file.storage.open(evidence.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type or "application/octet-stream",
    )
