"""A round through its services: who, in which order, under which rules; every refusal in
Vietnamese with nothing written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lamtheo.core.workflow import CONFLICT
from lamtheo.evaluation import services
from lamtheo.evaluation.models import MemberReview, OrgReview, RuleSet
from lamtheo.programs.models import Commitment
from tests.evaluation.conftest import GOOD, proposed, written
from tests.factories import PersonFactory


def text(exc) -> str:
    return " ".join(exc.value.messages)


def test_the_round_ranks_only_party_members_in_their_cell(
    evaluation_round, world, colleague, non_member
):
    reviews = MemberReview.objects.filter(round=evaluation_round)
    assert set(reviews.values_list("person__full_name", flat=True)) == {
        world.person_a.full_name,
        world.person_b.full_name,
        colleague.full_name,
    }
    assert not reviews.filter(person=non_member).exists()  # quần chúng get no Party rank
    assert reviews.get(person=colleague).cell == world.cell_a  # a tổ đảng meets in its chi bộ
    assert evaluation_round.rule_set.code == "qd366-hd43"
    units = set(
        OrgReview.objects.filter(round=evaluation_round).values_list("unit__code", flat=True)
    )
    assert units == {"DUK", "CBA", "CBB"}  # party groups are not ranked as organisations


@pytest.mark.parametrize(
    "year,code",
    [(2021, "qd132-hd21"), (2023, "qd124-hd25"), (2024, "qd124-hd25"), (2026, "qd366-hd43")],
)
def test_each_year_has_its_rule_set(year, code, db):
    assert services.rule_set_for(year).code == code


def test_a_whole_round_member_cell_level_above_announced(world, evaluation_round, review_a):
    review = written(world, review_a)
    assert review.status == "self_reviewed" and review.total_score == Decimal(80)
    review = proposed(world, review, "htt")
    assert (review.status, review.proposed_rank) == ("cell_reviewed", "htt")
    review = services.member_decide(
        by=world.office, review=review, version=review.version, rank="htt"
    )
    assert (review.status, review.rank, review.decided_by) == ("decided", "htt", world.office)
    assert [e.action for e in review.events.all()] == ["self_reviewed", "cell_reviewed", "decided"]


def test_out_of_order_steps_are_refused(world, review_a):
    with pytest.raises(ValidationError) as exc:
        services.member_meeting(
            by=world.secretary, review=review_a, version=None, comment="x", proposed_rank="htt"
        )
    assert "tự kiểm điểm" in text(exc) or "self-review" in text(exc)
    written(world, review_a)
    review_a.refresh_from_db()
    with pytest.raises(ValidationError):
        services.member_decide(by=world.office, review=review_a, version=None, rank="htt")
    review_a.refresh_from_db()
    assert review_a.status == "self_reviewed" and review_a.rank == ""


def test_scores_off_the_scale_are_refused_and_nothing_written(world, review_a):
    with pytest.raises(ValidationError) as exc:
        written(world, review_a, general_score=Decimal(31))
    assert "30" in text(exc)
    review_a.refresh_from_db()
    assert review_a.status == "pending" and review_a.general_score is None
    assert not review_a.events.exists()


def test_a_rank_the_rules_forbid_is_refused(world, review_a):
    with pytest.raises(ValidationError) as exc:
        written(world, review_a, self_rank="htxs")  # 80 points
    assert "HTXS" in text(exc) or "xuất sắc" in text(exc).lower()
    review = written(world, review_a)
    with pytest.raises(ValidationError):
        proposed(world, review, "htxs")
    with pytest.raises(ValidationError):  # disciplined for a duty violation: KHT only
        proposed(world, review, "htt", discipline="reprimand", discipline_duty=True)
    review = proposed(world, review, "kht", discipline="reprimand", discipline_duty=True)
    with pytest.raises(ValidationError):
        services.member_decide(by=world.office, review=review, version=review.version, rank="htt")
    review.refresh_from_db()
    assert review.status == "cell_reviewed" and review.rank == ""


def test_a_lower_rank_than_the_rules_allow_stays_possible(world, review_a):
    review = proposed(world, review_a, "ht")
    decided = services.member_decide(
        by=world.office, review=review, version=review.version, rank="ht"
    )
    assert decided.rank == "ht"


def test_only_the_member_writes_only_the_cell_meets_only_the_level_above_decides(world, review_a):
    with pytest.raises(PermissionDenied):
        services.self_review(by=world.secretary, review=review_a, version=None, **GOOD)
    review = written(world, review_a)
    for who in (world.member, world.other_secretary, world.inspector):
        with pytest.raises((PermissionDenied, ValidationError)):
            services.member_meeting(
                by=who, review=review, version=None, comment="x", proposed_rank="htt"
            )
    review = proposed(world, review)
    # The cell's own secretary may not decide: the level above does.
    for who in (world.secretary, world.other_secretary, world.member, world.inspector):
        with pytest.raises(PermissionDenied):
            services.member_decide(by=who, review=review, version=None, rank="htt")
    assert MemberReview.objects.get(pk=review.pk).rank == ""


def test_a_stale_page_is_refused(world, review_a):
    review = written(world, review_a)
    with pytest.raises(ValidationError) as exc:
        services.self_review(by=world.member, review=review, version=review.version - 1, **GOOD)
    assert exc.value.code == CONFLICT


def test_the_htxs_quota_warns_by_default_and_blocks_when_the_rule_set_says(world, evaluation_round):
    cell = world.cell_b
    people = [PersonFactory(unit=cell) for _ in range(6)]
    round_ = services.round_open(
        by=world.office, unit=world.committee, year=2025, period="ad_hoc", title="Đợt bổ sung"
    )
    reviews = []
    for person in people:
        review = MemberReview.objects.get(round=round_, person=person)
        MemberReview.objects.filter(pk=review.pk).update(
            status="cell_reviewed",
            general_score=28,
            results_score=67,
            tasks_total=10,
            tasks_done=10,
            tasks_on_time=10,
            tasks_exceeded=5,
        )
        reviews.append(MemberReview.objects.get(pk=review.pk))
    for review in reviews[:4]:
        services.member_decide(by=world.office, review=review, version=None, rank="htt")
    # 4 HTT allow no HTXS (20 % of 4 = 0): a warning, recorded with the decision.
    warned = services.member_decide(by=world.office, review=reviews[4], version=None, rank="htxs")
    assert "HTXS" in warned.quota_note
    RuleSet.objects.filter(pk=round_.rule_set_id).update(quota_mode="block")
    with pytest.raises(ValidationError):
        services.member_decide(by=world.office, review=reviews[5], version=None, rank="htxs")
    assert MemberReview.objects.get(pk=reviews[5].pk).rank == ""


def test_the_quota_is_counted_per_group_of_similar_roles(world):
    round_ = services.round_open(by=world.office, unit=world.committee, year=2025)
    leader = PersonFactory(unit=world.cell_a, job_title="Giám đốc")
    round2 = services.round_open(by=world.office, unit=world.committee, year=2025, period="ad_hoc")
    review = MemberReview.objects.get(round=round2, person=leader)
    assert review.group == "leader"
    others = MemberReview.objects.filter(round=round2).exclude(pk=review.pk)
    others.update(rank="htt", group="member", status="decided")
    assert services.quota_problem(review, "htxs") is not None  # no HTT among leaders
    assert round_.pk != round2.pk


def test_announce_waits_for_every_decision(world, evaluation_round, review_a):
    with pytest.raises(ValidationError) as exc:
        services.round_announce(by=world.office, evaluation_round=evaluation_round, version=None)
    assert "3" in text(exc)
    MemberReview.objects.filter(round=evaluation_round).update(status="decided", rank="htt")
    OrgReview.objects.filter(round=evaluation_round).update(status="decided", rank="htt")
    with pytest.raises(PermissionDenied):
        services.round_announce(by=world.secretary, evaluation_round=evaluation_round, version=None)
    done = services.round_announce(by=world.office, evaluation_round=evaluation_round, version=None)
    assert done.status == "announced"
    assert set(
        MemberReview.objects.filter(round=evaluation_round).values_list("status", flat=True)
    ) == {"announced"}
    with pytest.raises(ValidationError):
        written(world, MemberReview.objects.get(pk=review_a.pk))


def test_an_organisation_reports_and_the_level_above_decides(world, evaluation_round):
    org = OrgReview.objects.get(round=evaluation_round, unit=world.cell_a)
    data = {k: v for k, v in GOOD.items() if k not in ("group", "self_rank")}
    data.update(general_score=Decimal(28), results_score=Decimal(67), tasks_exceeded=4)
    with pytest.raises(PermissionDenied):
        services.org_report(
            by=world.other_secretary, review=org, version=None, proposed_rank="htxs", **data
        )
    org = services.org_report(
        by=world.secretary, review=org, version=org.version, proposed_rank="htxs", **data
    )
    with pytest.raises(PermissionDenied):
        services.org_decide(by=world.secretary, review=org, version=None, rank="htxs")
    decided = services.org_decide(by=world.office, review=org, version=org.version, rank="htxs")
    assert decided.rank == "htxs"


def test_an_organisation_with_a_disciplined_member_cannot_be_htxs(
    world, evaluation_round, review_a
):
    MemberReview.objects.filter(pk=review_a.pk).update(discipline="reprimand")
    org = OrgReview.objects.get(round=evaluation_round, unit=world.cell_a)
    data = {k: v for k, v in GOOD.items() if k not in ("group", "self_rank")}
    data.update(general_score=Decimal(28), results_score=Decimal(67), tasks_exceeded=4)
    with pytest.raises(ValidationError):
        services.org_report(
            by=world.secretary, review=org, version=None, proposed_rank="htxs", **data
        )
    org.refresh_from_db()
    assert org.status == "pending"


def test_the_self_review_shows_the_registrations_outcomes(world, review_a):
    from lamtheo.evaluation import queries

    assert queries.outcomes(2025, [world.person_a.pk]) == {world.person_a.pk: []}
    assert Commitment.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_rule_sets_come_back_after_a_flush():
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    assert not RuleSet.objects.exists()
    assert services.rule_set_for(2025).code == "qd366-hd43"
    assert RuleSet.objects.count() == 3


def test_a_past_years_round_ranks_the_members_of_that_year_where_they_were(world, colleague):
    """A round for a year that has ended (entered later, or after a reorganisation) reads the
    tree and the people of its last day: who joined the Party or the unit later is not ranked
    for it, a member who moved since is reviewed in the chi bộ of then, and someone made
    chính thức after that day was dự bị then."""
    import datetime as dt

    from lamtheo.org import services as org_services

    late_joiner = PersonFactory(
        unit=world.cell_a, full_name="Vũ Thị Mới", joined_on=dt.date(2025, 5, 19)
    )
    confirmed = PersonFactory(
        unit=world.cell_b,
        full_name="Đỗ Văn Tròn",
        joined_on=dt.date(2023, 6, 1),
        official_on=dt.date(2024, 6, 1),
    )
    org_services.person_transfer(
        by=world.office, person=world.person_b, unit=world.cell_a, effective_on=dt.date(2024, 3, 1)
    )
    past = services.round_open(by=world.office, unit=world.committee, year=2023)
    reviews = {r.person_id: r for r in MemberReview.objects.filter(round=past)}
    assert late_joiner.pk not in reviews  # joined the Party in 2025
    assert reviews[world.person_b.pk].cell == world.cell_b  # in cell B at the end of 2023
    assert reviews[confirmed.pk].party_status == "probationary"  # chính thức only in 2024
    assert reviews[colleague.pk].cell == world.cell_a
    now = services.round_open(by=world.office, unit=world.committee, year=2026)
    reviews = {r.person_id: r for r in MemberReview.objects.filter(round=now)}
    assert late_joiner.pk in reviews and reviews[world.person_b.pk].cell == world.cell_a
    assert reviews[confirmed.pk].party_status == "official"
