"""What reviewers do: approve or return registrations, evaluate commitments, and record a
person's result for the year from the ranking scheme's suggestion and quotas.
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.programs.models import (
    COUNTING,
    RANK_ORDER,
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    ProgramYear,
    QuotaMode,
    Rank,
    RankingScheme,
    YearEvaluation,
    YearStatus,
)
from lamtheo.programs.services.checks import _can_review
from lamtheo.programs.services.registrations import _locked, _save

S = CommitmentStatus


@transaction.atomic
def commitment_approve(
    *, by, commitment: Commitment, version: int | None, comment: str = ""
) -> Commitment:
    commitment = _locked(commitment, version)
    if not _can_review(by, commitment):
        raise PermissionDenied
    if commitment.status != S.SUBMITTED:
        raise ValidationError(_("Only a commitment waiting for approval can be approved."))
    commitment.status = S.APPROVED
    commitment.approved_at = timezone.now()
    commitment.review_comment = comment.strip()
    return _save(commitment, by, "approved", comment=comment.strip())


@transaction.atomic
def commitment_return(
    *, by, commitment: Commitment, version: int | None, comment: str
) -> Commitment:
    commitment = _locked(commitment, version)
    if not _can_review(by, commitment):
        raise PermissionDenied
    if commitment.status != S.SUBMITTED:
        raise ValidationError(_("Only a commitment waiting for approval can be returned."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should change.")})
    commitment.status = S.RETURNED
    commitment.review_comment = comment.strip()
    return _save(commitment, by, "returned", comment=comment.strip())


def commitments_approve_many(*, by, commitments) -> tuple[int, list[str]]:
    """Approve each commitment that the user may approve; returns (approved, problems)."""
    approved, problems = 0, []
    for commitment in commitments:
        try:
            commitment_approve(by=by, commitment=commitment, version=None)
        except (ValidationError, PermissionDenied) as exc:
            message = " ".join(getattr(exc, "messages", [])) or _("not allowed")
            problems.append(f"{commitment}: {message}")
        else:
            approved += 1
    return approved, problems


@transaction.atomic
def commitment_evaluate(
    *,
    by,
    commitment: Commitment,
    version: int | None,
    rank: str,
    score: Decimal | None = None,
    exceeded: bool = False,
    comment: str = "",
) -> Commitment:
    commitment = _locked(commitment, version)
    if not _can_review(by, commitment):
        raise PermissionDenied
    if commitment.status not in (S.APPROVED, S.SELF_ASSESSED, S.EVALUATED):
        raise ValidationError(_("Only an approved commitment can be evaluated."))
    if commitment.year.status not in (YearStatus.OPEN, YearStatus.EVALUATING):
        raise ValidationError(_("Evaluation is not open for %(y)s.") % {"y": commitment.year.year})
    if rank not in Rank.values:
        raise ValidationError({"rank": _("Choose a result.")})
    commitment.rank = rank
    commitment.score = score
    commitment.exceeded = exceeded
    commitment.evaluation_comment = comment.strip()
    commitment.status = S.EVALUATED
    commitment.evaluated_at = timezone.now()
    commitment.evaluated_by = by
    commitment.full_clean(exclude=["copied_from"])
    return _save(commitment, by, "evaluated", comment=comment.strip())


# -- the year's result of a person -----------------------------------------------------------


def suggest(year: ProgramYear, person) -> dict:
    """What the person's evaluated commitments suggest: score, share exceeded and rank."""
    return suggest_many(year, [person])[person.pk]


def rank_for(
    scheme: RankingScheme, score, exceeded_share: int, has_discipline: bool, commitment_ranks=()
) -> str:
    """The rank the scheme gives; without scores, the lowest rank among the commitments."""
    if scheme.uses_scores and score is not None:
        if score >= scheme.excellent_min:
            excellent_ok = exceeded_share >= scheme.excellent_exceeded_share and not (
                has_discipline and scheme.excellent_requires_no_discipline
            )
            return Rank.HTXS if excellent_ok else Rank.HTT
        if score >= scheme.good_min:
            return Rank.HTT
        if score >= scheme.fulfilled_min:
            return Rank.HT
        return Rank.KHT
    ranks = [r for r in commitment_ranks if r]
    if not ranks:
        return ""
    return max(ranks, key=RANK_ORDER.index)


