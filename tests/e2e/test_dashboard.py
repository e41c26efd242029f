"""The committee's dashboard in Chromium on a phone (390 px) and a desktop (1366 px): nothing
wider than the screen, every chart with data drawn on its canvas, the desktop menu on one line,
the phone's menu opened from the bar at the bottom. LAMTHEO_SHOTS=/some/dir keeps screenshots."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lamtheo.programs import services
from lamtheo.programs.models import ProgramYear
from tests.programs.conftest import COMMITMENT, TODAY, WINDOWS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("LAMTHEO_SHOTS")

# Canvases that have drawn something: at least one pixel not fully transparent.
DRAWN = """() => [...document.querySelectorAll('[data-chart]')].map((el) => {
  const canvas = el.querySelector('canvas');
  if (!canvas || !canvas.width || !canvas.height) return [el.dataset.chart, false];
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < data.length; i += 4) if (data[i]) return [el.dataset.chart, true];
  return [el.dataset.chart, false];
})"""
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
MENU_LINES = """() => new Set([...document.querySelectorAll('#desktop-menu > ul > li')]
  .map((li) => Math.round(li.getBoundingClientRect().top))).size"""


@pytest.fixture
def registrations(world):
    program = services.program_create(
        by=world.office,
        unit=world.committee,
        name="Thực hiện Kết luận 01-KL/TW giai đoạn 2021–2026",
        start_year=2021,
        end_year=2026,
    )
    year = services.year_create(by=world.office, program=program, year=2026, **WINDOWS)
    year = services.year_advance(by=world.office, year=year)
    services.commitment_create(
        by=world.member, year=year, person=world.person_a, submit=True, today=TODAY, **COMMITMENT
    )
    return ProgramYear.objects.get(pk=year.pk)


def _shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _check_dashboard(page, name):
    expect(page.get_by_role("heading", name="Đăng ký làm theo qua từng bước")).to_be_visible()
    page.wait_for_function("() => document.querySelectorAll('[data-chart] canvas').length >= 2")
    drawn = dict(page.evaluate(DRAWN))
    assert drawn and all(drawn.values()), drawn
    assert {"steps", "units", "areas"} <= set(drawn)
    assert page.evaluate(OVERFLOW) <= 0
    _shot(page, name)


def test_the_office_dashboard_on_a_phone(world, registrations, sign_in, live_server):
    page = sign_in("vanphong")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đảng bộ Khối doanh nghiệp")
    _check_dashboard(page, "dashboard-390")
    # The menu is one thumb away: the bar at the bottom opens it from below.
    bar = page.get_by_role("navigation", name="Trình đơn nhanh")
    box = bar.bounding_box()
    assert box["y"] + box["height"] >= page.viewport_size["height"] - 1
    bar.get_by_role("button", name="Trình đơn").click()
    menu = page.locator("#main-menu")
    expect(menu.get_by_role("link", name="Đơn vị", exact=True)).to_be_visible()
    _shot(page, "menu-390")
    # Drill-down: a unit in the table opens its own dashboard.
    page.goto(f"{live_server.url}/")
    page.locator("#figure-units").get_by_role("link", name="Chi bộ A").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chi bộ A")
    _check_dashboard(page, "dashboard-cell-390")


def test_the_office_dashboard_on_a_desktop(world, registrations, browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill("demo12345")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    _check_dashboard(page, "dashboard-1366")
    assert page.evaluate(MENU_LINES) == 1
    # Every group the office sees (the overview and seven), on that one line, inside the window.
    assert page.locator("#desktop-menu > ul > li").count() == 8
    assert page.evaluate(OVERFLOW) <= 0
    _shot(page, "menu-1366-every-group")
    expect(page.get_by_role("navigation", name="Trình đơn nhanh")).to_be_hidden()
    page.get_by_role("button", name="Làm theo").click()
    expect(page.get_by_role("link", name="Duyệt đăng ký")).to_be_visible()
    _shot(page, "menu-1366")
    # A page with its own `start` and `end` (the rates page's period) keeps the same one-line
    # menu: they once reopened every group and the navbar ran 55 px past the window.
    page.goto(f"{live_server.url}/study/rates/{world.committee.pk}/")
    assert page.evaluate(MENU_LINES) == 1
    assert page.evaluate(OVERFLOW) <= 0
    # Narrower than every group needs (a tablet, a small laptop): the phone's bar stands in.
    page.set_viewport_size({"width": 1024, "height": 768})
    expect(page.get_by_role("navigation", name="Trình đơn nhanh")).to_be_visible()
    expect(page.get_by_role("navigation", name="Trình đơn chính")).to_be_hidden()
    assert page.evaluate(OVERFLOW) <= 0
    _shot(page, "rates-1024")
    context.close()
