"""A session's minutes (biên bản, DOCX) and its attendance (XLSX): they open, they hold the
attendance list and the counts, they agree with each other, and a spreadsheet never runs a
formula someone typed as a name.

Documents are Vietnamese whatever the interface language, so their text is asserted as is.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from lamtheo.documents.exporters import XLSX_TYPE
from lamtheo.documents.render import DOCX_TYPE
from lamtheo.documents.text import BLANK, date_line
from lamtheo.programs.models import Program, ProgramYear
from lamtheo.study import exports
from lamtheo.study.docx import build_templates
from lamtheo.study.models import Attendance, Invitation
from tests.factories import PersonFactory, PositionFactory
from tests.programs.conftest import WINDOWS
from tests.programs.test_documents import docx_text, save_for_eyes
from tests.study.test_rates import at, held

INJECTION = '=HYPERLINK("http://x","y")'
ORDER = [
    INJECTION,  # no family or middle name: its "given name" sorts before the letters
    "Đỗ Minh An",
    "Trần Thị Ánh",
    "Lê Văn Bình",
    "Nguyễn Văn Quang",
]


@pytest.fixture
def conference(world):
    """The committee's conference of 19/5/2025, 8:00–11:30, in the hall and at cell A's point,
    with its 2025 theme; the committee's secretary chairs."""
    program = Program.objects.create(
        unit=world.committee, name="Kết luận 01-KL/TW", start_year=2021, end_year=2026
    )
    year = ProgramYear.objects.create(
        program=program,
        year=2025,
        theme="Học tập và làm theo Bác về tinh thần tự lực",
        **{name: day.replace(year=2025) for name, day in WINDOWS.items()},
    )
    chair = PersonFactory(unit=world.committee, full_name="Hoàng Thị Hà")
    PositionFactory(person=chair, unit=world.committee, title="secretary")
    an = PersonFactory(unit=world.cell_a, full_name="Đỗ Minh An")
    binh = PersonFactory(unit=world.group_a, full_name="Lê Văn Bình")
    odd = PersonFactory(unit=world.cell_b, full_name=INJECTION)
    session = held(
        world.committee,
        at(2025, 5, 19, 8, 0),
        {
            an: ("present", 0),
            world.person_b: ("late", 1),
            binh: "excused",
            world.person_a: "absent",
            odd: None,
        },
        title="Hội nghị học tập chuyên đề năm 2025 & quán triệt <Kết luận 01>",
        kind="key_cadre",
        points=[("Hội trường Đảng ủy Khối", world.committee), ("Điểm cầu Chi bộ A", world.cell_a)],
        place="Hội trường Đảng ủy Khối, số 1 Tôn Đức Thắng",
    )
    session.ends_at = at(2025, 5, 19, 11, 30)
    session.program_year = year
    session.format = "hybrid"
    session.online_link = "https://meet.example.org/dukh"
    session.agenda = "1. Khai mạc\n\n2. Quán triệt chuyên đề\n3. Thảo luận"
    session.topic = "Quán triệt Kết luận 01-KL/TW"
    session.save()
    return session


