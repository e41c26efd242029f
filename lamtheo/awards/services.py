"""Commendation's writes: rounds, nominations, the council's votes, the decision and its
awards, revocation. Keyword-only, permission-checked, one transaction each."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import Action, can, require
from lamtheo.awards import eligibility
from lamtheo.awards.models import (
    Award,
    CouncilMember,
    Decision,
    Nomination,
    NominationEvent,
    NominationStatus,
    Quota,
    Round,
    RoundStatus,
    Vote,
    public_record,
)
from lamtheo.core.workflow import actor_of, record
from lamtheo.org import register
from lamtheo.org.issuers import issuer_of
from lamtheo.org.models import DocumentKind, Person, Unit


def _clean(text: str) -> str:
    return " ".join((text or "").split())


@transaction.atomic
def open_round(
    *,
    by,
    unit: Unit,
    title: str,
    kind: str,
    year: int,
    first_year: int | None = None,
    quotas: dict[str, int],
    threshold_percent: int = 50,
    min_participation: int = 80,
) -> Round:
    require(by, Action.AWARD_DECIDE, unit)
    title = _clean(title)
    if not title:
        raise ValidationError(_("Give the round a title."))
    first_year = first_year or year
    if first_year > year:
        raise ValidationError(_("The period cannot start after its last year."))
    quotas = {form: n for form, n in quotas.items() if n}
    if not quotas:
        raise ValidationError(_("Offer at least one form, with its quota."))
    if not 0 <= threshold_percent < 100:
        raise ValidationError(_("The threshold is a percentage under 100."))
    round_ = Round.objects.create(
        unit=unit,
        title=title,
        kind=kind,
        year=year,
        first_year=first_year,
        opened_by=by,
        threshold_percent=threshold_percent,
        min_participation=min_participation,
    )
    Quota.objects.bulk_create(Quota(round=round_, form=f, limit=n) for f, n in quotas.items())
    record(round_, by=by, action="opened", from_state="")
    return round_


def _nominating(round_: Round) -> None:
    if round_.status != RoundStatus.NOMINATING:
        raise ValidationError(_("This round no longer takes nominations."))


@transaction.atomic
def nominate(
    *,
    by,
    round_: Round,
    form: str,
    achievement: str,
    person: Person | None = None,
    unit: Unit | None = None,
) -> Nomination:
    """Nominate a person (their current unit goes with them) or a collective. A hard rule
    refuses with its reasons; soft ones are kept on the nomination as warnings."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _nominating(round_)
    if person is not None:
        unit = person.unit
    if unit is None:
        raise ValidationError(_("Choose a person or a collective."))
    require(by, Action.AWARD_NOMINATE, unit)
    if not unit.path.startswith(round_.unit.path):
        raise ValidationError(
            _("Only people and collectives under the committee can be nominated.")
        )
    achievement = (achievement or "").strip()
    if not achievement:
        raise ValidationError(_("Write the report of achievements."))
    duplicate = round_.nominations.filter(form=form).exclude(status=NominationStatus.WITHDRAWN)
    duplicate = (
        duplicate.filter(person=person)
        if person
        else duplicate.filter(person__isnull=True, unit=unit)
    )
    if duplicate.exists():
        raise ValidationError(_("Already nominated for this form in this round."))
    key = ("p", person.pk) if person else ("u", unit.pk)
    found = eligibility.gather(
        round_, {person.pk} if person else set(), set() if person else {unit.pk}
    )
    verdict = eligibility.judge(round_, form, person=person, unit=unit, evidence=found[key])
    if not verdict.ok:
        raise ValidationError(verdict.refusals)
    # A withdrawn nomination of the same recipient and form is nominated again, not
    # duplicated: the row keeps its history (withdrawn, then nominated anew).
    nomination = (
        round_.nominations.select_for_update()
        .filter(form=form, status=NominationStatus.WITHDRAWN)
        .filter(**({"person": person} if person else {"person__isnull": True, "unit": unit}))
        .first()
    )
    if nomination is None:
        nomination = Nomination.objects.create(
            round=round_,
            form=form,
            person=person,
            unit=unit,
            achievement=achievement,
            warnings=verdict.warnings,
            nominated_by=by,
        )
        record(nomination, by=by, action="nominated", from_state="")
        return nomination
    before = nomination.status
    nomination.unit, nomination.achievement = unit, achievement
    nomination.warnings, nomination.nominated_by = verdict.warnings, by
    nomination.status = NominationStatus.NOMINATED
    nomination.save(update_fields=["unit", "achievement", "warnings", "nominated_by", "status"])
    record(nomination, by=by, action="nominated", from_state=before)
    return nomination


