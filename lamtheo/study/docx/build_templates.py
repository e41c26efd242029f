"""Build the DOCX template of a session's minutes (biên bản) (run by hand).

    .venv/bin/python lamtheo/study/docx/build_templates.py

writes `bien-ban.docx` (A4 portrait) next to this file; docxtpl fills it in
(lamtheo.study.exports). The layout is the Party document format of the registration
documents, built with the same helpers (lamtheo/programs/docx/build_templates.py): the host
unit top left (the unit above, then the unit in bold, then "*"), "ĐẢNG CỘNG SẢN VIỆT NAM"
and the place and date top right, Times New Roman 14 pt, margins 2/2/3/1.5 cm. Then "BIÊN
BẢN", the session's title, I. time, place, format and connection points; II. who attended
(chair, secretary, the counts); III. content (topic, theme, agenda, space for the
discussion and conclusions); IV. the attendance list; the closing line and the secretary's
and chair's signatures.

The committed file is what this script builds (tests/study/test_exports.py compares them):
change the layout here, run the script, commit both. The text is Vietnamese on purpose: a
document, not the user interface.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from docx.shared import Cm

from lamtheo.programs.docx.build_templates import (
    CENTER,
    JUSTIFY,
    LEFT,
    _cell_para,
    _document,
    _header,
    _no_split,
    _para,
    _repeat_as_header,
    _table,
    _tidy,
)

HERE = Path(__file__).resolve().parent
MINUTES = "bien-ban.docx"

LIST_HEADINGS = ("STT", "Họ và tên", "Đơn vị", "Điểm cầu", "Trạng thái", "Giờ điểm danh")
LIST_WIDTHS = [1.1, 4.3, 4.1, 3.0, 2.2, 1.8]
LIST_FIELDS = ("number", "name", "unit", "point", "status", "time")
DOTS = "……………………………………………………………………………………………"


def _attendance_table(doc) -> None:
    """The attendance list: a header row repeated on every page and one row per person."""
    table = _table(doc, 3, LIST_WIDTHS, grid=True)
    head, loop, data = table.rows
    _repeat_as_header(head)
    for cell, text in zip(head.cells, LIST_HEADINGS, strict=True):
        _cell_para(cell, (text, "b"), align=CENTER, size=12, after=0)
    _cell_para(loop.cells[0], "{%tr for r in rows %}", size=12)
    aligns = (CENTER, LEFT, LEFT, LEFT, LEFT, CENTER)
    for cell, name, align in zip(data.cells, LIST_FIELDS, aligns, strict=True):
        _cell_para(cell, "{{ r." + name + " }}", align=align, size=12, after=0)
    end = table.add_row()
    for cell, width in zip(end.cells, LIST_WIDTHS, strict=True):
        cell.width = Cm(width)
    _cell_para(end.cells[0], "{%tr endfor %}", size=12)
    _tidy(table)


def build_minutes():
    doc = _document()
    doc.core_properties.title = "Biên bản"
    _header(doc, 16.5)
    _para(doc, ("BIÊN BẢN", "b"), align=CENTER, size=16, after=0)
    _para(doc, ("{{ heading }}", "b"), align=CENTER, after=6)
    _para(doc, ("I. THỜI GIAN, ĐỊA ĐIỂM, HÌNH THỨC", "b"), keep_with_next=True)
    _para(doc, "- Thời gian: bắt đầu lúc {{ starts }}.", align=JUSTIFY, indent=1)
    _para(doc, "- Địa điểm: {{ place }}.", align=JUSTIFY, indent=1)
    _para(doc, "- Hình thức: {{ format }}.", align=JUSTIFY, indent=1)
    _para(doc, "{%p if online_link %}")
    _para(doc, "- Đường dẫn trực tuyến: {{ online_link }}", align=JUSTIFY, indent=1)
    _para(doc, "{%p endif %}")
    _para(doc, "{%p if points %}")
    _para(doc, "- Điểm cầu: {{ points|length }} điểm cầu, gồm:", align=JUSTIFY, indent=1)
    _para(doc, "{%p for p in points %}")
    _para(doc, "+ {{ p.name }}: {{ p.line }}", align=JUSTIFY, indent=1.5)
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endif %}")
    _para(doc, ("II. THÀNH PHẦN", "b"), keep_with_next=True)
    _para(doc, "- Chủ trì: {{ chair }}.", align=JUSTIFY, indent=1)
    _para(doc, "- Thư ký: {{ secretary }}.", align=JUSTIFY, indent=1)
    _para(doc, "- {{ counts }}", align=JUSTIFY, indent=1)
    _para(doc, ("III. NỘI DUNG", "b"), keep_with_next=True)
    _para(doc, "{%p if topic %}")
    _para(doc, "- Chủ đề: {{ topic }}", align=JUSTIFY, indent=1)
    _para(doc, "{%p endif %}")
    _para(doc, "{%p if theme %}")
    _para(doc, ("- Chuyên đề năm {{ year }}: “{{ theme }}”", "i"), align=JUSTIFY, indent=1)
    _para(doc, "{%p endif %}")
    _para(doc, "{%p if agenda %}")
    _para(doc, "- Chương trình:", align=JUSTIFY, indent=1)
    _para(doc, "{%p for line in agenda %}")
    _para(doc, "{{ line }}", align=JUSTIFY, indent=1.5)
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endif %}")
    _para(doc, "- Ý kiến thảo luận: " + DOTS, align=JUSTIFY, indent=1)
    _para(doc, DOTS + "……………", align=JUSTIFY)
    _para(doc, "- Kết luận: " + DOTS, align=JUSTIFY, indent=1)
    _para(doc, DOTS + "……………", align=JUSTIFY, after=6)
    _para(doc, ("IV. DANH SÁCH THAM DỰ", "b"), keep_with_next=True)
    _attendance_table(doc)
    _para(doc, "", after=3)
    _para(doc, "{{ closing }}", align=JUSTIFY, indent=1, after=12)
    table = _table(doc, 1, [8.25, 8.25])
    _no_split(table.rows[0])
    secretary, chair = table.rows[0].cells
    _cell_para(secretary, ("THƯ KÝ", "b"), align=CENTER, after=0)
    _cell_para(secretary, ("(Ký, ghi rõ họ tên)", "i"), align=CENTER, after=60)
    _cell_para(secretary, ("{{ secretary_name }}", "b"), align=CENTER)
    _cell_para(chair, ("CHỦ TRÌ", "b"), align=CENTER, after=0)
    _cell_para(chair, ("(Ký, ghi rõ họ tên)", "i"), align=CENTER, after=60)
    _cell_para(chair, ("{{ chair_name }}", "b"), align=CENTER)
    _tidy(table)
    return doc


BUILDERS = {MINUTES: build_minutes}


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
