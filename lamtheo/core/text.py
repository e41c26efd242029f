"""Vietnamese text rules: normalisation, name parts, sort keys, search keys.

Every name that enters the system passes through `clean_text` (NFC, whitespace). People are
ordered by `person_sort_key`, a stored column computed here with ICU's Vietnamese collation,
so SQLite and PostgreSQL order rows identically without relying on database collations.
Search compares `search_key` columns (lower case, no diacritics, đ -> d) with `fold(query)`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import icu

_SPACES = re.compile(r"\s+")
# Zero-width characters that Word and web forms leave behind; they break equality silently.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# Control characters that are not whitespace (NUL, the bell, DEL…) come from pasted binary or
# broken spreadsheets; PostgreSQL's text columns refuse NUL outright.
_INVISIBLE.update(
    (code, None) for code in [*range(0x20), *range(0x7F, 0xA0)] if not chr(code).isspace()
)


def clean_text(value: str | None) -> str:
    """NFC, no invisible or control characters, single spaces, no leading or trailing space."""
    if not value:
        return ""
    value = unicodedata.normalize("NFC", str(value)).translate(_INVISIBLE)
    return _SPACES.sub(" ", value).strip()


def clean_lines(value: str | None) -> str:
    """Several lines of text: each line cleaned as `clean_text`, at most one blank line in a
    row, none at the ends."""
    kept: list[str] = []
    for line in (value or "").splitlines():
        line = clean_text(line)
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip()


def clean_name(value: str | None) -> str:
    """A person's name as people write it: cleaned, and title case if typed all in one case.

    "NGUYỄN VĂN QUANG" and "nguyễn văn quang" become "Nguyễn Văn Quang"; a mixed-case name
    ("Nguyễn Thị DeLa") is kept as typed, since it was typed on purpose.
    """
    value = clean_text(value)
    if value and (value.isupper() or value.islower()):
        value = " ".join(word[:1].upper() + word[1:].lower() for word in value.split(" "))
    return value


def split_name(full_name: str) -> tuple[str, str, str]:
    """Split a Vietnamese full name into (family, middle, given).

    "Nguyễn Văn Quang" -> ("Nguyễn", "Văn", "Quang"); "Lê Toàn" -> ("Lê", "", "Toàn");
    a single word is a given name.
    """
    words = clean_text(full_name).split(" ")
    if words == [""]:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def fold(value: str | None) -> str:
    """Lower case without diacritics, đ -> d: the key that search compares."""
    value = clean_text(value).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _collator() -> icu.Collator:
    collator = icu.Collator.createInstance(icu.Locale("vi_VN"))
    # Numbers inside names ("Tổ 2" < "Tổ 10") compare by value.
    collator.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
    return collator


def collation_key(value: str) -> str:
    """ICU Vietnamese sort key of `value` as lowercase hex.

    Hex keeps byte order under any database collation, and ICU's keys end with a 0x00 byte,
    so the key of a prefix ("An") sorts before the key of a longer word ("Anh").
    """
    return _collator().getSortKey(clean_text(value)).hex()


def person_sort_key(family: str, middle: str, given: str) -> str:
    """Given name first, then middle, then family name, each in Vietnamese alphabet order."""
    collator = _collator()
    return b"".join(collator.getSortKey(clean_text(part)) for part in (given, middle, family)).hex()


def vietnamese_sorted(values, key=lambda v: v):
    """Sort Python values by Vietnamese collation (for small in-memory lists)."""
    collator = _collator()
    return sorted(values, key=lambda v: collator.getSortKey(clean_text(key(v))))
