"""The background task that runs an uploaded import and records its outcome on the ImportJob.

Progress goes to the cache, not the database: the import's transaction is open while it runs,
and the page polls `progress(job_id)`.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lamtheo.org.imports.people import import_people
from lamtheo.org.imports.result import ImportResult
from lamtheo.org.imports.units import import_units
from lamtheo.org.models import ImportJob, ImportKind, ImportStatus

logger = logging.getLogger(__name__)

# Errors kept on the job; the page says how many there were in all.
MAX_STORED_ERRORS = 1000
PROGRESS_TTL = 6 * 3600
IMPORTERS = {ImportKind.UNITS: import_units, ImportKind.PEOPLE: import_people}


def progress_key(job_id: int) -> str:
    return f"import-progress-{job_id}"


def progress(job_id: int) -> dict | None:
    """{"stage": "read"|"write", "done": n, "total": n} while the job runs, else None."""
    return cache.get(progress_key(job_id))


class CacheProgress:
    """progress(stage, done, total) written to the cache at most a few times a second."""

    def __init__(self, job_id: int, interval: float = 0.5):
        self.key = progress_key(job_id)
        self.interval = interval
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < self.interval and done < total:
            return
        self.last = now
        cache.set(self.key, {"stage": stage, "done": done, "total": total}, PROGRESS_TTL)


@contextmanager
def _local_copy(field_file):
    """A path on this machine for the stored upload (copied when the storage is remote)."""
    try:
        yield Path(field_file.path)
        return
    except NotImplementedError:
        pass
    suffix = Path(field_file.name).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        with field_file.open("rb") as source:
            shutil.copyfileobj(source, tmp)
        tmp.flush()
        yield Path(tmp.name)


def save_result(job: ImportJob, result: ImportResult) -> None:
    errors = [e.as_dict() for e in result.errors[:MAX_STORED_ERRORS]]
    notes = list(result.notes)
    if len(result.errors) > MAX_STORED_ERRORS:
        notes.insert(
            0,
            ngettext(
                "%(count)s problem found; the first %(shown)s are listed.",
                "%(count)s problems found; the first %(shown)s are listed.",
                len(result.errors),
            )
            % {"count": len(result.errors), "shown": MAX_STORED_ERRORS},
        )
    if result.message:
        errors.insert(0, {"row": None, "column": "", "message": result.message})
    job.status = result.status
    job.created, job.updated, job.unchanged = result.created, result.updated, result.unchanged
    job.total_rows = result.total_rows
    job.errors = errors
    job.notes = notes
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "created",
            "updated",
            "unchanged",
            "total_rows",
            "errors",
            "notes",
            "finished_at",
        ]
    )


@task
def run_import(job_id: int) -> str:
    """Run ImportJob `job_id` as its uploader; returns the final status."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        return job.status
    with translation.override(settings.LANGUAGE_CODE):
        if job.created_by is None or not job.created_by.is_active:
            save_result(
                job,
                ImportResult(kind=job.kind).fail(
                    _("The account that uploaded this file no longer exists; nothing was written.")
                ),
            )
            return job.status
        job.status = ImportStatus.RUNNING
        job.save(update_fields=["status"])
        reporter = CacheProgress(job.pk)
        try:
            with _local_copy(job.file) as path:
                result = IMPORTERS[job.kind](
                    path, user=job.created_by, dry_run=job.dry_run, job=job, progress=reporter
                )
        except Exception:
            logger.exception("import job %s failed", job.pk)
            save_result(
                job,
                ImportResult(kind=job.kind).fail(
                    _("The import stopped because of an internal error; nothing was written.")
                ),
            )
            raise
        finally:
            cache.delete(progress_key(job.pk))
        save_result(job, result)
    return job.status
