"""A fake Zalo on loopback that speaks the wire format of /work/shared/ZALO.md: the token
endpoint (form-encoded, `secret_key` header, one-time refresh tokens), OA consultation messages
(`access_token` header, 7-day interaction window) and ZNS by 84-prefixed phone. Errors come
back as HTTP 200 with a negative `error`, as Zalo's do."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

APP_ID = "2074138120372622546"
APP_SECRET = "app-secret-xyz"
TEMPLATE_ID = "7895417a7d3f9461cd2e"


class FakeZalo:
    def __init__(self):
        self.lock = threading.Lock()
        self.refresh_token = "RT-first"
        self.access_tokens: set[str] = set()
        self.followers: dict[str, dt.datetime] = {}  # user id -> last interaction
        self.fail_next: list[int] = []  # HTTP statuses to answer before behaving
        self.answer_next: list[dict] = []  # bodies (HTTP 200) to answer before behaving
        self.cs_sent: list[dict] = []
        self.zns_sent: list[dict] = []
        self.refreshes: list[str] = []  # refresh tokens presented
        self.requests: list[tuple[str, dict]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def expire_access_tokens(self):
        with self.lock:
            self.access_tokens.clear()

    # The endpoints ---------------------------------------------------------------------------

    def token(self, headers, body: bytes) -> dict:
        form = dict(urllib.parse.parse_qsl(body.decode()))
        if form.get("app_id") != APP_ID:
            return {"error": -14002, "error_name": "Invalid appId", "error_description": ""}
        if headers.get("secret_key") != APP_SECRET:
            return {"error": -14004, "error_name": "Invalid secret key", "error_description": ""}
        if form.get("grant_type") != "refresh_token":
            return {"error": -14018, "error_name": "Invalid grant type", "error_description": ""}
        self.refreshes.append(form.get("refresh_token", ""))
        if form.get("refresh_token") != self.refresh_token:
            # Zalo documents no code for a spent refresh token; this one is made up.
            return {"error": -14014, "error_name": "Invalid refresh token", "error_description": ""}
        access = "AT-" + secrets.token_urlsafe(12)
        # The new access token kills the old ones; the refresh token works once.
        self.access_tokens = {access}
        self.refresh_token = "RT-" + secrets.token_urlsafe(12)
        return {"access_token": access, "refresh_token": self.refresh_token, "expires_in": "90000"}

    def cs(self, headers, payload: dict) -> dict:
        if headers.get("access_token") not in self.access_tokens:
            return {"error": -216, "message": "Access token is invalid"}
        user_id = (payload.get("recipient") or {}).get("user_id")
        text = (payload.get("message") or {}).get("text")
        if not user_id or not text:
            return {"error": -201, "message": "recipient is invalid!"}
        if user_id not in self.followers:
            return {"error": -213, "message": "User has not followed OA"}
        if dt.datetime.now(dt.UTC) - self.followers[user_id] > dt.timedelta(days=7):
            return {
                "error": -230,
                "message": "User has not interacted with the OA in the past 7 days",
            }
        self.cs_sent.append(payload)
        return {
            "data": {
                "quota": {"quota_type": "reply", "remain": "8", "total": "8"},
                "message_id": secrets.token_hex(10),
                "user_id": user_id,
                "sent_time": "1626926349402",
            },
            "error": 0,
            "message": "Success",
        }

    def zns(self, headers, payload: dict) -> dict:
        if headers.get("access_token") not in self.access_tokens:
            return {"error": -124, "message": "Access token invalid"}
        if not re.fullmatch(r"84\d{9}", str(payload.get("phone", ""))):
            return {"error": -108, "message": "Phone number invalid"}
        if payload.get("template_id") != TEMPLATE_ID:
            return {"error": -109, "message": "Template ID invalid"}
        if not payload.get("template_data"):
            return {"error": -111, "message": "Template data empty"}
        self.zns_sent.append(payload)
        return {
            "error": 0,
            "message": "Success",
            "data": {
                "msg_id": secrets.token_hex(10),
                "sent_time": "1626926349402",
                "sending_mode": "1",
                "quota": {"dailyQuota": "500", "remainingQuota": "499"},
            },
        }

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {k.lower(): v for k, v in self.headers.items()}
                with fake.lock:
                    fake.requests.append((self.path, headers))
                    if fake.fail_next:
                        self.send_response(fake.fail_next.pop(0))
                        self.end_headers()
                        self.wfile.write(b"<html>Bad Gateway</html>")
                        return
                    if fake.answer_next:
                        answer = fake.answer_next.pop(0)
                    elif self.path == "/v4/oa/access_token":
                        answer = fake.token(headers, body)
                    elif self.path == "/v3.0/oa/message/cs":
                        answer = fake.cs(headers, json.loads(body))
                    elif self.path == "/message/template":
                        answer = fake.zns(headers, json.loads(body))
                    else:
                        self.send_response(404)
                        self.end_headers()
                        return
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
