"""Where a page's time goes in Python (issue 13): `bench_profile`.

Requests one page `repeat` times through the test client, signed in as a Party member of a
`bench_all` database (the first official member, or `--username`), under cProfile, after a
warm-up, with production settings (DEBUG off). Prints the wall time per request, the share
of the time spent in the database driver, in template rendering, in the middleware and in
the view, and the functions with the most time of their own.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from lamtheo.org.models import Person

# (label, substring of a profiled file's path): the first match wins.
GROUPS = (
    ("database driver (psycopg, waiting for PostgreSQL)", "psycopg"),
    ("SQL compilation (django/db)", "django/db/"),
    ("templates (django/template)", "django/template/"),
    ("sessions and auth", "django/contrib/"),
    ("middleware and request handling (django/core, django/middleware)", "django/"),
    ("lamtheo", "lamtheo/"),
)


def member_client(username: str | None = None) -> Client:
    User = get_user_model()
    if username:
        user = User.objects.get(username=username)
    else:
        person = (
            Person.objects.filter(party_status="official", left_on__isnull=True)
            .order_by("pk")
            .first()
        )
        if person.user_id is None:
            user = User.objects.create(username=f"bench-profile-{person.pk}")
            Person.objects.filter(pk=person.pk).update(user=user)
        else:
            user = person.user
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def profile(url: str, repeat: int, username: str | None = None, top: int = 25) -> str:
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
        client = member_client(username)
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries = len(captured.captured_queries)
        started = time.perf_counter()
        for _ in range(repeat):
            client.get(url)
        plain = (time.perf_counter() - started) * 1000 / repeat
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeat):
            client.get(url)
        profiler.disable()
    stats = pstats.Stats(profiler)
    total = sum(tt for (_c, _n, tt, _ct, _callers) in stats.stats.values())
    grouped: dict[str, float] = {}
    for (filename, _line, name), (_c, _n, tt, _ct, _callers) in stats.stats.items():
        where = filename if filename != "~" else name  # C calls: "<method … of 'psycopg…'>"
        label = next((g for g, part in GROUPS if part in where), "other (Python, C calls)")
        grouped[label] = grouped.get(label, 0.0) + tt
    lines = [
        f"{url}: {plain:.1f} ms per request without the profiler, {queries} queries; "
        f"{1000 * total / repeat:.1f} ms per request under it",
        "",
        "| where (own time) | ms per request | share |",
        "|---|---|---|",
    ]
    for label, spent in sorted(grouped.items(), key=lambda kv: -kv[1]):
        lines.append(f"| {label} | {1000 * spent / repeat:.2f} | {100 * spent / total:.0f} % |")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    lines += ["", out.getvalue()]
    return "\n".join(lines)
