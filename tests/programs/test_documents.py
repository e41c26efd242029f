"""Printed registration form, unit list (DOCX) and the list as XLSX: content, order, safety."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from lamtheo.documents.exporters import XLSX_TYPE
from lamtheo.documents.render import DOCX_TYPE
from lamtheo.documents.text import date_line
from lamtheo.programs import exports, services
from lamtheo.programs.docx import build_templates
from lamtheo.programs.models import Commitment
from tests.factories import PersonFactory, PositionFactory
from tests.programs.conftest import COMMITMENT, TODAY

# Given names in Vietnamese order: An < Ánh < Bình < Quang < Yến (given name first).
CELL_A_PEOPLE = ["Nguyễn Thị Yến", "Lê Văn Bình", "Phạm Thị Ánh", "Đỗ Minh An"]
ORDER = ["Đỗ Minh An", "Phạm Thị Ánh", "Lê Văn Bình", "Nguyễn Văn Quang", "Nguyễn Thị Yến"]
INJECTIONS = ['=HYPERLINK("http://x","y")', "@SUM(1)"]


def save_for_eyes(name: str, content: bytes) -> None:
    """LAMTHEO_DOCS_OUT=/tmp/docs keeps the files to open in LibreOffice or Word."""
    if folder := os.environ.get("LAMTHEO_DOCS_OUT"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(content)


def docx_text(content: bytes) -> tuple[str, list[list[list[str]]]]:
    """All paragraph text (body and table cells, in order) and the tables' cell texts."""
    document = Document(io.BytesIO(content))
    body = document.element.body
    texts = [
        "".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
        for p in body.iter()
        if p.tag.endswith("}p")
    ]
    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    return "\n".join(texts), tables


@pytest.fixture
def people(world):
    people = {"Nguyễn Văn Quang": world.person_a}
    for name in CELL_A_PEOPLE:
        unit = world.group_a if name == "Nguyễn Thị Yến" else world.cell_a
        people[name] = PersonFactory(unit=unit, full_name=name, job_title="Phóng viên")
    return people


def _register(world, year, person, **fields):
    commitment = services.commitment_create(
        by=world.secretary,
        year=year,
        person=person,
        submit=True,
        today=TODAY,
        **{**COMMITMENT, **fields},
    )
    return services.commitment_approve(by=world.secretary, commitment=commitment, version=None)


@pytest.fixture
def registered(world, year, people):
    """Quang: two commitments; An and Yến: one each; Ánh and Bình: none. A collective one."""
    quang = people["Nguyễn Văn Quang"]
    _register(world, year, quang, action="Viết 24 bài về gương người tốt, việc tốt")
    _register(world, year, quang, action="Rút ngắn thời gian biên tập <số> & bài", due_on=None)
    _register(world, year, people["Đỗ Minh An"], action=INJECTIONS[0])
    _register(world, year, people["Nguyễn Thị Yến"], action=INJECTIONS[1])
    collective = services.commitment_create(
        by=world.secretary,
        year=year,
        unit=world.cell_a,
        submit=True,
        today=TODAY,
        **{**COMMITMENT, "action": "Mở chuyên mục “Làm theo Bác” trên tạp chí"},
    )
    services.commitment_approve(by=world.office, commitment=collective, version=None)
    # The day the registrations were handed in, as it would be in real use.
    Commitment.objects.update(submitted_at=dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC))
    PositionFactory(person=people["Lê Văn Bình"], unit=world.cell_a, title="secretary")
    return quang


