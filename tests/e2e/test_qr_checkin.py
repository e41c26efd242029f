"""A conference with a QR code on the screen: a member scans it on a phone, signs in, taps
once and is recorded present; a second scan finds the first record; the screen's count
follows. (The projector screen is read with the test client: the test server's in-memory
SQLite serves one browser at a time.)"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from django.utils import timezone
from django.utils.translation import gettext
from playwright.sync_api import expect

from lamtheo.study import services
from lamtheo.study.models import Attendance

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _screen(client, session) -> tuple[str, str]:
    """The code's URL and the count, as the projector shows them."""
    html = client.get(f"/study/{session.pk}/qr/").content.decode()
    url = unescape(re.search(r'data-qr-url="([^"]+)"', html).group(1))
    count = re.search(r'data-checked-in="(\d+)"', html).group(1)
    return url, count


def test_member_scans_the_code_signs_in_and_is_present(world, client, page, live_server):
    start = timezone.now() - dt.timedelta(minutes=5)
    session = services.session_create(
        by=world.office,
        unit=world.committee,
        title="Hội nghị cán bộ chủ chốt quý IV",
        kind="key_cadre",
        format="in_person",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Hội trường Đảng ủy Khối",
    )
    services.audience_set(by=world.office, session=session, units=[world.committee])
    services.session_publish(by=world.office, session=session)
    client.force_login(world.office, backend="django.contrib.auth.backends.ModelBackend")

    with override_settings(SITE_URL=live_server.url):
        url, count = _screen(client, session)
    assert urlsplit(url).path.startswith("/study/c/") and count == "0"

    page.goto(url)  # what the phone camera opens: the sign-in first
    page.get_by_label("Tên đăng nhập").fill("dangvien")
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(url)
    expect(page.get_by_text("Nguyễn Văn Quang")).to_be_visible()
    page.get_by_role("button", name=gettext("Check in")).tap()
    expect(page.locator("[data-outcome]")).to_have_attribute("data-outcome", "present")

    record = Attendance.objects.get(session=session)
    assert (record.person_id, record.status, record.method) == (world.person_a.pk, "present", "qr")

    page.goto(url)  # a second scan of the same code
    expect(page.locator("[data-outcome]")).to_have_attribute("data-outcome", "already")
    assert Attendance.objects.filter(session=session).count() == 1
    assert _screen(client, session)[1] == "1"
