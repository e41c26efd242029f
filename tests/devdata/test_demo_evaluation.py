"""The demo's year-end evaluations: each year under its rules, only Party members ranked, the
ranks the rules allow within the quota, a few disciplined, late steps in the open year."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from lamtheo.devdata.demo_evaluation import load_evaluation
from lamtheo.evaluation.models import MemberReview, OrgReview, Round
from lamtheo.evaluation.rules import verdict
from lamtheo.evaluation.services import facts_of


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", "--force", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def rounds(loaded, db):
    return {r.year: r for r in Round.objects.select_related("rule_set")}


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
        evaluation_round = rounds[year]
        reviews = list(MemberReview.objects.filter(round=evaluation_round).select_related("cell"))
        assert reviews and all(r.status == "announced" for r in reviews)
        for review in reviews:
            assert verdict(evaluation_round.rule_set, facts_of(review)).allows(review.rank), review
        ranks = Counter(r.rank for r in reviews)
        assert ranks["htt"] > ranks["htxs"] > 0 and ranks["htt"] > 0.5 * len(reviews)
        disciplined = [r for r in reviews if r.discipline]
        assert len(disciplined) == 2 and all(r.rank == "kht" for r in disciplined)
    by_group = Counter(
        (g, r)
        for g, r in MemberReview.objects.filter(round=rounds[2025]).values_list("group", "rank")
    )
    for group in ("leader", "member", "outside"):
        assert by_group[(group, "htxs")] <= by_group[(group, "htt")] * 20 // 100


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
    load_evaluation(get_user_model().objects.get(username="admin"))
    assert (Round.objects.count(), MemberReview.objects.count()) == before
