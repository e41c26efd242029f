"""Who may do what to a commitment, and when: the rules the transitions apply, and the
checks pages use to offer only the actions that would succeed.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import can
from lamtheo.org.models import Unit
from lamtheo.programs.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    ProgramYear,
    YearStatus,
)

S = CommitmentStatus


def _today() -> dt.date:
    return timezone.localdate()


def _is_owner(by, commitment: Commitment) -> bool:
    return (
        by.is_authenticated
        and commitment.person_id is not None
        and (commitment.person.user_id == by.pk)
    )


def _can_review(by, commitment: Commitment) -> bool:
    """Approve, return and evaluate: a reviewer over the commitment's unit (or the person's
    unit now). Nobody reviews their own registration, and a unit does not review its own
    collective commitment: for those it takes a reviewer over the unit above."""
    if commitment.kind == CommitmentKind.COLLECTIVE or _is_owner(by, commitment):
        if commitment.unit.depth == 1:
            return can(by, "admin")
        return can(by, "commitment.review", Unit.objects.get_parent(commitment.unit))
    return can(by, "commitment.review", commitment.unit) or can(
        by, "commitment.review", commitment.person.unit
    )


def _can_edit(by, commitment: Commitment) -> bool:
    """The owner, or a reviewer registering on someone's behalf (or for a collective)."""
    if commitment.kind == CommitmentKind.COLLECTIVE:
        return can(by, "commitment.review", commitment.unit)
    return _is_owner(by, commitment) or _can_review(by, commitment)


def _check_registration_window(year: ProgramYear, reviewer: bool, today: dt.date) -> None:
    if year.status != YearStatus.OPEN:
        raise ValidationError(_("The year %(y)s is not open for registration.") % {"y": year.year})
    if not reviewer and not year.registration_open_on(today):
        raise ValidationError(
            _(
                "Registration is open from %(a)s to %(b)s; ask your cell secretary to register "
                "for you."
            )
            % {
                "a": year.registration_opens.strftime("%d/%m/%Y"),
                "b": year.registration_closes.strftime("%d/%m/%Y"),
            }
        )


# -- checks for pages: what a user may do next -----------------------------------------------
# Pages offer only the actions that would succeed. Each check raises as its transition
# would (PermissionDenied when the user may never do it, ValidationError with the message when
# not now) but writes nothing and ignores versions; the transitions check again when called.
# The commitment's year (with program.unit for check_register), person (with unit) and unit
# should be loaded: the checks then run no query, except the parent-unit lookup that
# `_can_review` makes for one's own or a collective commitment.

_EDITABLE = (S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED)


def _check_not_locked(commitment: Commitment) -> None:
    if commitment.year.is_locked:
        raise ValidationError(
            _("The year %(y)s is closed: its registrations can no longer change.")
            % {"y": commitment.year.year}
        )


def check_register(
    *, by, year: ProgramYear, person=None, unit=None, existing: int | None = None, today=None
) -> None:
    """As commitment_create. `existing`: the person's commitments that year that are not
    withdrawn, when the caller has counted them already (saves a query)."""
    if person is not None:
        probe = Commitment(year=year, kind=CommitmentKind.PERSONAL, person=person, unit=person.unit)
    else:
        probe = Commitment(year=year, kind=CommitmentKind.COLLECTIVE, unit=unit)
    if not _can_edit(by, probe):
        raise PermissionDenied
    if not probe.unit.path.startswith(year.program.unit.path):
        raise ValidationError(_("This unit is not covered by the programme."))
    if person is not None and not person.is_current:
        raise ValidationError(_("This person has left and cannot register."))
    _check_registration_window(year, reviewer=not _is_owner(by, probe), today=today or _today())
    if person is not None:
        if existing is None:
            existing = (
                Commitment.objects.filter(year=year, person=person)
                .exclude(status=S.WITHDRAWN)
                .count()
            )
        if existing >= year.max_commitments:
            raise ValidationError(
                _("At most %(n)s commitments a year: withdraw one before adding another.")
                % {"n": year.max_commitments}
            )


def check_edit(*, by, commitment: Commitment) -> None:
    """As commitment_update."""
    if not _can_edit(by, commitment):
        raise PermissionDenied
    _check_not_locked(commitment)
    if commitment.status not in _EDITABLE:
        raise ValidationError(
            _("A commitment that is %(s)s can no longer be edited.")
            % {"s": commitment.get_status_display().lower()}
        )
    if commitment.year.status != YearStatus.OPEN:
        raise ValidationError(
            _("The year %(y)s is not open for registration.") % {"y": commitment.year.year}
        )


def check_submit(*, by, commitment: Commitment, today=None) -> None:
    """As commitment_submit (but not whether the fields are filled in)."""
    if not _can_edit(by, commitment):
        raise PermissionDenied
    _check_not_locked(commitment)
    if commitment.status not in (S.DRAFT, S.RETURNED):
        raise ValidationError(_("Only a draft or a returned commitment can be submitted."))
    _check_registration_window(
        commitment.year, reviewer=not _is_owner(by, commitment), today=today or _today()
    )


def check_withdraw(*, by, commitment: Commitment) -> None:
    """As commitment_withdraw."""
    if not _can_edit(by, commitment):
        raise PermissionDenied
    _check_not_locked(commitment)
    if commitment.status not in (S.DRAFT, S.SUBMITTED, S.RETURNED):
        raise ValidationError(_("An approved commitment cannot be withdrawn; edit it instead."))


def check_progress(*, by, commitment: Commitment) -> None:
    """As progress_add."""
    if not _can_edit(by, commitment):
        raise PermissionDenied
    _check_not_locked(commitment)
    if commitment.status not in (S.APPROVED, S.SELF_ASSESSED):
        raise ValidationError(_("Progress is recorded once the commitment is approved."))


def check_self_assess(*, by, commitment: Commitment, today=None) -> None:
    """As commitment_self_assess: the owner in the year's window; a reviewer, or for a
    collective commitment its own unit's secretary, at any time."""
    owner = _is_owner(by, commitment)
    if not _can_edit(by, commitment):
        raise PermissionDenied
    _check_not_locked(commitment)
    if commitment.status not in (S.APPROVED, S.SELF_ASSESSED):
        raise ValidationError(_("Only an approved commitment can be self-assessed."))
    year = commitment.year
    if owner and not year.self_assessment_open_on(today or _today()):
        raise ValidationError(
            _("Self-assessment is open from %(a)s to %(b)s.")
            % {
                "a": year.self_assessment_opens.strftime("%d/%m/%Y"),
                "b": year.self_assessment_closes.strftime("%d/%m/%Y"),
            }
        )


# -- for the review, evaluation and management pages ---------------------------------------


def can_review(by, commitment: Commitment) -> bool:
    """Whether `by` may approve, return and evaluate `commitment`: the rule the services
    apply, for pages that show or hide the buttons. Load the commitment with
    select_related("unit", "person__unit"); a collective one costs one query for its parent."""
    return by.is_authenticated and _can_review(by, commitment)
