"""The messages a person received, in the app and by email or Zalo, for their own-data
download (org.own_data): what was sent, when, and where it went."""

from __future__ import annotations

from django.utils import timezone

from lamtheo.notify.models import Delivery, Receipt
from lamtheo.org.own_data import Section


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def personal_data(person) -> Section:
    rows = [
        (_when(r.message.created_at), r.message.title, "Trong ứng dụng", "", _when(r.read_at))
        for r in Receipt.objects.filter(person=person)
        .select_related("message")
        .order_by("message__created_at", "pk")
    ]
    # One query for the copies sent outside the app (the second list, in the same sheet).
    rows += [
        (
            _when(d.sent_at or d.message.created_at),
            d.message.title,
            d.get_channel_display(),
            d.address,
            _when(d.seen_at),
        )
        for d in Delivery.objects.filter(person=person)
        .select_related("message")
        .order_by("message__created_at", "pk")
    ]
    columns = (
        ("Thời gian", 18),
        ("Thông báo", 50),
        ("Kênh", 16),
        ("Gửi tới", 30),
        ("Đã xem lúc", 18),
    )
    return Section("messages", "Thông báo đã nhận", columns, rows)
