"""The committee office signs a commendation decision on a phone, prints its certificates in
the background, and anyone scanning a certificate's QR code sees the award confirmed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lamtheo.awards import services
from lamtheo.awards.models import Award
from tests.awards.conftest import D, round_, term, vote_all  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_print_and_verify_on_a_phone(world, round_, sign_in, live_server, page):  # noqa: F811
    a = services.nominate(
        by=world.secretary,
        round_=round_,
        form="merit",
        person=world.person_a,
        achievement="Hoàn thành xuất sắc nhiệm vụ",
    )
    vote_all(world, round_, {a.pk: 3})
    services.close_review(by=world.office, round_=round_)
    decision = round_.decision
    services.submit(by=world.office, decision=decision, on=D(2023, 3, 10))

    page = sign_in("vanphong")
    page.goto(f"{live_server.url}/awards/decisions/{decision.pk}/")
    page.get_by_label("Ngày ký").fill("14/03/2023")
    page.get_by_label("Người ký", exact=True).fill("Nguyễn Văn Bí")
    page.get_by_role("button", name="Ký và cấp số quyết định").tap()
    expect(page.get_by_text("Đã ký Quyết định số 01-QĐ/ĐUK.")).to_be_visible()
    page.get_by_role("button", name="In tất cả giấy khen").tap()
    # The test settings run tasks inline: the page comes back once the PDF is made.
    expect(page.get_by_role("link", name="Tải tất cả giấy khen (PDF)")).to_be_visible(
        timeout=60_000
    )

    code = Award.objects.get().code
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/xac-minh/{code}/")
    expect(page.get_by_text("Khen thưởng này có hiệu lực.")).to_be_visible()
    expect(page.get_by_text("Nguyễn Văn Quang")).to_be_visible()
    expect(page.get_by_text("01-QĐ/ĐUK, 14/03/2023")).to_be_visible()


def test_a_secretary_finds_the_nominee_by_name(world, round_, sign_in, live_server, page):  # noqa: F811
    page = sign_in("bithu")
    page.goto(f"{live_server.url}/awards/rounds/{round_.pk}/nominate/")
    # Typing searches as one types (htmx), without accents; cell B's people are not offered.
    page.get_by_label("Tìm người theo họ tên").fill("nguyen van q")
    expect(page.get_by_text("Nguyễn Văn Quang")).to_be_visible()
    page.get_by_role("link", name="Nguyễn Văn Quang").tap()
    expect(page.locator(".alert-info")).to_contain_text("Người được đề nghị: Nguyễn Văn Quang")
    page.get_by_label("Báo cáo thành tích").fill("Hoàn thành xuất sắc nhiệm vụ")
    page.get_by_role("button", name="Đề nghị khen thưởng").tap()
    # Nominated (with warnings for the council: no year-end rank is recorded for 2022).
    expect(page.get_by_role("alert").first).to_contain_text("Đã đề nghị")
    assert round_.nominations.get().person == world.person_a
