"""A round of 2025 (QĐ 366) over the test committee: person_a (the member persona, cell A) and
a colleague in group A1 (reviewed in cell A), person_b in cell B, a non-member in cell A."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lamtheo.evaluation import services
from lamtheo.evaluation.models import MemberReview
from tests.factories import PersonFactory

GOOD = {
    "group": "member",
    "self_rank": "htt",
    "strengths": "Hoàn thành các nhiệm vụ được giao, giữ gìn phẩm chất đạo đức.",
    "shortcomings": "Đôi khi còn chậm báo cáo.",
    "general_score": Decimal(25),
    "results_score": Decimal(55),
    "tasks_total": 10,
    "tasks_done": 10,
    "tasks_on_time": 10,
    "tasks_exceeded": 2,
    "shortcomings_fixed": True,
}


@pytest.fixture
def colleague(world):
    return PersonFactory(unit=world.group_a, full_name="Lê Thị Hoa")


@pytest.fixture
def non_member(world):
    return PersonFactory(unit=world.cell_a, full_name="Phạm Văn Quần", party_status="mass")


@pytest.fixture
def evaluation_round(world, colleague, non_member):
    return services.round_open(by=world.office, unit=world.committee, year=2025)


@pytest.fixture
def review_a(evaluation_round, world):
    return MemberReview.objects.get(round=evaluation_round, person=world.person_a)


def written(world, review, **changes):
    """person_a's self-review, sent."""
    data = {**GOOD, **changes}
    return services.self_review(by=world.member, review=review, version=review.version, **data)


def proposed(world, review, rank="htt", **changes):
    review = written(world, review) if review.status == "pending" else review
    return services.member_meeting(
        by=world.secretary,
        review=review,
        version=review.version,
        comment="Chi bộ thống nhất.",
        proposed_rank=rank,
        **changes,
    )
