"""Hostile input answers 4xx or a message, never a server error (issue 10 §7).

The demo is loaded once; each demo user (and the public) crawls the pages they reach from
home with the test client, noting the query parameters their links use and the fields of
their forms. Hypothesis then sends each persona's pages hostile query strings (the names the
links use and the ones the views read) and posts hostile values into their forms' fields,
and fails on any 500 (the test client re-raises the view's exception, so the failure shows
the traceback and Hypothesis shrinks it to one request). FUZZ_EXAMPLES sets the examples per
persona (default 120: about a minute per persona on SQLite).

The demo is loaded once for the package (tests/demo/conftest.py); what the examples write is
rolled back after each persona.
"""

from __future__ import annotations

import os
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

# pytest-django sets up the test database only for a session with a database test; each
# persona's examples then run in one transaction, rolled back after it.
pytestmark = pytest.mark.django_db

USERNAMES = ["admin", "vanphong", "bithu", "kiemtra", "dangvien"]
PAGES_PER_USER = 80  # addresses of different routes
PER_ROUTE = 2  # /registrations/884/ and /registrations/590/ are the same page to the fuzzer
SKIP = ("/static/", "/admin/", "/i18n/", "/accounts/logout", "/media/", "/favicon")
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))
# Query parameters the views read, beside those the crawled links show.
PARAMS = [
    "page", "q", "unit", "year", "month", "status", "step", "to", "from", "person", "kind",
    "direct", "left", "next", "adapted_from", "tag", "theme", "sort", "level", "field",
]  # fmt: skip
HOSTILE = [
    "", " ", "0", "-1", "1.5", "1e308", "NaN", "inf", "-0", "+1", "01",
    "9999-12", "0000-00", "2026-13", "2026-00", "0001-01", "-2026-01", "2026-1-1",
    "0001-01-01", "01/01/0001", "31/02/2026", "00/00/0000", "9999-12-31", "31/12/9999",
    "99999999999999999999", "-9223372036854775809", "9223372036854775808", "2147483648",
    "\x00", "a\x00b", "\ud7ff", "١٢", "１２", "²", "x" * 3000, "<script>alert(1)</script>",
    "'; DROP TABLE org_person; --", "%", "%00", "../../etc/passwd", "//evil.example/",
    "https://evil.example/", "javascript:alert(1)", "True", "on", "[]", "{}", "null",
]  # fmt: skip
values = st.one_of(
    st.sampled_from(HOSTILE),
    st.sampled_from(HOSTILE),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.text(max_size=40),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.dates().map(lambda d: d.isoformat()),
)
# A few bytes that are no image, a truncated JPEG, a PNG header with nothing behind it.
FILES = [b"", b"hello", b"\xff\xd8\xff\xe0" + b"\x00" * 64, b"\x89PNG\r\n\x1a\n" + b"\x00" * 32]


@dataclass
class Target:
    path: str
    params: set[str] = field(default_factory=set)
    # (action, {field name: (kind, value)}) for each POST form of the page.
    forms: list[tuple[str, dict[str, tuple[str, str]]]] = field(default_factory=list)
    visited: bool = False


HREF = re.compile(r'href="([^"#]*)"')
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
INPUT = re.compile(r"<input\b([^>]*)>", re.I)
SELECT = re.compile(r'<select\b[^>]*\bname="([^"]+)"[^>]*>(.*?)</select>', re.S | re.I)
OPTION = re.compile(r'<option\b([^>]*)\bvalue="([^"]*)"', re.I)
TEXTAREA = re.compile(r'<textarea\b[^>]*\bname="([^"]+)"[^>]*>(.*?)</textarea>', re.S | re.I)
ATTR = re.compile(r'([\w-]+)="([^"]*)"')


def _fields(body: str) -> dict[str, tuple[str, str]]:
    """{name: (kind, value as the page fills it)} of a form's fields: the kind is "file" or
    "text"; a select's value is its selected option, else its first."""
    fields = {}
    for name, options in SELECT.findall(body):
        chosen = [value for attrs, value in OPTION.findall(options) if "selected" in attrs]
        first = OPTION.findall(options)[:1]
        fields[unescape(name)] = ("text", unescape((chosen or [v for _a, v in first] or [""])[0]))
    for name, text in TEXTAREA.findall(body):
        fields[unescape(name)] = ("text", unescape(text))
    for attrs in INPUT.findall(body):
        a = dict(ATTR.findall(attrs))
        name, kind = unescape(a.get("name", "")), a.get("type", "text")
        if not name or name == "csrfmiddlewaretoken" or name in fields:
            continue
        if kind in ("checkbox", "radio") and "checked" not in attrs:
            continue
        fields[name] = ("file" if kind == "file" else "text", unescape(a.get("value", "")))
    return fields


