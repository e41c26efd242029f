"""Sign-in lockout behind the README's proxy (issue 10 §5): the lockout falls on the
attacker's address, taken from the proxy's header, never on the account's owner."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

PROXY = "127.0.0.1"  # nginx on the same machine, as docs/operations.md sets it up


def via_proxy(browser: str) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=browser)


def test_an_attacker_behind_the_proxy_does_not_lock_the_owner_out(world):
    attacker = via_proxy("203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post("/accounts/login/", {"username": "bithu", "password": "sai"})
    locked = attacker.post("/accounts/login/", {"username": "bithu", "password": "demo12345"})
    assert locked.status_code == 429
    owner = via_proxy("198.51.100.7")
    signed_in = owner.post("/accounts/login/", {"username": "bithu", "password": "demo12345"})
    assert signed_in.status_code == 302


def test_only_the_address_our_proxy_wrote_counts(world):
    # The browser sends its own X-Forwarded-For, different at each try; nginx appends the
    # address it saw, and only that last entry is believed.
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        via_proxy(f"10.0.0.{attempt}, 203.0.113.9").post(
            "/accounts/login/", {"username": "bithu", "password": "sai"}
        )
    again = via_proxy("10.9.9.9, 203.0.113.9")
    response = again.post("/accounts/login/", {"username": "bithu", "password": "demo12345"})
    assert response.status_code == 429


def test_a_header_from_an_untrusted_sender_is_ignored(world):
    # Straight to the application (not through the proxy), a forged header changes nothing.
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}").post(
            "/accounts/login/", {"username": "bithu", "password": "sai"}
        )
    client = Client(REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR="10.1.1.1")
    response = client.post("/accounts/login/", {"username": "bithu", "password": "demo12345"})
    assert response.status_code == 429
