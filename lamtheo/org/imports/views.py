"""Pages: upload a file, follow its import, download the templates.

Each page runs a fixed number of queries: the job list is one query, a job's errors and notes
are JSON on the job row (paged in memory), and progress comes from the cache.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lamtheo.accounts.scoping import get_visible_or_404, require
from lamtheo.org.imports import tasks
from lamtheo.org.imports.forms import ImportForm
from lamtheo.org.imports.templates import build_template
from lamtheo.org.models import ImportJob, ImportKind, ImportStatus

RECENT_JOBS = 20
ERRORS_PER_PAGE = 100
RUNNING = (ImportStatus.QUEUED, ImportStatus.RUNNING)


@login_required
@require_http_methods(["GET", "POST"])
def imports(request):
    require(request.user, "import")
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            job = form.save(request.user)
            tasks.run_import.enqueue(job.pk)
            return redirect("import-job", pk=job.pk)
    else:
        form = ImportForm()
    jobs = ImportJob.objects.visible_to(request.user).select_related("created_by")[:RECENT_JOBS]
    return render(request, "org/imports/index.html", {"form": form, "jobs": jobs})


def _job(request, pk) -> ImportJob:
    job = get_visible_or_404(ImportJob.objects.select_related("created_by"), request.user, pk=pk)
    require(request.user, "import")
    return job


def _progress_context(job: ImportJob) -> dict:
    state = tasks.progress(job.pk) if job.status in RUNNING else None
    return {"job": job, "progress": state, "running": job.status in RUNNING}


@login_required
def import_job(request, pk):
    job = _job(request, pk)
    page = Paginator(job.errors or [], ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    context = _progress_context(job) | {
        "page": page,
        "errors": page.object_list,
        "error_count": len(job.errors or []),
    }
    return render(request, "org/imports/job.html", context)


@login_required
def import_job_progress(request, pk):
    """The progress fragment that the job page polls; once the job ends, reload the page."""
    job = _job(request, pk)
    context = _progress_context(job)
    response = render(request, "org/imports/_progress.html", context)
    if not context["running"]:
        response["HX-Refresh"] = "true"
    return response


@login_required
def import_template(request, kind):
    require(request.user, "import")
    if kind not in ImportKind.values:
        raise Http404
    names = {ImportKind.UNITS: "mau-nhap-don-vi.xlsx", ImportKind.PEOPLE: "mau-nhap-dang-vien.xlsx"}
    response = HttpResponse(
        build_template(kind),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{names[kind]}"'
    return response
