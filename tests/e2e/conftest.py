"""End-to-end tests drive Debian's Chromium through Playwright (never `playwright install`;
the browser's launch arguments are in tests/conftest.py, shared with the demo crawl)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A mid-range Android phone: what a cell secretary uses.
    return {
        **browser_context_args,
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "locale": "vi-VN",
    }


@pytest.fixture
def sign_in(page, live_server):
    def _sign_in(username, password="demo12345"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return _sign_in
