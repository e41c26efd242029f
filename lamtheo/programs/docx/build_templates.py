"""Build the DOCX templates of the printed registration documents (run by hand).

    .venv/bin/python -m lamtheo.programs.docx.build_templates

writes `dang-ky-ca-nhan.docx` (a person's registration form, A4 portrait) and
`danh-sach-don-vi.docx` (a unit's list, A4 landscape) next to this file. docxtpl fills them in
(lamtheo.programs.exports). The letterhead, title, signature blocks and "Nơi nhận" are the
Party document layout of the documents kit (lamtheo.documents.builder, Hướng dẫn
36-HD/VPTW); the rest is the registration's own.

The committed files are what this script builds: tests/programs/test_documents.py compares
their XML with a fresh build, so change the layout here, run the script, commit both.
The text is Vietnamese on purpose: these are documents, not the user interface.
"""

from __future__ import annotations

from pathlib import Path

from lamtheo.documents.builder import (
    CENTER,
    JUSTIFY,
    LANDSCAPE_WIDTH,
    LEFT,
    PORTRAIT_WIDTH,
    Closing,
    list_table,
    new_document,
    paragraph,
    party_header,
    title,
    to_bytes,
    write_all,
)

HERE = Path(__file__).resolve().parent
FORM = "dang-ky-ca-nhan.docx"
LIST = "danh-sach-don-vi.docx"


def build_form():
    """A person's registration form (portrait)."""
    doc = new_document(title="Bản đăng ký học tập và làm theo")
    party_header(doc, PORTRAIT_WIDTH)
    title(
        doc,
        "BẢN ĐĂNG KÝ",
        "HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC,",
        "PHONG CÁCH HỒ CHÍ MINH NĂM {{ year }}",
    )
    paragraph(doc, "{%p if theme %}", align=CENTER)
    paragraph(doc, ("Chuyên đề năm {{ year }}: “{{ theme }}”", "i"), align=CENTER, size=13, after=6)
    paragraph(doc, "{%p endif %}", align=CENTER)
    paragraph(doc, "{%p if term_theme %}", align=CENTER)
    paragraph(doc, ("Chuyên đề toàn khóa: “{{ term_theme }}”", "i"), align=CENTER, size=13, after=6)
    paragraph(doc, "{%p endif %}", align=CENTER)
    paragraph(doc, "", after=3)
    paragraph(doc, "Họ và tên: ", ("{{ name }}", "b"), indent=1)
    paragraph(doc, "Ngày sinh: {{ birth_date }}", indent=1)
    paragraph(doc, "Chức vụ, công việc: {{ job_title }}", indent=1)
    paragraph(doc, "{%p if party_offices %}")
    paragraph(doc, "Chức vụ trong Đảng: {{ party_offices }}", indent=1)
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "Sinh hoạt tại: {{ unit_line }}", indent=1)
    paragraph(doc, "{{ intro }}", align=JUSTIFY, indent=1, after=6)
    paragraph(doc, ("I. NỘI DUNG ĐĂNG KÝ", "b"), keep_with_next=True)
    paragraph(doc, "{%p for c in commitments %}")
    paragraph(
        doc, ("{{ c.number }}. {{ c.area }}", "b"), align=JUSTIFY, indent=1, keep_with_next=True
    )
    paragraph(doc, ("- Việc làm theo Bác: ", "i"), "{{ c.action }}", align=JUSTIFY, indent=1)
    paragraph(
        doc,
        ("- Kết quả, sản phẩm cụ thể: ", "i"),
        "{{ c.expected_result }}",
        align=JUSTIFY,
        indent=1,
    )
    paragraph(doc, ("- Thời hạn hoàn thành: ", "i"), "{{ c.due }}", align=JUSTIFY, indent=1)
    paragraph(doc, "{%p if c.shortcoming %}")
    paragraph(
        doc,
        ("- Hạn chế, khuyết điểm cần khắc phục: ", "i"),
        "{{ c.shortcoming }}",
        align=JUSTIFY,
        indent=1,
    )
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p if c.self_assessment %}")
    paragraph(
        doc,
        ("- Tự đánh giá: ", "i"),
        "{{ c.self_assessment }}",
        align=JUSTIFY,
        indent=1,
    )
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p if c.outcome %}")
    paragraph(doc, ("- Chi bộ đánh giá: ", "i"), ("{{ c.outcome }}", "b"), align=JUSTIFY, indent=1)
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p if c.comment %}")
    paragraph(doc, ("- Nhận xét của chi bộ: ", "i"), "{{ c.comment }}", align=JUSTIFY, indent=1)
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, ("II. CAM KẾT", "b"), keep_with_next=True)
    paragraph(
        doc,
        "Tôi xin cam kết thực hiện nghiêm túc những nội dung đã đăng ký, chịu sự kiểm tra, "
        "giám sát của chi bộ, tập thể và quần chúng./.",
        align=JUSTIFY,
        indent=1,
        after=12,
        keep_with_next=True,  # the commitment is never left without the signatures
    )
    block = Closing(doc, PORTRAIT_WIDTH)
    block.signature(0, "approver", heading="XÁC NHẬN CỦA {{ approver_body }}")
    block.signature(1, "registrant")
    block.finish()
    return doc


