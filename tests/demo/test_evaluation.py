"""The demo's year-end evaluations: each year under its rules, only Party members ranked, the
ranks the rules allow within the quota, a few disciplined, late steps in the open year."""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib.auth import get_user_model

from lamtheo.devdata.data.org import ROOT_CODE
from lamtheo.devdata.data.reform import DN_WARD, SUCCESSOR
from lamtheo.devdata.demo_evaluation import YEARS, load_after_reform, load_year
from lamtheo.evaluation.models import MemberReview, OrgReview, Round
from lamtheo.evaluation.rules import verdict
from lamtheo.evaluation.services import facts_of
from lamtheo.org.models import Unit


@pytest.fixture
def rounds(loaded, db):
    """The year's round (2025: the one of the users' committee)."""
    return {
        r.year: r
        for r in Round.objects.select_related("rule_set", "unit").order_by("-pk")
        if r.year != 2025 or r.unit.code == DN_WARD[0]
    }


def test_each_year_under_its_rules(rounds):
    assert sorted(rounds) == [2021, 2022, 2023, 2024, 2025, 2026]
    codes = {year: r.rule_set.code for year, r in rounds.items()}
    assert codes[2021] == codes[2022] == "qd132-hd21"
    assert codes[2023] == codes[2024] == "qd124-hd25"
    assert codes[2025] == codes[2026] == "qd366-hd43"
    assert "giả định" in rounds[2021].title and rounds[2021].rule_set.assumptions
    assert {r.status for y, r in rounds.items() if y < 2026} == {"announced"}
    assert rounds[2026].status == "open"


def test_only_party_members_are_ranked(rounds):
    statuses = set(MemberReview.objects.values_list("person__party_status", flat=True))
    assert statuses <= {"official", "probationary"}


def test_ranks_are_those_the_rules_allow_within_the_quota(rounds):
    for year in (2021, 2023, 2025):
        reviews = list(
            MemberReview.objects.filter(round__year=year).select_related("cell", "round__rule_set")
        )
        assert reviews and all(r.status == "announced" for r in reviews)
        for review in reviews:
            assert verdict(review.round.rule_set, facts_of(review)).allows(review.rank), review
        ranks = Counter(r.rank for r in reviews)
        assert ranks["htt"] > ranks["htxs"] > 0 and ranks["htt"] > 0.5 * len(reviews)
        disciplined = [r for r in reviews if r.discipline]
        assert len(disciplined) == 2 and all(r.rank == "kht" for r in disciplined)
    for evaluation_round in Round.objects.filter(year=2025):
        by_group = Counter(
            MemberReview.objects.filter(round=evaluation_round).values_list("group", "rank")
        )
        for group in ("leader", "member", "outside"):
            assert by_group[(group, "htxs")] <= by_group[(group, "htt")] * 20 // 100


def test_2025_is_reviewed_by_the_committees_that_took_the_cells(rounds):
    """The bloc ended on 30/6/2025: each committee that took its cells on 01/7/2025 reviews the
    cells and members it held on 31/12/2025, and the bloc has no 2025 round."""
    assert not Round.objects.filter(year=2025, unit__code=ROOT_CODE).exists()
    held = {r.unit.code: r for r in Round.objects.filter(year=2025).select_related("unit")}
    assert set(held) == set(SUCCESSOR.values())
    for code, evaluation_round in held.items():
        committee = evaluation_round.unit
        cells = set(
            OrgReview.objects.filter(round=evaluation_round)
            .exclude(unit=committee)
            .values_list("unit__code", flat=True)
        )
        moved = {cell for cell, target in SUCCESSOR.items() if target == code}
        assert moved <= cells
        paths = MemberReview.objects.filter(round=evaluation_round).values_list(
            "cell__path", flat=True
        )
        assert all(path.startswith(committee.path) for path in paths)
    # Every 2025 member is reviewed once, in one of the successors.
    people = list(MemberReview.objects.filter(round__year=2025).values_list("person", flat=True))
    assert people and len(people) == len(set(people))
    bloc = Unit.objects.get(code=ROOT_CODE)
    assert bloc.closed_on is not None and bloc.closed_on.isoformat() == "2025-06-30"


def test_organisations_ranked_with_their_report(rounds):
    orgs = OrgReview.objects.filter(round=rounds[2025])
    assert orgs.exists() and not orgs.filter(rank="").exists()
    assert not orgs.filter(subordinate_disciplined=True, rank="htxs").exists()


def test_the_open_year_has_members_missing_steps(rounds):
    steps = Counter(
        MemberReview.objects.filter(round=rounds[2026]).values_list("status", flat=True)
    )
    assert steps["pending"] > 0 and steps["self_reviewed"] > 0 and steps["cell_reviewed"] > 0
    mine = MemberReview.objects.get(round=rounds[2026], person__user__username="dangvien")
    assert mine.status == "pending"


def test_loading_again_adds_nothing(rounds):
    before = (Round.objects.count(), MemberReview.objects.count())
    admin = get_user_model().objects.get(username="admin")
    assert [load_year(admin, year) for year in (*YEARS, 2025)] == [None] * (len(YEARS) + 1)
    assert load_after_reform(admin) == []
    assert (Round.objects.count(), MemberReview.objects.count()) == before