@transaction.atomic
def withdraw(*, by, nomination: Nomination) -> Nomination:
    nomination = (
        Nomination.objects.select_for_update().select_related("round").get(pk=nomination.pk)
    )
    require(by, Action.AWARD_NOMINATE, nomination.unit)
    _nominating(nomination.round)
    if nomination.status != NominationStatus.NOMINATED:
        raise ValidationError(_("Only a nomination waiting for the council can be withdrawn."))
    before = nomination.status
    nomination.status = NominationStatus.WITHDRAWN
    nomination.save(update_fields=["status"])
    record(nomination, by=by, action="withdrawn", from_state=before)
    return nomination


@transaction.atomic
def set_council(*, by, round_: Round, members: list[tuple[str, str]]) -> list[CouncilMember]:
    """The council of the round: (name, office) lines. Replaces the list while no vote is in."""
    require(by, Action.AWARD_DECIDE, round_.unit)
    _nominating(round_)
    members = [(_clean(n), _clean(o)) for n, o in members if _clean(n)]
    if not members:
        raise ValidationError(_("Name the council's members."))
    if Vote.objects.filter(member__round=round_).exists():
        raise ValidationError(_("Votes are recorded: the council can no longer change."))
    round_.council.all().delete()
    made = CouncilMember.objects.bulk_create(
        CouncilMember(round=round_, name=n, office=o) for n, o in members
    )
    record(round_, by=by, action="council", reason=", ".join(n for n, _o in members))
    return made


@transaction.atomic
def record_votes(*, by, round_: Round, votes: dict[tuple[int, int], bool]) -> int:
    """{(nomination id, member id): approve}: each member's vote on each nomination."""
    require(by, Action.AWARD_DECIDE, round_.unit)
    _nominating(round_)
    members = set(round_.council.values_list("pk", flat=True))
    open_ids = set(
        round_.nominations.filter(status=NominationStatus.NOMINATED).values_list("pk", flat=True)
    )
    rows = []
    for (nomination_id, member_id), approve in votes.items():
        if member_id not in members or nomination_id not in open_ids:
            raise ValidationError(_("A vote names a member or a nomination outside this round."))
        rows.append(Vote(nomination_id=nomination_id, member_id=member_id, approve=approve))
    Vote.objects.filter(nomination__round=round_).delete()
    Vote.objects.bulk_create(rows)
    record(round_, by=by, action="voted", reason=str(len(rows)))
    return len(rows)


def passes(votes_for: int, members: int, threshold_percent: int) -> bool:
    """More than `threshold_percent` % of the council's members (more than half by default)."""
    return members > 0 and votes_for * 100 > threshold_percent * members


@transaction.atomic
def close_review(*, by, round_: Round) -> Round:
    """Count each nomination's votes against the threshold: approved or not. Quotas are then
    held: more approvals of a form than its quota are refused, the council must vote again."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    require(by, Action.AWARD_DECIDE, round_.unit)
    _nominating(round_)
    members = round_.council.count()
    if not members:
        raise ValidationError(_("Name the council's members first."))
    nominations = list(round_.nominations.filter(status=NominationStatus.NOMINATED))
    tallies = {n.pk: [0, 0] for n in nominations}
    for nomination_id, approve in Vote.objects.filter(nomination__in=nominations).values_list(
        "nomination_id", "approve"
    ):
        tallies[nomination_id][0 if approve else 1] += 1
    approved: dict[str, int] = {}
    for n in nominations:
        n.votes_for, n.votes_against = tallies[n.pk]
        ok = passes(n.votes_for, members, round_.threshold_percent)
        n.status = NominationStatus.APPROVED if ok else NominationStatus.NOT_APPROVED
        if ok:
            approved[n.form] = approved.get(n.form, 0) + 1
    for quota in round_.quotas.all():
        if approved.get(quota.form, 0) > quota.limit:
            raise ValidationError(
                _("%(n)s approved for “%(form)s”, over its quota of %(limit)s: vote again.")
                % {
                    "n": approved[quota.form],
                    "form": quota.get_form_display(),
                    "limit": quota.limit,
                }
            )
    Nomination.objects.bulk_update(nominations, ["votes_for", "votes_against", "status"])
    # One step per nomination, written in one statement whatever the round's size.
    NominationEvent.objects.bulk_create(
        NominationEvent(
            nomination=n,
            action=n.status,
            from_state=NominationStatus.NOMINATED,
            to_state=n.status,
            reason=f"{n.votes_for}/{members}",
            actor=actor_of(by),
        )
        for n in nominations
    )
    before = round_.status
    round_.status = RoundStatus.REVIEWED
    round_.save(update_fields=["status"])
    record(round_, by=by, action="reviewed", from_state=before)
    Decision.objects.get_or_create(round=round_)
    return round_


@transaction.atomic
def submit(*, by, decision: Decision, on: dt.date) -> Decision:
    """The office's submission (tờ trình) to the standing committee takes its number."""
    decision = (
        Decision.objects.select_for_update().select_related("round__unit").get(pk=decision.pk)
    )
    require(by, Action.AWARD_DECIDE, decision.round.unit)
    if decision.submission_id:
        raise ValidationError(_("The submission already has its number."))
    decision.submission = register.issue(
        by=by,
        body=decision.round.unit,
        kind=DocumentKind.SUBMISSION,
        issued_on=on,
        summary=f"Về việc đề nghị khen thưởng: {decision.round.title}",
    )
    decision.save(update_fields=["submission"])
    record(decision.round, by=by, action="submitted", reason=decision.submission.symbol)
    return decision


