"""The Party document layout (Hướng dẫn 36-HD/VPTW, 3/4/2018) as plain data.

A document's frame is its letterhead, its signature blocks and its recipients:

    ĐẢNG BỘ KHỐI DOANH NGHIỆP QUẬN ĐỐNG ĐA          ĐẢNG CỘNG SẢN VIỆT NAM
            ĐẢNG ỦY KHỐI                          ──────────────────────
                  *                      Đống Đa, ngày 14 tháng 3 năm 2023
           Số 12-QĐ/ĐUK
                           QUYẾT ĐỊNH
                     Về việc khen thưởng …
    …
    Nơi nhận:                                            T/M BAN THƯỜNG VỤ
    - Ban Thường vụ Quận ủy (để báo cáo);                     BÍ THƯ
    - Lưu Văn phòng.
                                                        Nguyễn Văn A

Every input is a string or a date: the caller passes the names as they were on the
document's date (the kit does not know units, people or offices). `context()` turns them
into the variables the building blocks of `builder` write into a template: `head.*`,
one dict per signature block, and `recipients`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from lamtheo.documents.text import date_line, plain

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"


@dataclass(frozen=True)
class Letterhead:
    """The top of the first page: the issuing body top left, under the body directly above
    it, then "*" and the number; "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date top right.

    `number` is the number and symbol as issued ("Số 12-QĐ/ĐUK"), or "" for papers that carry
    none (a registration form, minutes). `place` defaults to the DOCUMENT_PLACE setting."""

    issuer: str
    date: dt.date
    upper_body: str = ""
    number: str = ""
    place: str | None = None

    def as_context(self) -> dict:
        return {
            "upper_body": plain(self.upper_body).upper(),
            "issuer": plain(self.issuer).upper(),
            "number": plain(self.number),
            "date_line": date_line(self.date, self.place),
            "party": PARTY,
        }


@dataclass(frozen=True)
class Signature:
    """A signature block: "T/M CHI BỘ" (on whose behalf; "K/T", "T/L" alike, or ""), the
    signer's title ("BÍ THƯ", "NGƯỜI ĐĂNG KÝ"), an optional note under it ("(Ký, ghi rõ họ
    tên)"), the space to sign and the signer's name ("" leaves the space blank)."""

    title: str
    name: str = ""
    on_behalf: str = ""
    note: str = ""

    def as_context(self) -> dict:
        return {
            "on_behalf": plain(self.on_behalf).upper(),
            "title": plain(self.title).upper(),
            "note": plain(self.note),
            "name": plain(self.name),
        }


def recipient_lines(recipients: Sequence[str]) -> list[str]:
    """ "Nơi nhận" lines: "- Ban Thường vụ Quận ủy (để báo cáo);" …, the last ending in "."."""
    names = [plain(r).rstrip(";.,") for r in recipients if plain(r)]
    return [f"- {name}{'.' if i == len(names) else ';'}" for i, name in enumerate(names, 1)]


def context(
    head: Letterhead,
    signatures: dict[str, Signature] | None = None,
    recipients: Sequence[str] = (),
) -> dict:
    """The template variables of a document's frame; merge the document's own into it."""
    values = {"head": head.as_context(), "recipients": recipient_lines(recipients)}
    for key, signature in (signatures or {}).items():
        values[key] = signature.as_context()
    return values
