"""Build the DOCX templates of the printed registration documents (run by hand).

    .venv/bin/python lamtheo/programs/docx/build_templates.py

writes `dang-ky-ca-nhan.docx` (a person's registration form, A4 portrait) and
`danh-sach-don-vi.docx` (a unit's list, A4 landscape) next to this file. docxtpl fills them in
(lamtheo.programs.exports). The layout follows the Party document format (Hướng dẫn
36-HD/VPTW): issuing body top left (the unit above, then the unit in bold, then "*"),
"ĐẢNG CỘNG SẢN VIỆT NAM" top right with a rule under it, the place and date in italics, Times
New Roman 13–14 pt, margins top and bottom 2 cm, left 3 cm, right 1.5 cm.

The committed files are what this script builds: tests/programs/test_documents.py compares
their XML with a fresh build, so change the layout here, run the script, commit both.
The text is Vietnamese on purpose: these are documents, not the user interface.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
FORM = "dang-ky-ca-nhan.docx"
LIST = "danh-sach-don-vi.docx"
FONT = "Times New Roman"

CENTER, LEFT, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)


def _document(landscape: bool = False):
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.1
    # The document properties are fixed so that a rebuild gives the same files.
    props = doc.core_properties
    props.author = props.last_modified_by = "lamtheo"
    props.title = "Bản đăng ký học tập và làm theo"
    props.comments = ""
    props.revision = 1
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    return doc


def _para(
    container,
    *runs,
    align=LEFT,
    size: float | None = None,
    indent: float | None = None,
    after: float | None = None,
    keep_with_next: bool = False,
):
    """A paragraph of runs; a run is a str or (text, "b"/"i"/"u" flags)."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if indent is not None:
        fmt.first_line_indent = Cm(indent)
    if after is not None:
        fmt.space_after = Pt(after)
    if keep_with_next:
        fmt.keep_with_next = True
    for run in runs:
        text, flags = (run, "") if isinstance(run, str) else run
        r = paragraph.add_run(text)
        r.bold = "b" in flags or None
        r.italic = "i" in flags or None
        r.underline = "u" in flags or None
        if size:
            r.font.size = Pt(size)
    return paragraph


def _cell_para(cell, *runs, **kwargs):
    """Like _para, in a table cell; `_tidy` later drops the cell's initial empty paragraph."""
    return _para(cell, *runs, **kwargs)


def _tidy(table) -> None:
    """Remove the empty paragraph python-docx puts in every new cell, where others follow."""
    for row in table.rows:
        for cell in row.cells:
            paragraphs = cell.paragraphs
            first = paragraphs[0]._element
            if len(paragraphs) > 1 and not first.findall(qn("w:r")):
                first.getparent().remove(first)


def _table(doc, rows: int, widths: list[float], grid: bool = False):
    table = doc.add_table(rows=rows, cols=len(widths))
    if grid:
        table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)  # the grid, which LibreOffice follows
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    return table


def _header(doc, body_width: float) -> None:
    """Issuing body top left; "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date top right."""
    left = 8.5 if body_width < 20 else body_width / 2
    table = _table(doc, 1, [left, body_width - left])
    issuer, party = table.rows[0].cells
    _cell_para(issuer, "{%p if parent_name %}", align=CENTER, after=0)
    _cell_para(issuer, "{{ parent_name }}", align=CENTER, after=0)
    _cell_para(issuer, "{%p endif %}", align=CENTER, after=0)
    _cell_para(issuer, ("{{ unit_name }}", "b"), align=CENTER, after=0)
    _cell_para(issuer, "*", align=CENTER, after=0)
    _cell_para(party, ("ĐẢNG CỘNG SẢN VIỆT NAM", "bu"), align=CENTER, size=15, after=12)
    _cell_para(party, ("{{ date_line }}", "i"), align=CENTER, after=0)
    _tidy(table)
    _para(doc, "", after=6)


def _no_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    tr_pr.append(cant_split)


