"""The outside channels. Each `send(delivery, message, person)` returns an Outcome; it raises
nothing for what the remote side answers, only for bugs."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Outcome:
    # "sent", "retry" (try again later) or "failed" (never: a bad address, a refusal)
    result: str
    error: str = ""
    external_id: str = ""
    address: str = ""
    route: str = ""

    @classmethod
    def sent(cls, external_id: str = "", **kw) -> Outcome:
        return cls("sent", external_id=external_id, **kw)

    @classmethod
    def retry(cls, error: str, **kw) -> Outcome:
        return cls("retry", error=error[:500], **kw)

    @classmethod
    def failed(cls, error: str, **kw) -> Outcome:
        return cls("failed", error=error[:500], **kw)
