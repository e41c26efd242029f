"""Background work of the review reports (Django's task framework, database backend): the
figures, whose computation over a large committee and two years takes seconds (the page
shows a progress bar fed by ReportJob), and the issued report's DOCX and PDF (LibreOffice
takes a second or two to start: never in a request)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone

from lamtheo.accounts.scoping import Action, require
from lamtheo.documents.pdf import docx_to_pdf
from lamtheo.reports import services
from lamtheo.reports.document import ReviewReport
from lamtheo.reports.figures import STEPS
from lamtheo.reports.models import Report, ReportJob


def start_job(*, by, report: Report) -> ReportJob:
    """Queue the computation of the report's figures; the page follows the job."""
    require(by, Action.DOCUMENT_REGISTER, report.unit)
    job = ReportJob.objects.create(report=report, created_by=by, total=len(STEPS))
    # The database backend stores the task in this transaction: a worker sees it on commit.
    compute_figures.enqueue(job.pk)
    return job


@task
def compute_figures(job_id: int) -> int:
    job = ReportJob.objects.select_related("report__unit").get(pk=job_id)
    try:
        services.compute(job.report, job)
    except Exception as exc:  # the page shows the failure instead of a bar stuck short
        ReportJob.objects.filter(pk=job_id).update(
            error=repr(exc)[:500], finished_at=timezone.now()
        )
        raise
    ReportJob.objects.filter(pk=job_id).update(done=len(STEPS), finished_at=timezone.now())
    return job_id


def queue_files(report: Report) -> None:
    render_files.enqueue(report.pk)


@task
def render_files(report_id: int) -> int:
    """The issued report as DOCX and as PDF (the DOCX converted), kept on the report."""
    report = Report.objects.select_related("unit", "document").get(pk=report_id)
    document = ReviewReport(report)
    content = document.render()
    pdf = docx_to_pdf(content)
    name = document.filename()
    report.docx.save(name, ContentFile(content), save=False)
    report.pdf.save(name.replace(".docx", ".pdf"), ContentFile(pdf), save=False)
    Report.objects.filter(pk=report_id).update(docx=report.docx.name, pdf=report.pdf.name)
    return report_id
