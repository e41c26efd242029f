"""The registration form and the unit list as PDF (LibreOffice headless): the text is there
with its Vietnamese letters, in Times New Roman's metric twin, on the expected pages."""

from __future__ import annotations

from lamtheo.programs import exports
from tests.pdf import as_pdf
from tests.programs.test_documents import ORDER, people, registered  # noqa: F401 (fixtures)


def test_registration_form_pdf(world, year, registered):  # noqa: F811
    pdf = as_pdf(exports.registration_form_docx(registered, year, world.secretary), "form")
    for phrase in [
        "ĐẢNG BỘ KHỐI DOANH NGHIỆP",
        "CHI BỘ A",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Hà Nội, ngày 05 tháng 02 năm 2026",
        "BẢN ĐĂNG KÝ",
        "HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC, PHONG CÁCH HỒ CHÍ MINH NĂM 2026",
        "Họ và tên: Nguyễn Văn Quang",
        "Việc làm theo Bác: Viết 24 bài về gương người tốt, việc tốt",
        "Rút ngắn thời gian biên tập <số> & bài",
        "Hạn chế, khuyết điểm cần khắc phục: Còn chậm trễ trong khâu duyệt bài",
        "II. CAM KẾT",
        "XÁC NHẬN CỦA CHI BỘ",
        "T/M CHI BỘ",
        "BÍ THƯ",
        "NGƯỜI ĐĂNG KÝ",
        "(Ký, ghi rõ họ tên)",
        "Lê Văn Bình",
    ]:
        assert pdf.has(phrase), phrase
    assert "{{" not in pdf.text and "{%" not in pdf.text
    assert pdf.pages == 2


def test_unit_list_pdf(world, year, registered):  # noqa: F811
    pdf = as_pdf(exports.unit_list_docx(world.cell_a, year, world.secretary), "list")
    for phrase in [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "DANH SÁCH",
        "ĐĂNG KÝ HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC, PHONG CÁCH HỒ CHÍ MINH NĂM 2026",
        "I. ĐĂNG KÝ CỦA TẬP THỂ",
        "II. ĐĂNG KÝ CỦA CÁ NHÂN",
        "Tổng số: 5 người; đã đăng ký: 3; chưa đăng ký: 2.",
        "Nơi nhận:",
        "- Đảng bộ Khối doanh nghiệp (để báo cáo);",
        "- Lưu Chi bộ.",
        "T/M CHI BỘ",
        *ORDER,
    ]:
        assert pdf.has(phrase), phrase
    assert pdf.pages == 2
