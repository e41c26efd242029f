"""A session's minutes as PDF (LibreOffice headless): text, fonts and pages."""

from __future__ import annotations

from lamtheo.study import exports
from tests.pdf import as_pdf
from tests.study.test_exports import ORDER, conference  # noqa: F401 (fixture)


def test_minutes_pdf(world, conference):  # noqa: F811
    pdf = as_pdf(exports.minutes_docx(conference), "bien-ban")
    for phrase in [
        "ĐẢNG ỦY KHỐI DOANH NGHIỆP",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Hà Nội, ngày 19 tháng 5 năm 2025",
        "BIÊN BẢN",
        "I. THỜI GIAN, ĐỊA ĐIỂM, HÌNH THỨC",
        "- Thời gian: bắt đầu lúc 8 giờ 00 phút, ngày 19/05/2025.",
        "- Chủ trì: đồng chí Hoàng Thị Hà, Bí thư Đảng ủy.",
        "Chuyên đề năm 2025: “Học tập và làm theo Bác về tinh thần tự lực”",
        "- Ý kiến thảo luận:",
        "IV. DANH SÁCH THAM DỰ",
        "Vắng không lý do",
        "Hội nghị kết thúc lúc 11 giờ 30 phút cùng ngày.",
        "THƯ KÝ",
        "CHỦ TRÌ",
        "Hoàng Thị Hà",
        *ORDER[1:],
    ]:
        assert pdf.has(phrase), phrase
    assert '=HYPERLINK("http' in pdf.text  # as typed (it wraps in its narrow cell)
    assert pdf.pages == 2
