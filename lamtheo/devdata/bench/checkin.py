"""The check-in load test: a burst of N QR check-ins from 50 concurrent scanners against a real
gunicorn on loopback, then a count of what the database holds.

1. In an empty database: a unit tree, N people each with a user account, a session running
   now for the whole tree (published through the services, so N invitations), and N signed-in
   session cookies written directly (no sign-in requests).
2. The floor: the same N attendance rows written by one COPY (PostgreSQL) or one executemany
   (SQLite) in a transaction that is rolled back; and, for scale, one INSERT committed per
   row on a sample.
3. gunicorn on 127.0.0.1 (a free port, sync workers, DEBUG=False, ALLOWED_HOSTS=127.0.0.1,
   tasks inline) against the same database, started as a subprocess.
4. S scanner threads (stdlib http.client) take people from a queue: GET the code's page with
   the current code (each scanner computes it from the session secret, as reading the screen
   would), then POST the one-tap confirmation with the CSRF token and scan note of the page.
   About 5 % of people are queued twice, back to back, so two scanners usually scan them at
   once (both GETs before either POST is the insert race).
5. Per request: the server's own time (the view's `Server-Timing: app;dur=` header) and the
   client's latency (request to last byte, including waiting for a free worker).
6. gunicorn is stopped; the database must hold exactly N rows for N distinct people, every
   first scan answered present, every second one "already", and no error.

The parts: the data and the floor (`checkin_data`), gunicorn and the CPU accounting
(`checkin_server`), the scanners (`checkin_scanners`). Models are imported inside the
functions throughout: gunicorn imports `checkin_server` for `server_app()` before Django is set
up, and the management command imports this module only when it runs.
"""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

from lamtheo.devdata.bench.checkin_data import (
    Data,
    build,
    database_url_for_server,
    ensure_empty,
    measure_bulk_floor,
    measure_row_floor,
)
from lamtheo.devdata.bench.checkin_scanners import SCAN, Burst, run_burst, warm_up
from lamtheo.devdata.bench.checkin_server import (
    HOST,
    Server,
    cpu_by_group,
    machine_cpu,
    process_ticks,
)


@dataclass
class Report:
    vendor: str
    people: int
    scanners: int
    workers: int
    burst: Burst
    rows: int
    distinct: int
    methods: list[str]
    bulk_floor_s: float
    row_floor_ms: float
    queries_get: int
    queries_post: int
    counted: bool
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(data: Data, burst: Burst) -> tuple[int, int, list[str], list[str]]:
    from lamtheo.study.models import Attendance

    rows = Attendance.objects.filter(session=data.session)
    count = rows.count()
    distinct = rows.values("person_id").distinct().count()
    methods = sorted(set(rows.values_list("method", flat=True)))
    problems = list(burst.errors[:20])
    if burst.errors:
        problems.insert(0, f"{len(burst.errors)} scans failed")
    n = len(data.people)
    if count != n or distinct != n:
        problems.append(f"{count} rows for {distinct} people; expected {n} and {n}")
    recorded: dict[int, int] = {}
    already: dict[int, int] = {}
    for hit in burst.hits:
        if hit.outcome in ("present", "late"):
            recorded[hit.person_id] = recorded.get(hit.person_id, 0) + 1
        elif hit.outcome == "already":
            already[hit.person_id] = already.get(hit.person_id, 0) + 1
    twice = {hit.person_id for hit in burst.hits if hit.second}
    if len(recorded) != n or any(v != 1 for v in recorded.values()):
        problems.append(
            f"{len(recorded)} people recorded ({sum(recorded.values())} answers); "
            f"expected {n}, once each"
        )
    if set(already) != twice or any(v != 1 for v in already.values()):
        problems.append(f"'already' answers for {len(already)} people, {len(twice)} scanned twice")
    return count, distinct, methods, problems


