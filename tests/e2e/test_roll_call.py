"""A cell secretary on a phone takes the roll of their cell at a committee-wide conference:
two taps mark two people present, each saved as it is tapped (htmx), and the page read again
shows them recorded.

Labels are looked up through gettext: they read in Vietnamese once the study pages' messages
are in the compiled catalogue, and in the msgid before that.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.translation import gettext
from playwright.sync_api import expect

from lamtheo.study import services
from lamtheo.study.models import Attendance
from tests.factories import PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_secretary_marks_two_people_present_on_a_phone(world, sign_in, live_server):
    second = PersonFactory(unit=world.cell_a, full_name="Lê Thị Bình")
    start = timezone.now() + dt.timedelta(minutes=10)
    session = services.session_create(
        by=world.office,
        unit=world.committee,
        title="Hội nghị cán bộ chủ chốt quý IV",
        kind="key_cadre",
        format="hybrid",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    services.audience_set(by=world.office, session=session, units=[world.committee])
    services.session_publish(by=world.office, session=session)

    page = sign_in("bithu")
    page.goto(f"{live_server.url}/study/{session.pk}/")
    page.get_by_role("link", name=gettext("Take the roll")).click()
    page.wait_for_url(f"{live_server.url}/study/{session.pk}/roll-call/")
    rows = page.locator(".list-group-item[id^=roll-]")
    # Only cell A's invitees: Bình before Quang (given names), not Ánh of cell B.
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Lê Thị Bình")
    expect(rows.nth(1)).to_contain_text("Nguyễn Văn Quang")

    for person in (second, world.person_a):
        row = page.locator(f"#roll-{person.pk}")
        label = row.locator(f"label[for=mark-{person.pk}-present]")
        box = label.bounding_box()
        assert box["height"] >= 44  # a comfortable tap target
        label.tap()
        expect(page.locator(f"#roll-{person.pk} [role=status]")).to_be_visible()

    records = dict(Attendance.objects.values_list("person_id", "status"))
    assert records == {second.pk: "present", world.person_a.pk: "present"}
    assert set(Attendance.objects.values_list("recorded_by__username", flat=True)) == {"bithu"}

    page.reload()
    expect(page.locator(f"#mark-{second.pk}-present")).to_be_checked()
    expect(page.locator(f"#mark-{world.person_a.pk}-present")).to_be_checked()
    page.get_by_role("link", name=gettext("Not yet recorded")).click()
    expect(page.locator(".list-group-item[id^=roll-]")).to_have_count(0)
