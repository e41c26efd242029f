"""The study calendar feed as iCalendar (RFC 5545), written by the icalendar library, which
escapes text, folds lines at 75 octets without splitting a character and ends them in CRLF.
Times are given in UTC so that every calendar app places them alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import icalendar

PRODID = "-//lamtheo//study//VI"


class Text(icalendar.vText):
    """Text escaped as RFC 5545 says (3.3.11). icalendar's own escaping first reads a literal
    backslash-N as a line break, so a title containing "\\N" came back changed."""

    def to_ical(self) -> bytes:
        text = str(self)
        for old, new in (
            ("\\", "\\\\"),
            (";", "\\;"),
            (",", "\\,"),
            ("\r\n", "\\n"),
            ("\n", "\\n"),
        ):
            text = text.replace(old, new)
        return text.encode(self.encoding)


@dataclass(frozen=True)
class Event:
    uid: str
    start: dt.datetime
    end: dt.datetime
    summary: str
    stamp: dt.datetime
    location: str = ""
    description: str = ""
    url: str = ""
    # CONFIRMED, TENTATIVE or CANCELLED.
    status: str = "CONFIRMED"

    def component(self) -> icalendar.Event:
        event = icalendar.Event()
        event.add("uid", self.uid)
        event.add("dtstamp", self.stamp.astimezone(dt.UTC))
        event.add("last-modified", self.stamp.astimezone(dt.UTC))
        event.add("dtstart", self.start.astimezone(dt.UTC))
        event.add("dtend", self.end.astimezone(dt.UTC))
        event.add("summary", Text(self.summary))
        if self.location:
            event.add("location", Text(self.location))
        if self.description:
            event.add("description", Text(self.description))
        if self.url:
            event.add("url", self.url)
        event.add("status", self.status)
        return event


def calendar(events, *, name: str = "") -> bytes:
    """A VCALENDAR with the events, ready to serve as text/calendar."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(event.component())
    return cal.to_ical()
