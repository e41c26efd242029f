"""The demo's year-end evaluations, one function per year, each under the rules of its year:

- 2021, 2022: QĐ 132-QĐ/TW and HD 21-HD/BTCTW (2019), what applied then; its graded criteria
  and form codes are ASSUMED (the rule set says so, and so does each round's title);
- 2023, 2024: QĐ 124-QĐ/TW and HD 25-HD/BTCTW (graded; forms 02A/02B);
- 2025: QĐ 366-QĐ/TW and HD 43-HD/BTCTW (100 points; forms 2A/2B/2C), run after the 2025
  reform by the committees that took the cells on 01/7/2025 (data.reform.SUCCESSOR), each for
  the cells and members it held on 31/12/2025: the bloc ended on 30/6/2025 and HD 43 §4 has the
  year reviewed before 31/12, so nobody was left in the bloc to run it;
- 2026, the open year (the data's today is 25/11/2026): most members have written their
  self-review, part of the cells have met, a few ranks are decided, some members are late.

Each year ranks the Party members (chính thức, dự bị) that exist when it runs, in their chi bộ,
and every chi bộ and đảng bộ, over the demo's top committee: whatever people and units the
demo has built (another part of the demo may rebuild the years 2021–2026 before this runs).
Members are ranked by the rule engine from facts drawn by a fixed seed: most HTT, some HTXS
within the 20 % quota of each group, a few HT, a few disciplined (two a year), one or two KHT.
Closed years are written in bulk with the rows the services would write (the rules are those
of lamtheo.evaluation.rules); 2026 leaves the steps open for the demo's users. Running it again
adds nothing.

Hooks (devdata/demo/story.py): `load_year(admin, year)` in YEAR_STEPS, after that year's
programme and study, for 2021–2024 (the bloc's rounds) and 2026 (the round of the committee that
took the demo users' cells, data.reform.DN_WARD); `load_after_reform(admin)` in REFORM_STEPS for
2025, once the successors exist.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from lamtheo.accounts.scoping import can
from lamtheo.core.tree import STEPLEN
from lamtheo.devdata.data.org import ROOT_CODE
from lamtheo.devdata.data.reform import DN_WARD, SUCCESSOR
from lamtheo.evaluation import counts, services
from lamtheo.evaluation.models import (
    MemberReview,
    MemberReviewEvent,
    OrgReview,
    OrgReviewEvent,
    QuotaScope,
    Round,
    RoundEvent,
    RoundStatus,
    Step,
)
from lamtheo.evaluation.rules import Rank, Scoring, quota_allowed, verdict
from lamtheo.evaluation.services.checks import facts_of
from lamtheo.org.models import Unit

SEED = 20261125
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
STRENGTHS = (
    "Giữ vững lập trường chính trị, chấp hành nghiêm chủ trương của Đảng; hoàn thành các "
    "nhiệm vụ chuyên môn được giao, tham gia đầy đủ sinh hoạt chi bộ."
)
SHORTCOMINGS = "Có lúc còn chậm cập nhật báo cáo; việc nghiên cứu nghị quyết chưa sâu."
DIRECTION = "Chủ động hơn trong công việc; tiếp tục học tập và làm theo Bác gắn với nhiệm vụ."
COMMENTS = {
    Rank.HTXS: "Nổi bật trong năm, nhiều việc vượt tiến độ; chi bộ thống nhất đề xuất.",
    Rank.HTT: "Hoàn thành đầy đủ, đúng tiến độ các nhiệm vụ; chi bộ thống nhất đề xuất.",
    Rank.HT: "Còn nhiệm vụ chậm tiến độ; cần chủ động hơn.",
    Rank.KHT: "Chưa hoàn thành nhiệm vụ; đề nghị có kế hoạch khắc phục.",
}
ORG_STRENGTHS = (
    "Lãnh đạo đơn vị hoàn thành các chỉ tiêu được giao; giữ nghiêm sinh hoạt chi bộ; gắn "
    "việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh với nhiệm vụ chính trị."
)


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randint(8, 16), rng.randint(0, 59)), TZ)


def _facts(rng: random.Random, rule_set, profile: str) -> dict:
    """Scores or grades and task counts for a member of `profile` (excellent, good, fair, poor)."""
    total = rng.randint(6, 12)
    values = {"tasks_total": total, "tasks_done": total, "tasks_on_time": total}
    values["tasks_exceeded"] = {
        "excellent": -(-total * 4 // 10),
        "good": rng.randint(0, 2),
        "fair": 0,
        "poor": 0,
    }[profile]
    values["shortcomings_fixed"] = profile != "poor"
    if profile == "fair":
        values["tasks_on_time"] = total - 1
    if profile == "poor":
        values["tasks_done"] = values["tasks_on_time"] = total // 3
    if rule_set.scoring == Scoring.POINTS:
        general, results = {
            "excellent": (rng.randint(27, 30), rng.randint(63, 70)),
            "good": (rng.randint(22, 27), rng.randint(50, 62)),
            "fair": (rng.randint(16, 21), rng.randint(36, 47)),
            "poor": (rng.randint(10, 15), rng.randint(20, 30)),
        }[profile]
        values.update(general_score=Decimal(general), results_score=Decimal(results))
    else:
        values.update(
            {
                "excellent": {"general_grade": "good", "results_grade": "excellent"},
                "good": {"general_grade": "good", "results_grade": "good"},
                "fair": {"general_grade": "average", "results_grade": "good"},
                "poor": {"general_grade": "average", "results_grade": "poor"},
            }[profile]
        )
    return values


def _profile(rng: random.Random) -> str:
    return rng.choices(("excellent", "good", "fair", "poor"), (18, 70, 11, 1))[0]


# The committees that took the bloc's cells on 01/7/2025, the users' own first.
SUCCESSORS = sorted(set(SUCCESSOR.values()), key=lambda code: (code != DN_WARD[0], code))


def _open(year: int, admin, title: str = "", code: str | None = None) -> Round | None:
    # The bloc's years (it ended on 30/06/2025); from 2026 the committee of the users' cells.
    code = code or (ROOT_CODE if year < 2025 else DN_WARD[0])
    top = Unit.objects.filter(code=code).first()
    if top is None or Round.objects.filter(unit=top, year=year, period="year").exists():
        return None
    # The demo's office opens the rounds it has a grant for; the wards have no demo users.
    office = get_user_model().objects.filter(username="vanphong").first()
    if office is None or not can(office, "evaluation.round", top):
        office = admin
    return services.round_open(by=office, unit=top, year=year, title=title)


def _draw(evaluation_round: Round, rng: random.Random, disciplined: int = 2):
    """Each member's facts and the best rank the rules give them; `disciplined` of them
    disciplined in the year (for a duty violation, at khiển trách)."""
    rule_set = evaluation_round.rule_set
    reviews = list(
        MemberReview.objects.filter(round=evaluation_round)
        .select_related("person", "cell")
        .order_by("person__code", "pk")
    )
    punished = {r.pk for r in rng.sample(reviews, min(disciplined, len(reviews)))}
    for review in reviews:
        for name, value in _facts(rng, rule_set, _profile(rng)).items():
            setattr(review, name, value)
        if review.pk in punished:
            review.discipline, review.discipline_duty = "reprimand", True
        review.best = verdict(rule_set, facts_of(review)).best
    return reviews


def _within_quota(evaluation_round: Round, reviews) -> None:
    """Give each member the best rank the rules allow, then keep HTXS within the quota of
    their group (similar roles, or the grassroots organisation under HD 21): the extra ones,
    last by code, are decided HTT."""
    rule_set = evaluation_round.rule_set
    scopes = defaultdict(list)
    for review in reviews:
        review.rank = review.best
        if rule_set.quota_scope == QuotaScope.SIMILAR_ROLES:
            key = review.group
        else:
            key = review.cell.path[: 2 * STEPLEN]  # the grassroots level under the committee
        scopes[key].append(review)
    for members in scopes.values():
        good = sum(1 for r in members if r.rank == Rank.HTT)
        excellent = [r for r in members if r.rank == Rank.HTXS]
        while len(excellent) > quota_allowed(rule_set, good, len(members), False):
            excellent.pop().rank = Rank.HTT
            good += 1


REVIEW_FIELDS = [
    "general_score",
    "results_score",
    "general_grade",
    "results_grade",
    "tasks_total",
    "tasks_done",
    "tasks_on_time",
    "tasks_exceeded",
    "shortcomings_fixed",
    "discipline",
    "discipline_duty",
    "strengths",
    "shortcomings",
    "direction",
    "self_rank",
    "proposed_rank",
    "comment",
    "rank",
    "decided_by",
    "status",
    "version",
]
STEPS = [
    ("self_reviewed", Step.PENDING, Step.SELF_REVIEWED, 12, 1),
    ("cell_reviewed", Step.SELF_REVIEWED, Step.CELL_REVIEWED, 12, 10),
    ("decided", Step.CELL_REVIEWED, Step.DECIDED, 12, 18),
    ("announced", Step.DECIDED, Step.ANNOUNCED, 12, 28),
]


def _write(evaluation_round, reviews, upto: dict, office, rng) -> None:
    """Store the reviews at the step `upto[pk]` reaches, with their events dated in the
    round's December (as the services would have written them, one by one)."""
    year = evaluation_round.year
    events = []
    for review in reviews:
        reached = upto[review.pk]
        review.strengths, review.shortcomings, review.direction = STRENGTHS, SHORTCOMINGS, DIRECTION
        review.self_rank = review.best  # the rules refuse more, even to oneself
        review.proposed_rank = review.rank
        review.comment = COMMENTS[review.rank]
        review.decided_by = office
        for action, before, after, month, day in STEPS[:reached]:
            when = dt.date(year, month, min(day + rng.randint(0, 2), 31))
            events.append(
                MemberReviewEvent(
                    review=review,
                    action=action,
                    from_state=before,
                    to_state=after,
                    actor=office if action in ("decided", "announced") else None,
                    at=_at(when, rng),
                )
            )
        review.status = STEPS[reached - 1][2] if reached else Step.PENDING
        review.version = 1 + reached
        if reached < 4:
            review.rank = ""
            review.decided_by = None
        if reached < 2:
            review.proposed_rank, review.comment = "", ""
        if reached < 1:
            review.self_rank = ""
    MemberReview.objects.bulk_update(reviews, REVIEW_FIELDS, batch_size=1000)
    MemberReviewEvent.objects.bulk_create(events, batch_size=2000)


