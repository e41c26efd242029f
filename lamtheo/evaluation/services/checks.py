"""Who may act on a review, and the facts the rules read from one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import can, scope_of
from lamtheo.core.tree import parent_path
from lamtheo.evaluation.models import RuleSet
from lamtheo.evaluation.rules import Facts, Rank, Scoring, check_scores
from lamtheo.org.models import Unit


def rule_set_for(year: int) -> RuleSet:
    """The rule set in force in `year`."""
    for rule_set in RuleSet.objects.order_by("-first_year"):
        if rule_set.first_year <= year and (
            rule_set.last_year is None or year <= rule_set.last_year
        ):
            return rule_set
    raise ValidationError({"year": _("No ranking rules are known for %(y)s.") % {"y": year}})


def can_hold_meeting(user, unit: Unit) -> bool:
    """The chi bộ's (or organisation's) own meeting: "evaluation.meeting" over the unit."""
    return can(user, "evaluation.meeting", unit)


def can_decide(user, unit: Unit) -> bool:
    """The level above decides: "evaluation.decide" over the unit's parent (never over the
    unit alone). The parent is read by path, without a query."""
    above = parent_path(unit.path)
    return bool(above) and scope_of(user).can("evaluation.decide", above)


def facts_of(review, **changes) -> Facts:
    """The facts of a member's or organisation's review, with `changes` applied (a form's
    values not yet saved)."""
    names = (
        "general_score",
        "results_score",
        "general_grade",
        "results_grade",
        "tasks_total",
        "tasks_done",
        "tasks_on_time",
        "tasks_exceeded",
        "shortcomings_fixed",
    )
    values = {name: changes.get(name, getattr(review, name)) for name in names}
    facts = Facts(
        general=values["general_score"],
        results=values["results_score"],
        general_grade=values["general_grade"] or "",
        results_grade=values["results_grade"] or "",
        tasks_total=values["tasks_total"] or 0,
        tasks_done=values["tasks_done"] or 0,
        tasks_on_time=values["tasks_on_time"] or 0,
        tasks_exceeded=values["tasks_exceeded"] or 0,
        shortcomings_fixed=values["shortcomings_fixed"],
    )
    for name in ("discipline", "discipline_duty", "discipline_self_found", "degraded"):
        if hasattr(review, name):
            setattr(facts, name, changes.get(name, getattr(review, name)))
    if hasattr(review, "subordinate_disciplined"):
        facts.subordinate_disciplined = changes.get(
            "subordinate_disciplined", review.subordinate_disciplined
        )
    return facts


def validate_scores(rule_set: RuleSet, facts: Facts) -> None:
    """Scores on the rule set's scale (points or grades), counts consistent; refused in
    Vietnamese otherwise."""
    errors = check_scores(rule_set, facts)
    if rule_set.scoring == Scoring.POINTS:
        for name in ("general", "results"):
            if getattr(facts, name) is None:
                errors.setdefault(f"{name}_score", _("Give the score."))
    else:
        for name in ("general_grade", "results_grade"):
            if not getattr(facts, name):
                errors.setdefault(name, _("Grade this criterion."))
    if errors:
        raise ValidationError(errors)


def refuse_forbidden(verdict, rank: str, field: str = "rank") -> None:
    if not verdict.allows(rank):
        raise ValidationError(
            {
                field: _("The rules do not allow %(rank)s here: at most %(best)s. %(why)s")
                % {
                    "rank": Rank(rank).label,
                    "best": Rank(verdict.best).label,
                    "why": " ".join(str(r) for r in verdict.reasons[:3]),
                }
            }
        )
