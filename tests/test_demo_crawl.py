"""Every page a demo user can reach from their home page, followed link by link (and redirect
by redirect) on the demo data: none fails, no link leads to a page the user may not open
(403/404, or the sign-in page while signed in), and every page fits a 390 px phone screen in
Chromium (no horizontal scrolling of the whole page). The public is crawled from the gallery.
Downloads (DOCX, XLSX, CSV, ICS) are fetched, not parsed.

The links are followed with Django's test client; each HTML page reached is then loaded once
in one Chromium page per user, served by a live server on the same database. The demo is
committed (the live server has its own connection on PostgreSQL) and flushed after the
module.
"""

from __future__ import annotations

import io
import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import path, reverse
from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.e2e

PAGES_PER_USER = 120
SKIP = ("/static/", "/admin/", "/i18n/", "/accounts/logout", "/media/")
DOWNLOADS = (".docx", ".xlsx", ".csv", ".ics")
HREF = re.compile(r'href="(/[^"#]*)"')
PHONE_WIDTH = 390
# How much wider than the screen the page is, in CSS pixels. A phone (Chromium emulating one)
# widens its layout viewport to fit a page that overflows, and window.innerWidth with it, so
# the page's width is compared with the screen's.
OVERFLOW = "document.documentElement.scrollWidth - screen.width"


USERNAMES = ["admin", "vanphong", "bithu", "kiemtra", "dangvien"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> dict[str, str]:
    """The demo and a signed-in session per demo user ({username: session key}), committed so
    that the live server's own connection sees them (PostgreSQL); flushed after the module.
    Each test runs in a transaction of its own, rolled back, over them."""
    with django_db_blocker.unblock():
        with override_settings(DEBUG=True):
            call_command("load_demo", stdout=io.StringIO())
        sessions = {}
        for user in get_user_model().objects.filter(username__in=USERNAMES):
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            sessions[user.username] = client.cookies[settings.SESSION_COOKIE_NAME].value
        try:
            yield sessions
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def server(demo):
    # The live_server fixture makes each test transactional, which flushes the database after
    # it; the module's tests share the demo, so they share one server, stopped with the module.
    live = LiveServer("localhost")
    yield live
    live.stop()


@dataclass
class Crawl:
    failures: list[tuple[str, int | str, str]] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # the HTML pages reached, in order


def _local(location: str) -> str:
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client: Client, start: str, signed_in: bool) -> Crawl:
    """Follows links from `start`; a redirect is followed to where it leads, and that page
    is judged as the link's target."""
    result = Crawl()
    login = resolve_url(settings.LOGIN_URL)
    seen, queue = set(), deque([(start, "")])
    while queue and len(seen) < PAGES_PER_USER:
        url, origin = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        landed = _local(response.redirect_chain[-1][0]) if response.redirect_chain else url
        if response.redirect_chain:
            seen.add(landed)
        if response.status_code in (403, 404) or response.status_code >= 500:
            result.failures.append((url, response.status_code, origin))
            continue
        if signed_in and landed.startswith(login):
            result.failures.append((url, "sign-in", origin))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        result.pages.append(landed)
        for href in HREF.findall(response.content.decode()):
            href = href.replace("&amp;", "&")
            if href.startswith(SKIP) or href in seen:
                continue
            if href.split("?")[0].endswith(DOWNLOADS):
                seen.add(href)
                status = client.get(href, follow=True).status_code
                if status != 200:
                    result.failures.append((href, status, landed))
                continue
            queue.append((href, landed))
    return result


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


def overflowing(browser, server, session: str | None, pages: list[str]) -> list[tuple[str, int]]:
    """(url, pixels) of the pages wider than a phone's screen, loaded one after the other in
    one Chromium page signed in with `session` (None: the public)."""
    context = phone(browser, server, session)
    page = context.new_page()
    wide = []
    try:
        for url in pages:
            page.goto(server.url + url, wait_until="load")
            extra = page.evaluate(OVERFLOW)
            if extra > 0:
                wide.append((url, extra))
    finally:
        context.close()
    return wide


@pytest.mark.parametrize("username", [*USERNAMES, None])
def test_every_page_reached_from_home_opens_and_fits_a_phone(demo, db, server, browser, username):
    client = Client()
    session = demo.get(username)
    if session is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    start = reverse("gallery") if username is None else reverse("home")
    result = crawl(client, start, signed_in=username is not None)
    assert result.failures == []
    assert overflowing(browser, server, session, result.pages) == []


# A small site for the crawler itself (ROOT_URLCONF points at this module in the test below).
def _links(*hrefs):
    return lambda request: HttpResponse("".join(f'<a href="{h}">·</a>' for h in hrefs))


urlpatterns = [
    path("start/", _links("/moved/", "/moved-on/", "/sign-in-please/")),
    path("moved/", lambda request: HttpResponseRedirect("/gone/")),
    path("gone/", lambda request: HttpResponseNotFound()),
    path("moved-on/", lambda request: HttpResponseRedirect("http://testserver/landed/?a=1")),
    path("landed/", _links("/landed/broken/")),
    path("sign-in-please/", lambda request: HttpResponseRedirect("/accounts/login/?next=/x/")),
    path("accounts/login/", _links(), name="login"),
    path("", _links(), name="home"),  # the error pages link home
]


@override_settings(ROOT_URLCONF=__name__)
def test_the_crawl_follows_redirects_and_judges_where_they_lead(db):
    result = crawl(Client(), "/start/", signed_in=True)
    assert result.failures == [
        ("/moved/", 404, "/start/"),
        ("/sign-in-please/", "sign-in", "/start/"),
        ("/landed/broken/", 404, "/landed/?a=1"),
    ]
    assert result.pages == ["/start/", "/landed/?a=1"]


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
    demo, db, server, browser, username, url, status, heading
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
