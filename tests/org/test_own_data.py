"""A person downloads their own data (JSON and XLSX) from their page; nobody else can."""

from __future__ import annotations

import datetime as dt
import io
import json

from openpyxl import load_workbook

from lamtheo.accounts.models import Grant
from tests.factories import PositionFactory


def test_member_downloads_their_data_as_json(world, client, login, django_assert_num_queries):
    PositionFactory(
        person=world.person_a,
        unit=world.cell_a,
        title="group_leader",
        started_on=dt.date(2024, 1, 1),
    )
    Grant.objects.create(user=world.member, unit=world.group_a, role="inspector")
    client = login(world.member)
    page = client.get(f"/people/{world.person_a.pk}/").content.decode()
    assert "Dữ liệu của tôi (JSON)" in page
    with django_assert_num_queries(8):
        response = client.get(f"/people/{world.person_a.pk}/my-data.json")
    assert response["Content-Disposition"].endswith('.json"')
    data = json.loads(response.content)
    assert data["person"]["full_name"] == "Nguyễn Văn Quang"
    assert data["person"]["unit"] == "Chi bộ A"
    assert data["offices"][0]["unit"] == "Chi bộ A"
    assert data["account"]["username"] == "dangvien"
    assert [r["unit"] for r in data["account"]["roles"]] == ["Tổ đảng A1"]


def test_member_downloads_their_data_as_xlsx(world, client, login):
    response = login(world.member).get(f"/people/{world.person_a.pk}/my-data.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Hồ sơ", "Đơn vị trước đây", "Chức vụ", "Tài khoản"]
    values = [c.value for row in book["Hồ sơ"].iter_rows() for c in row]
    assert "Nguyễn Văn Quang" in values and "Chi bộ A" in values
    account = [c.value for row in book["Tài khoản"].iter_rows() for c in row]
    assert "dangvien" in account


def test_nobody_else_downloads_it(world, client, login):
    for user in (world.secretary, world.office, world.admin, world.other_secretary):
        response = login(user).get(f"/people/{world.person_a.pk}/my-data.json")
        assert response.status_code == 404
    assert login(world.member).get(f"/people/{world.person_a.pk}/my-data.pdf").status_code == 404
