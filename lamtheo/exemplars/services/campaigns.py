"""Emulation campaigns (phong trào thi đua): launching, opening and summing up a campaign,
units registering their targets, recording activities, and the host assessing results.

Who may act:
- "campaign.change" on the host unit: create, edit, open and close the campaign, assess the
  result of every participating unit.
- "campaign.take_part" on a unit under the host: register that unit's targets and record its
  activities, while the campaign is under way.

Each function checks who may act and from which state, runs in one transaction and raises
ValidationError with a message for the user. The reads the pages share (results per unit,
activity counts per kind, the spreadsheet of results) are at the end of this module.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import can, require
from lamtheo.core.text import clean_text
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
    campaign = _locked(campaign)
    if campaign.status != Status.DRAFT:
        raise ValidationError(_("Only a draft campaign can be launched."))
    if not (campaign.goals and campaign.criteria):
        raise ValidationError(
            _("Write the goals and the criteria of the campaign before launching it.")
        )
    campaign.status = Status.OPEN
    campaign.save(update_fields=["status", "updated_at"])
    return campaign


@transaction.atomic
def campaign_close(*, by, campaign: Campaign) -> Campaign:
    """Under way → summed up: targets, activities and results no longer change."""
    require(by, "campaign.change", campaign.unit)
    campaign = _locked(campaign)
    if campaign.status != Status.OPEN:
        raise ValidationError(_("Only a campaign under way can be summed up."))
    campaign.status = Status.CLOSED
    campaign.save(update_fields=["status", "updated_at"])
    return campaign


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


# -- reads the pages share -------------------------------------------------------------------


@dataclass
class KindCount:
    kind: str
    label: str
    activities: int
    participants: int


def kind_counts(activities) -> list[KindCount]:
    """Activities and participants per kind, every kind listed (zero too); one query."""
    rows = {
        row["kind"]: row
        for row in activities.order_by()
        .values("kind")
        .annotate(n=Count("pk"), people=Sum("participants"))
    }
    return [
        KindCount(
            kind=kind.value,
            label=kind.label,
            activities=rows.get(kind.value, {}).get("n", 0),
            participants=rows.get(kind.value, {}).get("people") or 0,
        )
        for kind in ActivityKind
    ]


def entries_for(campaign: Campaign, user):
    """The participating units the user sees, in Vietnamese name order, with activity counts."""
    return (
        CampaignEntry.objects.visible_to(user)
        .filter(campaign=campaign)
        .select_related("unit", "assessed_by")
        .annotate(activity_count=Count("activities"), people=Sum("activities__participants"))
        .order_by("unit__sort_key", "unit__path", "pk")
    )


def activities_for(campaign: Campaign, user):
    """Activities of the participating units the user sees."""
    return Activity.objects.filter(
        entry__in=CampaignEntry.objects.visible_to(user).filter(campaign=campaign)
    )


XLSX_HEADINGS = (
    "STT",
    "Đơn vị",
    "Mã đơn vị",
    "Chỉ tiêu đăng ký",
    "Số hoạt động",
    "Số lượt tham gia",
    "Kết quả",
    "Điểm",
    "Ngày đánh giá",
)
XLSX_WIDTHS = (6, 30, 12, 50, 12, 14, 50, 8, 14)


def results_xlsx(campaign: Campaign, user) -> bytes:
    """The results per unit as a spreadsheet, Vietnamese whatever the interface language.

    Text is made safe from formula injection (lamtheo.programs.exports.neutralise); a fixed
    number of queries."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from lamtheo.programs.exports import neutralise, plain

    entries = list(entries_for(campaign, user))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Kết quả thi đua")
    for index, width in enumerate(XLSX_WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    def cell(value, font=None):
        if isinstance(value, str):
            value = neutralise(plain(value))
        made = WriteOnlyCell(sheet, value=value)
        made.alignment = wrap
        if font is not None:
            made.font = font
        return made

    sheet.append([cell(neutralise(plain(campaign.title)), bold)])
    period = f"{campaign.unit.name} · {campaign.starts_on:%d/%m/%Y} – {campaign.ends_on:%d/%m/%Y}"
    sheet.append([cell(period)])
    sheet.append([])
    sheet.append([cell(text, bold) for text in XLSX_HEADINGS])
    for number, entry in enumerate(entries, 1):
        sheet.append(
            [
                cell(number),
                cell(entry.unit.name),
                cell(entry.unit.code),
                cell(entry.targets),
                cell(entry.activity_count),
                cell(entry.people or 0),
                cell(entry.result),
                cell(float(entry.score) if entry.score is not None else None),
                cell(
                    timezone.localtime(entry.assessed_at).strftime("%d/%m/%Y")
                    if entry.assessed_at
                    else ""
                ),
            ]
        )
    if not entries:
        sheet.append([cell(""), cell("Chưa có đơn vị nào đăng ký tham gia.")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
