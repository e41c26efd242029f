"""The Party layout from plain data: letterhead, number, date line, signature, recipients;
the kit's own document (PartyDocument) opened as DOCX and converted to PDF."""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheo.documents.layout import Letterhead, Signature, context, recipient_lines
from lamtheo.documents.render import DOCX_TYPE, PartyDocument
from tests.pdf import as_pdf
from tests.programs.test_documents import docx_text

# Every Vietnamese letter, upper and lower case: a font without one of them falls back.
VIETNAMESE = (
    "ĂÂĐÊÔƠƯăâđêôơư ÀÁẢÃẠ ẰẮẲẴẶ ẦẤẨẪẬ ÈÉẺẼẸ ỀẾỂỄỆ ÌÍỈĨỊ ÒÓỎÕỌ ỒỐỔỖỘ ỜỚỞỠỢ ÙÚỦŨỤ ỪỨỬỮỰ ỲÝỶỸỴ "
    "àáảãạ ằắẳẵặ ầấẩẫậ èéẻẽẹ ềếểễệ ìíỉĩị òóỏõọ ồốổỗộ ờớởỡợ ùúủũụ ừứửữự ỳýỷỹỵ"
)


def decision(**changes) -> PartyDocument:
    values = {
        "head": Letterhead(
            issuer="Đảng ủy Khối",
            upper_body="Đảng bộ Khối doanh nghiệp quận Đống Đa",
            number="Số 12-QĐ/ĐUK",
            date=dt.date(2023, 3, 14),
            place="Đống Đa",
        ),
        "kind": "Quyết định",
        "summary": "Về việc khen thưởng tập thể và cá nhân có thành tích xuất sắc",
        "paragraphs": [
            "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
            "Xét đề nghị của Văn phòng Đảng ủy Khối <VP> & các chi bộ,",
            VIETNAMESE,
        ],
        "signer": Signature(
            title="Bí thư", name="Nguyễn Trung Chính", on_behalf="T/M Ban Thường vụ"
        ),
        "to": ["Ban Thường vụ Quận ủy (để báo cáo);", "Các chi bộ trực thuộc,", "Lưu Văn phòng."],
        "name": "quyet-dinh-12.docx",
    }
    return PartyDocument(**{**values, **changes})


def test_letterhead_and_signature_as_plain_data():
    head = Letterhead(issuer="Chi bộ A", date=dt.date(2023, 2, 5), place="Đống Đa")
    assert head.as_context() == {
        "upper_body": "",
        "issuer": "CHI BỘ A",
        "number": "",
        "date_line": "Đống Đa, ngày 05 tháng 02 năm 2023",
        "party": "ĐẢNG CỘNG SẢN VIỆT NAM",
    }
    sign = Signature(title="Bí thư", name="Lê Văn Bình", on_behalf="T/M Chi bộ")
    values = context(head, {"signer": sign}, ["Đảng ủy Khối (để báo cáo)", "Lưu Chi bộ"])
    assert values["signer"] == {
        "on_behalf": "T/M CHI BỘ",
        "title": "BÍ THƯ",
        "note": "",
        "name": "Lê Văn Bình",
    }
    assert values["recipients"] == ["- Đảng ủy Khối (để báo cáo);", "- Lưu Chi bộ."]


def test_recipient_lines_punctuate_once():
    assert recipient_lines(["A;", "", "  B, ", "C."]) == ["- A;", "- B;", "- C."]
    assert recipient_lines([]) == []


def test_party_document_docx():
    text, tables = docx_text(decision().render())
    head = tables[0]
    assert head[0][0] == "ĐẢNG BỘ KHỐI DOANH NGHIỆP QUẬN ĐỐNG ĐA\nĐẢNG ỦY KHỐI\n*"
    assert head[0][1] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert head[1] == ["Số 12-QĐ/ĐUK", "Đống Đa, ngày 14 tháng 3 năm 2023"]
    for expected in [
        "QUYẾT ĐỊNH",
        "Về việc khen thưởng tập thể và cá nhân có thành tích xuất sắc",
        "Xét đề nghị của Văn phòng Đảng ủy Khối <VP> & các chi bộ,",
        "Nơi nhận:",
        "- Ban Thường vụ Quận ủy (để báo cáo);\n- Các chi bộ trực thuộc;\n- Lưu Văn phòng.",
        "T/M BAN THƯỜNG VỤ\nBÍ THƯ",
        "Nguyễn Trung Chính",
    ]:
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text


def test_party_document_without_number_upper_body_or_summary():
    head = Letterhead(issuer="Chi bộ A", date=dt.date(2023, 3, 14), place="Đống Đa")
    text, tables = docx_text(decision(head=head, summary="", to=[]).render())
    assert tables[0][0][0] == "CHI BỘ A\n*"
    assert tables[0][1] == ["", "Đống Đa, ngày 14 tháng 3 năm 2023"]
    assert "Về việc" not in text
    assert "Nơi nhận:" in text and "- Lưu" not in text


def test_party_document_response():
    response = decision().response()
    assert response["Content-Type"] == DOCX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="quyet-dinh-12.docx"'
    assert response["Cache-Control"] == "private, no-store"


def test_party_document_pdf():
    pdf = as_pdf(decision().render(), "van-ban")
    for phrase in [
        "ĐẢNG BỘ KHỐI DOANH NGHIỆP QUẬN ĐỐNG ĐA",
        "ĐẢNG ỦY KHỐI",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 12-QĐ/ĐUK",
        "Đống Đa, ngày 14 tháng 3 năm 2023",
        "QUYẾT ĐỊNH",
        "Về việc khen thưởng tập thể và cá nhân có thành tích xuất sắc",
        "Xét đề nghị của Văn phòng Đảng ủy Khối <VP> & các chi bộ,",
        "Nơi nhận:",
        "- Lưu Văn phòng.",
        "T/M BAN THƯỜNG VỤ",
        "Nguyễn Trung Chính",
        VIETNAMESE,
    ]:
        assert pdf.has(phrase), phrase
    assert pdf.pages == 1


@pytest.mark.parametrize("field", ["kind", "summary"])
def test_markup_prints_as_typed(field):
    text, _tables = docx_text(decision(**{field: "A <b> & {{ x }}"}).render())
    assert ("A <B> & {{ X }}" if field == "kind" else "A <b> & {{ x }}") in text
