"""The round's figures per (round, unit) (lamtheo.evaluation.counts, RoundUnitCount): equal to a
live recount of the reviews after every service call (opening, self-review, the cell's
meeting, the decision, an organisation's report and decision, announcing, a complaint that
ranks again, and refusals that write nothing), on random service calls (hypothesis), and
repaired by rebuild; and the round's overview read from them equal, for every unit of the
tree, to the same figures grouped live from the reviews (what the page computed before)."""

from __future__ import annotations

import contextlib
import io
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from lamtheo.core.tree import STEPLEN
from lamtheo.evaluation import counts, queries, services
from lamtheo.evaluation.models import (
    Group,
    MemberReview,
    OrgReview,
    Round,
    RoundUnitCount,
    Step,
)
from lamtheo.evaluation.rules import quota_allowed
from lamtheo.org.models import Unit
from tests.evaluation.conftest import GOOD
from tests.factories import PersonFactory, UserFactory

EXCELLENT = {**GOOD, "general_score": Decimal(28), "results_score": Decimal(67)}
EXCELLENT["tasks_exceeded"] = 4
ORG_GOOD = {k: v for k, v in GOOD.items() if k not in ("group", "self_rank")}


def _tally(unit_pk, steps, ranks, org_ranks, orgs_missing):
    return (
        unit_pk,
        {k: v for k, v in steps.items() if v},
        {k: v for k, v in ranks.items() if v},
        {k: v for k, v in org_ranks.items() if v},
        orgs_missing,
    )


def shown(overview: queries.Overview):
    """What the page shows of an overview (a tally's zero entries are not figures)."""

    def one(t):
        return _tally(t.unit.pk, t.steps, t.ranks, t.org_ranks, t.orgs_missing)

    return (
        one(overview.total),
        [one(t) for t in overview.branches],
        [(q.label, q.good, q.excellent, q.allowed) for q in overview.quotas],
    )


def live_overview(evaluation_round: Round, unit: Unit):
    """The overview counted from the reviews themselves, one by one (the page's definition:
    members per step and rank per unit directly below, organisations per rank and missing a
    decision, the HTXS quota per group)."""
    depth = len(unit.path) + STEPLEN
    children = Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
    empty = {"steps": Counter(), "ranks": Counter(), "org_ranks": Counter(), "missing": 0}
    branches = {c.path: {**empty, "unit": c.pk} for c in children.order_by("path")}
    for branch in branches.values():
        branch.update(steps=Counter(), ranks=Counter(), org_ranks=Counter())
    own = {"unit": unit.pk, "steps": Counter(), "ranks": Counter(), "org_ranks": Counter()}
    total = {"unit": unit.pk, "steps": Counter(), "ranks": Counter(), "org_ranks": Counter()}
    own["missing"] = total["missing"] = 0
    groups: dict[str, Counter] = defaultdict(Counter)
    members = MemberReview.objects.filter(
        round=evaluation_round, cell__path__startswith=unit.path
    ).values_list("cell__path", "status", "rank", "group")
    for path, status, rank, group in members:
        for t in (branches.get(path[:depth], own), total):
            t["steps"][status] += 1
            if rank:
                t["ranks"][rank] += 1
        if rank:
            groups[group][rank] += 1
    orgs = OrgReview.objects.filter(
        round=evaluation_round, unit__path__startswith=unit.path
    ).values_list("unit__path", "status", "rank")
    for path, status, rank in orgs:
        for t in (branches.get(path[:depth], own), total):
            if rank:
                t["org_ranks"][rank] += 1
            if status in (Step.PENDING, Step.SELF_REVIEWED):
                t["missing"] += 1

    def one(t):
        return _tally(t["unit"], t["steps"], t["ranks"], t["org_ranks"], t["missing"])

    rows = [
        one(t) for t in branches.values() if t["steps"].total() or t["org_ranks"] or t["missing"]
    ]
    if own["steps"].total():
        rows.insert(0, one(own))
    rule_set = evaluation_round.rule_set
    quotas = [
        (
            str(Group(group).label),
            by_rank["htt"],
            by_rank["htxs"],
            quota_allowed(rule_set, by_rank["htt"], by_rank.total(), evaluation_round.outstanding),
        )
        for group, by_rank in sorted(groups.items())
    ]
    return one(total), rows, quotas


