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

Models are imported inside the functions: gunicorn imports this module for `server_app()`
before Django is set up.
"""

from __future__ import annotations

import http.client
import os
import queue
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import connection, transaction

HOST = "127.0.0.1"
BENCH_HOST_USER = "bench-checkin-host"
USER_PREFIX = "bench-"
_OUTCOME = re.compile(rb'data-outcome="([a-z_]+)"')
_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
_SCAN = re.compile(rb'name="scan" value="([^"]+)"')


def server_app():
    """The WSGI application gunicorn runs for the load test.

    Production settings, except that static URLs are plain: pages link /static/… without the
    collected manifest (no static file is fetched during the test).
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application
    from django.test.utils import override_settings

    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    return get_wsgi_application()


# -- the data --------------------------------------------------------------------------------


def database_url_for_server() -> str | None:
    """A DATABASE_URL naming the database this process uses (the test database in tests);
    None when another process cannot open it (in-memory SQLite)."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = quote(db.get("USER") or "", safe="")
        password = quote(db.get("PASSWORD") or "", safe="")
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = db.get("HOST") or "127.0.0.1"
        port = db.get("PORT") or 5432
        return f"postgres://{auth}{host}:{port}/{quote(str(db['NAME']), safe='')}"
    if connection.vendor == "sqlite":
        name = str(db.get("NAME") or "")
        if not name or name == ":memory:" or "mode=memory" in name:
            return None
        return f"sqlite:///{Path(name).resolve()}"
    return None


def ensure_empty() -> None:
    from django.contrib.auth import get_user_model

    from lamtheo.org.models import Person, Unit
    from lamtheo.study.models import StudySession

    if (
        Unit.objects.exists()
        or Person.objects.exists()
        or StudySession.objects.exists()
        or get_user_model().objects.exists()
    ):
        raise RuntimeError(
            "bench_checkin needs an empty database: point DATABASE_URL at a scratch database, "
            "migrate it, then run the benchmark."
        )


@dataclass
class Data:
    session: object
    # (person id, unit id, session cookie) per person.
    people: list[tuple[int, int, str]]


def build(people: int, seed: int, log=print) -> Data:
    """Tree, people with accounts, a session running now, invitations, session cookies."""
    import datetime as dt

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

    from lamtheo.accounts.models import Grant, Role
    from lamtheo.devdata.bench.org import build_tree
    from lamtheo.devdata.names import NameGenerator
    from lamtheo.org.counts import refresh_unit_counts
    from lamtheo.org.models import Person, Unit
    from lamtheo.study import services

    started = time.perf_counter()
    leaves = build_tree(people)
    User = get_user_model()
    password = make_password(None)  # unusable: these users are signed in by cookie only
    users = User.objects.bulk_create(
        [User(username=f"{USER_PREFIX}{i:06d}", password=password) for i in range(people)],
        batch_size=2000,
    )
    rng = random.Random(seed)
    rows = []
    for i, (fake, user) in enumerate(zip(NameGenerator(seed).people(people), users, strict=True)):
        person = Person(
            full_name=fake.full_name,
            gender=fake.gender,
            birth_date=fake.birth_date,
            party_status="official",
            unit=leaves[rng.randrange(len(leaves)) if i >= len(leaves) else i],
            unit_since=dt.date(2020, 1, 1),
            user_id=user.pk,
        )
        person.fill_keys()
        rows.append(person)
    Person.objects.bulk_create(rows, batch_size=2000)
    refresh_unit_counts([leaf.pk for leaf in leaves])
    log(f"data: {Unit.objects.count():,} units, {people:,} people with accounts")

    host = User.objects.create(username=BENCH_HOST_USER, password=password)
    root = Unit.objects.get(depth=1)
    Grant.objects.create(user=host, unit=root, role=Role.OFFICE)
    now = timezone.now()
    session = services.session_create(
        by=host,
        unit=root,
        title="Hội nghị quán triệt chuyên đề năm 2026 (benchmark)",
        kind="key_cadre",
        format="in_person",
        starts_at=now - dt.timedelta(minutes=5),
        ends_at=now + dt.timedelta(hours=3),
        place="Hội trường",
    )
    services.audience_set(by=host, session=session, units=[root])
    session = services.session_publish(by=host, session=session)

    store = SessionStore()
    backend = "django.contrib.auth.backends.ModelBackend"
    expire = now + dt.timedelta(days=1)
    cookies, sessions = {}, []
    for user in users:
        key = get_random_string(32, VALID_KEY_CHARS)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(session_key=key, session_data=store.encode(data), expire_date=expire)
        )
        cookies[user.pk] = key
    Session.objects.bulk_create(sessions, batch_size=2000)
    people_rows = [
        (pk, unit_id, cookies[user_id])
        for pk, unit_id, user_id in Person.objects.filter(user__isnull=False)
        .exclude(user=host)
        .values_list("pk", "unit_id", "user_id")
    ]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(
        f"session, {len(people_rows):,} invitations and cookies "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return Data(session=session, people=people_rows)


# -- the floor -------------------------------------------------------------------------------

_COLUMNS = "session_id, person_id, unit_id, status, method, checked_in_at, updated_at"
_INSERT = f"INSERT INTO study_attendance ({_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)"


def measure_bulk_floor(data: Data) -> float:
    """Seconds to write the N attendance rows with one COPY / executemany (rolled back)."""
    from django.utils import timezone

    now = timezone.now()
    rows = [
        (data.session.pk, pk, unit_id, "present", "qr", now, now) for pk, unit_id, _ in data.people
    ]
    with transaction.atomic():
        with connection.cursor() as cursor:
            started = time.perf_counter()
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY study_attendance ({_COLUMNS}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(_INSERT, rows)
            elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def measure_row_floor(data: Data, sample: int = 500) -> float:
    """Milliseconds per check-in written as one INSERT committed on its own (median of a
    sample), the database work a check-in cannot avoid; the rows are deleted after."""
    from django.utils import timezone

    times = []
    with connection.cursor() as cursor:
        for pk, unit_id, _ in data.people[:sample]:
            now = timezone.now()
            started = time.perf_counter()
            cursor.execute(_INSERT, [data.session.pk, pk, unit_id, "present", "qr", now, now])
            times.append((time.perf_counter() - started) * 1000)
        cursor.execute("DELETE FROM study_attendance WHERE session_id = %s", [data.session.pk])
    return statistics.median(times)


# -- the server ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn in a subprocess; stopped (SIGTERM, then SIGKILL) by its own pid only."""

    def __init__(self, database_url: str, workers: int, log_path: Path):
        self.port = free_port()
        self.log_path = log_path
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lamtheo.settings",
            "DATABASE_URL": database_url,
            "DEBUG": "False",
            "SECURE": "False",
            "ALLOWED_HOSTS": HOST,
            "SECRET_KEY": settings.SECRET_KEY,  # the session cookies were signed with it
            "TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "LOG_LEVEL": "WARNING",
        }
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "lamtheo.devdata.bench.study:server_app()",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--backlog",
            "2048",
            "--timeout",
            "120",
            "--log-level",
            "warning",
            "--chdir",
            str(settings.BASE_DIR),
        ]
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            command, env=env, stdout=self._log, stderr=subprocess.STDOUT
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.tail()}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                conn.request("GET", "/accounts/login/")
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s: {self.tail()}")

    def tail(self, lines: int = 20) -> str:
        self._log.flush()
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def process_ticks(server_pid: int, database: str = "") -> dict[int, tuple[str, int]]:
    """{pid: (group, user + system clock ticks)} of every process on the machine, grouped as
    "server" (gunicorn and its workers), "bench" (this process: the scanners), "database"
    (PostgreSQL backends of `database`) and "other" (everything else, e.g. other people's
    test runs sharing the CPUs). Empty without /proc."""
    found = {}
    try:
        entries = [e for e in os.listdir("/proc") if e.isdigit()]
    except OSError:
        return found
    me = os.getpid()
    for entry in entries:
        pid = int(entry)
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        # fields[1] is the parent pid; [11], [12] utime, stime (man 5 proc, from field 3)
        ticks = int(fields[11]) + int(fields[12])
        if pid == server_pid or int(fields[1]) == server_pid:
            group = "server"
        elif pid == me:
            group = "bench"
        else:
            group = "other"
            if database:
                try:
                    cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
                except OSError:
                    cmdline = b""
                if cmdline.startswith(b"postgres: ") and f" {database} ".encode() in cmdline:
                    group = "database"
        found[pid] = (group, ticks)
    return found


def cpu_by_group(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds per group between two `process_ticks` snapshots (a process born in between
    counts whole; one that ended in between is lost)."""
    spent: dict[str, float] = {}
    hz = os.sysconf("SC_CLK_TCK")
    for pid, (group, ticks) in after.items():
        earlier = before.get(pid)
        delta = ticks - (earlier[1] if earlier and earlier[0] == group else 0)
        spent[group] = spent.get(group, 0.0) + max(delta, 0) / hz
    return spent


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat; (0, 0) without."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0, 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    total = sum(fields[:8])  # guest time is already counted in user
    return (total - idle) / ticks, total / ticks


# -- the scanners ----------------------------------------------------------------------------


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
    outcome = _OUTCOME.search(body)
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
    csrf, scan = _CSRF.search(body), _SCAN.search(body)
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
    outcome = _OUTCOME.search(body)
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


# -- checking and reporting ------------------------------------------------------------------


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
        scan = _SCAN.search(page.content)
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
    data = build(people, seed, log)
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
        "verdict: " + ("OK" if report.ok else "FAILED: " + "; ".join(report.problems)),
    ]
    return "\n".join(lines)