def _rank_orgs(evaluation_round, office, rng, *, closed: bool) -> None:
    """Each chi bộ and đảng bộ: its report and the rank its members' ranks and the rules
    allow (HTXS for about a third of those allowed it)."""
    rule_set = evaluation_round.rule_set
    members = defaultdict(lambda: defaultdict(int))
    disciplined = set()
    for path, rank, discipline in MemberReview.objects.filter(round=evaluation_round).values_list(
        "cell__path", "rank", "discipline"
    ):
        for i in range(STEPLEN, len(path) + 1, STEPLEN):
            if rank:
                members[path[:i]][rank] += 1
            if discipline:
                disciplined.add(path[:i])
    orgs = list(OrgReview.objects.filter(round=evaluation_round).select_related("unit"))
    events = []
    for org in orgs:
        for name, value in _facts(rng, rule_set, rng.choice(("excellent", "good", "good"))).items():
            setattr(org, name, value)
        org.subordinate_disciplined = org.unit.path in disciplined
        facts = facts_of(org)
        facts.member_ranks = dict(members[org.unit.path]) if rule_set.org_member_shares else None
        best = verdict(rule_set, facts, collective=True).best
        if best == Rank.HTXS and rng.random() > 0.35:
            best = Rank.HTT
        org.strengths = ORG_STRENGTHS
        org.proposed_rank = org.self_rank = best
        if closed:
            org.rank, org.status, org.version, org.decided_by = best, Step.ANNOUNCED, 4, office
            steps = [
                ("reported", Step.PENDING, Step.SELF_REVIEWED),
                ("decided", Step.SELF_REVIEWED, Step.DECIDED),
                ("announced", Step.DECIDED, Step.ANNOUNCED),
            ]
        else:
            org.status, org.version = Step.SELF_REVIEWED, 2
            steps = [("reported", Step.PENDING, Step.SELF_REVIEWED)]
        day = dt.date(evaluation_round.year, 11 if not closed else 12, 20)
        events += [
            OrgReviewEvent(
                review=org, action=a, from_state=f, to_state=t, actor=office, at=_at(day, rng)
            )
            for a, f, t in steps
        ]
    fields = [
        *REVIEW_FIELDS[:9],
        "subordinate_disciplined",
        "strengths",
        "proposed_rank",
        "self_rank",
        "rank",
        "status",
        "version",
        "decided_by",
    ]
    OrgReview.objects.bulk_update(orgs, fields, batch_size=1000)
    OrgReviewEvent.objects.bulk_create(events, batch_size=2000)


