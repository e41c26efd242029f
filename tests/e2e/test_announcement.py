"""The committee office announces to cell A from a phone, with a PDF attached; the member of
cell A finds it on the home page and reads it in the inbox; the office sees it read."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lamtheo.notify.models import Message, Receipt

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_office_announces_member_reads_on_a_phone(world, sign_in, live_server, page):
    page = sign_in("vanphong")
    page.goto(f"{live_server.url}/notify/announce/?unit={world.cell_a.pk}")
    page.get_by_label("Tiêu đề").fill("Họp chi bộ tháng 12")
    page.get_by_label("Nội dung").fill("Kính mời các đồng chí dự họp lúc 17 giờ thứ Sáu.")
    page.get_by_label("Tệp đính kèm").set_input_files(
        files=[{"name": "ke-hoach.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.wait_for_url(f"{live_server.url}/notify/announcements/*/")
    expect(page.get_by_text("Đã gửi thông báo đến 1 người.")).to_be_visible()
    message = Message.objects.get()
    assert message.attachments.count() == 1

    page.context.clear_cookies()
    page = sign_in("dangvien")
    card = page.locator("#home-inbox").locator("xpath=ancestor::section")
    expect(card).to_contain_text("1 chưa đọc")
    card.get_by_role("link", name="Họp chi bộ tháng 12").tap()
    page.wait_for_url(f"{live_server.url}/notify/inbox/{message.pk}/")
    expect(page.get_by_text("Kính mời các đồng chí dự họp")).to_be_visible()
    expect(page.get_by_role("link", name="ke-hoach.pdf")).to_be_visible()
    assert Receipt.objects.get(person=world.person_a).read_at is not None

    page.context.clear_cookies()
    page = sign_in("vanphong")
    page.goto(f"{live_server.url}/notify/announcements/{message.pk}/")
    expect(page.locator("#reads").locator("xpath=..")).to_contain_text("1 / 1")
