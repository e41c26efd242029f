"""The review forms as PDF (LibreOffice headless): the form of the member's group under the
round's rule set, the scores, the registrations' outcomes, the ranks; Times New Roman only."""

from __future__ import annotations

from lamtheo.evaluation import services
from lamtheo.evaluation.exports import member_review_docx, org_review_docx
from lamtheo.evaluation.models import MemberReview, OrgReview
from tests.evaluation.conftest import proposed
from tests.pdf import as_pdf


def test_member_form_2b_under_366(world, review_a):
    review = proposed(world, review_a, "htt")
    review = services.member_decide(by=world.office, review=review, version=None, rank="htt")
    content, filename = member_review_docx(MemberReview.objects.get(pk=review.pk))
    assert filename.startswith("kiem-diem-2025-") and filename.endswith(".docx")
    pdf = as_pdf(content, "form-2b")
    for phrase in [
        "Mẫu 2B",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "BẢN KIỂM ĐIỂM CÁ NHÂN",
        "Dùng cho cá nhân không giữ chức vụ lãnh đạo, quản lý",
        "Họ và tên: Nguyễn Văn Quang",
        "Chi bộ: Chi bộ A",
        "A. NỘI DUNG KIỂM ĐIỂM",
        "I. Ưu điểm, kết quả đạt được",
        "3. Thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu",
        "Không đăng ký việc làm theo Bác trong năm.",
        "VI. Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm",
        "B. TỰ ĐÁNH GIÁ, XẾP LOẠI",
        "Nhóm I (tiêu chí chung): 25/30 điểm",
        "Tổng: 80/100 điểm",
        "■ Hoàn thành tốt nhiệm vụ",
        "□ Hoàn thành xuất sắc nhiệm vụ",
        "Nhận xét của chi bộ: Chi bộ thống nhất.",
        "Cấp có thẩm quyền quyết định xếp loại: Hoàn thành tốt nhiệm vụ",
        "NGƯỜI TỰ KIỂM ĐIỂM",
        "Theo Quy định 366-QĐ/TW",
    ]:
        assert pdf.has(phrase), phrase
    assert "{{" not in pdf.text and "{%" not in pdf.text


def test_collective_report_mau_01_and_graded_form_under_124(world):
    evaluation_round = services.round_open(by=world.office, unit=world.committee, year=2024)
    org = OrgReview.objects.get(round=evaluation_round, unit=world.cell_a)
    pdf = as_pdf(org_review_docx(org)[0], "mau-01")
    for phrase in [
        "Mẫu 01",
        "BÁO CÁO",
        "Kiểm điểm, tự đánh giá, xếp loại chất lượng của tập thể",
        "Tổ chức: Chi bộ A",
        "Theo Quy định 124-QĐ/TW",
    ]:
        assert pdf.has(phrase), phrase
    review = MemberReview.objects.get(round=evaluation_round, person=world.person_a)
    pdf = as_pdf(member_review_docx(review)[0], "form-02a")
    assert pdf.has("Mẫu 02A") and pdf.has("Nhóm tiêu chí chung: …")
