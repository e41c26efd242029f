"""What a campaign's page and its spreadsheet read: the participating units a user sees with
their activity counts, activities and participants per kind, and the results per unit as
XLSX. A fixed number of queries each."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Sum

from lamtheo.documents.exporters import DATE, INTEGER, NUMBER, Column, ListExporter
from lamtheo.documents.text import slug
from lamtheo.exemplars.models import Activity, ActivityKind, Campaign, CampaignEntry


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
    return Activity.objects.visible_to(user).filter(entry__campaign=campaign)


class ResultsExporter(ListExporter):
    """The results per unit, Vietnamese whatever the interface language; a fixed number of
    queries."""

    title = "Kết quả thi đua"
    columns = (
        Column("STT", 6, INTEGER),
        Column("Đơn vị", 30),
        Column("Mã đơn vị", 12),
        Column("Chỉ tiêu đăng ký", 50),
        Column("Số hoạt động", 12, INTEGER),
        Column("Số lượt tham gia", 14, INTEGER),
        Column("Kết quả", 50),
        Column("Điểm", 8, NUMBER),
        Column("Ngày đánh giá", 14, DATE),
    )
    empty = "Chưa có đơn vị nào đăng ký tham gia."

    def __init__(self, campaign: Campaign, user):
        self.campaign, self.user = campaign, user
        self.identifier = f"ket-qua-thi-dua-{slug(campaign.title)}"

    def preamble(self) -> list[str]:
        campaign = self.campaign
        return [
            campaign.title,
            f"{campaign.unit.name} · {campaign.starts_on:%d/%m/%Y} – {campaign.ends_on:%d/%m/%Y}",
        ]

    def rows(self):
        for number, entry in enumerate(entries_for(self.campaign, self.user), 1):
            yield (
                number,
                entry.unit.name,
                entry.unit.code,
                entry.targets,
                entry.activity_count,
                entry.people or 0,
                entry.result,
                entry.score,
                entry.assessed_at,
            )


def results_xlsx(campaign: Campaign, user) -> bytes:
    return ResultsExporter(campaign, user).xlsx()