LIST_HEADINGS = (
    "STT",
    "Họ và tên",
    "Chức vụ",
    "Nội dung đăng ký",
    "Kết quả tự đánh giá",
    "Kết quả thực hiện",
)
LIST_FIELDS = ("number", "name", "job_title", "content", "self_assessment", "outcome")
LIST_WIDTHS = [1.4, 4.2, 3.2, 7.8, 5.4, 3.2]
LIST_ALIGNS = (CENTER, LEFT, LEFT, LEFT, LEFT, CENTER)


def _list_table(doc, rows: str) -> None:
    """The list's table: a header row repeated on every page and one row per entry."""
    list_table(doc, LIST_HEADINGS, LIST_FIELDS, LIST_WIDTHS, LIST_ALIGNS, rows)


def build_list():
    """A unit's list (landscape): collective commitments first, then people A to Z."""
    doc = new_document(title="Bản đăng ký học tập và làm theo", landscape=True)
    party_header(doc, LANDSCAPE_WIDTH)
    title(
        doc,
        "DANH SÁCH",
        "ĐĂNG KÝ HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC, PHONG CÁCH HỒ CHÍ MINH NĂM {{ year }}",
        "{{ unit_title }}",
    )
    paragraph(doc, "{%p if theme %}", align=CENTER)
    paragraph(doc, ("Chuyên đề năm {{ year }}: “{{ theme }}”", "i"), align=CENTER, size=13, after=6)
    paragraph(doc, "{%p endif %}", align=CENTER)
    paragraph(doc, "{%p if collective_rows %}")
    # Word keeps a heading with the table's first row (LibreOffice may move the table).
    paragraph(doc, ("I. ĐĂNG KÝ CỦA TẬP THỂ", "b"), keep_with_next=True)
    _list_table(doc, "collective_rows")
    paragraph(doc, "", after=3)
    paragraph(doc, "{%p endif %}")
    paragraph(doc, ("{{ personal_heading }}", "b"), keep_with_next=True)
    _list_table(doc, "rows")
    paragraph(
        doc,
        (
            "Tổng số: {{ total }} người; đã đăng ký: {{ registered }}; "
            "chưa đăng ký: {{ not_registered }}.",
            "i",
        ),
        size=13,
        after=12,
    )
    block = Closing(doc, LANDSCAPE_WIDTH)
    block.recipients(0)
    block.signature(1, "signer")
    block.finish()
    return doc


BUILDERS = {FORM: build_form, LIST: build_list}


def build(name: str) -> bytes:
    return to_bytes(BUILDERS[name]())


if __name__ == "__main__":
    write_all(HERE, BUILDERS)
