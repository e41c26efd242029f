"""A person downloads their own data (JSON and XLSX) from their page; nobody else can."""

from __future__ import annotations

import datetime as dt
import io
import json

from openpyxl import load_workbook

from lamtheo.accounts.models import Grant
from tests.factories import PositionFactory
from tests.programs.conftest import commit, program, year  # noqa: F401

SHEETS = ["Hồ sơ", "Đơn vị trước đây", "Chức vụ", "Tài khoản"]
# What the features add (PERSONAL_DATA_SOURCES), one query each (the messages two), then
# the access log (one).
FEATURE_SHEETS = [
    "Đăng ký làm theo",
    "Tham dự học tập",
    "Tự học tập",
    "Điển hình",
    "Kiểm điểm, xếp loại",
    "Khen thưởng",
    "Thông báo đã nhận",
    "Ai đã xem, tải hồ sơ",
]


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
    with django_assert_num_queries(8 + len(FEATURE_SHEETS) + 1):
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
    assert book.sheetnames == SHEETS + FEATURE_SHEETS
    values = [c.value for row in book["Hồ sơ"].iter_rows() for c in row]
    assert "Nguyễn Văn Quang" in values and "Chi bộ A" in values
    account = [c.value for row in book["Tài khoản"].iter_rows() for c in row]
    assert "dangvien" in account


def test_nobody_else_downloads_it(world, client, login):
    for user in (world.secretary, world.office, world.admin, world.other_secretary):
        response = login(user).get(f"/people/{world.person_a.pk}/my-data.json")
        assert response.status_code == 404
    assert login(world.member).get(f"/people/{world.person_a.pk}/my-data.pdf").status_code == 404


def test_it_holds_what_the_features_keep_about_the_person(world, login, commit):  # noqa: F811
    """Their registrations (and the features' other sections, empty here) in both formats."""
    commit(person=world.person_a, action="Viết 24 bài về gương người tốt, việc tốt")
    client = login(world.member)
    data = json.loads(client.get(f"/people/{world.person_a.pk}/my-data.json").content)
    assert [r["Việc đăng ký làm theo"] for r in data["registrations"]] == [
        "Viết 24 bài về gương người tốt, việc tốt"
    ]
    assert data["registrations"][0]["Năm"] == 2026
    assert data["attendance"] == [] and data["commendations"] == []
    book = load_workbook(
        io.BytesIO(client.get(f"/people/{world.person_a.pk}/my-data.xlsx").content)
    )
    cells = [c.value for row in book["Đăng ký làm theo"].iter_rows() for c in row]
    assert "Viết 24 bài về gương người tốt, việc tốt" in cells


def test_it_holds_self_study_messages_and_who_looked(world, login):
    """Self-study with its note, the messages received, and each look or download of the
    record by someone else (the whole access log, not only the page's last 30)."""
    from lamtheo.org import access
    from lamtheo.study.models import SelfStudy

    SelfStudy.objects.create(
        person=world.person_a,
        unit=world.cell_a,
        studied_on=dt.date(2026, 3, 2),
        material="Nghị quyết 57",
        minutes=40,
        note="Áp dụng vào công việc",
    )
    access.log_view(user=world.secretary, person=world.person_a)
    access.log_export(
        user=world.office,
        people=[world.person_a.pk, world.person_b.pk],
        what="Danh sách",
        unit=world.cell_a,
    )
    data = json.loads(login(world.member).get(f"/people/{world.person_a.pk}/my-data.json").content)
    assert [r["Tài liệu tự học"] for r in data["self_study"]] == ["Nghị quyết 57"]
    assert data["self_study"][0]["Điều tâm đắc"] == "Áp dụng vào công việc"
    assert data["messages"] == []
    looks = [
        (r["Người xem hoặc tải"], r["Việc"], r["Số người trong tài liệu"])
        for r in data["access_log"]
    ]
    assert looks == [("bithu", "Xem hồ sơ", 1), ("vanphong", "Danh sách", 2)]