def verify_counts() -> list[str]:
    """After the burst, the running year's rows per unit and their sums per subtree must equal
    a live recount: concurrent check-ins in shared units and shards lost no update."""
    from django.utils import timezone

    from lamtheo.org import subtree_sums
    from lamtheo.study import unit_counts

    year = timezone.localdate().year
    problems = []
    if unit_counts.stored_rows(year) != unit_counts.live_rows(year):
        problems.append("the participation per unit differs from a live recount")
    if unit_counts.stored_activity(year) != unit_counts.live_activity(year):
        problems.append("the activity per unit differs from a live recount")
    for kept in unit_counts.KEPT:
        if subtree_sums.stored(kept) != subtree_sums.live(kept):
            problems.append(f"{kept.sums._meta.db_table} differs from a live recount")
    return problems


def count_queries(data: Data) -> tuple[int, int]:
    """SQL statements of one GET and one POST, in process (the last person's record is
    written again)."""
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import timezone

    from lamtheo.study.checkin import qr_token
    from lamtheo.study.models import Attendance

    person_id, _unit, cookie = data.people[-1]
    Attendance.objects.filter(session=data.session, person_id=person_id).delete()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    path = f"/study/c/{qr_token(data.session, timezone.now())}/"
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(
        ALLOWED_HOSTS=["*"], STORAGES={**settings.STORAGES, "staticfiles": plain}
    ):
        with CaptureQueriesContext(connection) as get:
            page = client.get(path)
        scan = SCAN.search(page.content)
        if scan is None:
            raise RuntimeError(f"the in-process confirm page failed: {page.status_code}")
        with CaptureQueriesContext(connection) as post:
            done = client.post(path, {"scan": scan.group(1).decode()})
    if b'data-outcome="present"' not in done.content:
        raise RuntimeError("the in-process check-in did not record")
    return len(get.captured_queries), len(post.captured_queries)


def run(
    *,
    people: int,
    scanners: int,
    workers: int,
    rescan: float,
    seed: int,
    workdir: Path,
    counted: bool = True,
    log=print,
) -> Report:
    load_before = os.getloadavg()
    busy, total = machine_cpu()
    time.sleep(1)
    busy_after, total_after = machine_cpu()
    idle_before = 1 - (busy_after - busy) / (total_after - total) if total_after > total else 0.0
    ensure_empty()
    url = database_url_for_server()
    if url is None:
        raise RuntimeError(
            "bench_checkin needs a database a server process can open (not in-memory)"
        )
    workdir.mkdir(parents=True, exist_ok=True)
    data = build(people, seed, log, counted=counted)
    bulk = measure_bulk_floor(data)
    row = measure_row_floor(data)
    log(
        f"floor: {people:,} rows in one statement {bulk * 1000:.0f} ms; "
        f"one INSERT + commit {row:.2f} ms"
    )
    connection.close()  # SQLite: no lock held by this process during the burst
    server = Server(url, workers, workdir / "gunicorn-checkin.log")
    try:
        server.wait_ready()
        warm_up(server.port, data, workers)
        log(f"gunicorn on {HOST}:{server.port}, {workers} sync workers; {scanners} scanners go")
        load = os.getloadavg()
        database = (
            str(connection.settings_dict["NAME"]) if connection.vendor == "postgresql" else ""
        )
        ticks = process_ticks(server.process.pid, database)
        busy, total = machine_cpu()
        burst = run_burst(server.port, data, scanners, rescan, seed)
        busy_after, total_after = machine_cpu()
        burst.cpu = cpu_by_group(ticks, process_ticks(server.process.pid, database))
        burst.server_cpu = burst.cpu.get("server", 0.0)
        burst.idle_before = idle_before
        if total_after > total:
            burst.machine_busy = (busy_after - busy) / (total_after - total)
        burst.load = load
        burst.load_before = load_before
    finally:
        server.stop()
    log(f"burst: {len(burst.hits):,} requests in {burst.seconds:.1f} s, {len(burst.errors)} errors")
    count, distinct, methods, problems = verify(data, burst)
    if counted:
        problems += verify_counts()
    queries_get, queries_post = count_queries(data)
    return Report(
        vendor=connection.vendor,
        people=people,
        scanners=scanners,
        workers=workers,
        burst=burst,
        rows=count,
        distinct=distinct,
        methods=methods,
        bulk_floor_s=bulk,
        row_floor_ms=row,
        queries_get=queries_get,
        queries_post=queries_post,
        counted=counted,
        problems=problems,
    )


