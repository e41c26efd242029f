"""On a phone: the office gives cell A's people accounts, prints the slips; a member activates
from the slip's QR link, signs in and registers this year's commitment."""

from __future__ import annotations

import datetime as dt
import re
import time

import docx
import pytest
from django.utils import timezone
from django.utils.translation import gettext
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from lamtheo.org.slips import qr_png
from lamtheo.programs import services
from lamtheo.programs.models import Commitment
from tests.factories import PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "Lam-theo-Bac-2026"


def _open_year(world):
    today = timezone.localdate()
    program = services.program_create(
        by=world.office,
        unit=world.committee,
        name="Thực hiện Kết luận 01-KL/TW",
        start_year=today.year,
        end_year=today.year + 1,
    )
    year = services.year_create(
        by=world.office,
        program=program,
        year=today.year,
        theme="Học tập và làm theo Bác về ý chí tự lực, tự cường",
        registration_opens=today - dt.timedelta(days=10),
        registration_closes=today + dt.timedelta(days=10),
        self_assessment_opens=today + dt.timedelta(days=30),
        self_assessment_closes=today + dt.timedelta(days=60),
        evaluation_deadline=today + dt.timedelta(days=70),
    )
    services.year_advance(by=world.office, year=year)
    return year


def test_office_provisions_member_activates_and_registers(
    world, sign_in, live_server, settings, tmp_path
):
    settings.SITE_URL = live_server.url  # the slip's QR leads to this server
    hoa = PersonFactory(unit=world.cell_a, full_name="Lê Thị Hoa")
    year = _open_year(world)

    page = sign_in("vanphong")
    page.goto(f"{live_server.url}/units/{world.cell_a.pk}/")
    page.get_by_role("link", name=gettext("Give accounts")).click()
    page.get_by_role("button", name="Tạo 1 tài khoản").click()
    expect(page.get_by_text("Đã tạo 1 tài khoản")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name=gettext("Slips (Word)")).click()
    path = tmp_path / "slips.docx"
    download.value.save_as(path)

    slip = docx.Document(str(path))
    text = "\n".join(p.text for cell in slip.tables[0]._cells for p in cell.paragraphs)
    assert "Lê Thị Hoa" in text
    username = re.search(r"Tên đăng nhập: (\S+)", text).group(1)
    code = re.search(r"Mã kích hoạt: (\S+)", text).group(1)
    link = f"{live_server.url}/accounts/activate/?u={username}&c={code}"
    # The QR on the slip is this very link.
    (image,) = [r.target_part.blob for r in slip.part.rels.values() if "image" in r.reltype]
    assert image == qr_png(link).getvalue()

    page.context.clear_cookies()  # the member's own phone
    page.goto(link)  # what scanning the QR opens
    expect(page.get_by_label(gettext("Username"), exact=True)).to_have_value(username)
    page.get_by_label(gettext("New password"), exact=True).fill(PASSWORD)
    page.get_by_label(gettext("New password again"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=gettext("Activate")).click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    expect(
        page.get_by_text(gettext("Your account is ready. Sign in with your new password."))
    ).to_be_visible()

    sign_in(username, PASSWORD)
    page.goto(f"{live_server.url}/registrations/")
    page.get_by_role("link", name=gettext("Register a commitment to follow Uncle Ho")).click()
    page.get_by_label(gettext("Area")).select_option("work_style")
    page.get_by_label(gettext("What I will do")).fill(
        "Trả lời mọi phản ánh của nhân dân trong 24 giờ"
    )
    page.get_by_label(gettext("Measurable result")).fill("100% phản ánh được trả lời đúng hạn")
    page.get_by_role("button", name=gettext("Save and submit")).click()
    page.wait_for_url(f"{live_server.url}/registrations/")
    commitment = Commitment.objects.get(year=year)
    assert commitment.person_id == hoa.pk and commitment.status == "submitted"


def test_reset_by_email_on_a_phone(world, page, live_server, smtp):
    """Forgotten password: the link arrives through a real SMTP server on the loopback."""
    world.person_a.email = "quang@example.vn"
    world.person_a.save()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name=gettext("Forgotten password?")).click()
    page.get_by_label("Email").fill("quang@example.vn")
    page.get_by_role("button", name=gettext("Send the link")).click()
    expect(page.get_by_text(gettext("Check your email"))).to_be_visible()
    (body,) = smtp.bodies_to("quang@example.vn")
    path = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", body).group(1)
    page.goto(f"{live_server.url}{path}")
    page.get_by_label(gettext("New password"), exact=True).fill(PASSWORD)
    page.get_by_label("Xác nhận mật khẩu mới").fill(PASSWORD)
    page.get_by_role("button", name=gettext("Save the password")).click()
    expect(page.get_by_text(gettext("Your password is changed"))).to_be_visible()


def test_office_enrols_a_second_factor_on_a_phone(world, page, live_server, settings):
    settings.TWO_FACTOR_REQUIRED = True
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/accounts/two-factor/?next=/")
    expect(page.get_by_text(gettext("Or type this key in the app:"))).to_be_visible()
    device = TOTPDevice.objects.get(user=world.office, confirmed=False)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label(gettext("Code from the app")).fill(f"{totp.token():06d}")
    page.get_by_role("button", name=gettext("Turn on")).click()
    expect(page.locator("[data-recovery-codes] li")).to_have_count(10)
    page.get_by_role("link", name=gettext("Continue")).click()
    page.goto(f"{live_server.url}/units/")
    assert page.url == f"{live_server.url}/units/"

    # The next sign-in asks for a code after the password.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/accounts/two-factor/verify/?next=/")
    page.goto(f"{live_server.url}/units/")  # nothing without the code
    assert "/accounts/two-factor/verify/" in page.url
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    # The code of the next step: the one used to enrol may not be used twice.
    totp.time = time.time() + device.step
    page.get_by_label(gettext("Code from the app")).fill(f"{totp.token():06d}")
    page.get_by_role("button", name=gettext("Continue")).click()
    page.wait_for_url(f"{live_server.url}/units/")
