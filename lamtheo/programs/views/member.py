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

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.accounts.scoping import get_visible_or_404
from lamtheo.core.views import id_param, perform, posted_version, safe_next, submit
from lamtheo.org.models import Person, Unit
from lamtheo.org.queries import own_person
from lamtheo.programs import services
from lamtheo.programs.forms.member import CommitmentForm, ProgressForm, SelfAssessmentForm
from lamtheo.programs.models import Commitment, CommitmentStatus, Evidence, ProgramYear
from lamtheo.programs.queries.member import (
    Offer,
    commitment_offers,
    display_name,
    history,
    offer,
    past_years,
    progress_notes,
    year_cards,
)

S = CommitmentStatus
DETAIL_TEMPLATE = "programs/member/commitment_detail.html"
RELATED = ("year__program__unit", "person__unit", "unit")
DETAIL_RELATED = ("copied_from__year", "evaluated_by__person")


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


def _reread(commitment: Commitment):
    """The commitment as stored now, for a form refused as stale (CONFLICT)."""
    return lambda: Commitment.objects.select_related(*RELATED).get(pk=commitment.pk)


def _conflict_message(form, current) -> list[str]:
    """After CONFLICT the message goes to the top of the page, above the stored values, rather
    than inside the form."""
    if current is None:
        return []
    return list(form.errors.pop(NON_FIELD_ERRORS, []))


def _back(request, commitment: Commitment):
    return redirect(safe_next(request, reverse("commitment", args=[commitment.pk])))


# -- "my registration this year" -------------------------------------------------------------


@login_required
def my_registration(request):
    person = own_person(request.user)
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
    person = own_person(user)
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
    copied = None

    def change():
        nonlocal copied
        copied = services.commitment_copy(by=request.user, source=source, year=year)
        return _("Copied as a draft: adjust it to this year, then submit.")

    if perform(request, change):
        return redirect("commitment-edit", pk=copied.pk)
    return redirect("my-registration")


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

    def action(data):
        with transaction.atomic():
            updated = services.commitment_update(
                by=user, commitment=commitment, version=data["version"], **form.commitment_fields()
            )
            if sending:
                services.commitment_submit(by=user, commitment=updated, version=updated.version)
        if sending:
            return _("Submitted: it now waits for approval.")
        if updated.status == S.SUBMITTED and commitment.status == S.APPROVED:
            return _("Saved. The commitment was approved, so it waits for approval again.")
        return _("The changes were saved.")

    outcome = submit(request, form, action, reread=_reread(commitment))
    if outcome:
        if commitment.person_id and commitment.person.user_id == user.pk:
            return redirect("my-registration")
        return redirect("commitment", pk=commitment.pk)
    current = outcome.current
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

    def change():
        version = posted_version(request)
        services.commitment_submit(by=request.user, commitment=commitment, version=version)
        return _("Submitted: it now waits for approval.")

    perform(request, change)
    return _back(request, commitment)


@login_required
@require_POST
def commitment_withdraw(request, pk):
    commitment = _commitment_or_404(request, pk)

    def change():
        version = posted_version(request)
        services.commitment_withdraw(by=request.user, commitment=commitment, version=version)
        return _("The commitment was withdrawn.")

    perform(request, change)
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
        "proposed_outcome": commitment.proposed_outcome,
        "version": commitment.version,
    }
    form = SelfAssessmentForm(request.POST or None, initial=initial)
    form.fields["version"].required = True

    def action(data):
        services.commitment_self_assess(
            by=user,
            commitment=commitment,
            version=data["version"],
            text=data["text"],
            proposed_outcome=data["proposed_outcome"],
        )
        return _("Your self-assessment was recorded.")

    outcome = submit(request, form, action, reread=_reread(commitment))
    if outcome:
        return redirect("commitment", pk=commitment.pk)
    current = outcome.current
    context = {
        "form": form,
        "commitment": current or commitment,
        "current": current,
        "conflict": _conflict_message(form, current),
        "problem": "" if request.method == "POST" else state.reason,
    }
    return render(request, "programs/member/self_assess_form.html", context)


# -- the commitment page ---------------------------------------------------------------------


def detail_context(request, commitment: Commitment, progress_form=None) -> dict:
    user = request.user
    offers = commitment_offers(user, commitment, timezone.localdate())
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
        "evaluated_by": display_name(commitment.evaluated_by) if commitment.evaluated_by_id else "",
        "can_review": services.can_review(user, commitment),
    }


@login_required
def commitment_detail(request, pk):
    commitment = _commitment_or_404(request, pk, *DETAIL_RELATED)
    return render(request, DETAIL_TEMPLATE, detail_context(request, commitment))


@login_required
def evidence_download(request, pk):
    """An evidence file, for those who may see its commitment; never a public media URL."""
    evidence = get_visible_or_404(Evidence.objects, request.user, pk=pk)
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