def _pcts(values: list[float]) -> tuple[float, float, float, float]:
    """Median, 95th and 99th percentiles (nearest rank) and maximum."""
    if not values:
        return (float("nan"),) * 4
    ordered = sorted(values)

    def rank(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]

    return statistics.median(ordered), rank(0.95), rank(0.99), ordered[-1]


def render(report: Report) -> str:
    b = report.burst
    n = report.people
    post = [h for h in b.hits if h.method == "POST"]
    get = [h for h in b.hits if h.method == "GET"]
    per_row_us = report.bulk_floor_s / n * 1e6
    floor = (
        f"bulk {'COPY' if report.vendor == 'postgresql' else 'executemany'} of {n:,} rows "
        f"{report.bulk_floor_s * 1000:.0f} ms = {per_row_us:.0f} µs/row; "
        f"one INSERT + commit {report.row_floor_ms:.2f} ms"
    )
    lines = [
        f"bench_checkin: {n:,} people, {report.scanners} scanners, gunicorn {report.workers} "
        f"sync workers, {report.vendor}",
        "",
        "| measurement | p50 | p95 | p99 | max | floor | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, hits, attr, target, floor_text in [
        ("check-in POST, server time", post, "server_ms", "< 20 ms", floor),
        ("confirm page GET, server time", get, "server_ms", "", ""),
        ("check-in POST, client latency", post, "client_ms", "", ""),
        ("confirm page GET, client latency", get, "client_ms", "", ""),
    ]:
        values = [getattr(h, attr) for h in hits if getattr(h, attr) is not None]
        p50, p95, p99, top = _pcts(values)
        lines.append(
            f"| {label} | {p50:.1f} ms | {p95:.1f} ms | {p99:.1f} ms | {top:.1f} ms "
            f"| {floor_text} | {target} |"
        )
    already_get = sum(1 for h in get if h.outcome == "already")
    already_post = sum(1 for h in post if h.outcome == "already")
    twice = sum(1 for h in get if h.second)
    lines += [
        "",
        f"throughput: {n:,} check-ins in {b.seconds:.1f} s = {n / b.seconds:,.0f} check-ins/s "
        f"({len(b.hits) / b.seconds:,.0f} requests/s)",
        "CPU per check-in (GET + POST, + re-scans): "
        + ", ".join(
            f"{group} {b.cpu.get(group, 0.0) / n * 1000:.1f} ms"
            for group in ("server", "database", "bench", "other")
        )
        + " (server: gunicorn workers; database: PostgreSQL backends of this database; "
        "bench: the scanners; other: other processes on the machine)",
        f"the machine was {b.machine_busy:.0%} busy during the burst; "
        f"{b.idle_before:.0%} idle in the second before the benchmark began",
        f"load average (1 min) on {os.cpu_count()} CPUs: {b.load_before[0]:.1f} before the "
        f"benchmark began (other processes), {b.load[0]:.1f} when the burst began (includes "
        "this benchmark's own setup)",
        f"attendance rows: {report.rows:,} ({report.distinct:,} distinct people), "
        f"methods: {', '.join(report.methods)}",
        f"re-scans: {twice:,} people scanned twice: {already_get + already_post:,} answered "
        f"'already' ({already_get:,} on the confirm page, {already_post:,} on the POST, "
        "i.e. racing inserts)",
        f"errors: {len(b.errors)}",
        f"queries per request (in process): GET {report.queries_get}, POST {report.queries_post}",
        "the year per unit: "
        + (
            "counted (every check-in also moves its units' rows and the sums above them; "
            "checked against a live recount after the burst)"
            if report.counted
            else "not counted (--uncounted)"
        ),
        "verdict: " + ("OK" if report.ok else "FAILED: " + "; ".join(report.problems)),
    ]
    return "\n".join(lines)
