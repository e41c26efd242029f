"""A person's attendance at study sessions and their self-study, for their own-data download
(org.own_data)."""

from __future__ import annotations

from django.utils import timezone

from lamtheo.org.own_data import Section
from lamtheo.study.models import Attendance, SelfStudy


def personal_data(person) -> Section:
    rows = [
        (
            timezone.localtime(a.session.starts_at).strftime("%d/%m/%Y %H:%M"),
            a.session.title,
            a.get_status_display(),
            a.get_method_display() if a.method else "",
        )
        for a in Attendance.objects.filter(person=person)
        .select_related("session")
        .order_by("session__starts_at", "pk")
    ]
    columns = (
        ("Thời gian", 18),
        ("Buổi học tập, sinh hoạt", 50),
        ("Tham dự", 16),
        ("Cách ghi", 16),
    )
    return Section("attendance", "Tham dự học tập", columns, rows)


def self_study(person) -> Section:
    rows = [
        (f"{s.studied_on:%d/%m/%Y}", s.material, s.minutes or "", s.note)
        for s in SelfStudy.objects.filter(person=person).order_by("studied_on", "pk")
    ]
    columns = (
        ("Ngày", 12),
        ("Tài liệu tự học", 50),
        ("Số phút", 10),
        ("Điều tâm đắc", 60),
    )
    return Section("self_study", "Tự học tập", columns, rows)
