"""Reminders (đôn đốc) that send themselves.

Each feature says what is due in a function `due(now)` that yields `Reminder`s (what, to whom,
under which key); `settings.NOTIFY_REMINDER_SOURCES` lists those functions by dotted path, so
notify never imports a feature (the layers run features → notify). `run()` — the management
command `send_reminders`, run by a timer (docs/operations.md) — writes each reminder that is not
yet in the outbox through `outbox.write`, in its own transaction; the worker then sends it over
the inbox, email and Zalo as each person chooses, outside quiet hours.

**Never twice.** A reminder's `key` ("session:12:before") is the message's `dedup_key`, unique
in the database: a reminder already written is skipped, and two runs at once cannot both write
it (the second one's INSERT fails and is rolled back, sending nothing).

Sources today: programme years (lamtheo.programs.reminders), study sessions and excuses
(lamtheo.study.reminders) and the year-end evaluation window (lamtheo.evaluation.reminders).
Still to come: an inspection finding's deadline (the oversight app), as a `due` of its own
added to the setting, keyed "finding:<pk>:deadline".
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from lamtheo.notify import outbox
from lamtheo.notify.models import Message, MessageKind

logger = logging.getLogger(__name__)


@dataclass
class Reminder:
    key: str  # what it is about, once: "year:3:registration-closes"
    title: str
    body: str
    unit: object  # the org.Unit it is sent from (whose office or secretary it speaks for)
    people: QuerySet  # of org.Person; evaluated only when the reminder is written
    link: str = ""


Source = Callable[[dt.datetime], Iterable[Reminder]]


def sources() -> list[Source]:
    return [import_string(path) for path in settings.NOTIFY_REMINDER_SOURCES]


def site_link(name: str, *args, query: str = "") -> str:
    """An absolute link to a page, for the email and Zalo text."""
    url = settings.SITE_URL.rstrip("/") + reverse(name, args=args)
    return f"{url}?{query}" if query else url


def already_sent(key: str) -> bool:
    return Message.objects.filter(dedup_key=key).exists()


def write(reminder: Reminder) -> int | None:
    """Write one reminder to the outbox unless it is there already; returns its number of
    recipients, None when it was already written (or nobody is left to remind: nothing is
    written then, so it can still go out if someone turns up before its window ends)."""
    if already_sent(reminder.key):
        return None
    people = reminder.people.filter(left_on__isnull=True)
    try:
        with transaction.atomic():
            if not people.exists():
                return 0
            return outbox.write(
                Message(
                    kind=MessageKind.REMINDER,
                    title=reminder.title[:200],
                    body=reminder.body,
                    link=reminder.link,
                    unit=reminder.unit,
                    whole_subtree=False,
                    dedup_key=reminder.key[:200],
                ),
                people,
            )
    except IntegrityError:
        # Another run wrote the same key between our check and our insert.
        return None


def run(now: dt.datetime | None = None) -> Counter:
    """Write every reminder due at `now`: counts of "written", "people" and "skipped"."""
    now = now or timezone.now()
    done: Counter = Counter()
    with translation.override(settings.LANGUAGE_CODE):
        for source in sources():
            for reminder in source(now):
                count = write(reminder)
                if count:
                    done["written"] += 1
                    done["people"] += count
                else:
                    done["skipped"] += 1
    return done
