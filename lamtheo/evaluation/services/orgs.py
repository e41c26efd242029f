"""An organisation's review: its collective report (Mẫu 01) with scores and proposed rank,
built beside its members' ranks and its subordinates', and the decision of the level above
(QĐ 366 Điều 13; HD 43 §3)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from lamtheo.core.tree import subtree_q
from lamtheo.core.workflow import transition
from lamtheo.evaluation import counts
from lamtheo.evaluation.models import MemberReview, OrgReview, Step
from lamtheo.evaluation.rules import verdict
from lamtheo.evaluation.services.checks import (
    can_decide,
    can_hold_meeting,
    facts_of,
    refuse_forbidden,
    validate_scores,
)
from lamtheo.evaluation.services.members import (
    REPORT_FIELDS,
    SCORE_FIELDS,
    check_rank,
    round_is_open,
)

RELATED = ("round__rule_set", "round__unit", "unit")


def member_ranks(review: OrgReview) -> dict[str, int]:
    """The decided ranks of the members reviewed in the organisation's subtree."""
    rows = (
        MemberReview.objects.filter(
            subtree_q([review.unit.path], prefix="cell__path"), round_id=review.round_id
        )
        .exclude(rank="")
        .values_list("rank")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


def subordinate_disciplined(review: OrgReview) -> bool:
    """Whether a member reviewed in the subtree was disciplined in the year (the rules'
    "no subordinate unit and no member of the leadership disciplined" read broadly)."""
    return (
        MemberReview.objects.filter(
            subtree_q([review.unit.path], prefix="cell__path"), round_id=review.round_id
        )
        .exclude(discipline="")
        .exists()
    )


def org_facts(row, **changes):
    facts = facts_of(row, **changes)
    facts.subordinate_disciplined = facts.subordinate_disciplined or subordinate_disciplined(row)
    if row.round.rule_set.org_member_shares:
        facts.member_ranks = member_ranks(row)
    return facts


@transaction.atomic
def org_report(*, by, review: OrgReview, version: int | None, proposed_rank: str, **data):
    """The organisation's own report (its secretary or committee office): sections, scores
    and the rank it proposes for itself."""
    check_rank(proposed_rank, "proposed_rank")
    allowed = {*REPORT_FIELDS, *SCORE_FIELDS, "subordinate_disciplined"}
    if set(data) - allowed:
        raise TypeError(f"unknown fields {sorted(set(data) - allowed)}")

    def check(row):
        if not can_hold_meeting(by, row.unit):
            raise PermissionDenied
        round_is_open(row)
        facts = org_facts(row, **data)
        validate_scores(row.round.rule_set, facts)
        refuse_forbidden(
            verdict(row.round.rule_set, facts, collective=True), proposed_rank, "proposed_rank"
        )
        if not (data.get("strengths") or "").strip():
            raise ValidationError({"strengths": _("Write the strengths and results (part I).")})

    def change(row):
        for name in REPORT_FIELDS:
            setattr(row, name, (data.get(name) or "").strip())
        for name in (*SCORE_FIELDS, "subordinate_disciplined"):
            if name in data:
                setattr(row, name, data[name])
        row.proposed_rank = row.self_rank = proposed_rank
        return [
            *REPORT_FIELDS,
            *SCORE_FIELDS,
            "subordinate_disciplined",
            "proposed_rank",
            "self_rank",
        ]

    row = transition(
        OrgReview.objects.select_related(*RELATED),
        pk=review.pk,
        version=version,
        by=by,
        to=Step.SELF_REVIEWED,
        action="reported",
        allowed_from=(Step.PENDING, Step.SELF_REVIEWED),
        check=check,
        change=change,
        refused=_("The rank has already been decided: the report can no longer change."),
    )
    counts.refresh_review(row)  # its step (and rank): the unit's figures
    return row


@transaction.atomic
def org_decide(*, by, review: OrgReview, version: int | None, rank: str, note: str = ""):
    """The standing committee of the level directly above decides the organisation's rank."""
    check_rank(rank, "rank")

    def check(row):
        if not can_decide(by, row.unit):
            raise PermissionDenied
        round_is_open(row)
        if row.status == Step.PENDING:
            raise ValidationError(
                _("%(unit)s has not sent its report yet: decide after it.")
                % {"unit": row.unit.name}
            )
        refuse_forbidden(verdict(row.round.rule_set, org_facts(row), collective=True), rank)

    def change(row):
        row.rank, row.decision_note, row.decided_by = rank, note.strip(), by
        return ["rank", "decision_note", "decided_by"]

    row = transition(
        OrgReview.objects.select_related(*RELATED),
        pk=review.pk,
        version=version,
        by=by,
        to=Step.DECIDED,
        action="decided",
        allowed_from=(Step.SELF_REVIEWED, Step.DECIDED),
        check=check,
        change=change,
        reason=note,
        refused=_("This rank has been announced and can no longer change."),
    )
    counts.refresh_review(row)  # its step (and rank): the unit's figures
    return row
