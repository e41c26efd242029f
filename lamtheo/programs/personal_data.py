"""A person's registrations, for their own-data download (org.own_data, PERSONAL_DATA_SOURCES)."""

from __future__ import annotations

from django.utils import timezone

from lamtheo.documents.text import short_date
from lamtheo.org.own_data import Section
from lamtheo.programs.models import Commitment


def personal_data(person) -> Section:
    rows = [
        (
            c.year.year,
            c.get_content_area_display(),
            c.action,
            c.expected_result,
            c.get_status_display(),
            c.get_outcome_display() if c.outcome else "",
            c.evaluation_comment,
            short_date(timezone.localdate(c.submitted_at)) if c.submitted_at else "",
        )
        for c in Commitment.objects.filter(person=person)
        .select_related("year")
        .order_by("year__year", "created_at", "pk")
    ]
    columns = (
        ("Năm", 8),
        ("Lĩnh vực", 24),
        ("Việc đăng ký làm theo", 50),
        ("Kết quả dự kiến", 40),
        ("Trạng thái", 18),
        ("Kết quả thực hiện", 18),
        ("Nhận xét của chi bộ", 40),
        ("Ngày nộp", 12),
    )
    return Section("registrations", "Đăng ký làm theo", columns, rows)
