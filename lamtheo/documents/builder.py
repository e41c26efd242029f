"""Building blocks for DOCX templates in the Party document layout (python-docx).

A feature writes its templates with a small script (`<app>/docx/build_templates.py`, run by
hand, its output committed and compared with a fresh build in the tests):

    doc = new_document(title="Biên bản")
    party_header(doc, BODY_WIDTH)            # letterhead: head.* from layout.context()
    title(doc, "BIÊN BẢN", "{{ heading }}")
    paragraph(doc, "- Địa điểm: {{ place }}.", indent=1)
    block = Closing(doc, BODY_WIDTH)
    block.recipients(0)                      # "Nơi nhận:" and the recipient lines
    block.signature(1, "signer")             # a layout.Signature passed as "signer"
    block.finish()

docxtpl fills the `{{ … }}` and `{%p … %}` tags in (`render`). Sizes and margins follow
Hướng dẫn 36-HD/VPTW: Times New Roman 14 pt, the party heading 15 pt, the document's kind
16 pt, A4 with margins top and bottom 2 cm, left 3 cm, right 1.5 cm (the margins come from a
secondary source, shared/DOMAIN.md §4.1). The file keeps the font name "Times New Roman";
LibreOffice substitutes its metric twin Liberation Serif.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from lamtheo.documents.layout import PARTY

FONT = "Times New Roman"
CENTER, LEFT, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)
# The width between the margins: A4 portrait 21 - 3 - 1.5 cm, landscape 29.7 - 3 - 1.5 cm.
PORTRAIT_WIDTH = 16.5
LANDSCAPE_WIDTH = 25.2
# The height left for a handwritten signature (and the seal) above the signer's name.
SIGNING_SPACE = 54


def new_document(title: str, landscape: bool = False):
    """An empty A4 document: Normal style Times New Roman 14 pt, the Party margins, and
    fixed document properties so that a rebuild gives the same file."""
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
    props = doc.core_properties
    props.author = props.last_modified_by = "lamtheo"
    props.title = title
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


def paragraph(
    container,
    *runs,
    align=LEFT,
    size: float | None = None,
    indent: float | None = None,
    after: float | None = None,
    keep_with_next: bool = False,
):
    """A paragraph of runs; a run is a str or (text, flags) with flags among "b", "i", "u".
    `container` is the document or a table cell."""
    made = container.add_paragraph()
    made.alignment = align
    fmt = made.paragraph_format
    if indent is not None:
        fmt.first_line_indent = Cm(indent)
    if after is not None:
        fmt.space_after = Pt(after)
    if keep_with_next:
        fmt.keep_with_next = True
    for run in runs:
        text, flags = (run, "") if isinstance(run, str) else run
        r = made.add_run(text)
        r.bold = "b" in flags or None
        r.italic = "i" in flags or None
        r.underline = "u" in flags or None
        if size:
            r.font.size = Pt(size)
    return made


def fill_line(container, label: str = "", width: float = PORTRAIT_WIDTH, indent=None, after=None):
    """A line to write on by hand: the label, then dots to the right margin (a tab with a
    dot leader, so the dots never wrap onto a line of their own)."""
    made = paragraph(container, label, indent=indent, after=after)
    made.paragraph_format.tab_stops.add_tab_stop(
        Cm(width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
    )
    made.add_run("\t")
    return made


def table(doc, rows: int, widths: list[float], grid: bool = False):
    """A table of fixed column widths (cm), centred; `grid` draws the borders."""
    made = doc.add_table(rows=rows, cols=len(widths))
    if grid:
        made.style = doc.styles["Table Grid"]
    made.alignment = WD_TABLE_ALIGNMENT.CENTER
    made.autofit = False
    for column, width in zip(made.columns, widths, strict=True):
        column.width = Cm(width)  # the grid, which LibreOffice follows
    for row in made.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    return made


def add_row(made, widths: list[float]):
    row = made.add_row()
    for cell, width in zip(row.cells, widths, strict=True):
        cell.width = Cm(width)
    return row


def tidy(made) -> None:
    """Remove the empty paragraph python-docx puts in every new cell, where others follow."""
    for row in made.rows:
        for cell in row.cells:
            paragraphs = cell.paragraphs
            first = paragraphs[0]._element
            if len(paragraphs) > 1 and not first.findall(qn("w:r")):
                first.getparent().remove(first)


def no_split(row) -> None:
    """Keep a table row on one page (a signature block is never cut in two)."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def repeat_as_header(row) -> None:
    """Repeat a table's first row at the top of every page."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def list_table(
    doc, headings, fields, widths, aligns, loop: str, size: float = 13, split_rows: bool = True
) -> None:
    """A bordered list: a header row repeated on every page, then one row per item of
    `loop` (a context variable), its cells `{{ r.<field> }}`. `split_rows=False` keeps each
    row on one page (for short rows: a row taller than a page would be cut)."""
    made = table(doc, 3, widths, grid=True)
    head, start, data = made.rows
    repeat_as_header(head)
    for cell, text in zip(head.cells, headings, strict=True):
        paragraph(cell, (text, "b"), align=CENTER, size=size, after=0)
    paragraph(start.cells[0], "{%tr for r in " + loop + " %}", size=size)
    if not split_rows:
        no_split(data)
    for cell, name, align in zip(data.cells, fields, aligns, strict=True):
        paragraph(cell, "{{ r." + name + " }}", align=align, size=size, after=0)
    end = add_row(made, widths)
    paragraph(end.cells[0], "{%tr endfor %}", size=size)
    tidy(made)


# -- the parts of the Party layout -----------------------------------------------------------


def party_header(doc, body_width: float = PORTRAIT_WIDTH) -> None:
    """The letterhead (variables `head.*` of layout.Letterhead): the body above and the
    issuing body top left with "*" under them, "ĐẢNG CỘNG SẢN VIỆT NAM" top right; the number
    and the place and date on one line below."""
    left = 8.5 if body_width < 20 else body_width / 2
    made = table(doc, 2, [left, body_width - left])
    (issuer, party), (number, day) = made.rows[0].cells, made.rows[1].cells
    paragraph(issuer, "{%p if head.upper_body %}", align=CENTER, after=0)
    paragraph(issuer, "{{ head.upper_body }}", align=CENTER, after=0)
    paragraph(issuer, "{%p endif %}", align=CENTER, after=0)
    paragraph(issuer, ("{{ head.issuer }}", "b"), align=CENTER, after=0)
    paragraph(issuer, "*", align=CENTER, after=0)
    paragraph(party, (PARTY, "bu"), align=CENTER, size=15, after=0)
    # One paragraph, empty when there is no number: a cell must keep a paragraph.
    paragraph(number, "{{ head.number }}", align=CENTER, after=0)
    paragraph(day, ("{{ head.date_line }}", "i"), align=CENTER, after=0)
    tidy(made)
    paragraph(doc, "", after=6)


def title(doc, kind: str, *lines: str, after: float = 3) -> None:
    """The document's kind ("QUYẾT ĐỊNH", 16 pt bold) and its summary lines (bold)."""
    paragraph(doc, (kind, "b"), align=CENTER, size=16, after=0, keep_with_next=True)
    for i, line in enumerate(lines, 1):
        last = i == len(lines)
        paragraph(doc, (line, "b"), align=CENTER, after=after if last else 0, keep_with_next=True)