def _repeat_as_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def build_form():
    """A person's registration form (portrait)."""
    doc = _document()
    _header(doc, 16.5)
    _para(doc, ("BẢN ĐĂNG KÝ", "b"), align=CENTER, size=16, after=0)
    _para(doc, ("HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC,", "b"), align=CENTER, after=0)
    _para(doc, ("PHONG CÁCH HỒ CHÍ MINH NĂM {{ year }}", "b"), align=CENTER, after=3)
    _para(doc, "{%p if theme %}", align=CENTER)
    _para(doc, ("Chuyên đề năm {{ year }}: “{{ theme }}”", "i"), align=CENTER, size=13, after=6)
    _para(doc, "{%p endif %}", align=CENTER)
    _para(doc, "{%p if term_theme %}", align=CENTER)
    _para(doc, ("Chuyên đề toàn khóa: “{{ term_theme }}”", "i"), align=CENTER, size=13, after=6)
    _para(doc, "{%p endif %}", align=CENTER)
    _para(doc, "", after=3)
    _para(doc, "Họ và tên: ", ("{{ name }}", "b"), indent=1)
    _para(doc, "Ngày sinh: {{ birth_date }}", indent=1)
    _para(doc, "Chức vụ, công việc: {{ job_title }}", indent=1)
    _para(doc, "{%p if party_offices %}")
    _para(doc, "Chức vụ trong Đảng: {{ party_offices }}", indent=1)
    _para(doc, "{%p endif %}")
    _para(doc, "Sinh hoạt tại: {{ unit_line }}", indent=1)
    _para(doc, "{{ intro }}", align=JUSTIFY, indent=1, after=6)
    _para(doc, ("I. NỘI DUNG ĐĂNG KÝ", "b"), keep_with_next=True)
    _para(doc, "{%p for c in commitments %}")
    _para(doc, ("{{ c.number }}. {{ c.area }}", "b"), align=JUSTIFY, indent=1, keep_with_next=True)
    _para(doc, ("- Việc làm theo Bác: ", "i"), "{{ c.action }}", align=JUSTIFY, indent=1)
    _para(
        doc,
        ("- Kết quả, sản phẩm cụ thể: ", "i"),
        "{{ c.expected_result }}",
        align=JUSTIFY,
        indent=1,
    )
    _para(doc, ("- Thời hạn hoàn thành: ", "i"), "{{ c.due }}", align=JUSTIFY, indent=1)
    _para(doc, "{%p if c.shortcoming %}")
    _para(
        doc,
        ("- Hạn chế, khuyết điểm cần khắc phục: ", "i"),
        "{{ c.shortcoming }}",
        align=JUSTIFY,
        indent=1,
    )
    _para(doc, "{%p endif %}")
    _para(doc, "{%p if c.self_assessment %}")
    _para(
        doc,
        ("- Tự đánh giá: ", "i"),
        "{{ c.self_assessment }}",
        align=JUSTIFY,
        indent=1,
    )
    _para(doc, "{%p endif %}")
    _para(doc, "{%p if c.rank %}")
    _para(doc, ("- Chi bộ đánh giá: ", "i"), ("{{ c.rank }}", "b"), align=JUSTIFY, indent=1)
    _para(doc, "{%p endif %}")
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p if year_rank %}")
    _para(
        doc,
        "Kết quả xếp loại năm {{ year }}: ",
        ("{{ year_rank }}", "b"),
        align=JUSTIFY,
        indent=1,
    )
    _para(doc, "{%p endif %}")
    _para(doc, ("II. CAM KẾT", "b"), keep_with_next=True)
    _para(
        doc,
        "Tôi xin cam kết thực hiện nghiêm túc những nội dung đã đăng ký, chịu sự kiểm tra, "
        "giám sát của chi bộ, tập thể và quần chúng./.",
        align=JUSTIFY,
        indent=1,
        after=12,
    )
    table = _table(doc, 1, [8.25, 8.25])
    _no_split(table.rows[0])
    confirm, signer = table.rows[0].cells
    _cell_para(confirm, ("XÁC NHẬN CỦA {{ approver_body }}", "b"), align=CENTER, after=0)
    _cell_para(confirm, ("{{ approver_for }}", "b"), align=CENTER, after=0)
    _cell_para(confirm, ("BÍ THƯ", "b"), align=CENTER, after=60)
    _cell_para(confirm, ("{{ secretary_name }}", "b"), align=CENTER)
    _cell_para(signer, ("NGƯỜI ĐĂNG KÝ", "b"), align=CENTER, after=0)
    _cell_para(signer, ("(Ký, ghi rõ họ tên)", "i"), align=CENTER, after=0)
    _cell_para(signer, "", align=CENTER, after=60)
    _cell_para(signer, ("{{ name }}", "b"), align=CENTER)
    _tidy(table)
    return doc


