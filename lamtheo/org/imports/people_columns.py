"""The columns of a people file, the Row one line of it becomes, and the positions of the
values loaded for a matched person (INDEX).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lamtheo.org.imports.reader import Column
from lamtheo.org.models import PERSON_FIELDS, Person, Unit

COLUMNS = (
    Column("full_name", "Họ và tên", aliases=("Họ tên", "Họ và tên đảng viên", "Tên đảng viên")),
    Column("birth_date", "Ngày sinh", aliases=("Ngày tháng năm sinh",)),
    Column("gender", "Giới tính"),
    Column("unit_code", "Mã đơn vị", aliases=("Mã chi bộ",)),
    Column("party_card_number", "Số thẻ đảng viên", aliases=("Số thẻ", "Số thẻ Đảng", "Số thẻ ĐV")),
    Column("joined_on", "Ngày vào Đảng", aliases=("Ngày kết nạp", "Ngày kết nạp Đảng")),
    Column("official_on", "Ngày chính thức", aliases=("Ngày công nhận chính thức",)),
    Column("party_status", "Đối tượng"),
    Column("job_title", "Chức vụ"),
    Column("phone", "Điện thoại", aliases=("Số điện thoại", "SĐT", "ĐT")),
    Column("email", "Email", aliases=("E-mail", "Thư điện tử")),
    Column("code", "Mã cá nhân", required=False, aliases=("Mã đảng viên",)),
)
LABEL = {c.key: c.label for c in COLUMNS}
MAX_LENGTH = {
    f.name: f.max_length for f in Person._meta.concrete_fields if getattr(f, "max_length", None)
}
# Fields the file sets, compared to decide "updated" or "unchanged".
FILE_FIELDS = (*PERSON_FIELDS, "unit_id")
# What is loaded of an existing person: the file fields, then these.
EXTRA = ("id", "left_on", "unit__path")


@dataclass(slots=True)
class Row:
    row: int
    full_name: str = ""
    birth_date: dt.date | None = None
    gender: str = ""
    unit_code: str = ""
    party_card_number: str = ""
    joined_on: dt.date | None = None
    official_on: dt.date | None = None
    party_status: str = ""
    job_title: str = ""
    phone: str = ""
    email: str = ""
    code: str = ""
    unit: Unit | None = None
    existing: tuple | None = None  # the matched person's stored values (FILE_FIELDS + EXTRA)


class NameKeys:
    """Stand-in for Person.fill_keys(): the name parts and keys of one full name."""

    __slots__ = ("full_name", "family_name", "middle_name", "given_name", "sort_key", "search_key")


INDEX = {name: i for i, name in enumerate(FILE_FIELDS + EXTRA)}
COLUMN_ORDER = {c.label: i for i, c in enumerate(COLUMNS)}