class Closing:
    """The end of a document, in two columns: "Nơi nhận" or a second signer on the left, the
    signer on the right. Titles on the first row and names on the second, so that two
    signers' names line up whatever is above them; neither row splits across pages.

        block = Closing(doc, PORTRAIT_WIDTH)
        block.recipients(0)
        block.signature(1, "signer")
        block.finish()
    """

    def __init__(self, doc, body_width: float = PORTRAIT_WIDTH, left: float | None = None):
        left = body_width / 2 if left is None else left
        self.table = table(doc, 2, [left, body_width - left])
        for row in self.table.rows:
            no_split(row)

    def signature(self, column: int, var: str, heading: str = "") -> None:
        """A signature block (variables `<var>.*` of layout.Signature): on whose behalf, the
        signer's title, the note, the space to sign; the name on the row below. `heading` is
        a line above it ("XÁC NHẬN CỦA CHI BỘ")."""
        cell = self.table.rows[0].cells[column]
        if heading:
            paragraph(cell, (heading, "b"), align=CENTER, after=0, keep_with_next=True)
        lines = [
            ("{%p if " + var + ".on_behalf %}", ""),
            ("{{ " + var + ".on_behalf }}", "b"),
            ("{%p endif %}", ""),
            ("{{ " + var + ".title }}", "b"),
            ("{%p if " + var + ".note %}", ""),
            ("{{ " + var + ".note }}", "i"),
            ("{%p endif %}", ""),
        ]
        for text, flags in lines:
            paragraph(cell, (text, flags), align=CENTER, after=0, keep_with_next=True)
        paragraph(cell, "", align=CENTER, after=SIGNING_SPACE, keep_with_next=True)
        name = self.table.rows[1].cells[column]
        paragraph(name, ("{{ " + var + ".name }}", "b"), align=CENTER, after=0)

    def recipients(self, column: int = 0, size: float = 12) -> None:
        """ "Nơi nhận:" and the lines of `recipients` (layout.recipient_lines), down the
        whole column."""
        cell = self.table.rows[0].cells[column].merge(self.table.rows[1].cells[column])
        paragraph(cell, ("Nơi nhận:", "bi"), size=size, after=0)
        paragraph(cell, "{%p for line in recipients %}", size=size, after=0)
        paragraph(cell, "{{ line }}", size=size, after=0)
        paragraph(cell, "{%p endfor %}", size=size, after=0)

    def finish(self) -> None:
        tidy(self.table)


# -- a feature's set of templates ------------------------------------------------------------


def to_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def write_all(folder: Path, builders: dict[str, Callable]) -> None:
    """Write every template of `builders` (file name -> function returning a document)."""
    for name, build in builders.items():
        (folder / name).write_bytes(to_bytes(build()))
        sys.stdout.write(f"wrote {folder / name}\n")