def _closed_year(
    year: int, admin, title: str = "", code: str | None = None, *, seed: int = 0, disciplined=2
) -> Round | None:
    evaluation_round = _open(year, admin, title, code)
    if evaluation_round is None:
        return None
    rng = random.Random(SEED + year + seed)
    office = evaluation_round.created_by or admin
    reviews = _draw(evaluation_round, rng, disciplined)
    _within_quota(evaluation_round, reviews)
    _write(evaluation_round, reviews, {r.pk: 4 for r in reviews}, office, rng)
    _rank_orgs(evaluation_round, office, rng, closed=True)
    counts.rebuild([evaluation_round])  # the reviews were written in bulk
    Round.objects.filter(pk=evaluation_round.pk).update(status=RoundStatus.ANNOUNCED, version=2)
    RoundEvent.objects.create(
        round=evaluation_round,
        action="announced",
        from_state=RoundStatus.OPEN,
        to_state=RoundStatus.ANNOUNCED,
        actor=office,
        at=_at(dt.date(year, 12, 30), rng),
    )
    return evaluation_round


def evaluate_2021(admin):
    return _closed_year(2021, admin, "Kiểm điểm, xếp loại năm 2021 (theo HD 21-HD/BTCTW, giả định)")


def evaluate_2022(admin):
    return _closed_year(2022, admin, "Kiểm điểm, xếp loại năm 2022 (theo HD 21-HD/BTCTW, giả định)")


