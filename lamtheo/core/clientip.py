"""The address of the browser, not of the proxy in front of us.

Behind nginx every request comes from 127.0.0.1, so a sign-in throttle keyed on REMOTE_ADDR
would lock an account for everyone. The proxy's header is believed only when the request
comes from a proxy we trust (TRUSTED_PROXIES), and only its last entry: the one our proxy
wrote, since anything before it is whatever the browser sent.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _address(value: str) -> str | None:
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    header = settings.CLIENT_IP_HEADER
    if not header or remote not in settings.TRUSTED_PROXIES:
        return remote
    value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    forwarded = _address(value.rsplit(",", 1)[-1]) if value else None
    return forwarded or remote