def assert_live() -> None:
    assert counts.stored_rows() == counts.live_rows()
    for evaluation_round in Round.objects.select_related("rule_set"):
        for unit in Unit.objects.all():
            page = queries.overview(evaluation_round, unit, None)
            assert shown(page) == live_overview(evaluation_round, unit), (evaluation_round, unit)


def with_user(person):
    person.user = UserFactory()
    person.save(update_fields=["user"])
    return person


@pytest.fixture
def members(world, colleague, non_member):
    """person_a (with the member persona), person_b, a colleague in group A1 and a leader in
    cell B, each able to sign in and write their own review."""
    leader = PersonFactory(unit=world.cell_b, full_name="Đỗ Văn Lâm", job_title="Giám đốc")
    for person in (world.person_b, colleague, leader):
        with_user(person)
    return [world.person_a, colleague, world.person_b, leader]


def review_of(evaluation_round, person) -> MemberReview:
    return MemberReview.objects.select_related("person__user").get(
        round=evaluation_round, person=person
    )


def test_service_calls_keep_the_counts(world, members):
    evaluation_round = services.round_open(by=world.office, unit=world.committee, year=2025)
    assert RoundUnitCount.objects.filter(round=evaluation_round).exists()
    assert_live()
    a, colleague, b, leader = (review_of(evaluation_round, p) for p in members)
    for review, data in ((a, GOOD), (colleague, {**EXCELLENT, "group": "outside"}), (b, GOOD)):
        services.self_review(
            by=review.person.user, review=review, version=None, **{**data, "self_rank": "htt"}
        )
        assert_live()
    services.self_review(
        by=leader.person.user, review=leader, version=None, **{**GOOD, "group": "leader"}
    )
    assert_live()
    for review, rank in ((a, "htt"), (colleague, "htxs"), (b, "ht"), (leader, "htt")):
        services.member_meeting(
            by=world.office,
            review=review,
            version=None,
            comment="Chi bộ nhất trí.",
            proposed_rank=rank,
        )
        assert_live()
        services.member_decide(by=world.office, review=review, version=None, rank=rank)
        assert_live()
    # A decision changed before the announcement moves the rank, not the step.
    services.member_decide(by=world.office, review=b, version=None, rank="kht")
    assert_live()
    # A refusal writes nothing, the figures included.
    with pytest.raises(PermissionDenied):
        services.member_decide(by=world.secretary, review=a, version=None, rank="ht")
    assert_live()
    for cell, secretary in ((world.cell_a, world.secretary), (world.cell_b, world.other_secretary)):
        org = OrgReview.objects.get(round=evaluation_round, unit=cell)
        services.org_report(by=secretary, review=org, version=None, proposed_rank="htt", **ORG_GOOD)
        assert_live()
        services.org_decide(by=world.office, review=org, version=None, rank="htt")
        assert_live()
    top = OrgReview.objects.get(round=evaluation_round, unit=world.committee)
    services.org_report(by=world.office, review=top, version=None, proposed_rank="ht", **ORG_GOOD)
    assert_live()
    # The committee's own rank is decided above it (no grant here): set, then announce.
    OrgReview.objects.filter(pk=top.pk).update(status=Step.DECIDED, rank="ht")
    counts.rebuild([evaluation_round])
    services.round_announce(by=world.office, evaluation_round=evaluation_round, version=None)
    assert set(
        RoundUnitCount.objects.filter(round=evaluation_round).values_list(
            "members_decided", "org_decided"
        )
    ) == {(0, 0)}
    assert_live()
    complaint = services.complaint_lodge(
        by=world.member,
        review=review_of(evaluation_round, world.person_a),
        kind="complaint",
        text="Đề nghị xem xét lại.",
    )
    assert_live()
    services.complaint_decide(
        by=world.office,
        complaint=complaint,
        version=None,
        accept=True,
        answer="Xếp lại.",
        new_rank="ht",
    )
    assert review_of(evaluation_round, world.person_a).rank == "ht"
    assert_live()
    # A second round of the same committee keeps its own rows.
    services.round_open(by=world.office, unit=world.committee, year=2025, period="ad_hoc")
    assert_live()


