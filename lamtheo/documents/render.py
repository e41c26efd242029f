"""Documents filled in from DOCX templates with docxtpl.

A feature declares a document as a `DocxDocument`: its template (built with `builder`), its
frame (letterhead, signatures, recipients: `layout`) and its own fields. `render()` gives the
DOCX bytes, `response()` the download. `PartyDocument` is a whole document from data (a kind,
a summary and paragraphs) on the kit's own template, for papers without tables.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docxtpl import DocxTemplate

from lamtheo.documents import layout
from lamtheo.documents.http import attachment
from lamtheo.documents.text import plain

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEMPLATES = Path(__file__).resolve().parent / "docx"


def render(template: Path, context: dict) -> bytes:
    """The template filled in; every value is escaped (a user's "<" or "&" prints as typed)."""
    document = DocxTemplate(str(template))
    document.render(context, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class DocxDocument:
    """A document in the Party layout. Subclasses set `template` and override what they have:

    - `letterhead()`: the issuing body, its upper body, number, place and date;
    - `signatures()`: {context name: layout.Signature}, as the template's `signature` blocks;
    - `recipients()`: the "Nơi nhận" lines, if the template has them;
    - `fields()`: the document's own variables;
    - `filename()`: the download's name (ASCII, with the extension).
    """

    template: Path

    def letterhead(self) -> layout.Letterhead:
        raise NotImplementedError

    def signatures(self) -> dict[str, layout.Signature]:
        return {}

    def recipients(self) -> Sequence[str]:
        return ()

    def fields(self) -> dict:
        return {}

    def filename(self) -> str:
        raise NotImplementedError

    def context(self) -> dict:
        frame = layout.context(self.letterhead(), self.signatures(), self.recipients())
        return {**frame, **self.fields()}

    def render(self) -> bytes:
        return render(self.template, self.context())

    def response(self):
        return attachment(self.render(), self.filename(), DOCX_TYPE)


@dataclass
class PartyDocument(DocxDocument):
    """A document made of paragraphs: letterhead, kind ("THÔNG BÁO") and summary ("Về việc
    …"), the body, "Nơi nhận" and the signer. A paragraph is a string; an empty one is a
    blank line."""

    head: layout.Letterhead
    kind: str
    signer: layout.Signature
    summary: str = ""
    paragraphs: Sequence[str] = ()
    to: Sequence[str] = ()
    name: str = "van-ban.docx"
    template: Path = field(default=TEMPLATES / "van-ban.docx", repr=False)

    def letterhead(self) -> layout.Letterhead:
        return self.head

    def signatures(self) -> dict[str, layout.Signature]:
        return {"signer": self.signer}

    def recipients(self) -> Sequence[str]:
        return self.to

    def fields(self) -> dict:
        return {
            "kind": plain(self.kind).upper(),
            "summary": plain(self.summary),
            "paragraphs": [plain(p) for p in self.paragraphs],
        }

    def filename(self) -> str:
        return self.name
