"""The scanners of the check-in load test (lamtheo.devdata.bench.checkin): threads that each
GET the code's page and POST the one-tap confirmation, timing every request.
"""

from __future__ import annotations

import http.client
import queue
import random
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings

from lamtheo.devdata.bench.checkin_data import Data
from lamtheo.devdata.bench.checkin_server import HOST

OUTCOME = re.compile(rb'data-outcome="([a-z_]+)"')
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
SCAN = re.compile(rb'name="scan" value="([^"]+)"')


@dataclass
class Hit:
    person_id: int
    method: str
    status: int
    outcome: str
    server_ms: float | None
    client_ms: float
    second: bool  # the second scan of a person queued twice


@dataclass
class Burst:
    hits: list[Hit] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    client_cpu: float = 0.0  # CPU seconds of the scanner threads (this process)
    server_cpu: float = 0.0  # CPU seconds of gunicorn's workers during the burst
    machine_busy: float = 0.0  # share of the machine's CPU time that was busy during the burst
    idle_before: float = 0.0  # share of the machine idle in the second before the benchmark
    # CPU seconds during the burst: server, bench (scanners), database, other (see process_ticks)
    cpu: dict[str, float] = field(default_factory=dict)
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)  # load average when the burst began
    # Load average before the benchmark did anything (other processes on the machine).
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)


def _server_ms(response) -> float | None:
    value = response.getheader("Server-Timing") or ""
    match = re.search(r"dur=([0-9.]+)", value)
    return float(match.group(1)) if match else None


def _scan(conn, session, person_id: int, cookie: str, second: bool, burst: Burst) -> None:
    from django.utils import timezone

    from lamtheo.study.checkin import qr_token

    path = f"/study/c/{qr_token(session, timezone.now())}/"
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"})
    response = conn.getresponse()
    body = response.read()
    client_ms = (time.perf_counter() - started) * 1000
    outcome = OUTCOME.search(body)
    outcome = outcome.group(1).decode() if outcome else ""
    burst.hits.append(
        Hit(person_id, "GET", response.status, outcome, _server_ms(response), client_ms, second)
    )
    if response.status != 200 or outcome != "ready":
        if outcome != "already":
            burst.errors.append(f"GET {person_id}: {response.status} {outcome!r}")
        return
    csrf_cookie = next(
        (
            m.group(1)
            for header in response.headers.get_all("Set-Cookie") or []
            if (m := re.match(rf"{settings.CSRF_COOKIE_NAME}=([^;]+)", header))
        ),
        None,
    )
    csrf, scan = CSRF.search(body), SCAN.search(body)
    if not (csrf_cookie and csrf and scan):
        burst.errors.append(f"GET {person_id}: no CSRF token or scan note in the page")
        return
    form = urlencode(
        {"csrfmiddlewaretoken": csrf.group(1).decode(), "scan": scan.group(1).decode()}
    )
    headers = {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf_cookie}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    started = time.perf_counter()
    conn.request("POST", path, body=form, headers=headers)
    response = conn.getresponse()
    body = response.read()
    client_ms = (time.perf_counter() - started) * 1000
    outcome = OUTCOME.search(body)
    outcome = outcome.group(1).decode() if outcome else ""
    burst.hits.append(
        Hit(person_id, "POST", response.status, outcome, _server_ms(response), client_ms, second)
    )
    if response.status != 200 or outcome not in ("present", "late", "already"):
        burst.errors.append(f"POST {person_id}: {response.status} {outcome!r}")


def warm_up(port: int, data: Data, workers: int) -> None:
    """Confirm pages (GET: nothing is written) until every worker has loaded its code,
    templates and catalogue; not measured."""
    people = data.people[: workers * 20]
    work: queue.Queue = queue.Queue()
    for person_id, _unit, cookie in people:
        work.put((person_id, cookie))

    def one():
        from django.utils import timezone

        from lamtheo.study.checkin import qr_token

        conn = http.client.HTTPConnection(HOST, port, timeout=120)
        while True:
            try:
                _person_id, cookie = work.get_nowait()
            except queue.Empty:
                break
            path = f"/study/c/{qr_token(data.session, timezone.now())}/"
            conn.request(
                "GET", path, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}
            )
            conn.getresponse().read()
        conn.close()

    threads = [threading.Thread(target=one) for _ in range(workers * 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run_burst(port: int, data: Data, scanners: int, rescan: float, seed: int) -> Burst:
    rng = random.Random(seed)
    order = list(data.people)
    rng.shuffle(order)
    twice = set(rng.sample(range(len(order)), round(len(order) * rescan)))
    work: queue.Queue = queue.Queue()
    for i, (person_id, _unit, cookie) in enumerate(order):
        work.put((person_id, cookie, False))
        if i in twice:
            work.put((person_id, cookie, True))  # back to back: usually two scanners at once
    burst = Burst()
    lock = threading.Lock()
    cpu = time.process_time()

    def scanner():
        conn = http.client.HTTPConnection(HOST, port, timeout=120)
        mine = Burst()
        while True:
            try:
                person_id, cookie, second = work.get_nowait()
            except queue.Empty:
                break
            try:
                _scan(conn, data.session, person_id, cookie, second, mine)
            except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the run
                mine.errors.append(f"{person_id}: {type(exc).__name__}: {exc}")
                conn.close()
        conn.close()
        with lock:
            burst.hits += mine.hits
            burst.errors += mine.errors

    threads = [threading.Thread(target=scanner, name=f"scanner-{i}") for i in range(scanners)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    burst.seconds = time.perf_counter() - started
    burst.client_cpu = time.process_time() - cpu
    return burst
