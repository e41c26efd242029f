"""Opening a round for a committee's subtree and announcing its results."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import require
from lamtheo.core.tree import STEPLEN, subtree_q
from lamtheo.core.workflow import actor_of, record, transition
from lamtheo.evaluation import counts
from lamtheo.evaluation.models import (
    Group,
    MemberReview,
    MemberReviewEvent,
    OrgReview,
    OrgReviewEvent,
    Period,
    QuotaMode,
    QuotaScope,
    Round,
    RoundStatus,
    Step,
)
from lamtheo.evaluation.rules import Rank, quota_allowed
from lamtheo.evaluation.services.checks import rule_set_for
from lamtheo.org import history
from lamtheo.org.models import Membership, PartyStatus, Person, Position, Unit, UnitKind

CELL_KINDS = (UnitKind.CELL, UnitKind.GRASSROOTS_CELL)
GRASSROOTS_KINDS = (UnitKind.GRASSROOTS_CELL, UnitKind.GRASSROOTS_COMMITTEE)
LEADER_WORDS = ("giám đốc", "trưởng", "phó", "chủ tịch", "bí thư", "chánh", "tổng biên tập")


def _cell_of(unit_path: str, cells: dict[str, Unit], fallback: Unit) -> Unit:
    """The nearest chi bộ at or above the unit (a tổ đảng's members meet in its chi bộ)."""
    path = unit_path
    while path:
        if path in cells:
            return cells[path]
        path = path[:-STEPLEN]
    return fallback


def _members_now(unit: Unit) -> tuple[list[Unit], list[tuple[Person, Unit, str]]]:
    """Today's open units under `unit`, and its current Party members, each with their chi bộ
    and their Party status."""
    units = list(Unit.objects.filter(subtree_q([unit.path]), closed_on__isnull=True))
    cells = {u.path: u for u in units if u.kind in CELL_KINDS}
    by_id = {u.pk: u for u in units}
    people = Person.objects.filter(
        subtree_q([unit.path], prefix="unit__path"),
        left_on__isnull=True,
        party_status__in=(PartyStatus.OFFICIAL, PartyStatus.PROBATIONARY),
    ).only("pk", "unit_id", "job_title", "party_status")
    members = []
    for person in people:
        own = by_id.get(person.unit_id)
        cell = _cell_of(own.path, cells, own) if own is not None else unit
        members.append((person, cell, person.party_status))
    return units, members


def _members_on(unit: Unit, day: dt.date) -> tuple[list[Unit], list[tuple[Person, Unit, str]]]:
    """For a round of a year that has ended (entered later, or after a reorganisation): the
    units under `unit` on the year's last day (the dated tree, org.history), and the Party
    members who were in them that day, each with the chi bộ they belonged to then and their
    status then (dự bị until the day they became chính thức). Those who joined the Party, or
    the unit, after that day are not ranked for that year."""
    periods = list(history.subtree_periods(history.id_path_on(unit, day), day))
    kinds = {p.unit_id: p.kind for p in periods}
    paths = {p.unit_id: p.id_path for p in periods}
    units = list(Unit.objects.filter(pk__in=kinds))
    by_id = {u.pk: u for u in units}

    def cell_of(unit_id: int) -> Unit:
        # The nearest chi bộ at or above the unit on that day (a tổ đảng meets in its chi bộ).
        path = paths[unit_id]
        while path:
            here = int(path[-history.ID_STEP :])
            if kinds.get(here) in CELL_KINDS:
                return by_id[here]
            path = path[: -history.ID_STEP]
        return unit

    people = list(
        history.people_on(history.id_path_on(unit, day), day)
        .filter(
            Q(joined_on__isnull=True) | Q(joined_on__lte=day),
            party_status__in=(PartyStatus.OFFICIAL, PartyStatus.PROBATIONARY),
        )
        .only("pk", "unit_id", "unit_since", "job_title", "party_status", "official_on")
    )
    # The unit each one was in that day: today's, or the past membership that spanned it.
    then = dict(
        Membership.objects.filter(
            Q(started_on__isnull=True) | Q(started_on__lte=day),
            person__in=people,
            ended_on__gt=day,
            unit_id__in=kinds,
        ).values_list("person_id", "unit_id")
    )
    members = []
    for person in people:
        unit_id = then.get(person.pk, person.unit_id)
        if unit_id not in kinds:
            continue
        official = person.official_on is None or person.official_on <= day
        status = person.party_status
        if status == PartyStatus.OFFICIAL and not official:
            status = PartyStatus.PROBATIONARY
        members.append((person, cell_of(unit_id), status))
    return units, members


def guess_group(person: Person, leaders: set[int]) -> str:
    """Leaders (a Party office, or a leading post in the job title) write 2A; the others 2B.
    The member corrects it in their self-review (2C outside the political system)."""
    title = person.job_title.lower()
    if person.pk in leaders or any(word in title for word in LEADER_WORDS):
        return Group.LEADER
    return Group.MEMBER


@transaction.atomic
def round_open(
    *,
    by,
    unit: Unit,
    year: int,
    period: str = Period.YEAR,
    quarter: int | None = None,
    title: str = "",
    outstanding: bool = False,
    rule_set=None,
    closes_on: dt.date | None = None,
) -> Round:
    """A round for the unit's subtree under the rules of `year`: a review for every Party
    member (chính thức, dự bị: nobody else is given a Party rank) in their chi bộ, and one for
    every open chi bộ and đảng bộ. For a year that has ended, the members and units are those
    of its last day (the tree as it was), not today's."""
    require(by, "evaluation.round", unit)
    if period == Period.QUARTER and quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("Choose the quarter (1 to 4).")})
    if period != Period.QUARTER:
        quarter = None
    if closes_on is not None and not year <= closes_on.year <= year + 1:
        raise ValidationError(
            {"closes_on": _("The round must finish in its year or early the next one.")}
        )
    if (
        Round.objects.filter(unit=unit, year=year, period=period, quarter=quarter)
        .exclude(period=Period.AD_HOC)
        .exists()
    ):
        raise ValidationError({"year": _("This unit already has a round for that period.")})
    rule_set = rule_set or rule_set_for(year)
    title = title.strip() or _("Year-end evaluation %(y)s") % {"y": year}
    evaluation_round = Round.objects.create(
        unit=unit,
        rule_set=rule_set,
        year=year,
        period=period,
        quarter=quarter,
        title=title[:255],
        outstanding=outstanding,
        closes_on=closes_on,
        created_by=actor_of(by),
    )
    record(evaluation_round, by=by, action="opened", from_state="")
    day = history.reference_day(unit, dt.date(year, 12, 31))
    if day is None:
        units, members = _members_now(unit)
    else:
        units, members = _members_on(unit, day)
    leaders = set(
        Position.objects.current()
        .filter(person_id__in=[person.pk for person, _cell, _status in members])
        .values_list("person_id", flat=True)
    )
    MemberReview.objects.bulk_create(
        [
            MemberReview(
                round=evaluation_round,
                person=person,
                cell=cell,
                group=guess_group(person, leaders),
                party_status=status,
            )
            for person, cell, status in members
        ],
        batch_size=2000,
    )
    OrgReview.objects.bulk_create(
        [OrgReview(round=evaluation_round, unit=u) for u in units if u.kind != UnitKind.GROUP],
        batch_size=2000,
    )
    counts.rebuild([evaluation_round])  # the reviews were written in bulk
    return evaluation_round


