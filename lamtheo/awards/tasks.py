"""The background task that renders every certificate of a decision as one PDF, moving the
job's counter as it goes (the page's progress bar reads it)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from lamtheo.awards import certificates, queries
from lamtheo.awards.models import CertificateJob


@task
def render_certificates(job_id: int) -> int:
    job = CertificateJob.objects.select_related("decision__document").get(pk=job_id)
    awards = list(queries.certificate_awards(job.decision))
    CertificateJob.objects.filter(pk=job_id).update(total=len(awards), done=0)

    def progress(done: int) -> None:
        CertificateJob.objects.filter(pk=job_id).update(done=done)

    try:
        content = certificates.render_pdf(awards, progress)
    except Exception as exc:  # the page shows the failure instead of a bar stuck short
        CertificateJob.objects.filter(pk=job_id).update(
            error=repr(exc)[:500], finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        job.refresh_from_db()
        job.file.save(
            certificates.filename(job.decision.document.symbol.split("/")[0], timezone.localdate()),
            ContentFile(content),
            save=False,
        )
        job.done = len(awards)
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "done", "finished_at"])
    return len(awards)