def test_the_overview_reads_the_stored_rows(world, members, django_assert_num_queries):
    evaluation_round = services.round_open(by=world.office, unit=world.committee, year=2025)
    # Two queries whatever the round's size: the children, the stored rows summed per child.
    with django_assert_num_queries(2):
        page = queries.overview(evaluation_round, world.committee, None)
    assert page.total.members == 4
    # The stored rows, not the reviews, are what the page reads: a stale row shows.
    RoundUnitCount.objects.filter(round=evaluation_round, unit=world.cell_b).update(
        members_pending=40
    )
    assert queries.overview(evaluation_round, world.committee, None).total.members == 42
    call_command("rebuild_aggregates", stdout=io.StringIO())
    assert_live()


def test_rebuild_repairs_bulk_writes(world, members):
    evaluation_round = services.round_open(by=world.office, unit=world.committee, year=2025)
    MemberReview.objects.filter(round=evaluation_round, person=world.person_b).update(
        status=Step.DECIDED, rank="htxs", group="leader"
    )
    OrgReview.objects.filter(round=evaluation_round, unit=world.cell_a).update(
        status=Step.DECIDED, rank="htt"
    )
    assert counts.stored_rows() != counts.live_rows()
    assert counts.rebuild([evaluation_round]) == 3  # committee, cell A, cell B
    assert_live()


operation = st.tuples(
    st.sampled_from(["member", "member", "member", "org", "org", "announce"]),
    st.integers(0, 3),  # member (or organisation: cell A, cell B, the committee, cell A)
    st.sampled_from(["htxs", "htt", "ht", "kht"]),
    st.sampled_from(Group.values),
    st.booleans(),  # excellent scores, or good ones; or the same step again
)


def test_random_service_calls_keep_the_counts(world, members):
    """Each call takes a member's or an organisation's review one step on (or does its step
    again: a rewritten self-review, a changed decision), with a random rank, group and
    scores; the rules and the order refuse some, which then write nothing."""
    rounds = [
        services.round_open(by=world.office, unit=world.committee, year=2025),
        services.round_open(by=world.office, unit=world.committee, year=2025, period="ad_hoc"),
    ]
    orgs = [world.cell_a, world.cell_b, world.committee]
    secretaries = {world.cell_a.pk: world.secretary, world.cell_b.pk: world.other_secretary}

    def call(evaluation_round, kind, i, rank, group, flag) -> str:
        if kind == "member":
            review = review_of(evaluation_round, members[i])
            if review.status == Step.PENDING or (review.status == Step.SELF_REVIEWED and flag):
                data = {**(EXCELLENT if flag else GOOD), "group": group, "self_rank": rank}
                services.self_review(by=review.person.user, review=review, version=None, **data)
                return "self"
            if review.status == Step.SELF_REVIEWED or (
                review.status == Step.CELL_REVIEWED and flag
            ):
                services.member_meeting(
                    by=world.office,
                    review=review,
                    version=None,
                    comment="Nhất trí.",
                    proposed_rank=rank,
                )
                return "meet"
            services.member_decide(by=world.office, review=review, version=None, rank=rank)
            return "decide"
        if kind == "org":
            unit = orgs[i] if i < 3 else world.cell_a
            org = OrgReview.objects.get(round=evaluation_round, unit=unit)
            if org.status == Step.PENDING or (org.status == Step.SELF_REVIEWED and flag):
                by = secretaries.get(unit.pk, world.office)
                data = {**ORG_GOOD, **({"results_score": Decimal(67)} if flag else {})}
                services.org_report(by=by, review=org, version=None, proposed_rank=rank, **data)
                return "report"
            services.org_decide(by=world.office, review=org, version=None, rank=rank)
            return "org_decide"
        services.round_announce(by=world.office, evaluation_round=evaluation_round, version=None)
        return "announce"

    @hypothesis_settings(
        max_examples=30,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
        deadline=None,
    )
    @given(st.lists(st.tuples(st.integers(0, 1), operation), max_size=10))
    def run(ops):
        for r, (kind, i, rank, group, flag) in ops:
            # Refused (out of order, a rank the rules forbid): nothing written.
            with contextlib.suppress(ValidationError, PermissionDenied):
                done[call(rounds[r], kind, i, rank, group, flag)] += 1
        assert_live()

    done: Counter = Counter()
    run()
    # The calls reached every kind of write (the examples are derandomised).
    assert {"self", "meet", "decide", "report", "org_decide"} <= set(done), done
