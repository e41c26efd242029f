"""The ranking rules of a rule set, as pure functions of declared facts.

A rule set (models.RuleSet) is data: thresholds, shares, the discipline rule, the quota. This
module turns a member's or an organisation's facts into the highest rank the rules allow and
the reasons each higher rank is out; the services refuse a proposal or a decision above it.
Sources are in docs/evaluation.md (EVALUATION.md §1.3, §3, §4); where a rule is assumed the
rule set says so in its `assumptions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Rank(models.TextChoices):
    HTXS = "htxs", gettext_lazy("Excellent (HTXS)")
    HTT = "htt", gettext_lazy("Good (HTT)")
    HT = "ht", gettext_lazy("Fulfilled (HT)")
    KHT = "kht", gettext_lazy("Not fulfilled (KHT)")


# Best first.
ORDER = [Rank.HTXS, Rank.HTT, Rank.HT, Rank.KHT]


def at_most(rank: str, limit: str) -> bool:
    """Whether `rank` is no better than `limit`."""
    return ORDER.index(Rank(rank)) >= ORDER.index(Rank(limit))


class Scoring(models.TextChoices):
    POINTS = "points", gettext_lazy("100 points (30 general + 70 results)")
    GRADES = "grades", gettext_lazy("Graded criteria (excellent, good, average, poor)")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", gettext_lazy("Excellent")
    GOOD = "good", gettext_lazy("Good")
    AVERAGE = "average", gettext_lazy("Average")
    POOR = "poor", gettext_lazy("Poor")


class DisciplineRule(models.TextChoices):
    ANY = "any", gettext_lazy("Any discipline in the year means KHT")
    ANY_UNLESS_SELF_FOUND = (
        "any_unless_self_found",
        gettext_lazy("Any discipline in the year means KHT, unless self-found and remedied"),
    )
    DUTY_REPRIMAND = (
        "duty_reprimand",
        gettext_lazy("Discipline at reprimand or above for a duty violation means KHT"),
    )


class Discipline(models.TextChoices):
    NONE = "", gettext_lazy("None")
    REPRIMAND = "reprimand", gettext_lazy("Reprimand (khiển trách)")
    WARNING = "warning", gettext_lazy("Warning (cảnh cáo)")
    REMOVAL = "removal", gettext_lazy("Removal from post (cách chức)")


@dataclass
class Facts:
    """What the rules look at, for a member or an organisation."""

    general: Decimal | None = None  # out of the rule set's general_max (points)
    results: Decimal | None = None  # out of results_max
    general_grade: str = ""  # graded rule sets
    results_grade: str = ""
    tasks_total: int = 0
    tasks_done: int = 0
    tasks_on_time: int = 0
    tasks_exceeded: int = 0
    shortcomings_fixed: bool = True
    discipline: str = ""
    discipline_duty: bool = False
    discipline_self_found: bool = False
    degraded: bool = False  # suy thoái, or broke "những điều đảng viên không được làm"
    # Organisations: a subordinate unit or a member of the leadership disciplined.
    subordinate_disciplined: bool = False
    # Organisations under a rule set with member-share rules: member ranks counted.
    member_ranks: dict | None = None

    @property
    def total(self) -> Decimal | None:
        if self.general is None or self.results is None:
            return None
        return self.general + self.results

    def share(self, count: int) -> Decimal:
        if not self.tasks_total:
            return Decimal(100)
        return Decimal(100) * count / self.tasks_total


@dataclass
class Verdict:
    """The highest rank the rules allow and why each better one is out."""

    best: str
    reasons: list[str]

    def allows(self, rank: str) -> bool:
        return at_most(rank, self.best)


def check_scores(rule_set, facts: Facts) -> dict[str, str]:
    """Errors for scores outside the rule set's scale (field name -> message)."""
    errors = {}
    for name, top in (("general", rule_set.general_max), ("results", rule_set.results_max)):
        value = getattr(facts, name)
        if value is not None and not 0 <= value <= top:
            errors[f"{name}_score"] = _("The score must be between 0 and %(top)s.") % {"top": top}
    counts = (facts.tasks_done, facts.tasks_on_time, facts.tasks_exceeded)
    if any(n > facts.tasks_total for n in counts) or facts.tasks_on_time > facts.tasks_done:
        errors["tasks_done"] = _(
            "Tasks done, on time and exceeded cannot be more than the tasks (and on time not "
            "more than done)."
        )
    return errors


def _discipline_forces_kht(rule_set, facts: Facts) -> bool:
    if not facts.discipline:
        return False
    if rule_set.discipline_rule == DisciplineRule.ANY:
        return True
    if rule_set.discipline_rule == DisciplineRule.ANY_UNLESS_SELF_FOUND:
        return not facts.discipline_self_found
    return facts.discipline_duty  # reprimand is the lowest level recorded: "or above"


