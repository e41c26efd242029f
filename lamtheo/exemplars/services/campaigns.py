"""Emulation campaigns (phong trào thi đua): launching, opening and summing up a campaign,
units registering their targets, recording activities, and the host assessing results.

Who may act:
- "campaign.change" on the host unit: create, edit, open and close the campaign, assess the
  result of every participating unit.
- "campaign.take_part" on a unit under the host: register that unit's targets and record its
  activities, while the campaign is under way.

Each function checks who may act and from which state, runs in one transaction and raises
ValidationError with a message for the user. The reads the pages share are in
lamtheo.exemplars.campaign_results.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import can, require
from lamtheo.core.text import clean_text
from lamtheo.core.workflow import transition
from lamtheo.exemplars.models import Activity, ActivityKind, Campaign, CampaignEntry
from lamtheo.org.models import Unit

Status = Campaign.Status
SCORE_MAX = Decimal(100)


def clean_lines(value: str | None) -> str:
    """Several lines: each in NFC with single spaces, at most one blank line in a row."""
    kept: list[str] = []
    for line in (value or "").splitlines():
        line = clean_text(line)
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip()


def _locked(campaign: Campaign) -> Campaign:
    return Campaign.objects.select_for_update().select_related("unit").get(pk=campaign.pk)


def _check_dates(starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The campaign ends before it starts.")})


def _summed_up(campaign: Campaign) -> ValidationError:
    return ValidationError(
        _("The campaign “%(title)s” has been summed up and can no longer change.")
        % {"title": campaign.title}
    )


# -- the campaign ----------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    by,
    unit: Unit,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    goals: str = "",
    criteria: str = "",
) -> Campaign:
    """A new campaign hosted by `unit`, as a draft."""
    require(by, "campaign.change", unit)
    if not unit.is_active:
        raise ValidationError(_("The unit %(unit)s is closed.") % {"unit": unit.name})
    _check_dates(starts_on, ends_on)
    campaign = Campaign(
        unit=unit,
        title=clean_text(title),
        starts_on=starts_on,
        ends_on=ends_on,
        goals=clean_lines(goals),
        criteria=clean_lines(criteria),
        created_by=by,
    )
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_update(
    *,
    by,
    campaign: Campaign,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    goals: str = "",
    criteria: str = "",
) -> Campaign:
    require(by, "campaign.change", campaign.unit)
    campaign = _locked(campaign)
    if campaign.status == Status.CLOSED:
        raise _summed_up(campaign)
    _check_dates(starts_on, ends_on)
    campaign.title = clean_text(title)
    campaign.starts_on, campaign.ends_on = starts_on, ends_on
    campaign.goals, campaign.criteria = clean_lines(goals), clean_lines(criteria)
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_open(*, by, campaign: Campaign) -> Campaign:
    """Draft → under way: units can now register their targets and record activities."""
    require(by, "campaign.change", campaign.unit)

    def ready(row: Campaign):
        if not (row.goals and row.criteria):
            raise ValidationError(
                _("Write the goals and the criteria of the campaign before launching it.")
            )
        return []

    return transition(
        Campaign.objects.select_related("unit"),
        pk=campaign.pk,
        by=by,
        to=Status.OPEN,
        action="opened",
        allowed_from=(Status.DRAFT,),
        refused=_("Only a draft campaign can be launched."),
        change=ready,
    )


@transaction.atomic
def campaign_close(*, by, campaign: Campaign) -> Campaign:
    """Under way → summed up: targets, activities and results no longer change."""
    require(by, "campaign.change", campaign.unit)
    return transition(
        Campaign.objects.select_related("unit"),
        pk=campaign.pk,
        by=by,
        to=Status.CLOSED,
        action="closed",
        allowed_from=(Status.OPEN,),
        refused=_("Only a campaign under way can be summed up."),
        change=lambda row: [],
    )


# -- taking part -----------------------------------------------------------------------------


def may_take_part(by, campaign: Campaign, unit: Unit) -> bool:
    """`unit` is under the host, and `by` may act for it."""
    return (
        unit.path.startswith(campaign.unit.path)
        and unit.path != campaign.unit.path
        and (can(by, "campaign.take_part", unit))
    )


def _check_open(campaign: Campaign) -> None:
    if campaign.status == Status.CLOSED:
        raise _summed_up(campaign)
    if campaign.status != Status.OPEN:
        raise ValidationError(_("The campaign has not been launched yet."))


@transaction.atomic
def entry_register(*, by, campaign: Campaign, unit: Unit, targets: str) -> CampaignEntry:
    """`unit` takes part in the campaign with its targets (once per unit)."""
    if not may_take_part(by, campaign, unit):
        raise PermissionDenied
    campaign = _locked(campaign)
    _check_open(campaign)
    if not unit.is_active:
        raise ValidationError({"unit": _("The unit %(unit)s is closed.") % {"unit": unit.name}})
    targets = clean_lines(targets)
    if not targets:
        raise ValidationError({"targets": _("Write the unit's targets.")})
    if CampaignEntry.objects.filter(campaign=campaign, unit=unit).exists():
        raise ValidationError(
            {
                "unit": _("%(unit)s has already registered; change its targets instead.")
                % {"unit": unit.name}
            }
        )
    return CampaignEntry.objects.create(
        campaign=campaign, unit=unit, targets=targets, registered_by=by
    )


def _locked_entry(entry: CampaignEntry) -> CampaignEntry:
    return (
        CampaignEntry.objects.select_for_update(of=("self",))
        .select_related("campaign__unit", "unit")
        .get(pk=entry.pk)
    )


@transaction.atomic
def entry_update(*, by, entry: CampaignEntry, targets: str) -> CampaignEntry:
    if not may_take_part(by, entry.campaign, entry.unit):
        raise PermissionDenied
    entry = _locked_entry(entry)
    _check_open(entry.campaign)
    if entry.assessed_at is not None:
        raise ValidationError(_("The result has been assessed: the targets no longer change."))
    targets = clean_lines(targets)
    if not targets:
        raise ValidationError({"targets": _("Write the unit's targets.")})
    entry.targets = targets
    entry.save(update_fields=["targets", "updated_at"])
    return entry


@transaction.atomic
def activity_record(
    *,
    by,
    entry: CampaignEntry,
    kind: str,
    title: str,
    held_on: dt.date,
    participants: int = 0,
    description: str = "",
) -> Activity:
    """One activity of a participating unit, dated within the campaign."""
    if not may_take_part(by, entry.campaign, entry.unit):
        raise PermissionDenied
    entry = _locked_entry(entry)
    campaign = entry.campaign
    _check_open(campaign)
    if kind not in ActivityKind.values:
        raise ValidationError({"kind": _("Choose the kind of activity.")})
    if not campaign.starts_on <= held_on <= campaign.ends_on:
        raise ValidationError(
            {
                "held_on": _("The campaign runs from %(a)s to %(b)s.")
                % {
                    "a": campaign.starts_on.strftime("%d/%m/%Y"),
                    "b": campaign.ends_on.strftime("%d/%m/%Y"),
                }
            }
        )
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Record an activity once it has taken place.")})
    if participants < 0:
        raise ValidationError({"participants": _("The number of participants is negative.")})
    activity = Activity(
        entry=entry,
        kind=kind,
        title=clean_text(title),
        held_on=held_on,
        participants=participants,
        description=clean_lines(description),
        recorded_by=by,
    )
    activity.full_clean()
    activity.save()
    return activity


# -- results ---------------------------------------------------------------------------------


@transaction.atomic
def entry_assess(
    *, by, entry: CampaignEntry, result: str, score: Decimal | None = None
) -> CampaignEntry:
    """The host's assessment of a unit's result: words, and a score out of 100 if it scores."""
    require(by, "campaign.change", entry.campaign.unit)
    entry = _locked_entry(entry)
    campaign = entry.campaign
    _check_open(campaign)
    result = clean_lines(result)
    if not result:
        raise ValidationError({"result": _("Write the unit's result.")})
    if score is not None and not Decimal(0) <= score <= SCORE_MAX:
        raise ValidationError({"score": _("The score is between 0 and 100.")})
    entry.result = result
    entry.score = score
    entry.assessed_by = by
    entry.assessed_at = timezone.now()
    entry.save(update_fields=["result", "score", "assessed_by", "assessed_at", "updated_at"])
    return entry
