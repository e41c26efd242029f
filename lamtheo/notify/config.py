"""Which outside channels are on, from the settings (the environment; see README): a channel
without its configuration is off and the pages say so."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Zalo:
    app_id: str
    app_secret: str
    oa_id: str
    refresh_token: str  # the first one; later ones are kept in ZaloToken
    zns_template_id: str
    # Reminders may have a ZNS template of their own (same two parameters); else the one above.
    zns_reminder_template_id: str
    # The template's registered parameter names for the recipient's name and the title.
    zns_params: tuple[str, str]
    zns_mode: str  # "development" delivers only to the OA's admins
    oauth_url: str
    openapi_url: str
    business_url: str
    timeout: float


def zalo() -> Zalo:
    conf = settings.NOTIFY_ZALO
    params = [p.strip() for p in conf.get("ZNS_PARAMS", "name,title").split(",") if p.strip()]
    if len(params) != 2:
        params = ["name", "title"]
    return Zalo(
        app_id=conf.get("APP_ID", ""),
        app_secret=conf.get("APP_SECRET", ""),
        oa_id=conf.get("OA_ID", ""),
        refresh_token=conf.get("REFRESH_TOKEN", ""),
        zns_template_id=conf.get("ZNS_TEMPLATE_ID", ""),
        zns_reminder_template_id=conf.get("ZNS_REMINDER_TEMPLATE_ID", ""),
        zns_params=(params[0], params[1]),
        zns_mode=conf.get("ZNS_MODE", ""),
        oauth_url=conf.get("OAUTH_URL", "https://oauth.zaloapp.com").rstrip("/"),
        openapi_url=conf.get("OPENAPI_URL", "https://openapi.zalo.me").rstrip("/"),
        business_url=conf.get("BUSINESS_URL", "https://business.openapi.zalo.me").rstrip("/"),
        timeout=float(conf.get("TIMEOUT", "10")),
    )


def zalo_on() -> bool:
    conf = zalo()
    return bool(conf.app_id and conf.app_secret and conf.refresh_token)


def email_on() -> bool:
    return bool(settings.NOTIFY_EMAIL)


def channels_on() -> dict[str, bool]:
    return {"email": email_on(), "zalo": zalo_on()}


def webhook_secret() -> str:
    return settings.NOTIFY_ZALO_WEBHOOK_SECRET


def quiet_hours() -> tuple[dt.time, dt.time] | None:
    """The default quiet hours of reminders ("21:00-07:00"); None when unset or unreadable."""
    text = (settings.NOTIFY_QUIET_HOURS or "").strip()
    try:
        start, end = (dt.time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        return None
    return None if start == end else (start, end)