def _forms(path: str, html: str) -> tuple[list[tuple[str, dict]], dict[str, set]]:
    """The page's POST forms [(action, fields)] and its GET forms' {action: names}."""
    posts, gets = [], {}
    for attrs, body in FORM.findall(html):
        attributes = dict(ATTR.findall(attrs))
        action = unescape(attributes.get("action") or path).split("?", 1)[0]
        if not action.startswith("/") or action.startswith(SKIP):
            continue
        fields = _fields(body)
        if attributes.get("method", "get").lower() == "post":
            posts.append((action, fields))
        else:
            gets.setdefault(action, set()).update(fields)
    return posts, gets


def crawl(client: Client, starts: list[str]) -> list[Target]:
    targets: dict[str, Target] = {}
    routes: Counter[str] = Counter()
    queue = deque(starts)
    while queue and len(routes) < PAGES_PER_USER:
        url = queue.popleft()
        parts = urlsplit(url)
        target = targets.get(parts.path)
        if target is None:
            try:
                route = resolve(parts.path).route
            except Resolver404:
                continue
            if routes[route] >= PER_ROUTE:
                continue
            routes[route] += 1
            target = targets[parts.path] = Target(parts.path)
        target.params.update(name for name, _ in parse_qsl(parts.query, keep_blank_values=True))
        if target.visited:
            continue
        target.visited = True
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        target.forms, searches = _forms(parts.path, html)
        for action, names in searches.items():
            targets.setdefault(action, Target(action)).params.update(names)
            if action != parts.path:
                queue.append(action)
        for href in HREF.findall(html):
            href = unescape(href)
            if href.startswith("/") and not href.startswith(("//", *SKIP)):
                link = urlsplit(href)
                if link.path in targets:
                    targets[link.path].params.update(
                        name for name, _ in parse_qsl(link.query, keep_blank_values=True)
                    )
                else:
                    queue.append(href)
    return [target for target in targets.values() if target.visited]


@pytest.fixture(scope="module")
def personas(loaded, django_db_blocker) -> dict[str, tuple[Client, list[Target]]]:
    with django_db_blocker.unblock():
        found = {"": (Client(), crawl(Client(), ["/dien-hinh/", "/accounts/login/"]))}
        for user in get_user_model().objects.filter(username__in=USERNAMES):
            client = Client()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            found[user.username] = (client, crawl(client, ["/"]))
        return found


@pytest.mark.parametrize("username", ["", *USERNAMES])
def test_hostile_input_never_answers_a_server_error(personas, username):
    client, targets = personas[username]
    assert targets, f"the crawl of {username or 'the public'} reached no page"

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(data=st.data())
    def fuzz(data):
        target = data.draw(st.sampled_from(targets), label="page")
        forms = target.forms
        if forms and data.draw(st.booleans(), label="post"):
            # The form as the page fills it, with one to three fields made hostile: a value
            # that breaks a later step (a clean(), a service) needs the others to be valid.
            action, fields = data.draw(st.sampled_from(forms), label="form")
            form = {name: value for name, (kind, value) in fields.items() if kind == "text"}
            hostile = data.draw(
                st.lists(st.sampled_from(sorted(fields) or ["x"]), unique=True, max_size=3),
                label="fields",
            )
            for name in hostile:
                if fields.get(name, ("text",))[0] == "file":
                    content = data.draw(st.sampled_from(FILES), label=name)
                    form[name] = SimpleUploadedFile("photo.jpg", content, "image/jpeg")
                else:
                    form[name] = data.draw(values, label=name)
            response = client.post(action, form)
            request = f"POST {action} {hostile}"
        else:
            # Mostly the names the page's links and search forms use, sometimes any name.
            names = sorted(target.params) if target.params else PARAMS
            names = data.draw(st.sampled_from([names, names, names, PARAMS]), label="names")
            query = data.draw(
                st.dictionaries(st.sampled_from(names), values, min_size=1, max_size=3),
                label="query",
            )
            response = client.get(target.path, query)
            request = f"GET {target.path} {query}"
        assert response.status_code < 500, request

    fuzz()
    # The session survived (nothing signed the persona out): the examples ran as them.
    if username:
        assert settings.SESSION_COOKIE_NAME in client.cookies
