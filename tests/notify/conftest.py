"""A real SMTP server (aiosmtpd) and a fake Zalo server on loopback, and settings that point
the notification channels at them."""

from __future__ import annotations

import socket

import pytest
from aiosmtpd.controller import Controller

from tests.notify.zalo_server import APP_ID, APP_SECRET, TEMPLATE_ID, FakeZalo

# The programme year and the study session the reminders' tests remind of.
from tests.programs.conftest import commit, program, year  # noqa: F401
from tests.study.conftest import published, session  # noqa: F401


class Inbox:
    """What the SMTP server accepted."""

    def __init__(self):
        self.messages: list = []

    async def handle_DATA(self, server, smtp_session, envelope):
        self.messages.append(envelope)
        return "250 OK"

    @property
    def recipients(self) -> list[str]:
        return [r for m in self.messages for r in m.rcpt_tos]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_port():
    return free_port()


@pytest.fixture
def smtp(smtp_port, settings):
    """An SMTP server on loopback, the default mailer pointed at it, email on."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    mail_settings(settings, smtp_port)
    yield handler
    controller.stop()


def mail_settings(settings, port: int) -> None:
    settings.NOTIFY_EMAIL = True
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


@pytest.fixture
def zalo(settings):
    fake = FakeZalo().start()
    settings.NOTIFY_ZALO = {
        "APP_ID": APP_ID,
        "APP_SECRET": APP_SECRET,
        "OA_ID": "388613280878808645",
        "REFRESH_TOKEN": "RT-first",
        "ZNS_TEMPLATE_ID": TEMPLATE_ID,
        "ZNS_PARAMS": "customer_name,title",
        "OAUTH_URL": fake.url,
        "OPENAPI_URL": fake.url,
        "BUSINESS_URL": fake.url,
        "TIMEOUT": "5",
    }
    yield fake
    fake.stop()


@pytest.fixture
def channels_off(settings):
    settings.NOTIFY_EMAIL = False
    settings.NOTIFY_ZALO = {}
