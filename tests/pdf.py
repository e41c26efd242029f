"""Documents are real documents: a DOCX the project produces, converted to PDF by LibreOffice
headless (lamtheo.documents.pdf), read back with poppler (pdftotext, pdffonts, pdfinfo).

`as_pdf(docx, name)` converts and checks what every document must satisfy: Times New Roman or
its metric twins only (Liberation Serif, Tinos), every font embedded, so no letter fell back
to DejaVu or another font for want of a glyph. The test then checks the text and the page
count. LAMTHEO_DOCS_OUT=/tmp/docs keeps the PDF and its pages as PNG to look at.

LibreOffice and poppler-utils come from `make system-deps` (run by `make test`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from lamtheo.documents.pdf import docx_to_pdf

# Font names as pdffonts prints them, after the subset prefix ("BAAAAA+").
PARTY_FONTS = ("LiberationSerif", "Tinos", "TimesNewRoman")


@dataclass
class Pdf:
    content: bytes
    text: str  # pdftotext's text, whitespace collapsed to single spaces
    fonts: list[tuple[str, bool]]  # (name without the subset prefix, embedded)
    pages: int

    def has(self, phrase: str) -> bool:
        return " ".join(phrase.split()) in self.text


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: run `make system-deps` (Debian: poppler-utils)")
    return path


def read_pdf(content: bytes) -> Pdf:
    with tempfile.TemporaryDirectory(prefix="lamtheo-pdf-read-") as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(content)

        def run(*command) -> str:
            return subprocess.run(
                [_tool(command[0]), *command[1:]], capture_output=True, check=True, text=True
            ).stdout

        text = " ".join(run("pdftotext", "-enc", "UTF-8", str(path), "-").split())
        fonts = []
        for line in run("pdffonts", str(path)).splitlines()[2:]:
            parts = line.split()
            # name, type (one or two words), encoding, emb, sub, uni, object, id
            embedded = parts[-5] == "yes"
            fonts.append((parts[0].split("+", 1)[-1], embedded))
        pages = int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(path)), re.M).group(1))
    return Pdf(content=content, text=text, fonts=fonts, pages=pages)


def assert_party_fonts(pdf: Pdf) -> None:
    assert pdf.fonts, "no font in the PDF"
    for name, embedded in pdf.fonts:
        assert name.startswith(PARTY_FONTS), f"fallback font {name} in the PDF: {pdf.fonts}"
        assert embedded, f"font {name} is not embedded"


def keep_for_eyes(name: str, pdf: Pdf) -> None:
    if folder := os.environ.get("LAMTHEO_DOCS_OUT"):
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{name}.pdf").write_bytes(pdf.content)
        subprocess.run(
            [_tool("pdftoppm"), "-png", "-r", "70", str(out / f"{name}.pdf"), str(out / name)],
            check=True,
        )


def as_pdf(docx: bytes, name: str) -> Pdf:
    """The DOCX as a PDF, read back, its fonts checked."""
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice is missing: run `make system-deps` (libreoffice-writer-nogui)")
    pdf = read_pdf(docx_to_pdf(docx))
    keep_for_eyes(name, pdf)
    assert_party_fonts(pdf)
    return pdf
