"""Named personas over a small tree, shared by the tests.

    committee (Đảng bộ Khối)
    ├── cell_a (Chi bộ A) ── group_a (Tổ đảng A1)
    └── cell_b (Chi bộ B)

- admin: the administrator, sees and does everything.
- office: committee office on the committee: manages the whole tree.
- inspector: inspector on the committee: reads everything, changes nothing.
- secretary: secretary of cell A: manages the people of cell A (and group A1).
- other_secretary: secretary of cell B: must not see cell A at all (404).
- member: a member of cell A without a grant: sees their own record only.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.factories import GrantFactory, PersonFactory, UnitFactory, UserFactory

# The suite runs in parallel on shared machines: how fast hypothesis generates examples there
# (its too_slow health check, its per-example deadline) measures the neighbours, not our code.
hypothesis_settings.register_profile(
    "lamtheo", suppress_health_check=[HealthCheck.too_slow], deadline=None
)
hypothesis_settings.load_profile("lamtheo")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
# inside one unless told it is safe (pytest-django documents this for live_server tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")


# tests/demo shares one loaded demo (tests/demo/conftest.py): one xdist group, so one worker
# runs the package in one stretch (`--dist loadgroup`), and the modules whose requests are
# committed (the fuzzer's crawl, the live server's) last, after the tests that count rows, and
# the one that flushes the demo to load it again after them.
DEMO = Path(__file__).parent / "demo"
COMMITTING = ("test_fuzz.py", "test_crawl.py", "test_empty.py")


# A wrapper: the marks go on before xdist's worker reads them (in its own hook of this name),
# the order is set after pytest-django's (which sorts transactional tests last).
@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items):
    def place(item):
        if item.path.parent != DEMO:
            return 0
        name = item.path.name
        return 2 + COMMITTING.index(name) if name in COMMITTING else 1

    for item in items:
        if item.path.parent == DEMO:
            item.add_marker(pytest.mark.xdist_group("demo"))
    result = yield
    items.sort(key=place)  # stable: the order within each part stays
    return result


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, for the end-to-end tests and the demo crawl."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session", autouse=True)
def _media_of_this_worker(tmp_path_factory):
    """Uploaded files in a folder of this test process: two xdist workers saving the same
    file name in one folder made a test that checks a file is deleted see the other's."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(autouse=True)
def _vietnamese():
    translation.activate("vi")
    yield
    translation.deactivate()


@dataclass
class World:
    committee: object
    cell_a: object
    group_a: object
    cell_b: object
    person_a: object
    person_b: object
    admin: object
    office: object
    inspector: object
    secretary: object
    other_secretary: object
    member: object


@pytest.fixture
def world(db) -> World:
    committee = UnitFactory(
        code="DUK", name="Đảng bộ Khối doanh nghiệp", kind="grassroots_committee"
    )
    cell_a = UnitFactory(parent=committee, code="CBA", name="Chi bộ A")
    group_a = UnitFactory(parent=cell_a, code="TDA1", name="Tổ đảng A1", kind="group")
    cell_b = UnitFactory(parent=committee, code="CBB", name="Chi bộ B")
    cell_a.refresh_from_db()
    committee.refresh_from_db()

    admin = UserFactory(username="admin", is_staff=True)
    GrantFactory(user=admin, unit=None, role="admin")
    office = UserFactory(username="vanphong")
    GrantFactory(user=office, unit=committee, role="office")
    inspector = UserFactory(username="kiemtra")
    GrantFactory(user=inspector, unit=committee, role="inspector")
    secretary = UserFactory(username="bithu")
    GrantFactory(user=secretary, unit=cell_a, role="secretary")
    other_secretary = UserFactory(username="bithu_b")
    GrantFactory(user=other_secretary, unit=cell_b, role="secretary")
    member = UserFactory(username="dangvien")

    person_a = PersonFactory(unit=cell_a, full_name="Nguyễn Văn Quang", user=member)
    person_b = PersonFactory(unit=cell_b, full_name="Trần Thị Ánh")
    return World(
        committee=committee,
        cell_a=cell_a,
        group_a=group_a,
        cell_b=cell_b,
        person_a=person_a,
        person_b=person_b,
        admin=admin,
        office=office,
        inspector=inspector,
        secretary=secretary,
        other_secretary=other_secretary,
        member=member,
    )


@pytest.fixture
def login(client):
    """login(user) signs the test client in as `user` and returns the client."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@dataclass
class Mailbox:
    """Messages a real SMTP server on the loopback received (aiosmtpd), as email.Message."""

    messages: list

    def bodies_to(self, address: str) -> list[str]:
        return [
            m.get_body(preferencelist=("plain",)).get_content()
            for m in self.messages
            if address in m["To"]
        ]


@pytest.fixture
def smtp(settings):
    """An SMTP server on 127.0.0.1 for the test; Django's SMTP backend sends to it."""
    import email
    import email.policy
    import socket

    from aiosmtpd.controller import Controller

    received: list = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }
    try:
        yield Mailbox(received)
    finally:
        controller.stop()