def test_minutes_docx(world, conference, login):
    response = login(world.office).get(f"/study/{conference.pk}/minutes.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="bien-ban-20250519-hoi-nghi-hoc-tap')
    assert response["Cache-Control"] == "private, no-store"
    save_for_eyes("bien-ban.docx", response.content)
    text, tables = docx_text(response.content)
    for expected in [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ĐẢNG ỦY KHỐI DOANH NGHIỆP",  # the committee issues (org.kinds.committee_name)
        "BIÊN BẢN",
        "HỘI NGHỊ HỌC TẬP CHUYÊN ĐỀ NĂM 2025 & QUÁN TRIỆT <KẾT LUẬN 01>",
        date_line(dt.date(2025, 5, 19)),
        "- Thời gian: bắt đầu lúc 8 giờ 00 phút, ngày 19/05/2025.",
        "- Địa điểm: Hội trường Đảng ủy Khối, số 1 Tôn Đức Thắng.",
        "- Hình thức: Trực tiếp kết hợp trực tuyến.",
        "- Điểm cầu: 2 điểm cầu, gồm:",
        "+ Hội trường Đảng ủy Khối: 1/1 người tham dự;",
        "+ Điểm cầu Chi bộ A: 1/1 người tham dự.",
        "- Chủ trì: đồng chí Hoàng Thị Hà, Bí thư Đảng ủy.",
        "Số người được mời, triệu tập: 5; có mặt: 2 (đúng giờ 1, đến muộn 1); vắng có lý do: 1;"
        " vắng không lý do: 1; chưa điểm danh: 1. Tỷ lệ tham dự: 40,0%.",
        "Chuyên đề năm 2025: “Học tập và làm theo Bác về tinh thần tự lực”",
        "Quán triệt chuyên đề",
        "Hội nghị kết thúc lúc 11 giờ 30 phút cùng ngày.",
    ]:
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text
    attendance = next(t for t in tables if t[0][:2] == ["STT", "Họ và tên"])
    assert attendance[0] == [
        "STT",
        "Họ và tên",
        "Đơn vị",
        "Điểm cầu",
        "Trạng thái",
        "Giờ điểm danh",
    ]
    assert [row[1] for row in attendance[1:]] == ORDER
    assert [row[0] for row in attendance[1:]] == ["1", "2", "3", "4", "5"]
    by_name = {row[1]: row for row in attendance[1:]}
    assert by_name["Đỗ Minh An"][2:] == [
        "Chi bộ A",
        "Hội trường Đảng ủy Khối",
        "Có mặt",
        "08:05",
    ]
    assert by_name["Trần Thị Ánh"][3:] == ["Điểm cầu Chi bộ A", "Đến muộn", "08:05"]
    assert by_name["Lê Văn Bình"][2:] == ["Tổ đảng A1", "", "Vắng có lý do", ""]
    assert by_name["Nguyễn Văn Quang"][4] == "Vắng không lý do"
    assert by_name[INJECTION][4] == "Chưa điểm danh"
    # Signatures: the chair's name under CHỦ TRÌ.
    assert "CHỦ TRÌ" in text and "THƯ KÝ" in text and text.count("Hoàng Thị Hà") >= 2


def test_minutes_without_chair_place_or_people(world, login):
    session = held(world.cell_b, at(2025, 12, 31, 23, 30), title="Sinh hoạt chi bộ tháng 12")
    response = login(world.office).get(f"/study/{session.pk}/minutes.docx")
    assert response.status_code == 200
    text, tables = docx_text(response.content)
    assert "BIÊN BẢN" in text and "SINH HOẠT CHI BỘ THÁNG 12" in text
    assert "- Chủ trì: " + BLANK in text
    assert "Số người được mời, triệu tập: 0" in text and "Tỷ lệ tham dự" not in text
    assert "ngày 31/12/2025" in text  # the local day, not UTC's
    assert "Buổi sinh hoạt kết thúc lúc 1 giờ 30 phút, ngày 01/01/2026." in text
    attendance = next(t for t in tables if t[0][:2] == ["STT", "Họ và tên"])
    assert attendance[1:] == []


def test_attendance_xlsx(world, conference, login):
    response = login(world.inspector).get(f"/study/{conference.pk}/attendance.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"].startswith(
        'attachment; filename="diem-danh-20250519-hoi-nghi-hoc-tap'
    )
    save_for_eyes("diem-danh.xlsx", response.content)
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Điểm danh", "Điểm cầu"]
    rows = [[c.value for c in row] for row in workbook["Điểm danh"].iter_rows()]
    assert rows[0][0] == "DANH SÁCH ĐIỂM DANH"
    assert rows[1][0] == "Hội nghị học tập chuyên đề năm 2025 & quán triệt <Kết luận 01>"
    heading = rows.index(["STT", "Họ và tên", "Đơn vị", "Điểm cầu", "Trạng thái", "Giờ điểm danh"])
    data = rows[heading + 1 :]
    assert [r[0] for r in data] == [1, 2, 3, 4, 5]
    assert [r[1] for r in data[1:]] == ORDER[1:]
    assert data[0][1] == "'" + INJECTION  # text, never a formula
    assert [r[4] for r in data] == [
        "Chưa điểm danh",
        "Có mặt",
        "Đến muộn",
        "Vắng có lý do",
        "Vắng không lý do",
    ]
    assert data[1][5] == dt.datetime(2025, 5, 19, 8, 5)  # local time, as a date Excel reads
    assert data[3][5] is None
    points = [[c.value for c in row] for row in workbook["Điểm cầu"].iter_rows()]
    assert points[0][0] == "Điểm cầu"
    assert points[1:] == [
        ["Hội trường Đảng ủy Khối", 1, 1, 0, 0, 0, 0, 100.0],
        ["Điểm cầu Chi bộ A", 1, 0, 1, 0, 0, 0, 100.0],
        ["Không theo điểm cầu", 3, 0, 0, 1, 1, 1, 0.0],
        ["Tổng cộng", 5, 1, 1, 1, 1, 1, 40.0],
    ]
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate


@pytest.mark.parametrize("name", ["=1+1", "+cmd", "-2+3", "@SUM(A1)", " =1+1"])
def test_xlsx_never_writes_a_formula(world, login, name):
    person = PersonFactory(unit=world.cell_a, full_name=name)
    session = held(world.cell_a, at(2025, 6, 1), {person: "present"}, title="=SUM(1;2)")
    response = login(world.secretary).get(f"/study/{session.pk}/attendance.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    values = [cell.value for cell in cells if isinstance(cell.value, str)]
    assert "'=SUM(1;2)" in values
    assert not any(v.lstrip()[:1] in "=+-@" for v in values)


def test_word_and_excel_agree(world, conference):
    minutes = exports.Minutes(conference)
    docx_rows = [[r["name"], r["status"]] for r in minutes.rows()]
    workbook = load_workbook(io.BytesIO(exports.attendance_xlsx(conference)))
    rows = [[c.value for c in row] for row in workbook["Điểm danh"].iter_rows()]
    heading = next(i for i, r in enumerate(rows) if r[:2] == ["STT", "Họ và tên"])
    xlsx_rows = [[r[1].removeprefix("'"), r[4]] for r in rows[heading + 1 :]]
    assert docx_rows == xlsx_rows


def test_downloads_run_a_fixed_number_of_queries(world, conference, login):
    client = login(world.office)
    urls = [f"/study/{conference.pk}/minutes.docx", f"/study/{conference.pk}/attendance.xlsx"]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result.append(len(queries))
        return result

    before = counts()
    more = [PersonFactory(unit=world.cell_b) for _ in range(15)]
    held(world.cell_b, at(2025, 1, 1), {})  # another session does not matter
    for i, person in enumerate(more):
        Invitation.objects.create(session=conference, person=person, unit=person.unit)
        if i % 2:
            Attendance.objects.create(
                session=conference, person=person, unit=person.unit, status="present", method="qr"
            )
    assert counts() == before


def test_committed_template_is_what_the_script_builds():
    committed = zipfile.ZipFile(exports.MINUTES_TEMPLATE)
    fresh = zipfile.ZipFile(io.BytesIO(build_templates.build(build_templates.MINUTES)))
    for part in ("word/document.xml", "word/styles.xml", "docProps/core.xml"):
        assert committed.read(part) == fresh.read(part), (
            f"{part} differs: run lamtheo/study/docx/build_templates.py"
        )


def test_template_uses_party_layout():
    section = Document(str(exports.MINUTES_TEMPLATE)).sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert round(section.left_margin.cm, 1) == 3.0 and round(section.right_margin.cm, 1) == 1.5
