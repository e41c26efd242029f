"""A member on a phone registers this year's commitment, submits it and sees it waiting.

Labels are looked up through gettext: they read in Vietnamese ("Chờ duyệt") once the
programme pages' messages are in the compiled catalogue, and in the msgid before that.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.translation import gettext
from playwright.sync_api import expect

from lamtheo.programs import services
from lamtheo.programs.models import Commitment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_member_registers_and_submits_on_a_phone(world, sign_in, live_server):
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

    page = sign_in("dangvien")
    page.goto(f"{live_server.url}/registrations/")
    expect(page.get_by_text("Học tập và làm theo Bác về ý chí tự lực, tự cường")).to_be_visible()
    page.get_by_role("link", name=gettext("Register a commitment to follow Uncle Ho")).click()
    page.get_by_label(gettext("Area")).select_option("work_style")
    page.get_by_label(gettext("What I will do")).fill(
        "Đổi mới lề lối làm việc: trả lời mọi phản ánh của khách hàng trong 24 giờ"
    )
    page.get_by_label(gettext("Measurable result")).fill("100% phản ánh được trả lời đúng hạn")
    page.get_by_role("button", name=gettext("Save and submit")).click()

    page.wait_for_url(f"{live_server.url}/registrations/")
    expect(page.get_by_text(gettext("Waiting for approval")).first).to_be_visible()
    expect(page.get_by_text("trả lời mọi phản ánh của khách hàng")).to_be_visible()
    commitment = Commitment.objects.get(year=year)
    assert commitment.status == "submitted" and commitment.person_id == world.person_a.pk
