"""DOCX to PDF with LibreOffice headless: several files in one start, and clear errors."""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheo.documents import pdf
from lamtheo.documents.layout import Letterhead, Signature
from lamtheo.documents.render import PartyDocument
from tests.pdf import assert_party_fonts, read_pdf


def note(text: str) -> bytes:
    head = Letterhead(issuer="Chi bộ A", date=dt.date(2023, 3, 14), place="Đống Đa")
    signer = Signature(title="Bí thư", name="Lê Văn Bình", on_behalf="T/M Chi bộ")
    return PartyDocument(head=head, kind="Thông báo", signer=signer, paragraphs=[text]).render()


def test_several_documents_in_one_start(tmp_path):
    result = pdf.convert_many(
        {"mot.docx": note("Thông báo thứ nhất"), "hai.docx": note("Thông báo thứ hai")},
        profile=tmp_path / "profile",
    )
    assert set(result) == {"mot.docx", "hai.docx"}
    first, second = read_pdf(result["mot.docx"]), read_pdf(result["hai.docx"])
    assert first.has("Thông báo thứ nhất") and not first.has("thứ hai")
    assert second.has("Thông báo thứ hai") and second.has("Đống Đa, ngày 14 tháng 3 năm 2023")
    assert_party_fonts(first)
    assert (tmp_path / "profile").is_dir()  # the profile asked for, not the shared one


def test_a_broken_file_gives_a_clear_error():
    with pytest.raises(pdf.ConversionError, match="gave no PDF for document.docx"):
        pdf.docx_to_pdf(b"PK\x03\x04 not a zip archive")


def test_without_libreoffice(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(pdf.ConversionError, match="LibreOffice is not installed"):
        pdf.docx_to_pdf(note("x"))


@pytest.mark.parametrize("name", ["../x.docx", "a/b.docx", "x.pdf"])
def test_file_names_are_plain(name):
    with pytest.raises(ValueError, match="not a plain .docx file name"):
        pdf.convert_many({name: b""})
