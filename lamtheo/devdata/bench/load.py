"""A concurrent load of member pages (issue 13): `bench_load`.

On a database `bench_all` generated: `members` Party members get an account and a signed-in
session cookie (written straight into the session table, as bench_checkin does), then
gunicorn (sync workers, production settings) on 127.0.0.1 and `clients` threads, each
taking a member at random and GETting one of the pages a member opens (home, their
registration, their participation, the study list, the inbox) over a fresh connection,
for `seconds`. Reported: throughput, client latency p50/p95/p99 (request to last byte,
including the wait for a free worker), errors (any status but 200, or a broken connection),
and the CPU per request of gunicorn, of PostgreSQL's backends of this database, of the
clients, and of everything else on the machine (other people's work).
"""

from __future__ import annotations

import datetime as dt
import http.client
import random
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

from lamtheo.devdata.bench.checkin_server import (
    HOST,
    Server,
    cpu_by_group,
    machine_cpu,
    process_ticks,
)

USER_PREFIX = "bench-load-"
PAGES = (
    ("home", "/"),
    ("my registration", "/registrations/"),
    ("my participation", "/study/me/"),
    ("study list", "/study/"),
    ("inbox", "/notify/inbox/"),
)


@dataclass
class LoadReport:
    clients: int
    workers: int
    seconds: float
    members: int
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)
    busy_share: float = 0.0
    load_before: str = ""

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0


def sign_in(members: int, seed: int) -> list[str]:
    """Session cookies of `members` Party members (accounts made once, reused after)."""
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.base import VALID_KEY_CHARS
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from lamtheo.org.models import Person

    User = get_user_model()
    people = list(
        Person.objects.filter(party_status="official", left_on__isnull=True, user__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[: members * 20]
    )
    chosen = random.Random(seed).sample(people, min(members, len(people)))
    password = make_password(None)
    users = []
    for pk in chosen:
        user = User.objects.create(username=f"{USER_PREFIX}{pk}", password=password)
        Person.objects.filter(pk=pk).update(user=user)
        users.append(user)
    users += list(
        User.objects.filter(username__startswith=USER_PREFIX).exclude(pk__in=[u.pk for u in users])
    )
    store = SessionStore()
    expire = timezone.now() + dt.timedelta(days=1)
    keys, rows = [], []
    for user in users[:members]:
        key = get_random_string(32, VALID_KEY_CHARS)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expire))
        keys.append(key)
    Session.objects.bulk_create(rows)
    return keys


def _client(port, cookies, deadline, seed, report: LoadReport, lock) -> None:
    rng = random.Random(seed)
    mine: dict[str, list[float]] = {name: [] for name, _ in PAGES}
    errors = []
    while time.monotonic() < deadline:
        name, url = PAGES[rng.randrange(len(PAGES))]
        cookie = cookies[rng.randrange(len(cookies))]
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=60)
            conn.request("GET", url, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"})
            response = conn.getresponse()
            response.read()
            conn.close()
            if response.status != 200:
                errors.append(f"{url}: {response.status}")
                continue
        except OSError as exc:
            errors.append(f"{url}: {exc}")
            continue
        mine[name].append((time.perf_counter() - started) * 1000)
    with lock:
        for name, values in mine.items():
            report.latencies.setdefault(name, []).extend(values)
        report.errors.extend(errors)


def run(*, members, clients, workers, seconds, seed, log, workdir: Path) -> LoadReport:
    if connection.vendor != "postgresql":
        raise RuntimeError("bench_load runs against PostgreSQL (a bench_all database).")
    cookies = sign_in(members, seed)
    log(f"{len(cookies)} members signed in")
    database_url = settings.DATABASES["default"]
    url = (
        f"postgres://{database_url['USER']}@{database_url['HOST']}:{database_url['PORT']}/"
        f"{database_url['NAME']}"
    )
    workdir.mkdir(parents=True, exist_ok=True)
    server = Server(url, workers, workdir / "load-gunicorn.log")
    report = LoadReport(clients, workers, seconds, len(cookies))
    try:
        server.wait_ready()
        # Warm each worker up (imports, templates, connections) before timing.
        warm = LoadReport(clients, workers, 0, 0)
        _client(server.port, cookies, time.monotonic() + 5, seed, warm, threading.Lock())
        if warm.errors:
            raise RuntimeError(f"warm-up errors: {warm.errors[:5]}")
        with open("/proc/loadavg") as f:
            report.load_before = " ".join(f.read().split()[:3])
        ticks_before, busy_before = (
            process_ticks(server.process.pid, url.rsplit("/", 1)[1]),
            machine_cpu(),
        )
        lock = threading.Lock()
        deadline = time.monotonic() + seconds
        threads = [
            threading.Thread(
                target=_client, args=(server.port, cookies, deadline, seed + i, report, lock)
            )
            for i in range(clients)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        report.seconds = time.monotonic() - started
        ticks_after, busy_after = (
            process_ticks(server.process.pid, url.rsplit("/", 1)[1]),
            machine_cpu(),
        )
        report.cpu = cpu_by_group(ticks_before, ticks_after)
        total = busy_after[1] - busy_before[1]
        report.busy_share = (busy_after[0] - busy_before[0]) / total if total else 0
    finally:
        server.stop()
    return report


def render(report: LoadReport) -> str:
    n = report.requests
    every = [v for values in report.latencies.values() for v in values]
    lines = [
        f"{report.clients} clients, {report.workers} gunicorn sync workers, "
        f"{report.seconds:.0f} s, {report.members} members; load average before: "
        f"{report.load_before}; machine busy {100 * report.busy_share:.0f} %",
        "",
        "| page | requests | p50 | p95 | p99 |",
        "|---|---|---|---|---|",
    ]
    for name, values in [*report.latencies.items(), ("all", every)]:
        lines.append(
            f"| {name} | {len(values):,} | {statistics.median(values) if values else 0:.1f} ms | "
            f"{_percentile(values, 0.95):.1f} ms | {_percentile(values, 0.99):.1f} ms |"
        )
    lines += [
        "",
        f"throughput: {n / report.seconds:.1f} requests/s; errors: {len(report.errors)}"
        + (f" (first: {report.errors[:3]})" if report.errors else ""),
        "CPU per request: "
        + ", ".join(
            f"{group} {1000 * spent / n:.1f} ms" for group, spent in sorted(report.cpu.items())
        )
        if n
        else "",
    ]
    return "\n".join(lines)