def evaluate_2023(admin):
    return _closed_year(2023, admin, "Kiểm điểm, xếp loại năm 2023 (QĐ 124-QĐ/TW)")


def evaluate_2024(admin):
    return _closed_year(2024, admin, "Kiểm điểm, xếp loại năm 2024 (QĐ 124-QĐ/TW)")


def evaluate_2025(admin) -> list[Round]:
    """One round per committee that took the bloc's cells, over what it held on 31/12/2025
    (round_open reads the dated tree of that day); the year's two disciplined members are in
    the users' committee."""
    made = []
    for i, code in enumerate(SUCCESSORS):
        made.append(
            _closed_year(
                2025,
                admin,
                "Kiểm điểm, đánh giá, xếp loại năm 2025 (QĐ 366-QĐ/TW)",
                code,
                seed=i,
                disciplined=2 if i == 0 else 0,
            )
        )
    return [r for r in made if r is not None]


def evaluate_2026(admin):
    """The open year: 60 % have written their self-review, a third of those the cell has
    proposed, a few decided; the others are late. The demo users' own reviews stay to write
    (dangvien) and to propose (bithu's cell)."""
    evaluation_round = _open(2026, admin, "Kiểm điểm, đánh giá, xếp loại năm 2026 (QĐ 366-QĐ/TW)")
    if evaluation_round is None:
        return None
    rng = random.Random(SEED + 2026)
    office = evaluation_round.created_by or admin
    reviews = _draw(evaluation_round, rng)
    _within_quota(evaluation_round, reviews)
    upto = {}
    for review in reviews:
        draw = rng.random()
        upto[review.pk] = 0 if draw < 0.4 else 1 if draw < 0.75 else 2 if draw < 0.93 else 3
        user = review.person.user
        if user is not None and user.username == "dangvien":
            upto[review.pk] = 0
    _write(evaluation_round, reviews, upto, office, rng)
    _rank_orgs(evaluation_round, office, rng, closed=False)
    counts.rebuild([evaluation_round])  # the reviews were written in bulk
    return evaluation_round


YEARS = {
    2021: evaluate_2021,
    2022: evaluate_2022,
    2023: evaluate_2023,
    2024: evaluate_2024,
    2026: evaluate_2026,
}
AFTER_REFORM = 2025


@transaction.atomic
def load_year(admin, year: int) -> Round | None:
    """The year's evaluation round (None when it is there already, and for 2025, which the
    successors run after the reform: load_after_reform)."""
    step = YEARS.get(year)
    return step(admin) if step is not None else None


@transaction.atomic
def load_after_reform(admin) -> list[Round]:
    """2025's rounds, by the committees that took the cells (empty when they are there)."""
    return evaluate_2025(admin)
