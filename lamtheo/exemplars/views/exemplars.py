"""Pages of exemplars for signed-in users: the exemplars of a unit's subtree, the form to
write or edit one, its page with the story, evidence, history and the buttons its workflow
allows, and the queue of proposals waiting for the level above.

Exemplars are looked up through `Exemplar.objects.visible_to` (404 when invisible); what the
user may not do answers 403, using the services' `check_*` functions, which the services run
again. Those who see an exemplar only because it is published (it belongs to another unit)
read it as the public does: no history, no documents, no photos kept private. Every page runs
a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.accounts.scoping import Action, get_visible_or_404, require, scope_of
from lamtheo.core.views import (
    add_errors,
    form_version,
    id_param,
    querystring,
    reread_on_conflict,
    submit,
)
from lamtheo.exemplars import queries
from lamtheo.exemplars.forms.exemplars import (
    EvidenceForm,
    ExemplarForm,
    FigureFormSet,
    ReasonForm,
    RecogniseForm,
    VersionForm,
)
from lamtheo.exemplars.models import (
    TAKEN_UP,
    Adoption,
    Evidence,
    EvidenceKind,
    Exemplar,
    ExemplarField,
    ExemplarKind,
    ExemplarStatus,
)
from lamtheo.exemplars.services import exemplars as services
from lamtheo.exemplars.services.evidence import may_edit as may_edit_evidence
from lamtheo.org.models import Unit
from lamtheo.org.queries import unit_to_act_in

RELATED = (
    "unit",
    "subject_unit",
    "person__unit",
    "recognised_by_unit",
    "recognised_by",
    "proposed_by",
    "adapted_from",
    "campaign",
)
DETAIL_TEMPLATE = "exemplars/exemplars/detail.html"


def exemplar_or_404(request, pk) -> Exemplar:
    exemplars = Exemplar.objects.visible_to(request.user).select_related(*RELATED)
    return get_object_or_404(exemplars.annotate(**queries.RECOGNISED_AS), pk=pk)


def sees_inside(user, exemplar: Exemplar) -> bool:
    """Sees the exemplar from inside (its unit is in their scope, or it is about them), not
    only because it is published. The same rule as queries.inside, without a query."""
    scope = scope_of(user)
    return (
        scope.covers(exemplar.unit.path)
        or scope.person_id is not None
        and exemplar.person_id == scope.person_id
    )


def _reread(exemplar: Exemplar):
    """The exemplar as stored now, for a form refused as stale (CONFLICT)."""
    return lambda: (
        Exemplar.objects.select_related(*RELATED)
        .annotate(**queries.RECOGNISED_AS)
        .get(pk=exemplar.pk)
    )


def _propose_units(user) -> list[Unit]:
    """The tops of the subtrees where the user may propose (for the "new" buttons); a closed
    unit (a committee dissolved in a reorganisation) proposes nothing any more."""
    units = Unit.objects.tops_for(user, Action.EXEMPLAR_PROPOSE).active().order_by("sort_key")
    # An administrator's tops are every root: one button is enough.
    return list(units[:1] if scope_of(user).is_admin else units)


# -- the list --------------------------------------------------------------------------------


@login_required
def exemplar_list(request):
    """The exemplars of a unit's subtree (default: the user's scope), by status, kind, field
    and search, newest change first."""
    unit = None
    if (unit_id := id_param(request.GET, "unit")) is not None:
        unit = get_visible_or_404(Unit.objects, request.user, pk=unit_id)
    exemplars = queries.unit_exemplars(request.user, unit, request.GET)
    page = Paginator(exemplars, queries.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    scope = request.scope
    if unit is None:
        create_units = _propose_units(request.user)
    else:
        may = unit.is_active and scope.can("exemplar.propose", unit.path)
        create_units = [unit] if may else []
    context = {
        "page": page,
        "unit": unit,
        "create_units": create_units,
        "statuses": ExemplarStatus.choices,
        "kinds": ExemplarKind.choices,
        "fields": ExemplarField.choices,
        "reviews": scope.can("exemplar.review"),
        "querystring_prefix": querystring(request),
    }
    return render(request, "exemplars/exemplars/list.html", context)


@login_required
def review_queue(request):
    """Proposals waiting for the user's review (a level above the proposing unit)."""
    require(request.user, "exemplar.review")
    page = Paginator(queries.waiting_for(request.user), queries.LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "exemplars/exemplars/queue.html", {"page": page, "querystring_prefix": ""}
    )


# -- create and edit -------------------------------------------------------------------------


def _figure_initial(exemplar: Exemplar) -> list[dict]:
    return [
        {"label": f.label, "before": f.before, "after": f.after, "measure": f.measure}
        for f in exemplar.figures.order_by("pk")
    ]


