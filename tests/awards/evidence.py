"""Evidence rows from other features for the eligibility tests: the year-end evaluation's
decided ranks, opened through its service and decided directly (the evaluation's own steps
are its tests' business)."""

from __future__ import annotations

from lamtheo.evaluation import services
from lamtheo.evaluation.models import MemberReview, OrgReview, Step


def ranked(world, year: int, *, person=None, unit=None, rank="htxs", discipline=""):
    round_ = services.round_open(by=world.office, unit=world.committee, year=year)
    if person is not None:
        MemberReview.objects.filter(round=round_, person=person).update(
            rank=rank, status=Step.DECIDED, discipline=discipline
        )
    if unit is not None:
        OrgReview.objects.filter(round=round_, unit=unit).update(rank=rank, status=Step.DECIDED)
    return round_