def verdict(rule_set, facts: Facts, *, collective: bool = False) -> Verdict:
    """The best rank `rule_set` allows for `facts` (a member, or with `collective` an
    organisation), with the reasons every better rank is out."""
    reasons: list[str] = []
    # KHT cases first: they decide whatever the score.
    if facts.degraded:
        reasons.append(_("Signs of degradation or a breach of what members must not do: KHT."))
    if not collective and _discipline_forces_kht(rule_set, facts):
        reasons.append(
            _("Disciplined in the year (%(rule)s).")
            % {"rule": rule_set.get_discipline_rule_display()}
        )
    undone = facts.tasks_total - facts.tasks_done
    if (
        rule_set.undone_kht_percent is not None
        and facts.share(undone) > rule_set.undone_kht_percent
    ):
        reasons.append(
            _("More than %(p)s%% of the tasks not done.") % {"p": rule_set.undone_kht_percent}
        )
    if rule_set.scoring == Scoring.POINTS:
        total = facts.total
        if total is not None and total < rule_set.fulfilled_min:
            reasons.append(
                _("%(t)s points, below %(m)s.")
                % {"t": _num(total), "m": _num(rule_set.fulfilled_min)}
            )
    elif Grade.POOR in (facts.general_grade, facts.results_grade):
        reasons.append(_("A criterion graded poor."))
    if reasons:
        return Verdict(Rank.KHT, reasons)
    for rank in (Rank.HTXS, Rank.HTT, Rank.HT):
        missing = _missing_for(rank, rule_set, facts, collective)
        if not missing:
            return Verdict(rank, reasons)
        reasons.extend(missing)
    return Verdict(Rank.KHT, reasons)


def _num(value) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _missing_for(rank: str, rule_set, facts: Facts, collective: bool) -> list[str]:
    """Why `rank` is out ([] when its conditions hold)."""
    label = Rank(rank).label
    missing = []
    if rule_set.scoring == Scoring.POINTS:
        floor = {
            Rank.HTXS: rule_set.excellent_min,
            Rank.HTT: rule_set.good_min,
            Rank.HT: rule_set.fulfilled_min,
        }[rank]
        total = facts.total
        if total is None:
            missing.append(_("%(rank)s: no score yet.") % {"rank": label})
        elif total < floor:
            missing.append(
                _("%(rank)s needs %(m)s points (%(t)s).")
                % {"rank": label, "m": _num(floor), "t": _num(total)}
            )
    else:
        grades = (facts.general_grade, facts.results_grade)
        if rank == Rank.HTXS and not (
            facts.results_grade == Grade.EXCELLENT
            and facts.general_grade in (Grade.EXCELLENT, Grade.GOOD)
        ):
            missing.append(
                _("%(rank)s needs results graded excellent and the other criteria good or better.")
                % {"rank": label}
            )
        if rank == Rank.HTT and not all(g in (Grade.EXCELLENT, Grade.GOOD) for g in grades):
            missing.append(_("%(rank)s needs every criterion good or better.") % {"rank": label})
        if rank == Rank.HT and not all(grades):
            missing.append(_("%(rank)s: the criteria are not graded yet.") % {"rank": label})
    done_all = facts.tasks_done == facts.tasks_total
    if rank in (Rank.HTXS, Rank.HTT) and facts.tasks_on_time < facts.tasks_total:
        missing.append(_("%(rank)s needs every task done on time.") % {"rank": label})
    if rank == Rank.HTXS:
        if (
            rule_set.scoring == Scoring.POINTS
            and facts.share(facts.tasks_exceeded) < rule_set.excellent_exceeded_percent
        ):
            missing.append(
                _("%(rank)s needs at least %(p)s%% of tasks exceeded.")
                % {"rank": label, "p": rule_set.excellent_exceeded_percent}
            )
        if rule_set.excellent_requires_fixed and not facts.shortcomings_fixed:
            missing.append(_("%(rank)s needs every earlier shortcoming fixed.") % {"rank": label})
        if facts.discipline and not collective:
            missing.append(_("%(rank)s: disciplined in the year.") % {"rank": label})
        if collective and facts.subordinate_disciplined:
            missing.append(
                _("%(rank)s: a subordinate unit or a member of the leadership was disciplined.")
                % {"rank": label}
            )
    if rank == Rank.HT:
        late = facts.tasks_done - facts.tasks_on_time
        if not done_all:
            missing.append(_("%(rank)s needs every task done.") % {"rank": label})
        elif facts.share(late) > rule_set.late_max_percent:
            missing.append(
                _("%(rank)s allows at most %(p)s%% of tasks late.")
                % {"rank": label, "p": rule_set.late_max_percent}
            )
    if collective and rule_set.org_member_shares and facts.member_ranks is not None:
        missing.extend(_member_shares(rank, facts.member_ranks, label))
    return missing


def _member_shares(rank: str, counts: dict, label: str) -> list[str]:
    """HD 21 (2019): a chi bộ's HTXS needs every member HT or better and 80 % HTT or better;
    HTT needs every member HT or better and 50 % HTT or better."""
    total = sum(counts.values())
    if not total or rank == Rank.HT:
        return []
    good = counts.get(Rank.HTXS, 0) + counts.get(Rank.HTT, 0)
    need = 80 if rank == Rank.HTXS else 50
    problems = []
    if counts.get(Rank.KHT, 0):
        problems.append(_("%(rank)s: a member is ranked KHT.") % {"rank": label})
    if 100 * good < need * total:
        problems.append(
            _("%(rank)s needs %(p)s%% of members HTT or better.") % {"rank": label, "p": need}
        )
    return problems


def quota_allowed(rule_set, good: int, everyone: int, outstanding: bool) -> int:
    """How many HTXS a group may have: a share of those ranked HTT (or of everyone)."""
    percent = rule_set.quota_outstanding_percent if outstanding else rule_set.quota_percent
    base = good if rule_set.quota_base == Rank.HTT else everyone
    return base * percent // 100
