"""What reviewers do: approve or return registrations and record each commitment's year-end
outcome (exceeded / met / not met) with the chi bộ's comment. Ranks are the year-end
evaluation's business (lamtheo.evaluation), not this app's.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.programs.models import Commitment, CommitmentStatus, Outcome, YearStatus
from lamtheo.programs.services.checks import _can_review
from lamtheo.programs.services.registrations import _locked, _save

S = CommitmentStatus


@transaction.atomic
def commitment_approve(
    *, by, commitment: Commitment, version: int | None, comment: str = ""
) -> Commitment:
    commitment = _locked(commitment, version)
    if not _can_review(by, commitment):
        raise PermissionDenied
    if commitment.status != S.SUBMITTED:
        raise ValidationError(_("Only a commitment waiting for approval can be approved."))
    commitment.status = S.APPROVED
    commitment.approved_at = timezone.now()
    commitment.review_comment = comment.strip()
    return _save(commitment, by, "approved", comment=comment.strip())


@transaction.atomic
def commitment_return(
    *, by, commitment: Commitment, version: int | None, comment: str
) -> Commitment:
    commitment = _locked(commitment, version)
    if not _can_review(by, commitment):
        raise PermissionDenied
    if commitment.status != S.SUBMITTED:
        raise ValidationError(_("Only a commitment waiting for approval can be returned."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should change.")})
    commitment.status = S.RETURNED
    commitment.review_comment = comment.strip()
    return _save(commitment, by, "returned", comment=comment.strip())


def commitments_approve_many(*, by, commitments) -> tuple[int, list[str]]:
    """Approve each commitment that the user may approve; returns (approved, problems)."""
    approved, problems = 0, []
    for commitment in commitments:
        try:
            commitment_approve(by=by, commitment=commitment, version=None)
        except (ValidationError, PermissionDenied) as exc:
            message = " ".join(getattr(exc, "messages", [])) or _("not allowed")
            problems.append(f"{commitment}: {message}")
        else:
            approved += 1
    return approved, problems


@transaction.atomic
def commitment_evaluate(
    *,
    by,
    commitment: Commitment,
    version: int | None,
    outcome: str,
    comment: str = "",
) -> Commitment:
    commitment = _locked(commitment, version)
    if not _can_review(by, commitment):
        raise PermissionDenied
    if commitment.status not in (S.APPROVED, S.SELF_ASSESSED, S.EVALUATED):
        raise ValidationError(_("Only an approved commitment can be evaluated."))
    if commitment.year.status not in (YearStatus.OPEN, YearStatus.EVALUATING):
        raise ValidationError(_("Evaluation is not open for %(y)s.") % {"y": commitment.year.year})
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome: exceeded, met or not met.")})
    commitment.outcome = outcome
    commitment.evaluation_comment = comment.strip()
    commitment.status = S.EVALUATED
    commitment.evaluated_at = timezone.now()
    commitment.evaluated_by = by
    commitment.full_clean(exclude=["copied_from"])
    return _save(commitment, by, "evaluated", comment=comment.strip())
