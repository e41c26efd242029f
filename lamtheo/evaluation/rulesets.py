"""The rule sets the application knows, as data (loaded by migration 0002, kept in step by
`sync_rule_sets`). Sources: EVALUATION.md §1 (QĐ 366, HD 43), §3 (QĐ 124, HD 25; HD 21 of 2019)
and DOMAIN.md §3. What no source gives is in each set's `assumptions`, shown on the pages."""

from __future__ import annotations

from decimal import Decimal

RULE_SETS = [
    {
        "code": "qd132-hd21",
        "name": "Quy định 132-QĐ/TW (2018), Hướng dẫn 21-HD/BTCTW (2019)",
        "basis": (
            "HD 21-HD/BTCTW (2019): KHT if disciplined in the year; HTXS at most 20 % of those "
            "ranked HTT in each grassroots organisation; chi bộ HTXS: every member HT or better "
            "and 80 % HTT or better, HTT: every member HT or better and 50 % HTT or better."
        ),
        "assumptions": (
            "Applied to 2021–2022 as what was in force then (not checked against the texts of "
            "those years). Graded criteria and their link to the ranks are assumed, as for QĐ "
            "124. Form codes 02A/02B/01 assumed from HD 25's numbering."
        ),
        "first_year": 2019,
        "last_year": 2022,
        "scoring": "grades",
        "undone_kht_percent": None,
        "excellent_requires_fixed": False,
        "discipline_rule": "any",
        "quota_scope": "grassroots",
        "org_member_shares": True,
        "form_leader": "02B",
        "form_member": "02A",
        "form_outside": "02A",
    },
    {
        "code": "qd124-hd25",
        "name": "Quy định 124-QĐ/TW (04/10/2023), Hướng dẫn 25-HD/BTCTW (10/11/2023)",
        "basis": (
            "Not scored: criteria graded excellent / good / average / poor. KHT: a criterion "
            "poor, or disciplined in the year unless self-found and remedied (Điều 12 §4.3(d)). "
            "Collective HTXS: no subordinate unit or leadership member disciplined. HTXS at "
            "most 20 % of HTT per group of similar roles. Forms: 02A without a post, 02B "
            "leaders (the reverse of HD 43)."
        ),
        "assumptions": (
            "The individual conditions for HTXS/HTT/HT are not in the sources found: here HTXS "
            "needs results graded excellent and the rest good or better, HTT every criterion "
            "good or better, with every task done on time; HT every task done and at most 20 % "
            "late. Members outside the political system use 02A (no 2C in HD 25 was found)."
        ),
        "first_year": 2023,
        "last_year": 2024,
        "scoring": "grades",
        "undone_kht_percent": None,
        "excellent_requires_fixed": True,
        "discipline_rule": "any_unless_self_found",
        "quota_scope": "similar_roles",
        "org_member_shares": False,
        "form_leader": "02B",
        "form_member": "02A",
        "form_outside": "02A",
    },
    {
        "code": "qd366-hd43",
        "name": "Quy định 366-QĐ/TW (30/8/2025), Hướng dẫn 43-HD/BTCTW (31/10/2025)",
        "basis": (
            "100 points: 30 general criteria + 70 task results. HTXS ≥ 90 with every task done "
            "on time, ≥ 30 % exceeded and every earlier shortcoming fixed; HTT ≥ 70 with every "
            "task on time; HT ≥ 50 with every task done and ≤ 20 % late; KHT below 50, or "
            "disciplined (khiển trách or above) for a duty violation, or degradation, or more "
            "than 50 % of the year's tasks not done. HTXS at most 20 % of HTT (25 % for "
            "outstanding units) per group of similar roles. Forms 2A leaders, 2B without a "
            "post, 2C outside the political system, Mẫu 01 collectives."
        ),
        "assumptions": (
            "Who decides a member's rank (the đảng ủy above the chi bộ) is unverified under "
            "366/HD 43. When no level's conditions hold (for example a task not done but fewer "
            "than half), the member falls to KHT. The split inside the 30 and the 70 is the "
            "province's (HD 43 §7.12) and is not kept here."
        ),
        "first_year": 2025,
        "last_year": None,
        "scoring": "points",
        "undone_kht_percent": 50,
        "excellent_requires_fixed": True,
        "discipline_rule": "duty_reprimand",
        "quota_scope": "similar_roles",
        "org_member_shares": False,
        "form_leader": "2A",
        "form_member": "2B",
        "form_outside": "2C",
    },
]

DEFAULTS = {
    "general_max": 30,
    "results_max": 70,
    "excellent_min": Decimal(90),
    "good_min": Decimal(70),
    "fulfilled_min": Decimal(50),
    "excellent_exceeded_percent": 30,
    "late_max_percent": 20,
    "quota_percent": 20,
    "quota_outstanding_percent": 25,
    "quota_base": "htt",
    "quota_mode": "warn",
    "form_collective": "01",
}


# What every set assumes (the fields `quarter_scores` and `complaint_days` hold the defaults).
COMMON_ASSUMPTIONS = (
    " Quarterly or ad-hoc rounds feed the year (QĐ 366 Điều 15), but no source says how: here "
    "the year's review starts from the quarters' task counts added up and their scores "
    "averaged. A member may complain about an announced rank for 30 days and the level that "
    "decided it answers: no source was found for the window, nor for a complaint form (HD 43's "
    "Mẫu 03 is the re-ranking decision, Mẫu 04 the list of files)."
)


def sync_rule_sets(RuleSet) -> None:
    """Create or update the known rule sets (the model class is passed: migrations give
    their historical one)."""
    for data in RULE_SETS:
        fields = {**DEFAULTS, **data}
        fields["assumptions"] += COMMON_ASSUMPTIONS
        RuleSet.objects.update_or_create(code=fields.pop("code"), defaults=fields)
