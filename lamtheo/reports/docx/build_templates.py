"""Build the DOCX template of the review report (run by hand).

    .venv/bin/python -m lamtheo.reports.docx.build_templates

writes `bao-cao.docx`: the Party letterhead, "BÁO CÁO" and its summary, part I (results, one
section per kind of work, then the overall assessment), part II (shortcomings and causes),
part III (directions and tasks), "Nơi nhận" and the signature, then the annex: participation
per unit below, as a table. The words come from lamtheo.reports.text, the numbers from the
report's figures; the text is Vietnamese on purpose: a document, not the user interface.
"""

from __future__ import annotations

from pathlib import Path

from lamtheo.documents.builder import (
    CENTER,
    JUSTIFY,
    LEFT,
    PORTRAIT_WIDTH,
    RIGHT,
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
REPORT = "bao-cao.docx"


def _lines(doc, loop: str) -> None:
    paragraph(doc, "{%p for line in " + loop + " %}")
    paragraph(doc, "{{ line }}", align=JUSTIFY, indent=1, after=3)
    paragraph(doc, "{%p endfor %}")


def build_report():
    doc = new_document(title="Báo cáo")
    party_header(doc, PORTRAIT_WIDTH)
    title(doc, "BÁO CÁO", "{{ summary }}", after=0)
    paragraph(doc, "-----", align=CENTER, after=6)
    _lines(doc, "intro")
    paragraph(doc, ("I. KẾT QUẢ ĐẠT ĐƯỢC", "b"), indent=1, keep_with_next=True)
    paragraph(doc, "{%p for section in sections %}")
    paragraph(doc, ("{{ section.heading }}", "b"), indent=1, keep_with_next=True)
    paragraph(doc, "{%p for line in section.lines %}")
    paragraph(doc, "{{ line }}", align=JUSTIFY, indent=1, after=3)
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, ("6. Đánh giá chung", "b"), indent=1, keep_with_next=True)
    _lines(doc, "assessment")
    paragraph(doc, ("II. HẠN CHẾ, NGUYÊN NHÂN", "b"), indent=1, keep_with_next=True)
    _lines(doc, "shortcomings")
    paragraph(doc, ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ", "b"), indent=1, keep_with_next=True)
    _lines(doc, "directions")
    paragraph(doc, "", after=6)
    block = Closing(doc, PORTRAIT_WIDTH)
    block.recipients(0)
    block.signature(1, "signer")
    block.finish()
    annex = paragraph(doc, ("PHỤ LỤC", "b"), align=CENTER, after=0, keep_with_next=True)
    annex.paragraph_format.page_break_before = True
    paragraph(doc, ("{{ annex_title }}", "b"), align=CENTER, after=0, keep_with_next=True)
    paragraph(doc, ("({{ attached }})", "i"), align=CENTER, after=6)
    list_table(
        doc,
        ("STT", "Đơn vị", "Đảng viên", "Tham gia học tập", "Tỷ lệ (%)"),
        ("no", "unit", "people", "took_part", "rate"),
        [1.2, 7.8, 2.5, 2.7, 2.3],
        [CENTER, LEFT, RIGHT, RIGHT, RIGHT],
        "annex",
        size=12,
        split_rows=False,
    )
    paragraph(doc, ("{{ annex_note }}", "i"), align=JUSTIFY, size=12, after=0)
    return doc


BUILDERS = {REPORT: build_report}


def build(name: str) -> bytes:
    return to_bytes(BUILDERS[name]())


if __name__ == "__main__":
    write_all(HERE, BUILDERS)
