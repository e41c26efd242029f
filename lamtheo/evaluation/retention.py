"""When people are anonymised (org.retention): their year-end self-reviews (the report's six
sections) and the comments and notes written on them go, and the reasons in the reviews'
histories. Scores, grades, task counts and ranks stay: the rounds' figures count them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lamtheo.evaluation.models import MemberReview, MemberReviewEvent
from lamtheo.org.retention import clear_text

TEXT = (
    "strengths",
    "shortcomings",
    "fixes",
    "explanations",
    "responsibility",
    "direction",
    "comment",
    "decision_note",
)


def scrub(names: dict[int, str], *, apply: bool) -> list[tuple[str, int]]:
    reviews = MemberReview.objects.filter(person_id__in=list(names))
    events = MemberReviewEvent.objects.filter(review__in=reviews)
    return [
        (_("year-end self-reviews and comments"), clear_text(reviews, TEXT, apply=apply)),
        (_("reasons in reviews' histories"), clear_text(events, ["reason"], apply=apply)),
    ]