def quota_problems(year: ProgramYear, unit, person_id: int, rank: str) -> list[tuple[str, str]]:
    """(mode, message) for each quota the unit would break if `person_id` got `rank`."""
    counts = dict(
        YearEvaluation.objects.filter(year=year, unit=unit)
        .exclude(person_id=person_id)
        .values_list("rank")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts[rank] = counts.get(rank, 0) + 1
    total = sum(counts.values())
    problems = []
    for rule in year.scheme.quotas.all():
        base = counts.get(rule.base_rank, 0) if rule.base_rank else total
        allowed = math.floor(base * rule.max_percent / 100)
        if counts.get(rule.rank, 0) > allowed and rank == rule.rank:
            of = rule.get_base_rank_display() if rule.base_rank else _("everyone evaluated")
            problems.append(
                (
                    rule.mode,
                    _(
                        "%(unit)s would have %(n)s ranked %(rank)s, more than %(p)s%% of %(of)s "
                        "(%(base)s): at most %(allowed)s."
                    )
                    % {
                        "unit": unit.name,
                        "n": counts.get(rule.rank, 0),
                        "rank": rule.get_rank_display(),
                        "p": rule.max_percent,
                        "of": of,
                        "base": base,
                        "allowed": allowed,
                    },
                )
            )
    return problems


@transaction.atomic
def year_evaluate(
    *,
    by,
    year: ProgramYear,
    person,
    rank: str = "",
    score: Decimal | None = None,
    has_discipline: bool = False,
    comment: str = "",
) -> YearEvaluation:
    """Record a person's result for the year. An empty rank takes the suggested one."""
    year = ProgramYear.objects.select_for_update().get(pk=year.pk)
    if year.is_locked:
        raise ValidationError(
            _("The year %(y)s is closed and can no longer change.") % {"y": year.year}
        )
    if year.status not in (YearStatus.OPEN, YearStatus.EVALUATING):
        raise ValidationError(_("Evaluation is not open for %(y)s.") % {"y": year.year})
    probe = Commitment(kind=CommitmentKind.PERSONAL, person=person, unit=person.unit, year=year)
    if not _can_review(by, probe):
        raise PermissionDenied
    suggestion = suggest(year, person)
    score = suggestion["score"] if score is None else score
    if not rank:
        rank = rank_for(
            year.scheme,
            score,
            suggestion["exceeded_share"],
            has_discipline,
            Commitment.objects.filter(year=year, person=person, status=S.EVALUATED).values_list(
                "rank", flat=True
            ),
        )
    if rank not in Rank.values:
        raise ValidationError({"rank": _("Choose a result: no commitment has been evaluated yet.")})
    if rank == Rank.HTXS and has_discipline and year.scheme.excellent_requires_no_discipline:
        raise ValidationError({"rank": _("A person disciplined this year cannot be ranked HTXS.")})
    problems = quota_problems(year, person.unit, person.pk, rank)
    blocking = [message for mode, message in problems if mode == QuotaMode.BLOCK]
    if blocking:
        raise ValidationError({"rank": blocking})
    evaluation, _created = YearEvaluation.objects.update_or_create(
        year=year,
        person=person,
        defaults={
            "unit": person.unit,
            "score": score,
            "exceeded_share": suggestion["exceeded_share"],
            "has_discipline": has_discipline,
            "rank": rank,
            "comment": comment.strip(),
            "quota_warning": " ".join(message for _mode, message in problems)[:255],
            "evaluated_by": by,
        },
    )
    return evaluation


def suggestion_from(scheme: RankingScheme, commitments) -> dict:
    """`suggest` as a pure function of a person's counting commitments of the year, given as
    (status, rank, score, exceeded) tuples: the same score, share exceeded and rank."""
    evaluated = [(r, s, e) for status, r, s, e in commitments if status == S.EVALUATED]
    counting = len(commitments)
    scores = [s for _r, s, _e in evaluated if s is not None]
    score = (sum(scores) / len(scores)).quantize(Decimal("0.01")) if scores else None
    exceeded_share = round(100 * sum(1 for *_x, e in evaluated if e) / counting) if counting else 0
    return {
        "score": score,
        "exceeded_share": exceeded_share,
        "rank": rank_for(scheme, score, exceeded_share, False, [r for r, *_x in evaluated]),
        "evaluated": len(evaluated),
        "counting": counting,
    }


def suggest_many(year: ProgramYear, people) -> dict[int, dict]:
    """`suggest` for many people with one query (plus the scheme): {person id: suggestion}."""
    ids = [getattr(person, "pk", person) for person in people]
    rows: dict[int, list] = {pk: [] for pk in ids}
    if ids:
        for person_id, *row in Commitment.objects.filter(
            year=year, person_id__in=ids, status__in=COUNTING
        ).values_list("person_id", "status", "rank", "score", "exceeded"):
            rows[person_id].append(tuple(row))
    scheme = year.scheme
    return {pk: suggestion_from(scheme, rows[pk]) for pk in ids}
