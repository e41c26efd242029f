"""Every page a demo user can reach from their home page, followed link by link (and redirect
by redirect) on the demo data, in Chromium on a 390 px phone: none fails, no link leads to a
page the user may not open (403/404, or the sign-in page while signed in), and every page
fits the phone's screen (no sideways scrolling of the whole page). The public is crawled from
the gallery. Downloads (DOCX, XLSX, CSV, ICS) are fetched, not parsed.

One browser, one page per user reused from link to link, one live server for the module.
The demo (tests/demo/conftest.py) and the users' sessions are committed (on PostgreSQL the
live server has its own connection, and a row written inside the test's transaction would
lock it out); what the crawl writes through the live server is committed too, so these tests
run last in the package (tests/conftest.py). The browser is
set up before the database (first argument): the other way round, PostgreSQL still has a
connection open when the test database is dropped (found by trial, not explained).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import path, reverse
from playwright.sync_api import Error as PlaywrightError
from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.e2e

USERNAMES = ["admin", "vanphong", "bithu", "kiemtra", "dangvien"]
PAGES_PER_USER = 120
SKIP = ("/static/", "/admin/", "/i18n/", "/accounts/logout", "/media/")
DOWNLOADS = (".docx", ".xlsx", ".csv", ".ics")
PHONE_WIDTH = 390
# How much wider than the screen the page is, in CSS pixels. A phone (Chromium emulating one)
# widens its layout viewport to fit a page that overflows, and window.innerWidth with it, so
# the page's width is compared with the screen's.
OVERFLOW = "document.documentElement.scrollWidth - screen.width"
LINKS = "els => els.map(e => e.getAttribute('href'))"


@pytest.fixture(scope="module")
def demo(loaded, django_db_blocker) -> dict[str, str]:
    """A signed-in session per demo user ({username: session key}), committed."""
    with django_db_blocker.unblock():
        sessions = {}
        for user in get_user_model().objects.filter(username__in=USERNAMES):
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            sessions[user.username] = client.cookies[settings.SESSION_COOKIE_NAME].value
        return sessions


@pytest.fixture(scope="module")
def server(django_db_setup):
    # pytest-django's live_server fixture makes each test transactional, which flushes the
    # database after it; the module's tests share the demo, so they share this server.
    live = LiveServer("localhost")
    yield live
    live.stop()


def phone(browser, server, session: str | None):
    """A browser context of a 390 px phone, signed in with `session` (None: the public)."""
    context = browser.new_context(
        viewport={"width": PHONE_WIDTH, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
    )
    if session is not None:
        cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": server.url}
        context.add_cookies([cookie])
    return context


@dataclass
class Crawl:
    failures: list[tuple[str, int | str, str]] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # the HTML pages reached, in order
    wide: list[tuple[str, int]] = field(default_factory=list)  # (page, pixels too wide)


def _local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(page, base: str, start: str, signed_in: bool) -> Crawl:
    """Follows links from `start` in `page`; a redirect is followed to where it leads, and
    that page is judged as the link's target."""
    result = Crawl()
    login = resolve_url(settings.LOGIN_URL)
    seen, queue = set(), deque([(start, "")])

    def fetch(url: str, origin: str) -> None:
        status = page.request.get(base + url).status
        if status != 200:
            result.failures.append((url, status, origin))

    while queue and len(seen) < PAGES_PER_USER:
        url, origin = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        try:
            response = page.goto(base + url, wait_until="load")
        except PlaywrightError:
            # A document sent as an attachment, or an error without a body: the status alone.
            # Chromium then navigates the tab to its own error page, and that navigation would
            # interrupt the next goto at random, so the crawl goes on in a fresh tab.
            fetch(url, origin)
            fresh = page.context.new_page()
            page.close()
            page = fresh
            continue
        landed = _local(page.url)
        seen.add(landed)
        if response.status in (403, 404) or response.status >= 500:
            result.failures.append((url, response.status, origin))
            continue
        if signed_in and landed.startswith(login):
            result.failures.append((url, "sign-in", origin))
            continue
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        result.pages.append(landed)
        extra = page.evaluate(OVERFLOW)
        if extra > 0:
            result.wide.append((landed, extra))
        for href in page.eval_on_selector_all("[href]", LINKS):
            href = (href or "").split("#")[0]
            if not href.startswith("/") or href.startswith(SKIP) or href in seen:
                continue
            if href.split("?")[0].endswith(DOWNLOADS):
                seen.add(href)
                fetch(href, landed)
                continue
            queue.append((href, landed))
    return result


@pytest.mark.parametrize("username", [*USERNAMES, None])
def test_every_page_reached_from_home_opens_and_fits_a_phone(browser, demo, db, server, username):
    context = phone(browser, server, demo.get(username))
    start = reverse("gallery") if username is None else reverse("home")
    try:
        result = crawl(context.new_page(), server.url, start, signed_in=username is not None)
    finally:
        context.close()
    assert len(result.pages) > 10
    assert result.failures == []
    assert result.wide == []


# A small site for the crawler itself (ROOT_URLCONF points at this module in the test below).
def _links(*hrefs):
    return lambda request: HttpResponse("".join(f'<a href="{h}">·</a>' for h in hrefs))


urlpatterns = [
    path("start/", _links("/moved/", "/moved-on/", "/sign-in-please/", "/wide/")),
    path("moved/", lambda request: HttpResponseRedirect("/gone/")),
    path("gone/", lambda request: HttpResponseNotFound()),
    path("moved-on/", lambda request: HttpResponseRedirect("/landed/?a=1")),
    path("landed/", _links("/landed/broken/#top")),
    path("sign-in-please/", lambda request: HttpResponseRedirect("/accounts/login/?next=/x/")),
    path("wide/", lambda request: HttpResponse('<div style="width: 500px">·</div>')),
    path("accounts/login/", _links(), name="login"),
    path("", _links(), name="home"),  # the error pages link home
]


@override_settings(ROOT_URLCONF=__name__)
def test_the_crawl_follows_redirects_and_measures_each_page(browser, db, server):
    context = phone(browser, server, None)
    try:
        result = crawl(context.new_page(), server.url, "/start/", signed_in=True)
    finally:
        context.close()
    assert result.failures == [
        ("/moved/", 404, "/start/"),
        ("/sign-in-please/", "sign-in", "/start/"),
        ("/landed/broken/", 404, "/landed/?a=1"),
    ]
    assert result.pages == ["/start/", "/landed/?a=1", "/wide/"]
    # 500 px of content in a page without a viewport: as wide as a phone browser lays it out.
    assert [url for url, _extra in result.wide] == ["/start/", "/landed/?a=1", "/wide/"]


@pytest.mark.parametrize(
    ("username", "url", "status", "heading"),
    [
        (None, "/khong-co-trang-nay/", 404, "Không tìm thấy trang"),
        ("bithu", "/khong-co-trang-nay/", 404, "Không tìm thấy trang"),
        ("bithu", "/people/999999/", 404, "Không tìm thấy trang"),
        ("dangvien", "/registrations/review/", 403, "Không được phép"),
    ],
)
def test_error_pages_fit_a_phone_and_say_what_happened(
    browser, demo, db, server, username, url, status, heading
):
    context = phone(browser, server, demo.get(username))
    page = context.new_page()
    try:
        response = page.goto(server.url + url)
        assert response.status == status
        assert page.locator("h1").inner_text() == heading
        assert page.evaluate(OVERFLOW) <= 0
    finally:
        context.close()
