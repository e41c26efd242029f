"""Issue 16's path on a phone: the inspection committee opens an inspection of cell A and
records a finding; cell A's secretary reports the remediation; the office announces to the
cell; a member reads the notice in the inbox. The numbered papers (the office's register) are
issued through the services between the steps."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from playwright.sync_api import expect

from lamtheo.notify.models import Message, Receipt
from lamtheo.org import register
from lamtheo.oversight import services
from lamtheo.oversight.models import Finding, Inspection

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_inspection_remediation_and_announcement_on_a_phone(world, sign_in, live_server):
    register.record_term(
        by=world.office, unit=world.committee, starts_on=dt.date(2020, 10, 1), symbol="ĐUK"
    )
    page = sign_in("kiemtra")
    page.goto(f"{live_server.url}/inspections/new/?unit={world.committee.pk}")
    page.get_by_label("Tiêu đề").fill("Kiểm tra việc thực hiện Kết luận 01 tại Chi bộ A")
    page.get_by_label("Tổ chức đảng được kiểm tra").select_option(label="Chi bộ A")
    page.get_by_label("Thời kỳ kiểm tra từ").fill("01/01/2023")
    page.get_by_label("Thời kỳ kiểm tra đến").fill("30/04/2023")
    page.get_by_label("Ngày bắt đầu").fill("02/05/2023")
    page.get_by_label("Ngày kết thúc").fill("31/05/2023")
    page.get_by_role("button", name="Tạo cuộc kiểm tra").click()
    page.wait_for_url(f"{live_server.url}/inspections/*/")
    inspection = Inspection.objects.get()
    services.issue_notice(by=world.office, inspection=inspection, on=dt.date(2023, 4, 25))

    page.reload()
    page.get_by_label("Đối tượng").select_option(label="Chi bộ A")
    page.get_by_label("Mức độ").select_option(label="Thiếu sót")
    page.get_by_label("Nội dung phát hiện").fill("Chi bộ chưa duyệt đăng ký đúng hạn.")
    page.get_by_label("Yêu cầu khắc phục").fill("Duyệt đầy đủ các bản đăng ký.")
    page.get_by_label("Thời hạn").fill("31/07/2023")
    page.get_by_role("button", name="Ghi nhận", exact=True).click()
    expect(page.get_by_text("Đã ghi nhận nội dung phát hiện")).to_be_visible()
    finding = Finding.objects.get()
    services.conclude(
        by=world.office, inspection=inspection, on=dt.date(2023, 6, 5), text="Còn hạn chế."
    )

    page.context.clear_cookies()
    page = sign_in("bithu")
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/")
    page.get_by_label("Báo cáo khắc phục").fill("Đã duyệt đủ 12 bản đăng ký.")
    page.get_by_role("button", name="Báo cáo khắc phục").click()
    expect(page.get_by_text("Đã gửi báo cáo khắc phục")).to_be_visible()
    finding.refresh_from_db()
    assert finding.status == "reported"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if folder := os.environ.get("LAMTHEO_DOCS_OUT"):  # to look at the page on a phone
        page.screenshot(path=f"{folder}/inspection-phone.png", full_page=True)

    page.context.clear_cookies()
    page = sign_in("vanphong")
    page.goto(f"{live_server.url}/notify/announce/?unit={world.cell_a.pk}")
    page.get_by_label("Tiêu đề").fill("Kết quả kiểm tra tại Chi bộ A")
    page.get_by_label("Nội dung").fill("Chi bộ A đã khắc phục hạn chế sau kiểm tra.")
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.wait_for_url(f"{live_server.url}/notify/announcements/*/")
    message = Message.objects.get()

    page.context.clear_cookies()
    page = sign_in("dangvien")
    page.goto(f"{live_server.url}/notify/inbox/")
    page.get_by_role("link", name="Kết quả kiểm tra tại Chi bộ A").tap()
    page.wait_for_url(f"{live_server.url}/notify/inbox/{message.pk}/")
    expect(page.get_by_text("Chi bộ A đã khắc phục hạn chế")).to_be_visible()
    assert Receipt.objects.get(person=world.person_a).read_at is not None
