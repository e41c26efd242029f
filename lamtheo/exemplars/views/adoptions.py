"""Replication pages: a unit adopting a published exemplar and following it through, its
verification a level up, each exemplar's spread (with the units tree), each unit's adoptions
and suggestions, and the committee's overview.

Lookups go through `visible_to` (404 outside the scope); changes through the services, which
check who may act (403 inside the scope but not allowed). Reads are in
lamtheo.exemplars.replication.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.accounts.scoping import Action, can, get_visible_or_404
from lamtheo.core.views import add_errors, as_id, id_param, posted_version, submit, year_param
from lamtheo.exemplars import replication
from lamtheo.exemplars.forms.adoptions import (
    AdoptionCreateForm,
    AdoptionForm,
    EvidenceForm,
    MoveForm,
    ResultsForm,
    VerifyForm,
)
from lamtheo.exemplars.models import (
    TAKEN_UP,
    Adoption,
    AdoptionStatus,
    Evidence,
    Exemplar,
    ExemplarStatus,
)
from lamtheo.exemplars.services import adoptions as services
from lamtheo.exemplars.services.evidence import evidence_add
from lamtheo.org.models import Unit
from lamtheo.org.queries import unit_to_act_in

PAST_YEARS = 5  # the years that ended offered on the overview


def event_label(action: str) -> str:
    """What an AdoptionEvent's action says to the user."""
    labels = {
        "created": _("Recorded"),
        "edited": _("Details edited"),
        "results": _("Results recorded"),
        "verified": _("Verified by the level above"),
        "not_verified": _("Not verified yet"),
        "resumed": _("Resumed"),
    }
    if action in labels:
        return labels[action]
    return AdoptionStatus(action).label if action in AdoptionStatus.values else action