def quota_problem(review: MemberReview, rank: str) -> tuple[str, str] | None:
    """(mode, message) when ranking `review` `rank` would put its quota group over the HTXS
    quota (a share of those ranked HTT), else None."""
    if rank != Rank.HTXS:
        return None
    evaluation_round = review.round
    rule_set = evaluation_round.rule_set
    peers = MemberReview.objects.filter(round=evaluation_round).exclude(pk=review.pk)
    if rule_set.quota_scope == QuotaScope.SIMILAR_ROLES:
        peers = peers.filter(group=review.group)
        where = review.get_group_display()
    else:
        grassroots = _grassroots_of(review.cell)
        peers = peers.filter(subtree_q([grassroots.path], prefix="cell__path"))
        where = grassroots.name
    counts = peers.aggregate(
        excellent=Count("pk", filter=Q(rank=Rank.HTXS)),
        good=Count("pk", filter=Q(rank=Rank.HTT)),
        everyone=Count("pk", filter=~Q(rank="")),
    )
    allowed = quota_allowed(
        rule_set, counts["good"], counts["everyone"] + 1, evaluation_round.outstanding
    )
    if counts["excellent"] + 1 <= allowed:
        return None
    percent = (
        rule_set.quota_outstanding_percent
        if evaluation_round.outstanding
        else rule_set.quota_percent
    )
    message = _(
        "HTXS quota: %(where)s would have %(n)s HTXS for %(good)s HTT, more than %(p)s%% "
        "(at most %(allowed)s)."
    ) % {
        "where": where,
        "n": counts["excellent"] + 1,
        "good": counts["good"],
        "p": percent,
        "allowed": allowed,
    }
    return rule_set.quota_mode, message


def _grassroots_of(unit: Unit) -> Unit:
    paths = [unit.path[:i] for i in range(STEPLEN, len(unit.path) + 1, STEPLEN)]
    above = {u.path: u for u in Unit.objects.filter(path__in=paths, kind__in=GRASSROOTS_KINDS)}
    for path in reversed(paths):
        if path in above:
            return above[path]
    return unit


@transaction.atomic
def round_announce(*, by, evaluation_round: Round, version: int | None) -> Round:
    """Announce a round once every member and organisation has its decided rank; refused,
    with how many are missing, before that."""

    def check(row):
        require(by, "evaluation.round", row.unit)
        undecided = MemberReview.objects.filter(round=row).exclude(status=Step.DECIDED).count()
        orgs = OrgReview.objects.filter(round=row).exclude(status=Step.DECIDED).count()
        if undecided or orgs:
            raise ValidationError(
                _(
                    "Not every rank is decided yet: %(m)s members and %(o)s organisations are "
                    "still missing a step."
                )
                % {"m": undecided, "o": orgs}
            )

    row = transition(
        Round.objects.select_related("unit"),
        pk=evaluation_round.pk,
        version=version,
        by=by,
        to=RoundStatus.ANNOUNCED,
        action="announced",
        allowed_from=(RoundStatus.OPEN,),
        check=check,
        refused=_("This round has already been announced."),
    )
    actor = actor_of(by)
    for model, event in ((MemberReview, MemberReviewEvent), (OrgReview, OrgReviewEvent)):
        ids = list(model.objects.filter(round=row).values_list("pk", flat=True))
        model.objects.filter(pk__in=ids).update(status=Step.ANNOUNCED, version=F("version") + 1)
        event.objects.bulk_create(
            [
                event(
                    review_id=pk,
                    action="announced",
                    from_state=Step.DECIDED,
                    to_state=Step.ANNOUNCED,
                    actor=actor,
                )
                for pk in ids
            ],
            batch_size=2000,
        )
    counts.rebuild([row])  # every review moved to "announced" in bulk
    return row


__all__ = ["QuotaMode", "quota_problem", "round_announce", "round_open"]
