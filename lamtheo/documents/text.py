"""Text rules shared by every document and spreadsheet.

Documents are Vietnamese whatever the interface language, so the words here are literals.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings

from lamtheo.core.text import fold

# A blank to fill in by hand.
BLANK = "…………………………………………………………"

# C0 control characters are not allowed in XML (Word, Excel) or change the layout in docxtpl
# (\a, \f, \t); line breaks are kept.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")

# A cell starting with one of these is a formula (or becomes one when edited) in Excel,
# LibreOffice and Google Sheets: OWASP "CSV injection".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def plain(value) -> str:
    """Text safe to put in a document: no control characters, \\n line breaks only."""
    if value is None:
        return ""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", value).strip()


def neutralise(value: str) -> str:
    """Text that a spreadsheet will never read as a formula: prefixed with "'" if needed."""
    if value and (value[0] in FORMULA_STARTS or value.lstrip()[:1] in FORMULA_STARTS):
        return "'" + value
    return value


def slug(value: str, limit: int = 60) -> str:
    """ASCII for a file name: "Nguyễn Văn Quang" -> "nguyen-van-quang"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-")[:limit].strip("-") or "x"


def date_line(day: dt.date, place: str | None = None) -> str:
    """ "Hà Nội, ngày 05 tháng 02 năm 2023": days 1–9 and months 1–2 take a leading zero
    (Hướng dẫn 36-HD/VPTW writes "ngày 03 tháng 4 năm 2018"; Nghị định 30/2020 pads the
    months 1 and 2). The place defaults to the DOCUMENT_PLACE setting."""
    place = settings.DOCUMENT_PLACE if place is None else place
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: dt.date | None) -> str:
    """ "14/03/2023", or "" for no date."""
    return day.strftime("%d/%m/%Y") if day else ""


def numbered(lines: list[str]) -> str:
    """One item as it is; several numbered "1. …", "2. …", each on its own line."""
    if len(lines) <= 1:
        return lines[0] if lines else ""
    return "\n".join(f"{i}. {line}" if line else f"{i}." for i, line in enumerate(lines, 1))