def _adoption_or_404(request, pk) -> Adoption:
    adoptions = Adoption.objects.select_related("exemplar__unit", "unit", "lead", "verified_by")
    return get_visible_or_404(adoptions, request.user, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def adoption_create(request, pk):
    """A unit takes up a published exemplar: who leads it, from when, how it is adapted."""
    exemplar = get_visible_or_404(Exemplar.objects.select_related("unit"), request.user, pk=pk)
    # The unit in ?unit=, or the user's own unit, or the top of where they record adoptions.
    unit_id = id_param(request.GET, "unit")
    unit = unit_to_act_in(request.user, Action.EXEMPLAR_PROPOSE, unit_id, own_first=True)
    form = AdoptionCreateForm(request.POST or None, unit=unit)
    problem = ""
    try:
        services.check_create(by=request.user, exemplar=exemplar, unit=unit)
    except ValidationError as exc:
        problem = " ".join(exc.messages)
    created = None

    def action(data):
        nonlocal created
        fields = {name: data[name] for name in AdoptionCreateForm.FIELDS}
        created = services.adoption_create(by=request.user, exemplar=exemplar, unit=unit, **fields)
        return _("%(unit)s now adopts “%(title)s”.") % {"unit": unit, "title": exemplar.title}

    if not problem and submit(request, form, action):
        return redirect("adoption", pk=created.pk)
    existing = (
        Adoption.objects.visible_to(request.user).filter(exemplar=exemplar, unit=unit).first()
    )
    context = {
        "form": form,
        "exemplar": exemplar,
        "unit": unit,
        "problem": problem,
        "existing": existing,
        "title": _("Adopt “%(title)s”") % {"title": exemplar.title},
    }
    return render(request, "exemplars/adoptions/adoption_form.html", context)


@login_required
def adoption_detail(request, pk):
    """One adoption: details, status, results against the baseline, evidence and history."""
    adoption = _adoption_or_404(request, pk)
    may_record = services.may_record(request.user, adoption)
    events = list(adoption.events.select_related("actor"))
    for event in events:
        event.label = event_label(event.action)
    context = {
        "adoption": adoption,
        "exemplar": adoption.exemplar,
        "events": events,
        "evidence": list(Evidence.objects.visible_to(request.user).filter(adoption=adoption)),
        "may_record": may_record,
        "may_verify": services.may_verify(request.user, adoption),
        # Replication is public, the adopting unit's own page is not: link it only for those
        # who may open it.
        "unit_visible": Unit.objects.visible_to(request.user).filter(pk=adoption.unit_id).exists(),
        "can_move": may_record and bool(services.FLOW.get(adoption.status)),
        "can_verify": adoption.status in TAKEN_UP,
        "evidence_form": EvidenceForm() if may_record else None,
    }
    return render(request, "exemplars/adoptions/adoption_detail.html", context)


def _recorder_or_403(request, pk) -> Adoption:
    adoption = _adoption_or_404(request, pk)
    if not services.may_record(request.user, adoption):
        raise PermissionDenied
    return adoption


@login_required
@require_http_methods(["GET", "POST"])
def adoption_edit(request, pk):
    adoption = _recorder_or_403(request, pk)
    form = AdoptionForm(
        request.POST or None, unit=adoption.unit, initial=AdoptionForm.initial_for(adoption)
    )

    def action(data):
        services.adoption_update(
            by=request.user,
            adoption=adoption,
            version=posted_version(request),
            **{name: data[name] for name in AdoptionForm.FIELDS},
        )
        return _("The adoption was saved.")

    if submit(request, form, action):
        return redirect("adoption", pk=adoption.pk)
    context = {"form": form, "adoption": adoption, "title": _("Edit the adoption")}
    return render(request, "exemplars/adoptions/adoption_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def adoption_move(request, pk):
    """Move the adoption on: piloting, adopted, sustained, or dropped with the reason."""
    adoption = _recorder_or_403(request, pk)
    statuses = services.FLOW.get(adoption.status, ())
    form = MoveForm(request.POST or None, statuses=statuses)

    def action(data):
        moved = services.adoption_move(
            by=request.user,
            adoption=adoption,
            status=data["status"],
            version=posted_version(request),
            on=data["on"],
            reason=data["reason"],
        )
        return _("The adoption is now: %(s)s.") % {"s": moved.get_status_display()}

    if submit(request, form, action):
        return redirect("adoption", pk=adoption.pk)
    context = {"form": form, "adoption": adoption, "title": _("Move the adoption on")}
    return render(request, "exemplars/adoptions/adoption_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def adoption_results(request, pk):
    adoption = _recorder_or_403(request, pk)
    form = ResultsForm(request.POST or None, initial=ResultsForm.initial_for(adoption))

    def action(data):
        services.adoption_results(
            by=request.user,
            adoption=adoption,
            version=posted_version(request),
            **{name: data[name] for name in ResultsForm.FIELDS},
        )
        return _("The results were saved.")

    if submit(request, form, action):
        return redirect("adoption", pk=adoption.pk)
    context = {"form": form, "adoption": adoption, "title": _("Results against the baseline")}
    return render(request, "exemplars/adoptions/adoption_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def adoption_verify(request, pk):
    """The level above verifies the adoption and its results (or says what is missing)."""
    adoption = _adoption_or_404(request, pk)
    if not services.may_verify(request.user, adoption):
        raise PermissionDenied
    form = VerifyForm(request.POST or None)

    def action(data):
        accept = data["decision"] == "verify"
        services.adoption_verify(
            by=request.user,
            adoption=adoption,
            version=posted_version(request),
            accept=accept,
            note=data["note"],
        )
        return (
            _("The adoption was verified.") if accept else _("The unit was told what is missing.")
        )

    if submit(request, form, action):
        return redirect("adoption", pk=adoption.pk)
    context = {"form": form, "adoption": adoption, "title": _("Verify the adoption")}
    return render(request, "exemplars/adoptions/adoption_edit.html", context)


@login_required
@require_POST
def adoption_evidence(request, pk):
    """Attach a photo or document to the adoption (POST from its page)."""
    adoption = _recorder_or_403(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence_add(
                by=request.user,
                upload=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
                adoption=adoption,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The file was added."))
            return redirect("adoption", pk=adoption.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("adoption", pk=adoption.pk)


@login_required
def exemplar_replication(request, pk):
    """How far an exemplar has spread: adopting units, reach, time to adoption, results."""
    exemplar = get_visible_or_404(Exemplar.objects.select_related("unit"), request.user, pk=pk)
    page = request.GET.get("page", "1")
    spread = replication.exemplar_spread(exemplar, request.user, page=as_id(page) or 1)
    context = {
        "exemplar": exemplar,
        "spread": spread,
        "status_counts": [
            (status, AdoptionStatus(status).label, n) for status, n in spread.by_status.items() if n
        ],
        "published": exemplar.status == ExemplarStatus.PUBLISHED,
        "can_adopt": exemplar.status == ExemplarStatus.PUBLISHED
        and can(request.user, "exemplar.propose"),
    }
    return render(request, "exemplars/adoptions/exemplar_replication.html", context)


def _tree_root(request) -> Unit | None:
    pk = id_param(request.GET, "unit")
    if pk is not None:
        return get_visible_or_404(Unit.objects, request.user, pk=pk)
    return Unit.objects.tops_for(request.user).order_by("path").first()


@login_required
def exemplar_tree(request, pk):
    """The units tree with the units that adopted the exemplar marked."""
    exemplar = get_visible_or_404(Exemplar.objects.select_related("unit"), request.user, pk=pk)
    root = _tree_root(request)
    nodes = replication.spread_tree(exemplar, request.user, root) if root else []
    context = {"exemplar": exemplar, "root": root, "nodes": nodes}
    return render(request, "exemplars/adoptions/exemplar_tree.html", context)


@login_required
def unit_replication(request, pk):
    """What a unit has adopted, how its own exemplars spread, and what its neighbours use."""
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)
    data = replication.unit_replication(unit, request.user)
    context = {
        "unit": unit,
        "data": data,
        "can_adopt": can(request.user, "exemplar.propose", unit) and unit.is_active,
    }
    return render(request, "exemplars/adoptions/unit_replication.html", context)


@login_required
def overview_default(request):
    """The overview of the top of the user's scope."""
    scope = request.scope
    root = _tree_root(request)
    if root is None or not scope.covers(root.path):
        raise PermissionDenied
    return redirect("replication-overview", pk=root.pk)


@login_required
def overview(request, pk):
    """The committee's replication overview: totals, the exemplars spreading fastest, each
    branch's coverage, and the units adopting nothing; `?year=` a year that has ended, read
    in the tree as it stood at its end (org.history)."""
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)
    if not request.scope.covers(unit.path):
        raise PermissionDenied
    year = year_param(request.GET, "year")
    data = replication.overview(unit, request.user, year=year)
    this_year = timezone.localdate().year
    context = {
        "unit": unit,
        "data": data,
        # A year still running reads today's tree: the picker offers the years that ended.
        "year": year if data.day else None,
        "years": range(this_year - 1, this_year - 1 - PAST_YEARS, -1),
        "query": f"?year={year}" if data.day else "",
        "linkable": None
        if data.paths_today is None
        else {pk for pk, path in data.paths_today.items() if request.scope.covers(path)},
    }
    return render(request, "exemplars/adoptions/overview.html", context)
