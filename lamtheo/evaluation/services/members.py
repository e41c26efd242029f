"""A member's review: the self-review, the chi bộ's meeting, the level above's decision.

Each step runs through the workflow kit (lock, stale check, who may, from which step, one
event row) and is refused, with nothing written, for a score off the scale, a rank the rules
do not allow, someone without the authority, or a step out of order.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lamtheo.core.text import clean_text
from lamtheo.core.workflow import transition
from lamtheo.evaluation import counts
from lamtheo.evaluation.models import Group, MemberReview, QuotaMode, RoundStatus, Step
from lamtheo.evaluation.rules import Discipline, Rank, verdict
from lamtheo.evaluation.services.checks import (
    can_decide,
    can_hold_meeting,
    facts_of,
    refuse_forbidden,
    validate_scores,
)
from lamtheo.evaluation.services.rounds import quota_problem

REPORT_FIELDS = (
    "strengths",
    "shortcomings",
    "fixes",
    "explanations",
    "responsibility",
    "direction",
)
SCORE_FIELDS = (
    "general_score",
    "results_score",
    "general_grade",
    "results_grade",
    "tasks_total",
    "tasks_done",
    "tasks_on_time",
    "tasks_exceeded",
    "shortcomings_fixed",
)
RELATED = ("round__rule_set", "round__unit", "person", "cell")


def round_is_open(row) -> None:
    if row.round.status != RoundStatus.OPEN:
        raise ValidationError(_("This round has been announced: its reviews no longer change."))


def check_rank(value: str, field: str) -> str:
    if value not in Rank.values:
        raise ValidationError({field: _("Choose a rank.")})
    return value


@transaction.atomic
def self_review(
    *, by, review: MemberReview, version: int | None, group: str, self_rank: str, **data
):
    """The member writes their own review (the form of their group), scores themself and
    proposes their rank; they may revise it until the chi bộ has met."""
    if group not in Group.values:
        raise ValidationError({"group": _("Choose your group.")})
    check_rank(self_rank, "self_rank")
    unknown = set(data) - set(REPORT_FIELDS) - set(SCORE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")

    def check(row):
        if row.person.user_id is None or row.person.user_id != getattr(by, "pk", None):
            raise PermissionDenied
        round_is_open(row)
        facts = facts_of(row, **data)
        validate_scores(row.round.rule_set, facts)
        refuse_forbidden(verdict(row.round.rule_set, facts), self_rank, "self_rank")
        if not (data.get("strengths") or "").strip():
            raise ValidationError({"strengths": _("Write your strengths and results (part I).")})

    def change(row):
        for name in REPORT_FIELDS:
            setattr(row, name, (data.get(name) or "").strip())
        for name in SCORE_FIELDS:
            if name in data:
                setattr(row, name, data[name])
        row.group, row.self_rank = group, self_rank
        return [*REPORT_FIELDS, *SCORE_FIELDS, "group", "self_rank"]

    row = transition(
        MemberReview.objects.select_related(*RELATED),
        pk=review.pk,
        version=version,
        by=by,
        to=Step.SELF_REVIEWED,
        action="self_reviewed",
        allowed_from=(Step.PENDING, Step.SELF_REVIEWED),
        check=check,
        change=change,
        refused=_("The cell has already met on this review: it can no longer be rewritten."),
    )
    counts.refresh_review(row)  # its step and group: its chi bộ's figures
    return row


@transaction.atomic
def member_meeting(
    *,
    by,
    review: MemberReview,
    version: int | None,
    comment: str,
    proposed_rank: str,
    discipline: str = "",
    discipline_duty: bool = False,
    discipline_self_found: bool = False,
    degraded: bool = False,
    **scores,
):
    """The chi bộ's meeting on one member: its comment, discipline of the year, the scores as
    the meeting sets them (the member's own by default) and the rank it proposes."""
    check_rank(proposed_rank, "proposed_rank")
    if discipline not in Discipline.values:
        raise ValidationError({"discipline": _("Choose the discipline.")})
    if not clean_text(comment):
        raise ValidationError({"comment": _("Write the cell's comment.")})
    changes = {
        "discipline": discipline,
        "discipline_duty": bool(discipline) and discipline_duty,
        "discipline_self_found": bool(discipline) and discipline_self_found,
        "degraded": degraded,
        **{k: v for k, v in scores.items() if k in SCORE_FIELDS and v is not None},
    }

    def check(row):
        if not can_hold_meeting(by, row.cell):
            raise PermissionDenied
        if row.person.user_id is not None and row.person.user_id == getattr(by, "pk", None):
            raise ValidationError(_("Your own review is proposed by the cell, not by you."))
        round_is_open(row)
        if row.status == Step.PENDING:
            raise ValidationError(
                _("%(name)s has not written their self-review yet: the cell meets after it.")
                % {"name": row.person.full_name}
            )
        facts = facts_of(row, **changes)
        validate_scores(row.round.rule_set, facts)
        refuse_forbidden(verdict(row.round.rule_set, facts), proposed_rank, "proposed_rank")

    def change(row):
        for name, value in changes.items():
            setattr(row, name, value)
        row.comment, row.proposed_rank = comment.strip(), proposed_rank
        return [*changes, "comment", "proposed_rank"]

    row = transition(
        MemberReview.objects.select_related(*RELATED),
        pk=review.pk,
        version=version,
        by=by,
        to=Step.CELL_REVIEWED,
        action="cell_reviewed",
        allowed_from=(Step.SELF_REVIEWED, Step.CELL_REVIEWED),
        check=check,
        change=change,
        reason=comment,
        refused=_("The rank has already been decided: the cell's proposal can no longer change."),
    )
    counts.refresh_review(row)  # its step: its chi bộ's figures
    return row


@transaction.atomic
def member_decide(*, by, review: MemberReview, version: int | None, rank: str, note: str = ""):
    """The level above the chi bộ decides the rank (QĐ 366 Điều 13); the HTXS quota of the
    member's group warns (or blocks, as the rule set says)."""
    check_rank(rank, "rank")
    quota: list[str] = []

    def check(row):
        if not can_decide(by, row.cell):
            raise PermissionDenied
        round_is_open(row)
        if row.status in (Step.PENDING, Step.SELF_REVIEWED):
            raise ValidationError(
                _("The cell has not proposed a rank for %(name)s yet: decide after its meeting.")
                % {"name": row.person.full_name}
            )
        refuse_forbidden(verdict(row.round.rule_set, facts_of(row)), rank)
        problem = quota_problem(row, rank)
        if problem and problem[0] == QuotaMode.BLOCK:
            raise ValidationError({"rank": problem[1]})
        if problem:
            quota.append(problem[1])

    def change(row):
        row.rank, row.decision_note, row.decided_by = rank, note.strip(), by
        row.quota_note = (quota[0] if quota else "")[:255]
        return ["rank", "decision_note", "decided_by", "quota_note"]

    row = transition(
        MemberReview.objects.select_related(*RELATED),
        pk=review.pk,
        version=version,
        by=by,
        to=Step.DECIDED,
        action="decided",
        allowed_from=(Step.CELL_REVIEWED, Step.DECIDED),
        check=check,
        change=change,
        reason=note,
        refused=_("This rank has been announced and can no longer change."),
    )
    counts.refresh_review(row)  # its step and rank: its chi bộ's figures
    return row
