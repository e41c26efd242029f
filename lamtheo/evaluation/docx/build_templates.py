"""Build the DOCX template of the review forms (run by hand).

    .venv/bin/python -m lamtheo.evaluation.docx.build_templates

writes `kiem-diem.docx`, one template for a member's self-review (HD 43 forms 2A, 2B, 2C; HD 25
02A, 02B: the code comes from the round's rule set) and an organisation's collective report
(Mẫu 01): the Party letterhead, the form's code, its parts A (I–VI) and B (scores, the rank
proposed ticked among the four), the cell's comment and the decision, the signature. The text
is Vietnamese on purpose: a document, not the user interface.
"""

from __future__ import annotations

from pathlib import Path

from lamtheo.documents.builder import (
    CENTER,
    JUSTIFY,
    PORTRAIT_WIDTH,
    RIGHT,
    Closing,
    new_document,
    paragraph,
    party_header,
    title,
    to_bytes,
    write_all,
)

HERE = Path(__file__).resolve().parent
FORM = "kiem-diem.docx"


def build_form():
    doc = new_document(title="Bản kiểm điểm")
    paragraph(doc, ("Mẫu {{ form_code }}", "i"), align=RIGHT, size=12, after=0)
    party_header(doc, PORTRAIT_WIDTH)
    title(doc, "{{ kind }}", "{{ subtitle }}", "Năm {{ year }}")
    paragraph(doc, "{%p for line in header_lines %}")
    paragraph(doc, "{{ line }}", indent=1, after=0)
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, ("A. NỘI DUNG KIỂM ĐIỂM", "b"), keep_with_next=True)
    paragraph(doc, "{%p for part in parts %}")
    paragraph(doc, ("{{ part.heading }}", "b"), indent=1, keep_with_next=True, after=0)
    paragraph(doc, "{%p for line in part.lines %}")
    paragraph(doc, "{{ line }}", align=JUSTIFY, indent=1, after=0)
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, ("B. TỰ ĐÁNH GIÁ, XẾP LOẠI", "b"), keep_with_next=True)
    paragraph(doc, ("I. Tự chấm điểm", "b"), indent=1, keep_with_next=True, after=0)
    paragraph(doc, "{%p for line in score_lines %}")
    paragraph(doc, "{{ line }}", indent=1, after=0)
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, ("II. Đề xuất xếp loại", "b"), indent=1, keep_with_next=True, after=0)
    paragraph(doc, "{%p for line in rank_lines %}")
    paragraph(doc, "{{ line }}", indent=1, after=0)
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p if decision_lines %}")
    paragraph(doc, ("C. NHẬN XÉT, ĐÁNH GIÁ VÀ QUYẾT ĐỊNH XẾP LOẠI", "b"), keep_with_next=True)
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p for line in decision_lines %}")
    paragraph(doc, "{{ line }}", align=JUSTIFY, indent=1, after=0)
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "", after=6)
    block = Closing(doc, PORTRAIT_WIDTH)
    block.signature(1, "signer")
    block.finish()
    paragraph(doc, ("{{ basis }}", "i"), align=CENTER, size=11)
    return doc


BUILDERS = {FORM: build_form}


def build(name: str) -> bytes:
    return to_bytes(BUILDERS[name]())


if __name__ == "__main__":
    write_all(HERE, BUILDERS)
