"""The calendar feed's iCalendar: what calendar apps read back, folding, UTC times."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
from hypothesis import given
from hypothesis import strategies as st

from lamtheo.study import ics

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
START = dt.datetime(2026, 11, 20, 8, 0, tzinfo=HANOI)


def event(**fields) -> ics.Event:
    values = {
        "uid": "study-session-7@lamtheo",
        "start": START,
        "end": START + dt.timedelta(hours=2),
        "summary": "Hội nghị, giao ban; quý IV",
        "stamp": START,
        "location": "Hội trường A, tầng 2",
        "description": "Dòng 1\nDòng 2",
        "url": "https://example.org/study/7/",
        "status": "CANCELLED",
    }
    return ics.Event(**{**values, **fields})


def test_calendar_shape():
    text = ics.calendar([event()], name="Lịch học tập").decode()
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.replace("\r\n ", "").split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    assert "UID:study-session-7@lamtheo" in lines
    # 08:00 in Hanoi is 01:00 UTC.
    assert "DTSTART:20261120T010000Z" in lines
    assert "DTEND:20261120T030000Z" in lines
    assert "SUMMARY:Hội nghị\\, giao ban\\; quý IV" in lines
    assert "LOCATION:Hội trường A\\, tầng 2" in lines
    assert "DESCRIPTION:Dòng 1\\nDòng 2" in lines
    assert "STATUS:CANCELLED" in lines
    assert "X-WR-CALNAME:Lịch học tập" in lines
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=400))
def test_any_text_comes_back_whole_and_lines_stay_within_75_octets(text):
    body = ics.calendar([event(summary=text or "x", description=text)])
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    for line in body.split(b"\r\n"):
        line.decode()  # a fold never cuts a character in two
    parsed = icalendar.Calendar.from_ical(body)
    (vevent,) = parsed.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == (text or "x")
    if text:
        assert str(vevent["DESCRIPTION"]) == text
    assert vevent.decoded("DTSTART") == START


def test_a_literal_backslash_n_is_not_a_line_break():
    body = ics.calendar([event(summary="Tổ 1\\Nhóm 2", description="C:\\New")])
    (vevent,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Tổ 1\\Nhóm 2"
    assert str(vevent["DESCRIPTION"]) == "C:\\New"
