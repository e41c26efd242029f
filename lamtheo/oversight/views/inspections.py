"""Inspections: the list (with the plans), a plan and its papers, opening an inspection, its
page and the inspection side's steps (notice, findings, conclusion, close, cancel)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lamtheo.accounts.scoping import Action, get_visible_or_404, require, scope_of
from lamtheo.core.views import form_version, id_param, perform, querystring, submit
from lamtheo.org.models import Unit
from lamtheo.org.queries import unit_to_act_in
from lamtheo.oversight import exports, queries, services
from lamtheo.oversight.forms import (
    ConclusionForm,
    FindingForm,
    InspectionForm,
    NoticeForm,
    PlanForm,
    ReasonForm,
    RemedyForm,
    VerifyForm,
)
from lamtheo.oversight.models import FindingStatus, Inspection, Plan, Status


def form_errors(request, form) -> None:
    """A POST from a page's small form that did not validate: its errors, as one message."""
    errors = [e for field in form.errors.values() for e in field]
    messages.error(request, " ".join(str(e) for e in errors))


@login_required
@require_GET
def inspection_list(request):
    require(request.user, Action.VIEW)
    status = request.GET.get("status", "")
    context = {
        "page": queries.inspections(request.user, status, request.GET.get("page")),
        "querystring": querystring(request),
        "plans": queries.plans(request.user),
        "statuses": Status.choices,
        "status": status,
        "can_open": scope_of(request.user).can(Action.INSPECTION_CHANGE),
    }
    return render(request, "oversight/inspection_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request):
    unit = unit_to_act_in(request.user, Action.INSPECTION_CHANGE, id_param(request.GET, "unit"))
    form = PlanForm(request.POST or None, initial={"year": services.today().year})
    made = {}

    def create(data):
        made["plan"] = services.create_plan(
            by=request.user,
            unit=unit,
            year=data["year"],
            title=data["title"],
            purpose=data["purpose"],
        )
        return _("Plan recorded.")

    if submit(request, form, create):
        return redirect("inspection-plan", pk=made["plan"].pk)
    return render(request, "oversight/plan_form.html", {"form": form, "unit": unit})


def _plan(request, pk) -> Plan:
    return get_visible_or_404(Plan.objects.select_related("unit", "document"), request.user, pk=pk)


def _plan_inspections(plan: Plan) -> list[Inspection]:
    return list(plan.inspections.prefetch_related(queries.SUBJECTS).order_by("starts_on", "pk"))


@login_required
@require_GET
def plan_detail(request, pk):
    plan = _plan(request, pk)
    context = {
        "plan": plan,
        "inspections": _plan_inspections(plan),
        "can_change": scope_of(request.user).can(Action.INSPECTION_CHANGE, plan.unit.path),
        "can_number": scope_of(request.user).can(Action.DOCUMENT_REGISTER, plan.unit.path),
        "issue_form": NoticeForm(initial={"issued_on": services.today()}),
    }
    return render(request, "oversight/plan_detail.html", context)


@login_required
@require_POST
def plan_issue(request, pk):
    plan = _plan(request, pk)
    require(request.user, Action.INSPECTION_CHANGE, plan.unit)
    form = NoticeForm(request.POST)
    if form.is_valid():
        perform(
            request,
            lambda: (
                services.issue_plan(by=request.user, plan=plan, on=form.cleaned_data["issued_on"])
                and _("The plan has its number.")
            ),
        )
    else:
        form_errors(request, form)
    return redirect("inspection-plan", pk=plan.pk)


@login_required
@require_GET
def plan_docx(request, pk):
    plan = _plan(request, pk)
    return exports.plan_document(plan, _plan_inspections(plan), services.today()).response()


@login_required
@require_http_methods(["GET", "POST"])
def inspection_create(request):
    plan = None
    plan_id = id_param(request.GET, "plan")
    if plan_id is not None:
        plan = _plan(request, plan_id)
        unit = plan.unit
        require(request.user, Action.INSPECTION_CHANGE, unit)
    else:
        unit = unit_to_act_in(request.user, Action.INSPECTION_CHANGE, id_param(request.GET, "unit"))
    units = (
        Unit.objects.visible_to(request.user, Action.INSPECTION_CHANGE)
        .filter(path__startswith=unit.path, closed_on__isnull=True)
        .order_by("path")
    )
    form = InspectionForm(request.POST or None, user=request.user, units=units)
    made = {}

    def open_(data):
        made["inspection"] = services.open_inspection(
            by=request.user,
            unit=unit,
            plan=plan,
            title=data["title"],
            kind=data["kind"],
            content=data["content"],
            content_text=data["content_text"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            period_from=data["period_from"],
            period_to=data["period_to"],
            units=list(data["units"]),
            people=data["people"],
            team=data["team"],
        )
        return _("Inspection opened.")

    if submit(request, form, open_):
        return redirect("inspection", pk=made["inspection"].pk)
    context = {"form": form, "unit": unit, "plan": plan}
    return render(request, "oversight/inspection_form.html", context)


def _inspection(request, pk) -> Inspection:
    return get_visible_or_404(
        Inspection.objects.select_related("unit", "plan__document", "notice", "conclusion"),
        request.user,
        pk=pk,
    )


@login_required
@require_GET
def inspection_detail(request, pk):
    inspection = _inspection(request, pk)
    scope = scope_of(request.user)
    found = queries.page(inspection)
    can_change = scope.can(Action.INSPECTION_CHANGE, inspection.unit.path)
    for f in found["findings"]:
        f.can_remedy = (
            f.status == FindingStatus.OPEN
            and inspection.status == Status.CONCLUDED
            and scope.can(Action.INSPECTION_REMEDY, f.subject.home_unit.path)
        )
        f.can_verify = can_change and f.status == FindingStatus.REPORTED
    today = services.today()
    context = {
        "inspection": inspection,
        **found,
        "can_change": can_change,
        "can_number": can_change and scope.can(Action.DOCUMENT_REGISTER, inspection.unit.path),
        "notice_form": NoticeForm(initial={"issued_on": today, "version": inspection.version}),
        "finding_form": FindingForm(subjects=found["subjects"]),
        "conclusion_form": ConclusionForm(
            initial={"issued_on": today, "version": inspection.version}
        ),
        "cancel_form": ReasonForm(initial={"version": inspection.version}),
        "remedy_form": RemedyForm(),
        "verify_form": VerifyForm(),
        "all_closed": all(f.status == FindingStatus.CLOSED for f in found["findings"]),
    }
    return render(request, "oversight/inspection_detail.html", context)


def _acting(request, pk) -> Inspection:
    inspection = _inspection(request, pk)
    require(request.user, Action.INSPECTION_CHANGE, inspection.unit)
    return inspection


@login_required
@require_POST
def inspection_notice(request, pk):
    inspection = _acting(request, pk)
    form = NoticeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        perform(
            request,
            lambda: (
                services.issue_notice(
                    by=request.user,
                    inspection=inspection,
                    on=data["issued_on"],
                    signer_name=data["signer_name"],
                    version=form_version(data),
                )
                and _("The notice has its number: the inspection is under way.")
            ),
        )
    else:
        form_errors(request, form)
    return redirect("inspection", pk=inspection.pk)


@login_required
@require_POST
def finding_create(request, pk):
    inspection = _acting(request, pk)
    subjects = list(inspection.subjects.select_related("unit", "person"))
    form = FindingForm(request.POST, subjects=subjects)
    if form.is_valid():
        data = form.cleaned_data
        perform(
            request,
            lambda: (
                services.record_finding(
                    by=request.user,
                    inspection=inspection,
                    subject=form.subjects[data["subject"]],
                    severity=data["severity"],
                    text=data["text"],
                    recommendation=data["recommendation"],
                    deadline=data["deadline"],
                )
                and _("Finding recorded, with the evidence the system holds.")
            ),
        )
    else:
        form_errors(request, form)
    return redirect("inspection", pk=inspection.pk)


@login_required
@require_POST
def inspection_conclude(request, pk):
    inspection = _acting(request, pk)
    form = ConclusionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        perform(
            request,
            lambda: (
                services.conclude(
                    by=request.user,
                    inspection=inspection,
                    on=data["issued_on"],
                    text=data["text"],
                    signer_name=data["signer_name"],
                    version=form_version(data),
                )
                and _("The conclusion has its number; the subjects report their remediation.")
            ),
        )
    else:
        form_errors(request, form)
    return redirect("inspection", pk=inspection.pk)


@login_required
@require_POST
def inspection_close(request, pk):
    inspection = _acting(request, pk)
    perform(
        request,
        lambda: services.close(by=request.user, inspection=inspection) and _("Inspection closed."),
    )
    return redirect("inspection", pk=inspection.pk)


@login_required
@require_POST
def inspection_cancel(request, pk):
    inspection = _acting(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        perform(
            request,
            lambda: (
                services.cancel(
                    by=request.user,
                    inspection=inspection,
                    reason=data["reason"],
                    version=form_version(data),
                )
                and _("Inspection cancelled.")
            ),
        )
    else:
        form_errors(request, form)
    return redirect("inspection", pk=inspection.pk)


def _papers(inspection):
    found = queries.page(inspection)
    return found["subjects"], found["findings"]


@login_required
@require_GET
def notice_docx(request, pk):
    inspection = _inspection(request, pk)
    subjects, _findings = _papers(inspection)
    return exports.notice_document(inspection, subjects, services.today()).response()


@login_required
@require_GET
def conclusion_docx(request, pk):
    inspection = _inspection(request, pk)
    subjects, findings = _papers(inspection)
    return exports.conclusion_document(inspection, subjects, findings, services.today()).response()
