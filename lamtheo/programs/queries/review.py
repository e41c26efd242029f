"""Reads for the reviewers' pages: the years still open to decisions and the registrations
waiting for a reviewer's approval."""

from __future__ import annotations

from django.db.models import Q

from lamtheo.accounts.scoping import scope_of
from lamtheo.core.tree import subtree_q
from lamtheo.org.models import Person
from lamtheo.programs.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    ProgramYear,
    YearStatus,
)


def reviewable_years(user):
    """The years visible to the user that are open or under evaluation (a closed year is
    locked: nothing in it waits for anyone)."""
    return ProgramYear.objects.visible_to(user).filter(
        status__in=(YearStatus.OPEN, YearStatus.EVALUATING)
    )


def open_years(user) -> list[ProgramYear]:
    """reviewable_years, newest first, for the queue's year filter."""
    return list(reviewable_years(user).select_related("program").order_by("-year", "pk"))


def reviewable(user, years: list[ProgramYear] | None = None):
    """Commitments waiting for approval that `user` may decide on, oldest first: the rows of
    the review queue.

    Of `years` (default: reviewable_years, as a subquery), in their review scope, not their
    own, and no collective commitment of a unit at the top of that scope (decided one level
    up). The queue passes the years it has already read as ids, so the (year, unit, status)
    index serves."""
    scope = scope_of(user)
    year_ids = [y.pk for y in years] if years is not None else reviewable_years(user).values("pk")
    commitments = (
        Commitment.objects.visible_to(user, "commitment.review")
        .filter(status=CommitmentStatus.SUBMITTED, year_id__in=year_ids)
        .exclude(person__user=user)
    )
    if not scope.is_admin:
        roots = scope.paths_for("commitment.review")
        commitments = commitments.filter(Q(kind=CommitmentKind.PERSONAL) | ~Q(unit__path__in=roots))
    return commitments.order_by("submitted_at", "pk")


def waiting_count(user) -> int:
    """How many rows `reviewable(user)` has, in two queries whose cost follows the waiting
    registrations of the user's subtrees: the rows made in a unit of the scope, plus (UNION
    ALL, disjoint) those of people now in the scope made in a unit outside it. The queue's
    single filter ORs the two paths, which made PostgreSQL scan every commitment of the tree
    (BENCHMARKS.md, issue 13); each side here walks the waiting registrations by the partial
    index on submitted commitments."""
    scope = scope_of(user)
    if scope.is_admin:
        return reviewable(user).count()
    paths = scope.paths_for("commitment.review")
    if not paths:
        return 0
    # The open years as literal ids (one small query): with a subquery PostgreSQL read the
    # waiting registrations of every year, closed ones included, before keeping the open ones.
    years = list(reviewable_years(user).values_list("pk", flat=True))
    if not years:
        return 0
    base = (
        Commitment.objects.filter(status=CommitmentStatus.SUBMITTED, year_id__in=years)
        # Their own, by the ids of their people (a join with every person would be read).
        .exclude(person_id__in=Person.objects.filter(user=user).values("pk"))
        .filter(Q(kind=CommitmentKind.PERSONAL) | ~Q(unit__path__in=paths))
    )
    in_units = subtree_q(paths, prefix="unit__path")
    made_here = base.filter(in_units).values("pk")
    moved_here = base.filter(subtree_q(paths, prefix="person__unit__path")).exclude(in_units)
    return made_here.union(moved_here.values("pk"), all=True).count()
