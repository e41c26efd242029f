"""Pages of the review reports: the list, a new report, the report (figures, the narrative to
edit, its versions, issuing), the background computation's progress, DOCX and PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lamtheo.accounts.scoping import Action, get_visible_or_404, require, scope_of
from lamtheo.core.views import form_version, id_param, submit
from lamtheo.documents.http import attachment
from lamtheo.org.issuers import issuer_of
from lamtheo.org.models import Unit
from lamtheo.org.queries import unit_to_act_in
from lamtheo.reports import services, tasks, text
from lamtheo.reports.document import ReviewReport
from lamtheo.reports.forms import IssueForm, NewReportForm, TextForm
from lamtheo.reports.models import Report, ReportJob

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _report(request, pk) -> Report:
    """The report, for those whose grants cover its unit (404 unseen, 403 not covered)."""
    report = get_visible_or_404(
        Report.objects.select_related("unit", "document"), request.user, pk=pk
    )
    if not scope_of(request.user).covers(report.unit.path):
        raise PermissionDenied
    return report


@login_required
@require_GET
def report_list(request):
    scope = scope_of(request.user)
    reports = [
        r
        for r in Report.objects.visible_to(request.user).select_related("unit", "document")[:200]
        if scope.covers(r.unit.path)
    ]
    tops = list(Unit.objects.tops_for(request.user, Action.DOCUMENT_REGISTER).order_by("path"))
    return render(request, "reports/list.html", {"reports": reports, "tops": tops})


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request):
    unit = unit_to_act_in(request.user, Action.DOCUMENT_REGISTER, id_param(request.GET, "unit"))
    form = NewReportForm(request.POST or None)
    created = {}

    def create(data):
        created["report"] = services.create(
            by=request.user,
            unit=unit,
            kind=data["kind"],
            start=data["starts_on"],
            end=data["ends_on"],
            summary=data["summary"],
        )
        tasks.start_job(by=request.user, report=created["report"])
        return _("The report is created; its figures are being computed.")

    if submit(request, form, create):
        return redirect("report-detail", pk=created["report"].pk)
    return render(request, "reports/new.html", {"form": form, "unit": unit})


def _sections(figures: dict):
    return text.results(figures) if figures else []


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, pk):
    report = _report(request, pk)
    can_write = scope_of(request.user).can(Action.DOCUMENT_REGISTER, report.unit.path)
    if request.method == "POST":
        require(request.user, Action.DOCUMENT_REGISTER, report.unit)
    form = TextForm(
        request.POST or None,
        initial={
            "version": report.version,
            "assessment": report.assessment,
            "shortcomings": report.shortcomings,
            "directions": report.directions,
        },
    )

    def save(data):
        saved = services.save_text(
            by=request.user,
            report=report,
            version=form_version(data),
            assessment=data["assessment"],
            shortcomings=data["shortcomings"],
            directions=data["directions"],
        )
        return _("Version %(n)s saved.") % {"n": saved.versions.first().number}

    if submit(request, form, save):
        return redirect("report-detail", pk=report.pk)
    shown = report.frozen.get("figures") if report.is_issued else report.figures
    issuer, _offices = issuer_of(report.unit)
    issue_form = IssueForm(
        initial={
            "version": report.version,
            "issued_on": max(timezone.localdate(), report.ends_on)
            if report.ends_on <= timezone.localdate()
            else timezone.localdate(),
            "signer_name": issuer.secretary_name,
            "signer_title": "Bí thư",
        }
    )
    context = {
        "report": report,
        "figures": shown,
        "sections": _sections(shown),
        "registrations": (shown or {}).get("registrations", []),
        "annex": (shown or {}).get("annex", []),
        "versions": list(report.versions.select_related("saved_by")[:20]),
        "job": report.jobs.order_by("-pk").first(),
        "changed": services.changed_since_issue(report),
        "can_write": can_write,
        "form": form,
        "issue_form": issue_form,
        "period": text.period(shown) if shown else "",
        "tree_day": text.day(shown["tree_day"]) if shown and shown.get("tree_day") else "",
    }
    return render(request, "reports/detail.html", context)


@login_required
@require_POST
def report_compute(request, pk):
    report = _report(request, pk)
    tasks.start_job(by=request.user, report=report)
    return redirect("report-detail", pk=report.pk)


@login_required
@require_POST
def report_issue(request, pk):
    report = _report(request, pk)
    require(request.user, Action.DOCUMENT_REGISTER, report.unit)
    form = IssueForm(request.POST)

    def issue(data):
        issued = services.issue(
            by=request.user,
            report=report,
            version=form_version(data),
            on=data["issued_on"],
            signer_name=data["signer_name"],
            signer_title=data["signer_title"],
        )
        tasks.queue_files(issued)
        return _("Report %(number)s issued.") % {"number": issued.document.symbol}

    if not submit(request, form, issue):
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, " ".join(errors))
    return redirect("report-detail", pk=report.pk)


@login_required
@require_GET
def report_docx(request, pk):
    report = _report(request, pk)
    if report.is_issued and report.docx:
        with report.docx.open("rb") as f:
            return attachment(f.read(), report.docx.name.rsplit("/", 1)[-1], DOCX)
    if not report.figures:
        raise Http404
    return ReviewReport(report).response()


@login_required
@require_GET
def report_pdf(request, pk):
    report = _report(request, pk)
    if not report.pdf:
        raise Http404
    with report.pdf.open("rb") as f:
        return attachment(f.read(), report.pdf.name.rsplit("/", 1)[-1], PDF)


@login_required
@require_GET
def job_progress(request, pk):
    job = get_visible_or_404(ReportJob.objects.select_related("report__unit"), request.user, pk=pk)
    if not scope_of(request.user).covers(job.report.unit.path):
        raise PermissionDenied
    response = render(request, "reports/_job_progress.html", {"job": job})
    if job.finished_at:
        response["HX-Refresh"] = "true"
    return response
