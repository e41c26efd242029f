"""A person's own data, for them to download (JSON and XLSX): their record, the units they
belonged to, the offices they held, their account and its roles — what org and accounts hold
about them. Luật 91/2025/QH15 gives the data subject the right to a copy of their data.

Feature data (registrations, attendance, exemplars) is not in it yet: org cannot read the
features (docs/personal-data.md says what is missing).
"""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from lamtheo.accounts.models import Grant
from lamtheo.documents.exporters import DATE, Column, ListExporter, Sheet
from lamtheo.documents.http import attachment
from lamtheo.documents.text import slug
from lamtheo.org.models import PERSON_FIELDS, Person

JSON_TYPE = "application/json; charset=utf-8"


def collect(person: Person) -> dict:
    """Everything org and accounts keep about `person`, as plain data. Five queries."""
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
    return {
        "exported_at": timezone.now(),
        "person": record,
        "earlier_units": memberships,
        "offices": positions,
        "account": account,
    }


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
        self.data = collect(person)
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
        return sheets


def json_response(person: Person):
    content = json.dumps(collect(person), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return attachment(content.encode(), f"du-lieu-ca-nhan-{slug(person.full_name)}.json", JSON_TYPE)
