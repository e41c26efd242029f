"""The demo's announcements (2026, after the reform): the office of the Đảng bộ Doanh nghiệp
phường Đống Đa asks every unit to take up the Zalo propaganda model (with a link to its gallery
page) on 12/11/2026, and the secretary of the cell of Tạp chí Nghề nghiệp và Cuộc sống calls
the cell's December meeting on 24/11/2026. The demo's member and secretary
have read them; the others have not, so the read share per unit has something to show.

Written through the notify services, as people would; nothing goes out by email or Zalo unless
those are configured (the demo does not configure them). The services stamp "now": a last step
dates the messages, their deliveries and the reading back to the story's days."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from lamtheo.devdata.data.reform import DN_WARD
from lamtheo.exemplars.models import Exemplar
from lamtheo.notify import services
from lamtheo.notify.models import Delivery, Message, Receipt
from lamtheo.org.models import Unit

ZALO_MODEL_TITLE = "Tuyên truyền qua nhóm Zalo chi bộ"
COMMITTEE_TITLE = "Nhân rộng mô hình tuyên truyền qua nhóm Zalo chi bộ"
CELL_TITLE = "Sinh hoạt chi bộ thường kỳ tháng 12/2026"
READERS = ("dangvien", "bithu")
# (sent, read by the demo's readers): the story's days, before its "today" (25/11/2026).
DAYS = {
    COMMITTEE_TITLE: (dt.datetime(2026, 11, 12, 9, 30), dt.datetime(2026, 11, 13, 20, 5)),
    CELL_TITLE: (dt.datetime(2026, 11, 24, 16, 10), dt.datetime(2026, 11, 24, 21, 40)),
}


def load_notify(site_url: str = "") -> int:
    """The two announcements (none if they are there); returns how many were written."""
    root = Unit.objects.filter(code=DN_WARD[0]).first()
    if root is None or Message.objects.filter(title=COMMITTEE_TITLE).exists():
        return 0
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["vanphong", *READERS])
    }
    office, secretary = users.get("vanphong"), users.get("bithu")
    if office is None or secretary is None:
        return 0
    written = 0
    with transaction.atomic():
        model = Exemplar.objects.filter(title=ZALO_MODEL_TITLE).first()
        link = (
            f"{site_url.rstrip('/')}{reverse('gallery-exemplar', args=[model.pk])}"
            if model is not None and site_url
            else ""
        )
        services.announce(
            by=office,
            unit=root,
            title=COMMITTEE_TITLE,
            body=(
                "Văn phòng Đảng ủy Doanh nghiệp phường Đống Đa đề nghị các chi bộ nghiên cứu, "
                "vận dụng mô hình tuyên truyền qua nhóm Zalo chi bộ vào điều kiện của đơn vị mình "
                "và báo cáo kết quả trên hệ thống."
            ),
            link=link,
        )
        written += 1
        cell = secretary.grants.filter(role="secretary").select_related("unit").first()
        if cell is not None and cell.unit is not None:
            services.announce(
                by=secretary,
                unit=cell.unit,
                title=CELL_TITLE,
                body="Kính mời các đồng chí đảng viên dự sinh hoạt chi bộ thường kỳ tháng 12/2026.",
            )
            written += 1
        for username in READERS:
            user = users.get(username)
            person = getattr(user, "person", None) if user else None
            if person is None:
                continue
            for receipt in Receipt.objects.filter(person=person):
                services.mark_read(by=user, receipt=receipt)
        _date_back()
    return written


def _date_back() -> None:
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    for title, (sent, read) in DAYS.items():
        sent, read = sent.replace(tzinfo=tz), read.replace(tzinfo=tz)
        message = Message.objects.filter(title=title).first()
        if message is None:
            continue
        Message.objects.filter(pk=message.pk).update(created_at=sent)
        Receipt.objects.filter(message=message, read_at__isnull=False).update(read_at=read)
        Delivery.objects.filter(message=message).update(next_attempt_at=sent)
        Delivery.objects.filter(message=message, sent_at__isnull=False).update(sent_at=sent)
