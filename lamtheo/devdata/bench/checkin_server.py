"""The server side of the check-in load test (lamtheo.devdata.bench.checkin): gunicorn on
loopback in a subprocess, and the CPU time of the machine's processes around the burst.

Nothing here imports Django's models: gunicorn imports this module for `server_app()` before
Django is set up.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

HOST = "127.0.0.1"


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
            "lamtheo.devdata.bench.checkin_server:server_app()",
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
