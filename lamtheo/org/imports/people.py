"""Import people from XLSX/CSV: check every row, then write all of them or nothing.

A person is matched on re-import by `Mã cá nhân` (Person.code), else `Số thẻ đảng viên`, else
full name + date of birth, so running the same file again updates in place. The file is the
truth for the columns it has, except that an empty `Mã cá nhân` or `Số thẻ đảng viên` never
erases a stored one, and an empty `Đối tượng` keeps the stored status (a new person is then a
full member).

Speed: rows are checked in Python against dictionaries loaded with a few queries; new people
go in with COPY on PostgreSQL and bulk_create on SQLite; only people whose values changed are
updated (bulk_update with history rows saying "import"). Created people get no history row:
their ImportJob (imported_by) is their creation record.

The steps live beside this module: the columns and Row in people_columns, checking (steps
1–4) in people_checks, writing (step 6) in people_writes; the run (step 5) is here.
"""

from __future__ import annotations

import time

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lamtheo.org.counts import refresh_unit_counts
from lamtheo.org.imports.common import BaseImport, Progress, noop_progress
from lamtheo.org.imports.people_checks import PeopleChecks
from lamtheo.org.imports.people_columns import COLUMN_ORDER, COLUMNS, INDEX, LABEL, Row
from lamtheo.org.imports.people_writes import PeopleWrites
from lamtheo.org.imports.reader import ReadError, open_sheet
from lamtheo.org.imports.result import ImportResult
from lamtheo.org.models import ImportKind, ImportStatus


def import_people(
    path, *, user=None, dry_run: bool = False, job=None, progress: Progress | None = None
) -> ImportResult:
    """Import the people in `path` (XLSX or CSV) as `user` (None: a system administrator).

    Returns an ImportResult: status DONE (written, or checked only with dry_run), INVALID
    (row errors, nothing written) or FAILED (unreadable file or missing columns).
    """
    started = time.monotonic()
    progress = progress or noop_progress
    result = ImportResult(kind=ImportKind.PEOPLE, dry_run=dry_run)
    try:
        sheet = open_sheet(path, COLUMNS)
    except ReadError as error:
        return result.fail(str(error))
    importer = _PeopleImport(sheet, result, user=user, job=job, progress=progress)
    importer.run(dry_run=dry_run, source_name=_source_name(path, job))
    result.seconds = time.monotonic() - started
    return result


def _source_name(path, job) -> str:
    if job is not None and job.original_name:
        return job.original_name
    return str(path).rsplit("/", 1)[-1]


class _PeopleImport(PeopleChecks, PeopleWrites, BaseImport):
    labels = LABEL

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.numeric_cards = 0

    # -- 5. run ------------------------------------------------------------------------------
    def run(self, *, dry_run: bool, source_name: str) -> None:
        result = self.result
        rows = self.parse()
        result.total_rows = len(rows)
        self.check_duplicates(rows)
        self.resolve(rows)
        self.check_dates(rows)
        result.notes.extend(self.sheet.notes)
        result.notes.extend(self.sheet.conversion_notes())
        if self.numeric_cards:
            result.notes.append(
                _(
                    "%(count)s card numbers were stored in Excel as numbers; a leading zero, if "
                    "any, is lost there. Format that column as Text in Excel."
                )
                % {"count": self.numeric_cards}
            )
        if not rows:
            result.notes.append(_("The file has no data rows."))
        if self.errors:
            result.status = ImportStatus.INVALID
            result.errors.sort(key=lambda e: (e.row or 0, COLUMN_ORDER.get(e.column, 99)))
            return
        creates, updates = [], []
        for r in rows:
            if r.existing is None:
                creates.append(r)
            elif changes := self._changes(r):
                updates.append((r, changes))
            else:
                result.unchanged += 1
        result.created = len(creates)
        result.updated = len(updates)
        if dry_run:
            return
        try:
            with transaction.atomic():
                self.insert(creates)
                self.update(updates, source_name)
                refresh_unit_counts(self.touched_units(creates, updates), moved_on=self.today)
        except IntegrityError:
            result.fail(
                _(
                    "The data changed while the file was being imported (another import or an "
                    "edit). Nothing was written; run the import again."
                )
            )

    def touched_units(self, creates: list[Row], updates: list[tuple[Row, list[str]]]) -> set:
        """Units whose stored people counts this import changes (org.counts)."""
        units = {r.unit.pk for r in creates}
        for r, _changes in updates:
            units.add(r.existing[INDEX["unit_id"]])
            units.add(self._values(r)["unit_id"])
        return units
