"""Build the kit's own DOCX template (run by hand).

    .venv/bin/python -m lamtheo.documents.docx.build_templates

writes `van-ban.docx` next to this file: a document of paragraphs in the Party layout
(`lamtheo.documents.render.PartyDocument`): the letterhead with its number, the kind and the
summary, the body, "Nơi nhận" and the signature. The committed file is what this script
builds (tests/documents/test_templates.py compares them): change the layout here or in
`builder`, run the script, commit both.
"""

from __future__ import annotations

from pathlib import Path

from lamtheo.documents.builder import (
    CENTER,
    JUSTIFY,
    Closing,
    new_document,
    paragraph,
    party_header,
    title,
    to_bytes,
    write_all,
)

HERE = Path(__file__).resolve().parent
DOCUMENT = "van-ban.docx"


def build_document():
    doc = new_document(title="Văn bản")
    party_header(doc)
    title(doc, "{{ kind }}", after=0)
    paragraph(doc, "{%p if summary %}", align=CENTER)
    paragraph(doc, ("{{ summary }}", "b"), align=CENTER, after=0)
    paragraph(doc, "{%p endif %}", align=CENTER)
    paragraph(doc, "", after=6)
    paragraph(doc, "{%p for p in paragraphs %}")
    paragraph(doc, "{{ p }}", align=JUSTIFY, indent=1, after=6)
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "", after=6)
    block = Closing(doc)
    block.recipients(0)
    block.signature(1, "signer")
    block.finish()
    return doc


BUILDERS = {DOCUMENT: build_document}


def build(name: str) -> bytes:
    return to_bytes(BUILDERS[name]())


if __name__ == "__main__":
    write_all(HERE, BUILDERS)
