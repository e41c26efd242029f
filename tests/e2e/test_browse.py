"""A secretary on a phone signs in, browses the tree, searches and opens a record."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.factories import PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_secretary_on_a_phone_finds_a_member(world, sign_in, live_server):
    PersonFactory(unit=world.group_a, full_name="Đinh Thị Hoa")
    page = sign_in("bithu")
    # A cell secretary's home is their cell's dashboard.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chi bộ A")
    # The menu opens from the bar at the bottom of a phone: Tabler's JavaScript must open it.
    page.get_by_role("button", name="Trình đơn").click()
    page.get_by_role("link", name="Đơn vị", exact=True).click()
    expect(page.get_by_role("link", name="Chi bộ A")).to_be_visible()
    # Opening a branch loads its children with htmx (CSP must allow our scripts).
    page.locator("summary").first.click()
    expect(page.get_by_role("link", name="Tổ đảng A1")).to_be_visible()
    page.get_by_role("link", name="Chi bộ A").click()
    page.get_by_placeholder("Tìm theo tên").fill("dinh thi hoa")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name="Đinh Thị Hoa").click()
    expect(page.get_by_role("heading", name="Đinh Thị Hoa")).to_be_visible()
    expect(page.get_by_text("Tổ đảng A1").first).to_be_visible()


def test_wrong_password_says_so_in_vietnamese(world, page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("bithu")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Sai tên đăng nhập hoặc mật khẩu")).to_be_visible()


def test_office_adds_a_person_and_sees_them_sorted(world, sign_in, live_server):
    page = sign_in("vanphong")
    page.goto(f"{live_server.url}/units/{world.cell_b.pk}/people/new/")
    page.get_by_label("Họ và tên").fill("  trần   văn  an ")
    page.get_by_label("Ngày sinh").fill("05/03/1990")
    page.get_by_label("Điện thoại").fill("0912 345 678")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Trần Văn An")).to_be_visible()
    expect(page.get_by_text("0912345678")).to_be_visible()
    page.goto(f"{live_server.url}/units/{world.cell_b.pk}/")
    rows = page.locator("table tbody tr td:first-child")
    expect(rows).to_have_text(["Trần Văn An", "Trần Thị Ánh"])
