"""Every change to programmes, years, commitments and evaluations goes through here.

Each transition checks who may make it, from which state and in which window, records who
and when (CommitmentEvent), runs in one transaction and raises ValidationError with a
message for the user. Commitments carry a version: a change made from a stale page is
refused with CONFLICT and nothing is lost on either side.

Split by concern: `years` (programmes and years), `registrations` (a commitment from draft to
self-assessment), `review` (approval and each commitment's outcome) and `checks` (who may do
what, for the transitions and the pages). The public names are re-exported here so callers
write `services.commitment_create`.
"""

from lamtheo.programs.services.checks import (
    can_review,
    check_edit,
    check_progress,
    check_register,
    check_self_assess,
    check_submit,
    check_withdraw,
)
from lamtheo.programs.services.registrations import (
    COMMITMENT_FIELDS,
    EVIDENCE_MAX_BYTES,
    EVIDENCE_TYPES,
    commitment_copy,
    commitment_counts,
    commitment_create,
    commitment_self_assess,
    commitment_submit,
    commitment_update,
    commitment_withdraw,
    progress_add,
)
from lamtheo.programs.services.review import (
    commitment_approve,
    commitment_evaluate,
    commitment_return,
    commitments_approve_many,
)
from lamtheo.programs.services.years import (
    YEAR_ACTIONS,
    program_create,
    year_advance,
    year_create,
    year_update,
)

__all__ = [
    "COMMITMENT_FIELDS",
    "EVIDENCE_MAX_BYTES",
    "EVIDENCE_TYPES",
    "YEAR_ACTIONS",
    "can_review",
    "check_edit",
    "check_progress",
    "check_register",
    "check_self_assess",
    "check_submit",
    "check_withdraw",
    "commitment_approve",
    "commitment_copy",
    "commitment_counts",
    "commitment_create",
    "commitment_evaluate",
    "commitment_return",
    "commitment_self_assess",
    "commitment_submit",
    "commitment_update",
    "commitment_withdraw",
    "commitments_approve_many",
    "program_create",
    "progress_add",
    "year_advance",
    "year_create",
    "year_update",
]
