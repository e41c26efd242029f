"""The demo's announcements: the committee office asks every unit to take up the Zalo
propaganda model (with a link to its gallery page), and the secretary of the cell of Tạp chí
Nghề nghiệp và Cuộc sống calls the cell's December meeting. The demo's member and secretary
have read them; the others have not, so the read share per unit has something to show.

Written through the notify services, as people would; nothing goes out by email or Zalo unless
those are configured (the demo does not configure them)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from lamtheo.devdata.data.org import ROOT_CODE
from lamtheo.exemplars.models import Exemplar
from lamtheo.notify import services
from lamtheo.notify.models import Message, Receipt
from lamtheo.org.models import Unit

ZALO_MODEL_TITLE = "Tuyên truyền qua nhóm Zalo chi bộ"
COMMITTEE_TITLE = "Nhân rộng mô hình tuyên truyền qua nhóm Zalo chi bộ"
CELL_TITLE = "Sinh hoạt chi bộ thường kỳ tháng 12/2026"
READERS = ("dangvien", "bithu")


def load_notify(site_url: str = "") -> int:
    """The two announcements (none if they are there); returns how many were written."""
    root = Unit.objects.filter(code=ROOT_CODE).first()
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
                "Văn phòng Đảng ủy Khối đề nghị các chi bộ, đảng bộ cơ sở nghiên cứu, vận dụng mô "
                "hình tuyên truyền qua nhóm Zalo chi bộ vào điều kiện của đơn vị mình và báo cáo "
                "kết quả trên hệ thống."
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
    return written
