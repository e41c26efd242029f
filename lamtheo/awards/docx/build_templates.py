"""Build the DOCX template of a commendation decision (run by hand).

    .venv/bin/python -m lamtheo.awards.docx.build_templates

writes `quyet-dinh-khen-thuong.docx` (A4 portrait) next to this file; docxtpl fills it in
(lamtheo.awards.exports.decision_document). The letterhead, title and closing are the Party
layout of the documents kit (lamtheo.documents.builder); the authority, the bases ("Căn cứ
…"), "QUYẾT ĐỊNH:" and the articles, then on a
page of its own the list annex: "DANH SÁCH …", "(Kèm theo Quyết định số … ngày …)" and a
bordered table per group (collectives, then people): STT, name, unit, form, its header row
repeated on every page.

The committed file is what this script builds (tests/awards/test_documents.py compares them):
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
    list_table,
    new_document,
    paragraph,
    party_header,
    title,
    to_bytes,
    write_all,
)

HERE = Path(__file__).resolve().parent
DECISION = "quyet-dinh-khen-thuong.docx"

LIST_HEADINGS = ("STT", "Tập thể, cá nhân", "Đơn vị", "Hình thức khen thưởng")
LIST_FIELDS = ("number", "name", "unit", "form")
LIST_WIDTHS = [1.3, 5.2, 5.0, 5.0]
LIST_ALIGNS = (CENTER, LEFT, LEFT, LEFT)


def _group(doc, var: str) -> None:
    """One group of the annex (`var`: a list of rows, `<var>_heading` its line), skipped when
    empty."""
    paragraph(doc, "{%p if " + var + " %}")
    paragraph(doc, ("{{ " + var + "_heading }}", "b"), after=3, keep_with_next=True)
    list_table(
        doc, LIST_HEADINGS, LIST_FIELDS, LIST_WIDTHS, LIST_ALIGNS, var, size=12, split_rows=False
    )
    paragraph(doc, "", after=6)
    paragraph(doc, "{%p endif %}")


def build_decision():
    doc = new_document(title="Quyết định khen thưởng")
    party_header(doc, PORTRAIT_WIDTH)
    title(doc, "QUYẾT ĐỊNH", "{{ summary }}", after=6)
    paragraph(doc, ("{{ authority }}", "b"), align=CENTER, after=6)
    paragraph(doc, "{%p for p in bases %}")
    paragraph(doc, ("{{ p }}", "i"), align=JUSTIFY, indent=1, after=6)
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, ("QUYẾT ĐỊNH:", "b"), align=CENTER, after=6, keep_with_next=True)
    paragraph(doc, "{%p for p in articles %}")
    paragraph(doc, "{{ p }}", align=JUSTIFY, indent=1, after=6)
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "", after=6)
    block = Closing(doc, PORTRAIT_WIDTH)
    block.recipients(0)
    block.signature(1, "signer")
    block.finish()
    doc.add_page_break()
    paragraph(doc, ("{{ annex_title }}", "b"), align=CENTER, after=0, keep_with_next=True)
    paragraph(doc, ("{{ annex_line }}", "i"), align=CENTER, after=6, keep_with_next=True)
    _group(doc, "collectives")
    _group(doc, "people")
    return doc


BUILDERS = {DECISION: build_decision}


def build(name: str) -> bytes:
    return to_bytes(BUILDERS[name]())


if __name__ == "__main__":
    write_all(HERE, BUILDERS)
