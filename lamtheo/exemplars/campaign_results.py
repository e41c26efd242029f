"""What a campaign's page and its spreadsheet read: the participating units a user sees with
their activity counts, activities and participants per kind, and the results per unit as
XLSX. A fixed number of queries each."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from lamtheo.exemplars.models import Activity, ActivityKind, Campaign, CampaignEntry
from lamtheo.programs.exports import neutralise, plain


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
