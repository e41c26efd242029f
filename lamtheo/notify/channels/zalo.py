"""Zalo Official Account: consultation ("cs") messages to followers who interacted within 7
days, ZNS template messages by phone for the others, the access token refreshed with the
one-time refresh token. Wire format: /work/shared/ZALO.md (errors come back as HTTP 200 with a
negative `error`)."""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.parse
import urllib.request

from django.db import transaction
from django.utils import timezone

from lamtheo.notify import config
from lamtheo.notify.channels import Outcome
from lamtheo.notify.models import MessageKind, ZaloToken

CS_MAX_CHARS = 2000
INTERACTION_WINDOW = dt.timedelta(days=7)
# The token is dead: refresh once and try again.
TOKEN_ERRORS = {-216, -220, -124}
# The follower cannot get a consultation message: try ZNS by phone.
NOT_REACHABLE_CS = {-213, -230, -232}
# Busy or out of quota for now: later.
LATER = {-32, -211, -218, -115, -144}


class ZaloDown(Exception):
    """No usable answer (network, HTTP 5xx, not JSON): try again later."""


def _post(url: str, *, headers: dict, body: bytes, timeout: float) -> dict:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        raise ZaloDown(f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise ZaloDown(str(exc)) from exc
    try:
        answer = json.loads(raw)
    except ValueError as exc:
        raise ZaloDown("not JSON") from exc
    if not isinstance(answer, dict):
        raise ZaloDown("not a JSON object")
    return answer


def phone_84(phone: str) -> str:
    """ "0912 345 678", "+84912345678", "84912345678" → "84912345678"; "" when not a
    Vietnamese mobile number."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("84"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = digits[1:]
    return f"84{digits}" if len(digits) == 9 else ""


class TokenStore:
    """The access token, refreshed under a row lock so two workers never spend the same
    one-time refresh token."""

    def __init__(self, conf: config.Zalo):
        self.conf = conf

    def _row(self, *, lock: bool) -> ZaloToken:
        qs = ZaloToken.objects.select_for_update() if lock else ZaloToken.objects
        row = qs.order_by("pk").first()
        if row is None:
            row = ZaloToken.objects.create(refresh_token=self.conf.refresh_token)
        return row

    def current(self) -> str:
        row = self._row(lock=False)
        if row.broken:
            raise ZaloDown(f"token: {row.broken}")
        if not row.access_token or (row.expires_at and row.expires_at <= timezone.now()):
            return self.refresh(row.access_token)
        return row.access_token

    def refresh(self, stale: str) -> str:
        """A new access token, unless another worker already replaced `stale`."""
        with transaction.atomic():
            row = self._row(lock=True)
            if row.broken:
                raise ZaloDown(f"token: {row.broken}")
            if row.access_token and row.access_token != stale:
                return row.access_token
            answer = _post(
                f"{self.conf.oauth_url}/v4/oa/access_token",
                headers={
                    "secret_key": self.conf.app_secret,
                    "Content-Type": "application/x-www-form-urlencoded",
                },
                body=urllib.parse.urlencode(
                    {
                        "refresh_token": row.refresh_token,
                        "app_id": self.conf.app_id,
                        "grant_type": "refresh_token",
                    }
                ).encode(),
                timeout=self.conf.timeout,
            )
            if answer.get("access_token") and answer.get("refresh_token"):
                row.access_token = answer["access_token"]
                row.refresh_token = answer["refresh_token"]
                row.expires_at = timezone.now() + dt.timedelta(
                    seconds=int(answer.get("expires_in") or 90000) - 300
                )
                row.broken = ""
                row.save()
                return row.access_token
        # No documented code for a spent refresh token: any refusal is final until an operator
        # sets a new one (ZALO.md §3). Recorded after the lock's transaction, which is over.
        broken = str(answer.get("error_name") or answer.get("error") or answer)[:300]
        ZaloToken.objects.filter(pk=row.pk).update(broken=broken)
        raise ZaloDown(f"token refused: {broken}")


class Client:
    def __init__(self, conf: config.Zalo | None = None):
        self.conf = conf or config.zalo()
        self.tokens = TokenStore(self.conf)

    def _call(self, url: str, payload: dict) -> dict:
        """POST with the access token; a dead token is refreshed once and the call repeated."""
        token = self.tokens.current()
        body = json.dumps(payload, ensure_ascii=False).encode()
        for attempt in range(2):
            answer = _post(
                url,
                headers={"access_token": token, "Content-Type": "application/json"},
                body=body,
                timeout=self.conf.timeout,
            )
            if attempt == 0 and _code(answer) in TOKEN_ERRORS:
                token = self.tokens.refresh(token)
                continue
            return answer
        return answer

    def send_cs(self, user_id: str, text: str) -> dict:
        return self._call(
            f"{self.conf.openapi_url}/v3.0/oa/message/cs",
            {"recipient": {"user_id": user_id}, "message": {"text": text[:CS_MAX_CHARS]}},
        )

    def send_zns(self, phone: str, data: dict, tracking_id: str, template_id: str = "") -> dict:
        payload = {
            "phone": phone,
            "template_id": template_id or self.conf.zns_template_id,
            "template_data": data,
            "tracking_id": tracking_id[:48],
        }
        if self.conf.zns_mode:
            payload["mode"] = self.conf.zns_mode
        return self._call(f"{self.conf.business_url}/message/template", payload)


def _code(answer: dict) -> int:
    try:
        return int(answer.get("error", 0))
    except (TypeError, ValueError):
        return -1


def _outcome(answer: dict, *, id_field: str, address: str, route: str) -> Outcome:
    code = _code(answer)
    error = f"{code} {answer.get('message', '')}".strip()
    if code == 0:
        data = answer.get("data") or {}
        return Outcome.sent(str(data.get(id_field, "")), address=address, route=route)
    if code in LATER or code in TOKEN_ERRORS:
        return Outcome.retry(error, address=address, route=route)
    return Outcome.failed(error, address=address, route=route)


def text_of(message) -> str:
    parts = [message.title, message.body]
    if message.link:
        parts.append(message.link)
    return "\n\n".join(parts)


def send(delivery, message, person, *, client: Client | None = None) -> Outcome:
    """A consultation message when the person follows the OA and interacted within 7 days,
    else (or when Zalo refuses it as outside the window) ZNS to their phone."""
    client = client or Client()
    preference = getattr(person, "notify_preference", None)
    user_id = preference.zalo_user_id if preference else ""
    interacted = preference.zalo_interacted_at if preference else None
    phone = phone_84(person.phone)
    try:
        if user_id and interacted and timezone.now() - interacted < INTERACTION_WINDOW:
            answer = client.send_cs(user_id, text_of(message))
            if _code(answer) not in NOT_REACHABLE_CS:
                return _outcome(answer, id_field="message_id", address=user_id, route="cs")
        if not phone:
            return Outcome.failed("no Zalo follower id in the window and no mobile number")
        if not client.conf.zns_template_id:
            return Outcome.failed("no ZNS template configured", address=phone)
        name_key, title_key = client.conf.zns_params
        template_id = ""
        if message.kind == MessageKind.REMINDER:
            template_id = client.conf.zns_reminder_template_id
        answer = client.send_zns(
            phone,
            {name_key: person.full_name[:30], title_key: message.title[:100]},
            tracking_id=f"d{delivery.pk}",
            template_id=template_id,
        )
        return _outcome(answer, id_field="msg_id", address=phone, route="zns")
    except ZaloDown as exc:
        return Outcome.retry(str(exc))