@transaction.atomic
def sign(
    *, by, decision: Decision, on: dt.date, signer_name: str, signer_title: str, place: str = ""
) -> Decision:
    """Sign the decision: it takes the next QĐ number of the committee's term, and each
    approved nomination becomes an award with its verification code."""
    decision = (
        Decision.objects.select_for_update().select_related("round__unit").get(pk=decision.pk)
    )
    round_ = decision.round
    require(by, Action.AWARD_DECIDE, round_.unit)
    if decision.is_signed:
        raise ValidationError(_("This decision is already signed."))
    if not decision.submission_id:
        raise ValidationError(_("Submit the submission (tờ trình) first."))
    if on < decision.submission.issued_on:
        raise ValidationError(_("The decision cannot be dated before its submission."))
    signer_name = _clean(signer_name)
    if not signer_name:
        raise ValidationError(_("Name the signer."))
    approved = list(
        round_.nominations.filter(status=NominationStatus.APPROVED).select_related("person", "unit")
    )
    if not approved:
        raise ValidationError(_("The council approved nobody: there is nothing to decide."))
    decision.document = register.issue(
        by=by,
        body=round_.unit,
        kind=DocumentKind.DECISION,
        issued_on=on,
        summary=f"Về việc khen thưởng: {round_.title}",
        signer_name=signer_name,
        signer_title=_clean(signer_title),
    )
    decision.signer_name, decision.signer_title = signer_name, _clean(signer_title)
    decision.place = _clean(place)
    decision.save()
    # The awarding body as the certificates print it: its name on the decision's day.
    issuer, _offices = issuer_of(round_.unit, on=on)
    Award.objects.bulk_create(
        Award(
            decision=decision,
            nomination=n,
            public=public_record(n, decision.document, issuer.issuer_name),
        )
        for n in approved
    )
    before = round_.status
    round_.status = RoundStatus.DECIDED
    round_.save(update_fields=["status"])
    record(round_, by=by, action="signed", from_state=before, reason=decision.document.symbol)
    return decision


@transaction.atomic
def revoke(*, by, award: Award, on: dt.date, reason: str, signer_name: str = "") -> Award:
    """Revocation is a decision too: numbered, with its reason."""
    award = (
        Award.objects.select_for_update(of=("self",))
        .select_related("decision__round__unit", "nomination__person", "nomination__unit")
        .get(pk=award.pk)
    )
    unit = award.decision.round.unit
    require(by, Action.AWARD_DECIDE, unit)
    reason = _clean(reason)
    if not reason:
        raise ValidationError(_("Give the reason for revoking."))
    if award.is_revoked:
        raise ValidationError(_("This award is already revoked."))
    if on < award.decision.document.issued_on:
        raise ValidationError(_("A revocation cannot be dated before the decision."))
    award.revocation = register.issue(
        by=by,
        body=unit,
        kind=DocumentKind.DECISION,
        issued_on=on,
        summary=(
            f"Về việc thu hồi khen thưởng của {award.nomination.recipient_name} "
            f"(Quyết định số {award.decision.document.symbol})"
        ),
        signer_name=_clean(signer_name),
    )
    award.revoked_on = on
    award.revocation_reason = reason[:500]
    award.save(update_fields=["revocation", "revoked_on", "revocation_reason"])
    record(
        award.nomination,
        by=by,
        action="revoked",
        reason=f"{award.revocation.symbol}: {award.revocation_reason}",
    )
    return award


def may_decide(user, round_: Round) -> bool:
    return can(user, Action.AWARD_DECIDE, round_.unit)


def today() -> dt.date:
    return timezone.localdate()
