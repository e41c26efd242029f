"""Every rule of each rule set, on the pure rule functions (the services refuse above them)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from lamtheo.evaluation.models import RuleSet
from lamtheo.evaluation.rules import Facts, check_scores, quota_allowed, verdict
from lamtheo.evaluation.rulesets import DEFAULTS, RULE_SETS


def rules(code: str) -> RuleSet:
    data = next(r for r in RULE_SETS if r["code"] == code)
    return RuleSet(**{**DEFAULTS, **data})


QD366, QD124, HD21 = rules("qd366-hd43"), rules("qd124-hd25"), rules("qd132-hd21")


def points(general, results, total=10, done=10, on_time=10, exceeded=3, **kw) -> Facts:
    return Facts(
        general=D(general),
        results=D(results),
        tasks_total=total,
        tasks_done=done,
        tasks_on_time=on_time,
        tasks_exceeded=exceeded,
        **kw,
    )


def graded(general, results, **kw) -> Facts:
    kw.setdefault("tasks_total", 4)
    kw.setdefault("tasks_done", kw["tasks_total"])
    kw.setdefault("tasks_on_time", kw["tasks_done"])
    return Facts(general_grade=general, results_grade=results, **kw)


# -- QĐ 366: thresholds 90 / 70 / 50 ----------------------------------------------------------


@pytest.mark.parametrize(
    "general,results,best",
    [
        (30, 70, "htxs"),
        (27, 63, "htxs"),  # exactly 90
        ("26.99", 63, "htt"),  # 89.99
        (21, 49, "htt"),  # exactly 70
        (20, "49.99", "ht"),
        (15, 35, "ht"),  # exactly 50
        (15, "34.99", "kht"),
        (0, 0, "kht"),
    ],
)
def test_366_thresholds(general, results, best):
    assert verdict(QD366, points(general, results)).best == best


def test_366_htxs_needs_30_percent_exceeded():
    assert verdict(QD366, points(28, 67, exceeded=3)).best == "htxs"  # 30 %
    low = verdict(QD366, points(28, 67, exceeded=2))
    assert low.best == "htt" and any("30%" in r for r in low.reasons)


def test_366_htxs_needs_earlier_shortcomings_fixed():
    assert verdict(QD366, points(28, 67, shortcomings_fixed=False)).best == "htt"


def test_366_htxs_and_htt_need_every_task_on_time_ht_allows_20_percent_late():
    assert verdict(QD366, points(28, 67, on_time=9)).best == "ht"  # 10 % late
    assert verdict(QD366, points(28, 67, on_time=8)).best == "ht"  # 20 % late
    assert verdict(QD366, points(28, 67, on_time=7)).best == "kht"  # 30 % late: no level


def test_366_a_task_not_done_rules_out_ht_and_more_than_half_is_a_kht_case():
    assert verdict(QD366, points(28, 67, done=9, on_time=9)).best == "kht"
    half = verdict(QD366, points(28, 67, done=4, on_time=4))
    assert half.best == "kht" and any("50%" in r for r in half.reasons)


def test_366_discipline_for_a_duty_violation_is_kht_other_discipline_rules_out_htxs():
    duty = verdict(QD366, points(28, 67, discipline="reprimand", discipline_duty=True))
    assert duty.best == "kht"
    other = verdict(QD366, points(28, 67, discipline="reprimand", discipline_duty=False))
    assert other.best == "htt"


def test_366_degradation_is_kht_whatever_the_score():
    assert verdict(QD366, points(30, 70, degraded=True)).best == "kht"


def test_366_scores_off_the_scale_are_refused():
    assert set(check_scores(QD366, points(31, 70))) == {"general_score"}
    assert set(check_scores(QD366, points(30, 71))) == {"results_score"}
    assert set(check_scores(QD366, points(-1, 10))) == {"general_score"}
    assert check_scores(QD366, points(30, 70, total=3, done=4)) != {}
    assert check_scores(QD366, points(30, 70)) == {}


def test_366_collective_htxs_needs_no_subordinate_disciplined():
    assert verdict(QD366, points(28, 67), collective=True).best == "htxs"
    clean = verdict(QD366, points(28, 67, subordinate_disciplined=True), collective=True)
    assert clean.best == "htt"


def test_366_forms_are_hd43s():
    assert (QD366.form_leader, QD366.form_member, QD366.form_outside) == ("2A", "2B", "2C")


# -- QĐ 124: graded, any discipline unless self-found ---------------------------------------


@pytest.mark.parametrize(
    "general,results,best",
    [
        ("excellent", "excellent", "htxs"),
        ("good", "excellent", "htxs"),
        ("excellent", "good", "htt"),
        ("good", "good", "htt"),
        ("average", "good", "ht"),
        ("good", "average", "ht"),
        ("poor", "excellent", "kht"),
        ("good", "poor", "kht"),
    ],
)
def test_124_grades(general, results, best):
    assert verdict(QD124, graded(general, results)).best == best


def test_124_any_discipline_is_kht_unless_self_found_and_remedied():
    assert verdict(QD124, graded("good", "excellent", discipline="reprimand")).best == "kht"
    found = graded("good", "excellent", discipline="reprimand", discipline_self_found=True)
    assert verdict(QD124, found).best == "htt"  # not KHT, but no HTXS in a disciplined year


def test_124_has_no_undone_tasks_kht_case_but_ht_needs_every_task_done():
    assert verdict(QD124, graded("good", "good", tasks_done=3, tasks_on_time=3)).best == "kht"
    assert QD124.undone_kht_percent is None


def test_124_forms_are_the_reverse_of_hd43():
    assert (QD124.form_leader, QD124.form_member) == ("02B", "02A")


# -- HD 21 (2019), assumed for 2021-2022 -----------------------------------------------------


def test_hd21_any_discipline_is_kht_even_self_found():
    facts = graded("good", "excellent", discipline="reprimand", discipline_self_found=True)
    assert verdict(HD21, facts).best == "kht"


def test_hd21_cell_ranks_follow_its_members():
    facts = graded("good", "excellent", member_ranks={"htxs": 1, "htt": 7, "ht": 2})
    assert verdict(HD21, facts, collective=True).best == "htxs"  # 80 % HTT or better
    facts.member_ranks = {"htt": 7, "ht": 3}
    assert verdict(HD21, facts, collective=True).best == "htt"
    facts.member_ranks = {"htt": 9, "kht": 1}
    assert verdict(HD21, facts, collective=True).best == "ht"
    assert verdict(QD124, facts, collective=True).best == "htxs"  # not a rule of 124


# -- quota -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "good,outstanding,allowed", [(4, False, 0), (5, False, 1), (10, False, 2), (8, True, 2)]
)
def test_quota_is_a_share_of_those_ranked_htt(good, outstanding, allowed):
    assert quota_allowed(QD366, good, 100, outstanding) == allowed


def test_quota_of_everyone_when_the_rule_set_says_so():
    everyone = RuleSet(**{**DEFAULTS, **RULE_SETS[2], "quota_base": ""})
    assert quota_allowed(everyone, 0, 10, False) == 2
