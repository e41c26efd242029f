"""The activation slips of a cell as a document: one bordered slip per person (name, unit,
username, one-time code, the activation page and its QR code), six to a page, for the
secretary to cut apart and hand out. Built directly with the documents kit's building blocks:
a slip has no letterhead, and each QR is an image made from that person's own link."""

from __future__ import annotations

import io

import segno
from docx.shared import Cm, Pt

from lamtheo.documents.builder import (
    CENTER,
    LEFT,
    new_document,
    no_split,
    paragraph,
    table,
    tidy,
    to_bytes,
)
from lamtheo.documents.http import attachment
from lamtheo.documents.pdf import docx_to_pdf
from lamtheo.documents.render import DOCX_TYPE
from lamtheo.documents.text import plain, slug

WIDTHS = [12.0, 4.5]
QR_CM = 3.2


def qr_png(link: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    return buffer


def slips_docx(title_line: str, slips) -> bytes:
    doc = new_document(title="Phiếu kích hoạt tài khoản")
    paragraph(doc, ("PHIẾU KÍCH HOẠT TÀI KHOẢN LAMTHEO", "b"), align=CENTER, after=0)
    paragraph(doc, plain(title_line), align=CENTER, size=13, after=6)
    made = table(doc, len(slips), WIDTHS, grid=True)
    for row, slip in zip(made.rows, slips, strict=True):
        no_split(row)
        left, right = row.cells
        paragraph(left, ("Đồng chí: ", ""), (plain(slip.name), "b"), size=13, after=0)
        paragraph(left, f"Đơn vị: {plain(slip.unit)}", size=13, after=0)
        paragraph(left, "Tên đăng nhập: ", (slip.username, "b"), size=13, after=0)
        paragraph(left, "Mã kích hoạt: ", (slip.code, "b"), size=13, after=0)
        paragraph(
            left,
            (
                f"Quét mã QR hoặc mở {slip.link.split('?')[0]}, nhập tên đăng nhập và mã, "
                f"rồi tự đặt mật khẩu. Mã dùng một lần, hết hạn ngày {slip.expires}.",
                "i",
            ),
            size=11,
            align=LEFT,
            after=0,
        )
        picture = right.paragraphs[0]
        picture.alignment = CENTER
        # Single-spaced with a little room above: at the document's 1.1 spacing LibreOffice draws
        # the picture's white margin over the cell's top border.
        picture.paragraph_format.line_spacing = 1.0
        picture.paragraph_format.space_before = Pt(3)
        picture.add_run().add_picture(qr_png(slip.link), width=Cm(QR_CM))
    tidy(made)
    return to_bytes(doc)


def slips_response(title_line: str, slips, filename: str, kind: str):
    """The slips as a DOCX download, or as a PDF (converted by LibreOffice) when kind="pdf"."""
    content = slips_docx(title_line, slips)
    name = f"phieu-kich-hoat-{slug(filename)}"
    if kind == "pdf":
        return attachment(docx_to_pdf(content), f"{name}.pdf", "application/pdf")
    return attachment(content, f"{name}.docx", DOCX_TYPE)
