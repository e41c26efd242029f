"""The demo's reminders: one `send_reminders` run on the story's "today" (DATA_TODAY, 08:00),
so the inboxes show what the system reminded people of that morning (the open self-assessment
of 2026, a session of the next day, excuses waiting), dated that morning. Later runs (`make
demo` runs the command every 15 minutes) remind at the real date; each reminder only once."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db import transaction

from lamtheo.devdata.demo.common import DATA_TODAY, update_rows
from lamtheo.notify import reminders
from lamtheo.notify.models import Message, MessageKind

MORNING = dt.datetime.combine(DATA_TODAY, dt.time(8), tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))


def load_reminders() -> int:
    """The reminders due on the story's morning (none twice); returns how many were written."""
    with transaction.atomic():
        before = set(Message.objects.filter(kind=MessageKind.REMINDER).values_list("pk", flat=True))
        done = reminders.run(MORNING)
        new = Message.objects.filter(kind=MessageKind.REMINDER).exclude(pk__in=before)
        update_rows(
            Message, ["created_at"], [(MORNING, pk) for pk in new.values_list("pk", flat=True)]
        )
    return done["written"]
