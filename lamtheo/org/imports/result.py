"""The outcome of an import: counts, row errors ("Dòng N, cột X: …"), notes and a status."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lamtheo.org.models import ImportStatus

# What the command line returns for each status.
EXIT_CODES = {ImportStatus.DONE: 0, ImportStatus.INVALID: 1, ImportStatus.FAILED: 2}


@dataclass(slots=True)
class RowError:
    """One problem in one cell. `row` is the spreadsheet row the user sees (header = 1)."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        return format_error(self.row, self.column, self.message)

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


def format_error(row: int | None, column: str, message: str) -> str:
    if row is None:
        return message
    if not column:
        return _("Row %(row)s: %(message)s") % {"row": row, "message": message}
    return _("Row %(row)s, column %(column)s: %(message)s") % {
        "row": row,
        "column": column,
        "message": message,
    }


@dataclass
class ImportResult:
    kind: str
    dry_run: bool = False
    status: str = ImportStatus.DONE
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    total_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Why the file could not be read at all (status FAILED).
    message: str = ""
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.status]

    @property
    def ok(self) -> bool:
        return self.status == ImportStatus.DONE

    def fail(self, message: str) -> ImportResult:
        self.status = ImportStatus.FAILED
        self.message = message
        self.created = self.updated = self.unchanged = 0
        return self

    def sorted_errors(self) -> list[RowError]:
        return sorted(self.errors, key=lambda e: (e.row or 0,))

    def summary(self) -> str:
        counts = {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}
        if self.status == ImportStatus.FAILED:
            return self.message
        if self.status == ImportStatus.INVALID:
            return ngettext(
                "%(count)s problem found; nothing was written.",
                "%(count)s problems found; nothing was written.",
                len(self.errors),
            ) % {"count": len(self.errors)}
        if self.dry_run:
            return (
                _(
                    "Check passed, nothing written: would create %(created)s, update "
                    "%(updated)s, leave %(unchanged)s unchanged."
                )
                % counts
            )
        return _("Imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.") % (
            counts
        )
