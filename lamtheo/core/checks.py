"""Deployment checks of our own settings (`manage.py check --deploy`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    """QR codes, calendar feeds and e-mailed links are built from SITE_URL, outside a request:
    left at its development default they point every phone at 127.0.0.1."""
    parts = urlsplit(settings.SITE_URL)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        return [Warning(f"SITE_URL {settings.SITE_URL!r} is not an address.", id="lamtheo.W001")]
    if host in ("127.0.0.1", "localhost", "::1") or not validate_host(host, settings.ALLOWED_HOSTS):
        return [
            Warning(
                f"SITE_URL {settings.SITE_URL!r} is not one of ALLOWED_HOSTS.",
                hint="Set SITE_URL to the public address, e.g. https://lamtheo.example.vn.",
                id="lamtheo.W002",
            )
        ]
    if getattr(settings, "SECURE_SSL_REDIRECT", False) and parts.scheme != "https":
        return [
            Warning(
                f"SITE_URL {settings.SITE_URL!r} is http while the site redirects to https.",
                id="lamtheo.W003",
            )
        ]
    return []
