"""Helpers shared by the unit and people importers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.utils import timezone

from lamtheo.accounts.scoping import Scope, scope_of
from lamtheo.org.imports.result import RowError

# progress(stage, done, total): stage is "read" (reading and checking rows) or "write".
Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 2000
CHUNK = 2000  # values per IN (...) query; well under SQLite's variable limit

SYSTEM = Scope(is_admin=True)


def scope_for(user) -> Scope:
    """The importing user's scope; no user (the command line without --user) is a system admin."""
    return SYSTEM if user is None else scope_of(user)


def history_user(user, job):
    if job is not None and job.created_by_id:
        return job.created_by
    return user if user is not None and user.is_authenticated else None


def chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    batch = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def noop_progress(stage: str, done: int, total: int) -> None:
    return None


class BaseImport:
    """State shared by the unit and people importers: the sheet, who imports, the errors."""

    labels: dict[str, str] = {}

    def __init__(self, sheet, result, *, user, job, progress: Progress):
        self.sheet = sheet
        self.result = result
        self.errors = result.errors
        self.user = user
        self.job = job
        self.progress = progress
        self.scope = scope_for(user)
        self.today = timezone.localdate()

    def error(self, row: int, key: str, message: str) -> None:
        self.errors.append(RowError(row, self.labels.get(key, key), message))
