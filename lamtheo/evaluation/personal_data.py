"""A person's year-end reviews, for their own-data download (org.own_data)."""

from __future__ import annotations

from lamtheo.evaluation.models import MemberReview
from lamtheo.org.own_data import Section


def personal_data(person) -> Section:
    rows = [
        (
            r.round.year,
            r.round.title,
            r.get_status_display(),
            r.get_rank_display() if r.rank else "",
        )
        for r in MemberReview.objects.filter(person=person)
        .select_related("round")
        .order_by("round__year", "pk")
    ]
    columns = (("Năm", 8), ("Đợt kiểm điểm", 50), ("Bước", 20), ("Xếp loại", 30))
    return Section("year_end_reviews", "Kiểm điểm, xếp loại", columns, rows)
