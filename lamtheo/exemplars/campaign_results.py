"""What a campaign's page and its spreadsheet read: the participating units a user sees with
their activity counts, activities and participants per kind, and the results per unit as
XLSX. A fixed number of queries each."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Sum

from lamtheo.core.text import collation_key
from lamtheo.documents.exporters import DATE, INTEGER, NUMBER, Column, ListExporter
from lamtheo.documents.text import slug
from lamtheo.exemplars.models import Activity, ActivityKind, Campaign, CampaignEntry
from lamtheo.org import history
from lamtheo.org.models import UnitPeriod


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


def dated(campaign: Campaign, entries: list[CampaignEntry]) -> list[CampaignEntry]:
    """Once a campaign has ended, its units carry the names they had on its last day (the
    dated tree, org.history), whatever became of them since: one query then, none while it
    runs."""
    day = history.reference_day(campaign.unit, campaign.ends_on)
    if day is None or not entries:
        return entries
    names = dict(
        UnitPeriod.objects.filter(
            history.valid_on(day), unit__in=[e.unit_id for e in entries]
        ).values_list("unit_id", "name")
    )
    for entry in entries:
        entry.unit.name = names.get(entry.unit_id, entry.unit.name)
    return sorted(entries, key=lambda e: (collation_key(e.unit.name), e.unit_id, e.pk))


def dated_name(unit, end) -> str:
    """The unit's name on the reference day of a period ending on `end` (today's while the
    period runs)."""
    day = history.reference_day(unit, end)
    if day is None:
        return unit.name
    found = UnitPeriod.objects.filter(history.valid_on(day), unit=unit).values_list("name")
    return next(iter(found), (unit.name,))[0]


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
            f"{self.host_name()} · {campaign.starts_on:%d/%m/%Y} – {campaign.ends_on:%d/%m/%Y}",
        ]

    def host_name(self) -> str:
        return dated_name(self.campaign.unit, self.campaign.ends_on)

    def rows(self):
        entries = dated(self.campaign, list(entries_for(self.campaign, self.user)))
        for number, entry in enumerate(entries, 1):
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
