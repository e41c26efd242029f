"""Reads of the registration pages that need thought, one module per concern:

- `progress`: counts per step, the rollup per unit below, the progress table, the years a
  unit's pages offer;
- `review`: the years open to decisions and the registrations waiting for a reviewer;
- `member`: a member's pages (what they may do now, "my registration", history, notes);
- `late`: who is late for which step, the hook reminders are sent from.

The names most pages use are importable from here (`from lamtheo.programs import queries`).
"""

from lamtheo.programs.queries.late import Late, late
from lamtheo.programs.queries.progress import (
    PAGE_SIZE,
    STATUSES,
    STEPS,
    default_year,
    page_commitments,
    progress_rollup,
    progress_table,
    unit_progress,
    years_for_unit,
)
from lamtheo.programs.queries.review import open_years, reviewable, reviewable_years

__all__ = [
    "PAGE_SIZE",
    "STATUSES",
    "STEPS",
    "Late",
    "default_year",
    "late",
    "open_years",
    "page_commitments",
    "progress_rollup",
    "progress_table",
    "reviewable",
    "reviewable_years",
    "unit_progress",
    "years_for_unit",
]