def _form_page(request, context):
    return render(request, "exemplars/exemplars/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def exemplar_create(request):
    """A new exemplar of the unit (?unit=, default the user's single unit), as a draft, or
    proposed straight away. ?adapted_from= starts it as an adaptation of a published one."""
    user = request.user
    unit = unit_to_act_in(user, Action.EXEMPLAR_PROPOSE, id_param(request.GET, "unit"))
    source = None
    if (source_id := id_param(request.GET, "adapted_from")) is not None:
        source = get_object_or_404(Exemplar.objects.visible_to(user), pk=source_id)
    initial = {"adapted_from": source, "field": source.field if source else None}
    if source is not None:
        initial["kind"] = source.kind if source.kind != ExemplarKind.INDIVIDUAL else None
    figures = FigureFormSet(request.POST or None, prefix="figures")
    form = ExemplarForm(
        request.POST or None, user=user, unit=unit, initial=initial, figures=figures
    )
    if request.method == "POST" and form.is_valid() & figures.is_valid():
        try:
            exemplar = services.exemplar_create(
                by=user,
                unit=unit,
                tags=form.cleaned_data["tags"],
                figures=figures.lines(),
                propose=form.proposing,
                **form.service_fields(),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if exemplar.status == ExemplarStatus.PROPOSED:
                messages.success(
                    request, _("Proposed to the level above: %(t)s.") % {"t": exemplar}
                )
            else:
                messages.success(request, _("Saved as a draft: %(t)s.") % {"t": exemplar})
            return redirect("exemplar", exemplar.pk)
    context = {
        "title": _("New exemplar of %(unit)s") % {"unit": unit.name},
        "unit": unit,
        "form": form,
        "figures": figures,
        "source": source or getattr(form, "cleaned_data", {}).get("adapted_from"),
        "can_propose": True,
        "cancel_url": reverse("exemplars") + f"?unit={unit.pk}",
    }
    return _form_page(request, context)


@login_required
@require_http_methods(["GET", "POST"])
def exemplar_edit(request, pk):
    """Edit a draft or a returned exemplar. A change made from a stale page is refused and the
    stored version shown above what was typed, which is kept."""
    user = request.user
    exemplar = exemplar_or_404(request, pk)
    try:
        services.check_edit(by=user, exemplar=exemplar)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("exemplar", exemplar.pk)
    tags = ", ".join(t.name for t in exemplar.tags.order_by("name"))
    initial = {
        "version": exemplar.version,
        "tags": tags,
        **{
            name: getattr(exemplar, name)
            for name in (
                "kind",
                "title",
                "field",
                "person",
                "subject_unit",
                "problem",
                "actions",
                "results",
                "campaign",
                "adapted_from",
            )
        },
    }
    figures = FigureFormSet(
        request.POST or None, prefix="figures", initial=_figure_initial(exemplar)
    )
    form = ExemplarForm(
        request.POST or None, user=user, unit=exemplar.unit, initial=initial, figures=figures
    )
    current = None
    if request.method == "POST" and form.is_valid() & figures.is_valid():
        try:
            exemplar = services.exemplar_update(
                by=user,
                exemplar=exemplar,
                version=form.cleaned_data["version"] or 0,
                tags=form.cleaned_data["tags"],
                figures=figures.lines(),
                propose=form.proposing,
                **form.service_fields(),
            )
        except ValidationError as exc:
            current = reread_on_conflict(form, exc, _reread(exemplar))
            add_errors(form, exc)
        else:
            if exemplar.status == ExemplarStatus.PROPOSED:
                messages.success(
                    request, _("Proposed to the level above: %(t)s.") % {"t": exemplar}
                )
            else:
                messages.success(request, _("Saved: %(t)s.") % {"t": exemplar})
            return redirect("exemplar", exemplar.pk)
    context = {
        "title": _("Edit: %(t)s") % {"t": exemplar.title},
        "unit": exemplar.unit,
        "exemplar": exemplar,
        "current": current,
        "current_tags": [t.name for t in current.tags.all()] if current else [],
        "form": form,
        "figures": figures,
        "source": exemplar.adapted_from,
        "can_propose": True,
        "cancel_url": reverse("exemplar", args=[exemplar.pk]),
    }
    return _form_page(request, context)


# -- the page of one exemplar ----------------------------------------------------------------


def _events(exemplar: Exemplar) -> list:
    events = list(exemplar.events.select_related("actor"))
    for event in events:
        event.label = queries.EVENT_LABELS.get(event.action, event.action)
    return events


def _detail(request, exemplar: Exemplar, bound: dict | None = None, status: int = 200):
    user = request.user
    inside = sees_inside(user, exemplar)
    allowed = services.allowed(user, exemplar) if inside else set()
    evidence = Evidence.objects.visible_to(user).filter(exemplar=exemplar)
    if not inside:
        evidence = evidence.filter(kind=EvidenceKind.PHOTO, public=True)
    evidence = list(evidence.order_by("kind", "uploaded_at", "pk"))
    version = {"version": exemplar.version}
    forms = {
        "propose": VersionForm(initial=version),
        "publish": VersionForm(initial=version),
        "return": ReasonForm(initial=version, prefix="return"),
        "reject": ReasonForm(initial=version, prefix="reject"),
        "withdraw": ReasonForm(initial=version, prefix="withdraw"),
        "evidence": EvidenceForm(),
    }
    levels = []
    if "review" in allowed:
        levels = services.recognition_levels(user, exemplar)
        forms["recognise"] = RecogniseForm(
            initial={**version, "on": timezone.localdate(), "level": levels[0] if levels else None},
            levels=levels,
            prefix="recognise",
        )
    forms.update(bound or {})
    context = {
        "exemplar": exemplar,
        "inside": inside,
        "allowed": allowed,
        "can_add_evidence": inside
        and exemplar.status not in (ExemplarStatus.REJECTED, ExemplarStatus.WITHDRAWN)
        and may_edit_evidence(user, exemplar=exemplar),
        "forms": forms,
        "tags": list(exemplar.tags.order_by("name")),
        "figures": list(exemplar.figures.order_by("pk")),
        "photos": [e for e in evidence if e.kind == EvidenceKind.PHOTO],
        "documents": [e for e in evidence if e.kind == EvidenceKind.DOCUMENT],
        "events": _events(exemplar) if inside else [],
        "adopters": list(
            Adoption.objects.visible_to(user)
            .filter(exemplar=exemplar, status__in=TAKEN_UP)
            .select_related("unit")
            .order_by("unit__sort_key")
        ),
        "adaptations": list(
            Exemplar.objects.visible_to(user)
            .filter(adapted_from=exemplar)
            .select_related("unit")
            .order_by("-pk")[:20]
        ),
        "subject": services.subject_name(exemplar),
        "recognising_body": queries.recognising_body(exemplar),
        "is_published": exemplar.status == ExemplarStatus.PUBLISHED,
        "reason_visible": inside and exemplar.reason,
    }
    return render(request, DETAIL_TEMPLATE, context, status=status)


@login_required
def exemplar_detail(request, pk):
    return _detail(request, exemplar_or_404(request, pk))


def _transition(request, pk, name: str, form_class, check, change, message, prefix=None):
    """A workflow button: 404 if invisible, 403 if not allowed (the check), the change through
    the service; a refusal shows the page again with the form as typed."""
    exemplar = exemplar_or_404(request, pk)
    try:
        check(by=request.user, exemplar=exemplar)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("exemplar", exemplar.pk)
    kwargs = {"prefix": prefix} if prefix else {}
    if form_class is RecogniseForm:
        kwargs["levels"] = services.recognition_levels(request.user, exemplar)
    form = form_class(request.POST, **kwargs)

    def action(data):
        changed = change(exemplar, data)
        return message % {"t": changed.title}

    outcome = submit(request, form, action, reread=lambda: exemplar_or_404(request, pk))
    if outcome:
        return redirect("exemplar", exemplar.pk)
    return _detail(request, outcome.current or exemplar, {name: form})


@login_required
@require_POST
def exemplar_propose(request, pk):
    return _transition(
        request,
        pk,
        "propose",
        VersionForm,
        services.check_propose,
        lambda e, data: services.exemplar_propose(
            by=request.user, exemplar=e, version=form_version(data)
        ),
        _("Proposed to the level above: %(t)s."),
    )


@login_required
@require_POST
def exemplar_recognise(request, pk):
    return _transition(
        request,
        pk,
        "recognise",
        RecogniseForm,
        services.check_review,
        lambda e, data: services.exemplar_recognise(
            by=request.user,
            exemplar=e,
            version=form_version(data),
            level=data["level"],
            on=data["on"],
            comment=data["comment"],
        ),
        _("Recognised: %(t)s."),
        prefix="recognise",
    )


@login_required
@require_POST
def exemplar_return(request, pk):
    return _transition(
        request,
        pk,
        "return",
        ReasonForm,
        services.check_review,
        lambda e, data: services.exemplar_return(
            by=request.user, exemplar=e, version=form_version(data), reason=data["reason"]
        ),
        _("Returned for changes: %(t)s."),
        prefix="return",
    )


@login_required
@require_POST
def exemplar_reject(request, pk):
    return _transition(
        request,
        pk,
        "reject",
        ReasonForm,
        services.check_review,
        lambda e, data: services.exemplar_reject(
            by=request.user, exemplar=e, version=form_version(data), reason=data["reason"]
        ),
        _("Not recognised: %(t)s."),
        prefix="reject",
    )


@login_required
@require_POST
def exemplar_publish(request, pk):
    return _transition(
        request,
        pk,
        "publish",
        VersionForm,
        services.check_publish,
        lambda e, data: services.exemplar_publish(
            by=request.user, exemplar=e, version=form_version(data)
        ),
        _("Published in the gallery: %(t)s."),
    )


@login_required
@require_POST
def exemplar_withdraw(request, pk):
    return _transition(
        request,
        pk,
        "withdraw",
        ReasonForm,
        services.check_withdraw,
        lambda e, data: services.exemplar_withdraw(
            by=request.user, exemplar=e, version=form_version(data), reason=data["reason"]
        ),
        _("Recognition withdrawn: %(t)s."),
        prefix="withdraw",
    )
