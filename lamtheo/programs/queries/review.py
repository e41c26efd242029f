"""Reads for the reviewers' pages: the years still open to decisions and the registrations
waiting for a reviewer's approval."""

from __future__ import annotations

from django.db.models import Q

from lamtheo.accounts.scoping import scope_of
from lamtheo.programs.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    ProgramYear,
    YearStatus,
)


def open_years(user) -> list[ProgramYear]:
    """The years visible to the user that are open or under evaluation, newest first."""
    return list(
        ProgramYear.objects.visible_to(user)
        .filter(status__in=(YearStatus.OPEN, YearStatus.EVALUATING))
        .select_related("program")
        .order_by("-year", "pk")
    )


def reviewable(user, years: list[ProgramYear]):
    """Commitments waiting for approval that `user` may decide on, oldest first: of `years`
    (those still open or under evaluation: a closed year is locked), in their review scope,
    not their own, and no collective commitment of a unit at the top of that scope (decided
    one level up). The years are given as ids so the (year, unit, status) index serves."""
    scope = scope_of(user)
    commitments = (
        Commitment.objects.visible_to(user, "commitment.review")
        .filter(status=CommitmentStatus.SUBMITTED, year_id__in=[y.pk for y in years])
        .exclude(person__user=user)
    )
    if not scope.is_admin:
        roots = scope.paths_for("commitment.review")
        commitments = commitments.filter(Q(kind=CommitmentKind.PERSONAL) | ~Q(unit__path__in=roots))
    return commitments.order_by("submitted_at", "pk")
