"""A person's own data, for them to download (JSON and XLSX): their record, the units they
belonged to, the offices they held, their account and its roles — what org and accounts hold
about them. Luật 91/2025/QH15 gives the data subject the right to a copy of their data.

The features add what they hold (registrations, attendance, exemplars, year-end reviews,
commendations): org cannot import them, so each offers a function `personal_data(person) ->
Section`, listed in the setting PERSONAL_DATA_SOURCES (as the reminders' sources are).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.module_loading import import_string

from lamtheo.accounts.models import Grant
from lamtheo.documents.exporters import DATE, Column, ListExporter, Sheet
from lamtheo.documents.http import attachment
from lamtheo.documents.text import slug
from lamtheo.org.models import PERSON_FIELDS, Person

JSON_TYPE = "application/json; charset=utf-8"


@dataclass
class Section:
    """What one feature holds about the person: a sheet of the XLSX, a list in the JSON."""

    key: str  # the JSON key, e.g. "registrations"
    title: str  # the sheet's name (Vietnamese, at most 31 characters)
    columns: tuple[tuple[str, int], ...]  # (label, width)
    rows: list[tuple]


def sections(person: Person) -> list[Section]:
    """Each feature's section, in the order of PERSONAL_DATA_SOURCES, then who looked at or
    downloaded the person's record (the access log, all of it: the page shows the last 30)."""
    return [
        *(import_string(path)(person) for path in settings.PERSONAL_DATA_SOURCES),
        access_log(person),
    ]


def access_log(person: Person) -> Section:
    rows = []
    for a in person.accesses.select_related("user__person", "export__unit").order_by("at", "pk"):
        user = a.user
        who = ""
        if user is not None:
            holder = getattr(user, "person", None)
            who = holder.full_name if holder is not None else user.username
        export = a.export
        rows.append(
            (
                timezone.localtime(a.at).strftime("%d/%m/%Y %H:%M"),
                who,
                export.what if export else "Xem hồ sơ",
                export.unit.name if export and export.unit else "",
                export.count if export else 1,
            )
        )
    columns = (
        ("Thời gian", 18),
        ("Người xem hoặc tải", 30),
        ("Việc", 40),
        ("Đơn vị", 30),
        ("Số người trong tài liệu", 12),
    )
    return Section("access_log", "Ai đã xem, tải hồ sơ", columns, rows)


def collect(person: Person, parts: list[Section] | None = None) -> dict:
    """Everything lamtheo keeps about `person`, as plain data: org's and accounts' five
    queries, then the features' sections (`parts`, read here when not given)."""
    record = {name: getattr(person, name) for name in PERSON_FIELDS}
    record.update(
        unit=person.unit.name,
        unit_since=person.unit_since,
        left_on=person.left_on,
        left_reason=person.left_reason,
    )
    for name in ("gender", "party_status"):
        record[name] = getattr(person, f"get_{name}_display")() if record[name] else ""
    memberships = [
        {"unit": m.unit.name, "ended_on": m.ended_on}
        for m in person.memberships.select_related("unit")
    ]
    positions = [
        {
            "office": p.get_title_display(),
            "unit": p.unit.name,
            "started_on": p.started_on,
            "ended_on": p.ended_on,
        }
        for p in person.positions.select_related("unit").order_by("started_on")
    ]
    account = None
    if person.user_id:
        user = person.user
        account = {
            "username": user.username,
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "active": user.is_active,
            "roles": [
                {"role": g.get_role_display(), "unit": g.unit.name if g.unit else "*"}
                for g in Grant.objects.filter(user=user).select_related("unit")
            ],
        }
    data = {
        "exported_at": timezone.now(),
        "person": record,
        "earlier_units": memberships,
        "offices": positions,
        "account": account,
    }
    for section in sections(person) if parts is None else parts:
        labels = [label for label, _width in section.columns]
        data[section.key] = [dict(zip(labels, row, strict=True)) for row in section.rows]
    return data


LABELS = {
    "code": "Mã cá nhân",
    "full_name": "Họ và tên",
    "birth_date": "Ngày sinh",
    "gender": "Giới tính",
    "party_status": "Đối tượng",
    "party_card_number": "Số thẻ đảng viên",
    "joined_on": "Ngày vào Đảng",
    "official_on": "Ngày chính thức",
    "job_title": "Chức vụ chính quyền, đoàn thể",
    "phone": "Điện thoại",
    "email": "Email",
    "unit": "Đơn vị",
    "unit_since": "Sinh hoạt tại đơn vị từ",
    "left_on": "Ngày ra khỏi tổ chức",
    "left_reason": "Lý do",
}


class OwnDataExporter(ListExporter):
    def __init__(self, person: Person):
        self.sections = sections(person)
        self.data = collect(person, self.sections)
        self.identifier = f"du-lieu-ca-nhan-{slug(person.full_name)}"

    def sheets(self) -> list[Sheet]:
        d = self.data
        pair = (Column("Mục", 30), Column("Giá trị", 50))
        record = [(LABELS[k], v) for k, v in d["person"].items()]
        account = d["account"] or {}
        sheets = [
            Sheet("Hồ sơ", pair, record),
            Sheet(
                "Đơn vị trước đây",
                (Column("Đơn vị", 40), Column("Đến ngày", 14, DATE)),
                [(m["unit"], m["ended_on"]) for m in d["earlier_units"]],
                empty="Không có.",
            ),
            Sheet(
                "Chức vụ",
                (
                    Column("Chức vụ", 30),
                    Column("Đơn vị", 40),
                    Column("Từ ngày", 14, DATE),
                    Column("Đến ngày", 14, DATE),
                ),
                [(p["office"], p["unit"], p["started_on"], p["ended_on"]) for p in d["offices"]],
                empty="Không có.",
            ),
            Sheet(
                "Tài khoản",
                pair,
                [
                    ("Tên đăng nhập", account.get("username", "")),
                    ("Email", account.get("email", "")),
                    (
                        "Vai trò",
                        "; ".join(f"{r['role']} – {r['unit']}" for r in account.get("roles", [])),
                    ),
                ],
            ),
        ]
        for section in self.sections:
            columns = tuple(Column(label, width) for label, width in section.columns)
            sheets.append(Sheet(section.title, columns, section.rows, empty="Không có."))
        return sheets


def json_response(person: Person):
    content = json.dumps(collect(person), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return attachment(content.encode(), f"du-lieu-ca-nhan-{slug(person.full_name)}.json", JSON_TYPE)
