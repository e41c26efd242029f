"""Quarterly (and ad-hoc) rounds feed the year (QĐ 366 Điều 15): the year's review shows the
member's decided quarters and its self-review starts from them, tasks added up and scores
averaged (or the lowest quarter's: RuleSet.quarter_scores, a default, not a sourced rule)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lamtheo.evaluation import queries, services
from lamtheo.evaluation.models import MemberReview
from tests.evaluation.conftest import proposed, written


def decided_quarter(world, quarter: int, general: int, results: int, tasks: int):
    evaluation_round = services.round_open(
        by=world.office,
        unit=world.committee,
        year=2025,
        period="quarter",
        quarter=quarter,
        title=f"Đánh giá quý {quarter}/2025",
    )
    review = MemberReview.objects.get(round=evaluation_round, person=world.person_a)
    review = written(
        world,
        review,
        general_score=Decimal(general),
        results_score=Decimal(results),
        tasks_total=tasks,
        tasks_done=tasks,
        tasks_on_time=tasks,
        tasks_exceeded=1,
    )
    review = proposed(world, review)
    return services.member_decide(
        by=world.office, review=review, version=review.version, rank="htt"
    )


@pytest.fixture
def quarters(world, evaluation_round):
    return [decided_quarter(world, 1, 24, 56, 3), decided_quarter(world, 2, 27, 61, 4)]


def test_the_year_adds_up_its_decided_quarters(world, review_a, quarters):
    found = queries.quarters(review_a)
    assert [r.pk for r in found.reviews] == [q.pk for q in quarters]
    assert found.figures["tasks_total"] == 7 and found.figures["tasks_exceeded"] == 2
    assert found.figures["general_score"] == Decimal("25.50")
    assert found.figures["results_score"] == Decimal("58.50")
    # A quarter not yet decided does not count; a quarter's own review has no quarters.
    third = services.round_open(
        by=world.office, unit=world.committee, year=2025, period="quarter", quarter=3
    )
    assert len(queries.quarters(review_a).reviews) == 2
    assert (
        queries.quarters(MemberReview.objects.get(round=third, person=world.person_a)).reviews == []
    )


def test_the_rule_set_may_take_the_lowest_quarter(world, review_a, quarters):
    rule_set = review_a.round.rule_set
    rule_set.quarter_scores = "lowest"
    rule_set.save()
    review = MemberReview.objects.select_related("round__rule_set").get(pk=review_a.pk)
    figures = queries.quarters(review).figures
    assert figures["general_score"] == 24 and figures["results_score"] == 56


def test_the_self_review_starts_from_the_quarters_and_says_how(world, review_a, quarters, login):
    page = login(world.member).get(f"/evaluation/reviews/{review_a.pk}/")
    form = page.context["self_form"]
    assert form.initial["tasks_total"] == 7 and form.initial["general_score"] == Decimal("25.50")
    body = page.content.decode()
    assert "Điều 15" in body and "bình quân" in body
    assert "Đánh giá quý 1/2025" in body and "Đánh giá quý 2/2025" in body


def test_no_quarters_no_section(world, review_a, login):
    page = login(world.member).get(f"/evaluation/reviews/{review_a.pk}/")
    assert page.context["quarters"].reviews == []
    assert page.context["self_form"].initial["tasks_total"] == 0