LIST_HEADINGS = ("STT", "Họ và tên", "Chức vụ", "Nội dung đăng ký", "Kết quả tự đánh giá")
LIST_WIDTHS = [1.4, 4.2, 3.2, 7.8, 5.4, 3.2]


def _list_table(doc, rows: str) -> None:
    """The list's table: a header row repeated on every page and one row per entry."""
    table = _table(doc, 3, LIST_WIDTHS, grid=True)
    head, loop, data = table.rows
    _repeat_as_header(head)
    for cell, text in zip(head.cells, (*LIST_HEADINGS, "Xếp loại"), strict=True):
        _cell_para(cell, (text, "b"), align=CENTER, size=13, after=0)
    _cell_para(loop.cells[0], "{%tr for r in " + rows + " %}", size=13)
    values = ("{{ r.number }}", "{{ r.name }}", "{{ r.job_title }}", "{{ r.content }}")
    aligns = (CENTER, LEFT, LEFT, LEFT, LEFT, CENTER)
    fields = (*values, "{{ r.self_assessment }}", "{{ r.rank }}")
    for cell, text, align in zip(data.cells, fields, aligns, strict=True):
        _cell_para(cell, text, align=align, size=13, after=0)
    end = table.add_row()
    for cell, width in zip(end.cells, LIST_WIDTHS, strict=True):
        cell.width = Cm(width)
    _cell_para(end.cells[0], "{%tr endfor %}", size=13)
    _tidy(table)


def build_list():
    """A unit's list (landscape): collective commitments first, then people A to Z."""
    doc = _document(landscape=True)
    _header(doc, 25.2)
    _para(doc, ("DANH SÁCH", "b"), align=CENTER, size=16, after=0)
    _para(
        doc,
        (
            "ĐĂNG KÝ HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC, PHONG CÁCH HỒ CHÍ MINH NĂM {{ year }}",
            "b",
        ),
        align=CENTER,
        after=0,
    )
    _para(doc, ("{{ unit_title }}", "b"), align=CENTER, after=3)
    _para(doc, "{%p if theme %}", align=CENTER)
    _para(doc, ("Chuyên đề năm {{ year }}: “{{ theme }}”", "i"), align=CENTER, size=13, after=6)
    _para(doc, "{%p endif %}", align=CENTER)
    _para(doc, "{%p if collective_rows %}")
    # Word keeps a heading with the table's first row (LibreOffice may move the table).
    _para(doc, ("I. ĐĂNG KÝ CỦA TẬP THỂ", "b"), keep_with_next=True)
    _list_table(doc, "collective_rows")
    _para(doc, "", after=3)
    _para(doc, "{%p endif %}")
    _para(doc, ("{{ personal_heading }}", "b"), keep_with_next=True)
    _list_table(doc, "rows")
    _para(
        doc,
        (
            "Tổng số: {{ total }} người; đã đăng ký: {{ registered }}; "
            "chưa đăng ký: {{ not_registered }}.",
            "i",
        ),
        size=13,
        after=12,
    )
    table = _table(doc, 1, [12.6, 12.6])
    _no_split(table.rows[0])
    recipients, signer = table.rows[0].cells
    _cell_para(recipients, ("Nơi nhận:", "bi"), size=12, after=0)
    _cell_para(recipients, "{%p if parent_title %}", size=12, after=0)
    _cell_para(recipients, "- {{ parent_title }} (để báo cáo);", size=12, after=0)
    _cell_para(recipients, "{%p endif %}", size=12, after=0)
    _cell_para(recipients, "- Lưu {{ approver_body_lower }}.", size=12, after=0)
    _cell_para(signer, ("{{ approver_for }}", "b"), align=CENTER, after=0)
    _cell_para(signer, ("BÍ THƯ", "b"), align=CENTER, after=60)
    _cell_para(signer, ("{{ secretary_name }}", "b"), align=CENTER)
    _tidy(table)
    return doc


BUILDERS = {FORM: build_form, LIST: build_list}


def build(name: str) -> bytes:
    buffer = io.BytesIO()
    BUILDERS[name]().save(buffer)
    return buffer.getvalue()


def main(folder: Path = HERE) -> None:
    for name in BUILDERS:
        (folder / name).write_bytes(build(name))
        sys.stdout.write(f"wrote {folder / name}\n")


if __name__ == "__main__":
    main()
