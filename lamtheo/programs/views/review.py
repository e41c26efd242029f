"""Pages of secretaries and offices: the queue of registrations to approve, approving,
returning and evaluating one, the progress of a unit, the rollup per unit below, and the
year's results of its people.

Objects are looked up through `visible_to` (404 outside the scope); progress pages need a
grant covering the unit (403 for a member on their own unit); decisions need the reviewer's
rule (`services.can_review`, 403 otherwise), which the services check again. Every page runs
a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.accounts.scoping import get_visible_or_404, require
from lamtheo.core.tree import subtree_q
from lamtheo.core.views import (
    as_id,
    attempt,
    form_version,
    id_param,
    querystring,
    safe_next,
    submit,
)
from lamtheo.org.models import Unit
from lamtheo.org.queries import ancestors, unit_to_read
from lamtheo.programs import queries, services
from lamtheo.programs.forms.review import ApproveForm, EvaluateForm, ReturnForm
from lamtheo.programs.models import Commitment, CommitmentStatus, ProgramYear, YearStatus

S = CommitmentStatus
RELATED = ("year__program__unit", "person__unit", "unit")
PAGE_SIZE = queries.PAGE_SIZE

STEP_LABELS = {
    "not_registered": gettext_lazy("Not registered"),
    "waiting": gettext_lazy("Waiting for approval"),
    "returned": gettext_lazy("Returned for changes"),
    "not_self_assessed": gettext_lazy("Not self-assessed"),
    "not_evaluated": gettext_lazy("Not evaluated"),
    "evaluated": gettext_lazy("Fully evaluated"),
}


# -- shared lookups --------------------------------------------------------------------------


def _commitment_or_404(request, pk) -> Commitment:
    commitments = Commitment.objects.visible_to(request.user).select_related(*RELATED)
    return get_object_or_404(commitments, pk=pk)


def _reread(commitment: Commitment):
    return lambda: Commitment.objects.select_related(*RELATED).get(pk=commitment.pk)


def _reviewer_or_403(user, commitment: Commitment) -> None:
    if not services.can_review(user, commitment):
        raise PermissionDenied


def _pick_year(request, years: list[ProgramYear]) -> ProgramYear | None:
    pk = id_param(request.GET, "year")
    if pk is None:
        return queries.default_year(years)
    for year in years:
        if year.pk == pk:
            return year
    raise Http404


# -- the review queue ------------------------------------------------------------------------


def _bulk_approve(request, commitments) -> None:
    ids = [pk for v in request.POST.getlist("ids") if (pk := as_id(v)) is not None]
    if not ids:
        messages.warning(request, _("Tick the registrations to approve first."))
        return
    chosen = list(commitments.filter(pk__in=ids).select_related(*RELATED))
    approved, problems = services.commitments_approve_many(by=request.user, commitments=chosen)
    missing = len(set(ids)) - len(chosen)
    if approved:
        messages.success(
            request,
            ngettext(
                "%(n)s registration was approved.", "%(n)s registrations were approved.", approved
            )
            % {"n": approved},
        )
    if missing:
        problems.append(
            ngettext(
                "%(n)s registration is no longer waiting for your approval.",
                "%(n)s registrations are no longer waiting for your approval.",
                missing,
            )
            % {"n": missing}
        )
    for problem in problems:
        messages.error(request, problem)


@login_required
@require_http_methods(["GET", "POST"])
def review_queue(request):
    """Registrations waiting for the user's approval, with approve / return per row and a
    bulk approve of the ticked ones."""
    require(request.user, "commitment.review")
    years = queries.open_years(request.user)
    commitments = queries.reviewable(request.user, years)
    year = None
    if (year_id := id_param(request.GET, "year")) is not None:
        year = next((y for y in years if y.pk == year_id), None)
        if year is None:
            raise Http404
        commitments = commitments.filter(year=year)
    unit = None
    if (unit_id := id_param(request.GET, "unit")) is not None:
        unit = get_visible_or_404(Unit.objects, request.user, pk=unit_id)
        # Made in the unit's subtree: one range the (year, unit, status) index serves.
        commitments = commitments.filter(subtree_q([unit.path], prefix="unit__path"))
    if request.method == "POST":
        _bulk_approve(request, commitments)
        return redirect(request.get_full_path())
    page = Paginator(commitments.select_related(*RELATED), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "rows": [{"c": c} for c in page],
        "years": years,
        "year": year,
        "unit": unit,
        "querystring_prefix": querystring(request),
        "next": request.get_full_path(),
    }
    return render(request, "programs/review/queue.html", context)


# -- decisions on one commitment -------------------------------------------------------------


def _decide(request, pk, form_class, change, done_message):
    commitment = _commitment_or_404(request, pk)
    _reviewer_or_403(request.user, commitment)
    form = form_class(request.POST)
    outcome = attempt(form, lambda data: change(commitment, data), reread=_reread(commitment))
    if outcome:
        commitment = _reread(commitment)()
        message = done_message(commitment)
        if request.htmx:
            row = {"c": commitment, "done": message}
            return render(request, "programs/review/_queue_row.html", {"row": row})
        messages.success(request, message)
        return redirect(safe_next(request, reverse("review-queue")))
    commitment = outcome.current or commitment
    initial = {"version": commitment.version}
    forms = {"approve": ApproveForm(initial=initial), "return": ReturnForm(initial=initial)}
    forms["approve" if form_class is ApproveForm else "return"] = form
    if request.htmx:
        row = {"c": commitment, "approve_form": forms["approve"], "return_form": forms["return"]}
        context = {"row": row, "next": safe_next(request, "")}
        return render(request, "programs/review/_queue_row.html", context)
    context = {
        "commitment": commitment,
        "approve_form": forms["approve"],
        "return_form": forms["return"],
        "next": safe_next(request, ""),
    }
    return render(request, "programs/review/decide.html", context)


@login_required
@require_POST
def commitment_approve(request, pk):
    def change(commitment, data):
        services.commitment_approve(
            by=request.user,
            commitment=commitment,
            version=form_version(data),
            comment=data["comment"],
        )

    def message(commitment):
        return _("Approved: %(c)s.") % {"c": _owner(commitment)}

    return _decide(request, pk, ApproveForm, change, message)


@login_required
@require_POST
def commitment_return(request, pk):
    def change(commitment, data):
        services.commitment_return(
            by=request.user,
            commitment=commitment,
            version=form_version(data),
            comment=data["comment"],
        )

    def message(commitment):
        return _("Returned for changes: %(c)s.") % {"c": _owner(commitment)}

    return _decide(request, pk, ReturnForm, change, message)


def _owner(commitment: Commitment) -> str:
    return commitment.person.full_name if commitment.person_id else commitment.unit.name


@login_required
@require_http_methods(["GET", "POST"])
def commitment_evaluate(request, pk):
    """The chi bộ's word on one commitment: exceeded, met or not met, and its comment; with
    the self-assessment and the outcome the person proposed."""
    commitment = _commitment_or_404(request, pk)
    _reviewer_or_403(request.user, commitment)
    initial = {
        "version": commitment.version,
        "outcome": commitment.outcome or commitment.proposed_outcome,
        "comment": commitment.evaluation_comment,
    }
    form = EvaluateForm(request.POST or None, initial=initial)

    def change(data):
        services.commitment_evaluate(
            by=request.user,
            commitment=commitment,
            version=form_version(data),
            outcome=data["outcome"],
            comment=data["comment"],
        )
        return _("Evaluated: %(c)s.") % {"c": _owner(commitment)}

    outcome = submit(request, form, change, reread=_reread(commitment))
    if outcome:
        return redirect(safe_next(request, reverse("commitment", args=[commitment.pk])))
    commitment = outcome.current or commitment
    open_statuses = (S.APPROVED, S.SELF_ASSESSED, S.EVALUATED)
    can_evaluate = commitment.status in open_statuses and commitment.year.status in (
        YearStatus.OPEN,
        YearStatus.EVALUATING,
    )
    context = {
        "commitment": commitment,
        "form": form,
        "can_evaluate": can_evaluate,
        "next": safe_next(request, ""),
    }
    return render(request, "programs/review/evaluate.html", context)


# -- progress --------------------------------------------------------------------------------


def _no_year(request, unit, template_title):
    context = {"unit": unit, "ancestors": ancestors(unit, request.user), "title": template_title}
    return render(request, "programs/review/no_year.html", context)


@login_required
def unit_progress(request, pk):
    """The unit's progress table: counts per step on top (each a link to the people at that
    step), then its current people in Vietnamese order with their commitments of the year."""
    unit = unit_to_read(request.user, pk)
    years = queries.years_for_unit(unit, request.user)
    year = _pick_year(request, years)
    if year is None:
        return _no_year(request, unit, _("Progress"))
    step = request.GET.get("step", "")
    table = queries.progress_table(year, unit, request.user, request.GET.get("page"), step)
    counts = table.totals.step_counts()
    context = {
        "unit": unit,
        "ancestors": ancestors(unit, request.user),
        "years": years,
        "year": year,
        "table": table,
        "totals": table.totals,
        "steps": [(name, STEP_LABELS[name], counts[name]) for name in queries.STEPS],
        "step_label": STEP_LABELS.get(table.step, ""),
        "page": table.page,
        "querystring_prefix": querystring(request),
        "year_prefix": f"year={year.pk}&",
        "can_review": request.scope.can("commitment.review", unit.path),
    }
    return render(request, "programs/review/unit_progress.html", context)


@login_required
def progress_rollup(request, pk):
    """Progress per unit below, laggards first, with rates and the total."""
    unit = unit_to_read(request.user, pk)
    years = queries.years_for_unit(unit, request.user)
    year = _pick_year(request, years)
    if year is None:
        return _no_year(request, unit, _("Progress by unit"))
    rollup = queries.progress_rollup(year, unit, request.user)
    context = {
        "unit": unit,
        "ancestors": ancestors(unit, request.user),
        "years": years,
        "year": year,
        "rollup": rollup,
        "statuses": [(s, S(s).label) for s in queries.STATUSES],
    }
    return render(request, "programs/review/rollup.html", context)
