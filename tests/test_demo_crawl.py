"""Every page a demo user can reach from their home page, followed link by link on the demo
data: none fails, and no link leads to a page the user may not open (403/404). The public is
crawled from the gallery. Downloads (DOCX, XLSX, CSV, ICS) are fetched, not parsed."""

from __future__ import annotations

import io
import re
from collections import deque

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

PAGES_PER_USER = 120
SKIP = ("/static/", "/admin/", "/i18n/", "/accounts/logout", "/media/")
DOWNLOADS = (".docx", ".xlsx", ".csv", ".ics")
HREF = re.compile(r'href="(/[^"#]*)"')


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(DEBUG=True):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def crawl(client: Client, start: str) -> list[tuple[str, int, str]]:
    """(url, status, linked from) of every failure among the pages reached from `start`."""
    failures = []
    seen, queue = set(), deque([(start, "")])
    while queue and len(seen) < PAGES_PER_USER:
        url, origin = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in (403, 404) or response.status_code >= 500:
            failures.append((url, response.status_code, origin))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            href = href.replace("&amp;", "&")
            if href.startswith(SKIP) or href in seen:
                continue
            if href.split("?")[0].endswith(DOWNLOADS):
                seen.add(href)
                status = client.get(href).status_code
                if status != 200:
                    failures.append((href, status, url))
                continue
            queue.append((href, url))
    return failures


@pytest.mark.parametrize("username", ["admin", "vanphong", "bithu", "kiemtra", "dangvien", None])
def test_every_page_reached_from_home_opens(demo, db, username):
    client = Client()
    if username is None:
        start = "/dien-hinh/"
    else:
        user = get_user_model().objects.get(username=username)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        start = "/"
    assert crawl(client, start) == []