def test_registration_form(world, year, registered, login):
    response = login(world.member).get(
        f"/registrations/people/{registered.pk}/form.docx?year={year.pk}"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert 'filename="dang-ky-2026-nguyen-van-quang.docx"' in response["Content-Disposition"]
    save_for_eyes("form.docx", response.content)
    text, _tables = docx_text(response.content)
    for expected in [
        "ĐẢNG BỘ KHỐI DOANH NGHIỆP",
        "CHI BỘ A",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Hà Nội, ngày 05 tháng 02 năm 2026",
        "HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC,\nPHONG CÁCH HỒ CHÍ MINH NĂM 2026",
        "Chuyên đề năm 2026: “Chuyên đề năm 2026”",
        "Họ và tên: Nguyễn Văn Quang",
        "Sinh hoạt tại: Chi bộ A",
        "Thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị",
        "1. Nâng cao chất lượng công tác tham mưu, hiệu quả công việc",
        "Việc làm theo Bác: Viết 24 bài về gương người tốt, việc tốt",
        "Kết quả, sản phẩm cụ thể: 12/12 số phát hành đúng hạn",
        "Thời hạn hoàn thành: 01/12/2026",
        "2. Nâng cao chất lượng",
        # Markup characters in a user's text come out as typed.
        "Rút ngắn thời gian biên tập <số> & bài",
        "Thời hạn hoàn thành: Trong năm",
        "Hạn chế, khuyết điểm cần khắc phục: Còn chậm trễ trong khâu duyệt bài",
        "XÁC NHẬN CỦA CHI BỘ",
        "T/M CHI BỘ",
        "NGƯỜI ĐĂNG KÝ",
        "Lê Văn Bình",  # the cell's secretary signs
    ]:
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text
    assert "Chi bộ đánh giá" not in text  # not evaluated yet


def test_form_of_someone_in_a_party_group_names_the_cell(world, year, people, login):
    yen = people["Nguyễn Thị Yến"]
    response = login(world.secretary).get(f"/registrations/people/{yen.pk}/form.docx")
    text, _tables = docx_text(response.content)
    assert "CHI BỘ A" in text and "XÁC NHẬN CỦA CHI BỘ" in text
    assert "Sinh hoạt tại: Tổ đảng A1, Chi bộ A" in text
    # Nothing registered yet: a blank form to fill in by hand, dated today.
    assert "Việc làm theo Bác: …" in text
    assert date_line(timezone.localdate()) in text


def test_form_shows_the_evaluation(world, year, registered):
    commitment = Commitment.objects.filter(person=registered).first()
    services.commitment_self_assess(
        by=world.secretary,
        commitment=commitment,
        version=commitment.version,
        text="Đã viết 26 bài",
        proposed_outcome="exceeded",
    )
    services.commitment_evaluate(
        by=world.secretary,
        commitment=commitment,
        version=None,
        outcome="met",
        comment="Đúng hạn, đủ số bài",
    )
    text, _tables = docx_text(exports.registration_form_docx(registered, year, world.secretary))
    assert "Tự đánh giá: Đã viết 26 bài (đề xuất: vượt)" in text
    assert "Chi bộ đánh giá: Đạt" in text
    assert "Nhận xét của chi bộ: Đúng hạn, đủ số bài" in text
    # The outcome is not a Party rank: no rank words on the registration form.
    assert "nhiệm vụ" not in text.split("Chi bộ đánh giá")[1].split("II. CAM KẾT")[0]


def test_unit_list_docx(world, year, registered, login):
    response = login(world.secretary).get(
        f"/registrations/units/{world.cell_a.pk}/list.docx?year={year.pk}"
    )
    assert response.status_code == 200
    assert 'filename="danh-sach-dang-ky-2026-chi-bo-a.docx"' in response["Content-Disposition"]
    save_for_eyes("list.docx", response.content)
    text, tables = docx_text(response.content)
    assert "DANH SÁCH" in text and "I. ĐĂNG KÝ CỦA TẬP THỂ" in text
    assert date_line(timezone.localdate()) in text
    header = [
        "STT",
        "Họ và tên",
        "Chức vụ",
        "Nội dung đăng ký",
        "Kết quả tự đánh giá",
        "Kết quả thực hiện",
    ]
    collective, personal = tables[1], tables[2]  # tables[0] is the header block
    assert collective[0] == header and personal[0] == header
    assert [row[:3] for row in collective[1:]] == [["1", "Chi bộ A", "Tập thể"]]
    assert "Làm theo Bác" in collective[1][3]
    assert [row[1] for row in personal[1:]] == ORDER
    assert [row[0] for row in personal[1:]] == ["1", "2", "3", "4", "5"]
    quang = personal[4]
    assert quang[3].startswith("1. Viết 24 bài về gương người tốt, việc tốt\nKết quả: 12/12 số")
    assert "\n2. Rút ngắn thời gian biên tập <số> & bài" in quang[3]
    assert personal[1][3].startswith(INJECTIONS[0])  # one commitment: not numbered
    assert "Tổng số: 5 người; đã đăng ký: 3; chưa đăng ký: 2." in text


def test_unit_list_xlsx_is_safe_from_formulas(world, year, registered, login):
    response = login(world.office).get(
        f"/registrations/units/{world.cell_a.pk}/list.xlsx?year={year.pk}"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert 'filename="danh-sach-dang-ky-2026-chi-bo-a.xlsx"' in response["Content-Disposition"]
    save_for_eyes("list.xlsx", response.content)
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Cá nhân", "Tập thể"]
    sheet = workbook["Cá nhân"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    heading = rows.index(
        [
            "STT",
            "Họ và tên",
            "Chức vụ",
            "Nội dung đăng ký",
            "Kết quả tự đánh giá",
            "Kết quả thực hiện",
            "Trạng thái",
        ]
    )
    data = rows[heading + 1 :]
    assert [r[1] for r in data] == ORDER
    assert [r[0] for r in data] == [1, 2, 3, 4, 5]
    assert [r[6] for r in data] == [
        "Đã duyệt",
        "Chưa đăng ký",
        "Chưa đăng ký",
        "Đã duyệt",
        "Đã duyệt",
    ]
    an, yen = data[0], data[4]
    assert an[3].startswith("'" + INJECTIONS[0])
    assert yen[3].startswith("'" + INJECTIONS[1])
    for worksheet in workbook:
        for row in worksheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
    collective = [[c.value for c in row] for row in workbook["Tập thể"].iter_rows()]
    assert collective[-1][:3] == [1, "Chi bộ A", "Tập thể"]


def test_closed_year_lists_only_those_who_registered(world, year, registered):
    services.year_advance(by=world.office, year=year)
    for commitment in Commitment.objects.filter(person__isnull=False):
        services.commitment_evaluate(
            by=world.office, commitment=commitment, version=None, outcome="met"
        )
    services.year_advance(by=world.office, year=year)
    year.refresh_from_db()
    data = exports.unit_list(world.cell_a, year, world.office)
    assert [r.name for r in data.rows] == ["Đỗ Minh An", "Nguyễn Văn Quang", "Nguyễn Thị Yến"]
    assert {r.outcome for r in data.rows} == {"Đạt"}


def test_a_fixed_number_of_queries(world, year, registered, login):
    client = login(world.office)
    urls = [
        f"/registrations/units/{world.cell_a.pk}/list.docx?year={year.pk}",
        f"/registrations/units/{world.cell_a.pk}/list.xlsx?year={year.pk}",
        f"/registrations/people/{registered.pk}/form.docx?year={year.pk}",
    ]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            result.append(len(ctx))
        return result

    before = counts()
    for n in range(8):
        person = PersonFactory(unit=world.cell_a, full_name=f"Vũ Văn Thêm {n}")
        if n % 2:
            _register(world, year, person, action=f"Việc thứ {n}")
    assert counts() == before


def test_without_year_takes_the_latest(world, year, registered, login):
    response = login(world.member).get(f"/registrations/people/{registered.pk}/form.docx")
    assert response.status_code == 200
    assert "NĂM 2026" in docx_text(response.content)[0]
    assert (
        login(world.member)
        .get(f"/registrations/people/{registered.pk}/form.docx?year=abc")
        .status_code
        == 404
    )
    assert (
        login(world.member)
        .get(f"/registrations/people/{registered.pk}/form.docx?year=999999")
        .status_code
        == 404
    )


def test_no_programme_no_document(world, login):
    response = login(world.admin).get(f"/registrations/people/{world.person_a.pk}/form.docx")
    assert response.status_code == 404


@pytest.mark.parametrize("name", list(build_templates.BUILDERS))
def test_committed_templates_are_what_the_script_builds(name):
    committed = zipfile.ZipFile(exports.TEMPLATES / name)
    fresh = zipfile.ZipFile(io.BytesIO(build_templates.build(name)))
    for part in ("word/document.xml", "word/styles.xml", "docProps/core.xml"):
        assert committed.read(part) == fresh.read(part), (
            f"{part} of {name} differs: run lamtheo/programs/docx/build_templates.py"
        )


def test_templates_use_party_layout():
    form = Document(str(exports.FORM_TEMPLATE))
    section = form.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert round(section.top_margin.cm, 1) == round(section.bottom_margin.cm, 1) == 2.0
    assert round(section.left_margin.cm, 1) == 3.0 and round(section.right_margin.cm, 1) == 1.5
    normal = form.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 14
    listing = Document(str(exports.LIST_TEMPLATE)).sections[0]
    assert listing.page_width > listing.page_height  # landscape


def test_documents_are_in_the_access_log(world, year, registered, login):
    """Every download of a form or a list carrying people's records: one export row (who,
    what, which unit, how many) and a row per person listed, for their own page."""
    from lamtheo.org.models import PersonExport

    client = login(world.office)
    assert client.get(f"/registrations/people/{world.person_a.pk}/form.docx").status_code == 200
    for ext in ("docx", "xlsx"):
        assert client.get(f"/registrations/units/{world.cell_a.pk}/list.{ext}").status_code == 200
    exports = list(PersonExport.objects.order_by("pk"))
    assert [(e.what, e.unit, e.user) for e in exports] == [
        ("Bản đăng ký học tập và làm theo", world.cell_a, world.office),
        ("Danh sách đăng ký học tập và làm theo", world.cell_a, world.office),
        ("Danh sách đăng ký học tập và làm theo", world.cell_a, world.office),
    ]
    listed = set(exports[1].accesses.values_list("person_id", flat=True))
    assert world.person_a.pk in listed and exports[1].count == len(listed)
    # One's own form is not an access by someone else.
    login(world.member).get(f"/registrations/people/{world.person_a.pk}/form.docx")
    assert PersonExport.objects.count() == 3


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_a_unit_no_programme_covers_has_no_list_but_a_page_that_says_so(world, year, login, kind):
    """A committee above the programmes' units (a city committee inserted above): its list
    links lead to its progress page, which says that no programme covers it."""
    from tests.factories import UnitFactory

    city = UnitFactory(kind="committee", name="Đảng bộ thành phố (thử)")
    client = login(world.admin)
    response = client.get(f"/registrations/units/{city.pk}/list.{kind}")
    assert response.status_code == 302
    assert response["Location"] == f"/registrations/units/{city.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    # An explicit year that does not exist is still not found.
    assert client.get(f"/registrations/units/{city.pk}/list.{kind}?year=999999").status_code == 404
