"""Build the DOCX template of a session's minutes (biên bản) (run by hand).

    .venv/bin/python -m lamtheo.study.docx.build_templates

writes `bien-ban.docx` (A4 portrait) next to this file; docxtpl fills it in
(lamtheo.study.exports). The letterhead, title and signature blocks are the Party document
layout of the documents kit (lamtheo.documents.builder). Then "BIÊN BẢN", the session's
title, I. time, place, format and connection points; II. who attended (chair, secretary, the
counts); III. content (topic, theme, agenda, lines for the discussion and conclusions); IV.
the attendance list; the closing line and the clerk's and chair's signatures.

The committed file is what this script builds (tests/study/test_exports.py compares them):
change the layout here, run the script, commit both. The text is Vietnamese on purpose: a
document, not the user interface.
"""

from __future__ import annotations

from pathlib import Path

from lamtheo.documents.builder import (
    CENTER,
    JUSTIFY,
    LEFT,
    PORTRAIT_WIDTH,
    Closing,
    fill_line,
    list_table,
    new_document,
    paragraph,
    party_header,
    title,
    to_bytes,
    write_all,
)

HERE = Path(__file__).resolve().parent
MINUTES = "bien-ban.docx"

LIST_HEADINGS = ("STT", "Họ và tên", "Đơn vị", "Điểm cầu", "Trạng thái", "Giờ điểm danh")
LIST_FIELDS = ("number", "name", "unit", "point", "status", "time")
LIST_WIDTHS = [1.3, 4.0, 3.3, 3.1, 2.6, 2.2]
LIST_ALIGNS = (CENTER, LEFT, LEFT, LEFT, LEFT, CENTER)


def build_minutes():
    doc = new_document(title="Biên bản")
    party_header(doc, PORTRAIT_WIDTH)
    title(doc, "BIÊN BẢN", "{{ heading }}", after=6)
    paragraph(doc, ("I. THỜI GIAN, ĐỊA ĐIỂM, HÌNH THỨC", "b"), keep_with_next=True)
    paragraph(doc, "- Thời gian: bắt đầu lúc {{ starts }}.", align=JUSTIFY, indent=1)
    paragraph(doc, "- Địa điểm: {{ place }}.", align=JUSTIFY, indent=1)
    paragraph(doc, "- Hình thức: {{ format }}.", align=JUSTIFY, indent=1)
    paragraph(doc, "{%p if online_link %}")
    paragraph(doc, "- Đường dẫn trực tuyến: {{ online_link }}", align=JUSTIFY, indent=1)
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p if points %}")
    paragraph(doc, "- Điểm cầu: {{ points|length }} điểm cầu, gồm:", align=JUSTIFY, indent=1)
    paragraph(doc, "{%p for p in points %}")
    paragraph(doc, "+ {{ p.name }}: {{ p.line }}", align=JUSTIFY, indent=1.5)
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, ("II. THÀNH PHẦN", "b"), keep_with_next=True)
    paragraph(doc, "- Chủ trì: {{ chair }}.", align=JUSTIFY, indent=1)
    paragraph(doc, "- Thư ký: {{ secretary }}.", align=JUSTIFY, indent=1)
    paragraph(doc, "- {{ counts }}", align=JUSTIFY, indent=1)
    paragraph(doc, ("III. NỘI DUNG", "b"), keep_with_next=True)
    paragraph(doc, "{%p if topic %}")
    paragraph(doc, "- Chủ đề: {{ topic }}", align=JUSTIFY, indent=1)
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p if theme %}")
    paragraph(doc, ("- Chuyên đề năm {{ year }}: “{{ theme }}”", "i"), align=JUSTIFY, indent=1)
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p if agenda %}")
    paragraph(doc, "- Chương trình:", align=JUSTIFY, indent=1)
    paragraph(doc, "{%p for line in agenda %}")
    paragraph(doc, "{{ line }}", align=JUSTIFY, indent=1.5)
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p endif %}")
    fill_line(doc, "- Ý kiến thảo luận: ", indent=1)
    fill_line(doc)
    fill_line(doc, "- Kết luận: ", indent=1)
    fill_line(doc, after=6)
    paragraph(doc, ("IV. DANH SÁCH THAM DỰ", "b"), keep_with_next=True)
    list_table(
        doc, LIST_HEADINGS, LIST_FIELDS, LIST_WIDTHS, LIST_ALIGNS, "rows", size=12, split_rows=False
    )
    paragraph(doc, "", after=3)
    paragraph(doc, "{{ closing }}", align=JUSTIFY, indent=1, after=12, keep_with_next=True)
    block = Closing(doc, PORTRAIT_WIDTH)
    block.signature(0, "sign_clerk")
    block.signature(1, "sign_chair")
    block.finish()
    return doc


BUILDERS = {MINUTES: build_minutes}


def build(name: str) -> bytes:
    return to_bytes(BUILDERS[name]())


if __name__ == "__main__":
    write_all(HERE, BUILDERS)
