"""A member's complaint (khiếu nại) or petition (kiến nghị) about their announced rank.

QĐ 366 Điều 12 (EVALUATION.md §1.4): where there are complaints, the level above verifies before
the competent level decides; Điều 13: the deciding committee may cancel a rank and rank again
(the re-ranking decision is HD 43's Mẫu 03). Not sourced, so data with a default: the window
(RuleSet.complaint_days, 30 days after the announcement) and that the level which decided the
rank answers (evaluation.decide over the cell's parent, as for the decision itself). No
complaint form was found (Mẫu 03 is the decision, Mẫu 04 the file list): the complaint is a text.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.core.text import clean_text
from lamtheo.core.workflow import actor_of, bump, lock, record, transition
from lamtheo.evaluation import counts
from lamtheo.evaluation.models import (
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    MemberReview,
    QuotaMode,
    RoundEvent,
    Step,
)
from lamtheo.evaluation.rules import Rank, verdict
from lamtheo.evaluation.services.checks import can_decide, facts_of, refuse_forbidden
from lamtheo.evaluation.services.rounds import quota_problem


def announced_on(evaluation_round) -> dt.date | None:
    """The day the round was announced (its last "announced" event)."""
    at = (
        RoundEvent.objects.filter(round=evaluation_round, action="announced")
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    return timezone.localdate(at) if at else None


def complaint_window(review: MemberReview) -> tuple[dt.date, dt.date] | None:
    """(first day, last day) a complaint about the review's rank may be lodged; None before
    the announcement."""
    start = announced_on(review.round) if review.status == Step.ANNOUNCED else None
    if start is None:
        return None
    return start, start + dt.timedelta(days=review.round.rule_set.complaint_days)


def is_own(user, review: MemberReview) -> bool:
    return review.person.user_id is not None and review.person.user_id == getattr(user, "pk", None)


@transaction.atomic
def complaint_lodge(
    *, by, review: MemberReview, kind: str, text: str, asked_rank: str = "", today=None
) -> Complaint:
    """The member lodges a complaint or petition about their own announced rank, within the
    window, one open at a time."""
    if kind not in ComplaintKind.values:
        raise ValidationError({"kind": _("Choose a complaint or a petition.")})
    if asked_rank and asked_rank not in Rank.values:
        raise ValidationError({"asked_rank": _("Choose a rank.")})
    text = (text or "").strip()
    if not clean_text(text):
        raise ValidationError({"text": _("Write what you complain about and why.")})
    row = lock(
        MemberReview.objects.select_related("round__rule_set", "person", "cell"), pk=review.pk
    )
    if not is_own(by, row):
        raise PermissionDenied
    window = complaint_window(row)
    today = today or timezone.localdate()
    if window is None:
        raise ValidationError(
            _("Your rank has not been announced yet: a complaint can be lodged after that.")
        )
    if today > window[1]:
        raise ValidationError(
            _("The time to complain about this rank ended on %(day)s.")
            % {"day": window[1].strftime("%d/%m/%Y")}
        )
    if asked_rank and asked_rank == row.rank:
        raise ValidationError({"asked_rank": _("This is already your rank.")})
    if Complaint.objects.filter(review=row, status=ComplaintStatus.LODGED).exists():
        raise ValidationError(
            _("Your earlier complaint is still waiting for an answer: add to it after that.")
        )
    complaint = Complaint.objects.create(
        review=row,
        kind=kind,
        text=text,
        asked_rank=asked_rank,
        old_rank=row.rank,
        lodged_by=actor_of(by),
    )
    record(complaint, by=by, action="lodged", from_state="", reason=text[:500])
    return complaint


@transaction.atomic
def complaint_decide(
    *,
    by,
    complaint: Complaint,
    version: int | None,
    accept: bool,
    answer: str,
    new_rank: str = "",
) -> Complaint:
    """The level that decided the rank answers: accepted, the member is ranked again (within
    what the rules allow, recorded on the review); not accepted, the rank stands."""
    answer = (answer or "").strip()
    if not clean_text(answer):
        raise ValidationError({"answer": _("Write the answer to the member.")})
    if accept and new_rank not in Rank.values:
        raise ValidationError({"new_rank": _("Choose the new rank.")})
    related = ("review__round__rule_set", "review__person", "review__cell")
    reviews: list[MemberReview] = []

    def check(row):
        review = lock(MemberReview.objects.select_related("round__rule_set"), pk=row.review_id)
        review.person, review.cell = row.review.person, row.review.cell
        if not can_decide(by, review.cell):
            raise PermissionDenied
        if is_own(by, review):
            raise ValidationError(_("A complaint about your own rank is answered by others."))
        if accept:
            if new_rank == review.rank:
                raise ValidationError(
                    {"new_rank": _("Choose a rank other than the one announced.")}
                )
            refuse_forbidden(verdict(review.round.rule_set, facts_of(review)), new_rank, "new_rank")
            problem = quota_problem(review, new_rank)
            if problem and problem[0] == QuotaMode.BLOCK:
                raise ValidationError({"new_rank": problem[1]})
        reviews.append(review)

    def change(row):
        row.answer, row.decided_by = answer, actor_of(by)
        row.new_rank = new_rank if accept else ""
        return ["answer", "decided_by", "new_rank"]

    row = transition(
        Complaint.objects.select_related(*related),
        pk=complaint.pk,
        version=version,
        by=by,
        to=ComplaintStatus.UPHELD if accept else ComplaintStatus.REJECTED,
        action="upheld" if accept else "rejected",
        allowed_from=(ComplaintStatus.LODGED,),
        check=check,
        change=change,
        reason=answer,
        refused=_("This complaint has already been answered."),
    )
    if accept:
        review = reviews[0]
        review.rank, review.decided_by = new_rank, actor_of(by)
        review.decision_note = answer
        bump(review, ["rank", "decided_by", "decision_note", "status"])
        record(review, by=by, action="reranked", from_state=Step.ANNOUNCED, reason=answer)
        counts.refresh_review(review)  # the new rank in its chi bộ's figures
    return row
