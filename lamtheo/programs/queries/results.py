"""The year's results of people: quota rules checked per unit, and the rows of the page where
reviewers record each person's result."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from lamtheo.accounts.scoping import scope_of
from lamtheo.org.models import Person
from lamtheo.programs import services
from lamtheo.programs.models import (
    COUNTING,
    ProgramYear,
    QuotaRule,
    Rank,
    RankingScheme,
    YearEvaluation,
    YearStatus,
)
from lamtheo.programs.queries.progress import page_commitments


@dataclass
class QuotaState:
    unit_id: int
    rule: QuotaRule
    count: int
    base: int
    allowed: int

    @property
    def exceeded(self) -> bool:
        return self.count > self.allowed


def quota_overview(year: ProgramYear, unit_ids) -> dict[int, list[QuotaState]]:
    """Each quota rule of the year's scheme checked against the recorded year evaluations of
    each unit (the quotas apply within a unit, as services.quota_problems does); two queries."""
    rules = list(QuotaRule.objects.filter(scheme__year=year).order_by("pk"))
    ids = sorted(set(unit_ids))
    counts: dict[int, dict[str, int]] = {pk: defaultdict(int) for pk in ids}
    rows = (
        YearEvaluation.objects.filter(year=year, unit_id__in=ids)
        .values_list("unit_id", "rank")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for unit_id, rank, n in rows if ids else ():
        counts[unit_id][rank] += n
    result = {}
    for pk in ids:
        total = sum(counts[pk].values())
        states = []
        for rule in rules:
            base = counts[pk][rule.base_rank] if rule.base_rank else total
            allowed = math.floor(base * rule.max_percent / 100)
            states.append(QuotaState(pk, rule, counts[pk][rule.rank], base, allowed))
        result[pk] = states
    return result


# -- the year's result of each person --------------------------------------------------------


def scheme_of(year: ProgramYear) -> RankingScheme:
    # Years made by services.year_create always have a scheme; show Quy định 366 otherwise.
    return getattr(year, "scheme", None) or RankingScheme(year=year)


def result_rows(year: ProgramYear, people: list[Person], user) -> list[dict]:
    """A row per person of one page of people: their counting commitments of the year, the
    rank they suggest, the recorded result, and whether the user may record it (the page
    adds its form as "form"). Two queries: the commitments, the results."""
    scope = scope_of(user)
    ids = [p.pk for p in people]
    commitments = page_commitments(year, ids)
    scheme = scheme_of(year)
    evaluations = {
        e.person_id: e
        for e in YearEvaluation.objects.visible_to(user).filter(year=year, person_id__in=ids)
    }
    open_for_evaluation = year.status in (YearStatus.OPEN, YearStatus.EVALUATING)
    rows = []
    for person in people:
        counting = [c for c in commitments[person.pk] if c["status"] in COUNTING]
        suggestion = services.suggestion_from(
            scheme, [(c["status"], c["rank"], c["score"], c["exceeded"]) for c in counting]
        )
        rows.append(
            {
                "person": person,
                "commitments": counting,
                "suggestion": suggestion,
                "suggested_label": Rank(suggestion["rank"]).label if suggestion["rank"] else "",
                "evaluation": evaluations.get(person.pk),
                "may_evaluate": open_for_evaluation
                and person.user_id != user.pk
                and scope.can("commitment.review", person.unit.path),
                "own": person.user_id == user.pk,
                "form": None,
            }
        )
    return rows
