"""The inspection's papers as DOCX in the Party layout, converted by LibreOffice and read back:
the plan, the decision of inspection, the conclusion with its findings and evidence."""

from __future__ import annotations

import pytest

from lamtheo.oversight import services
from tests.oversight.conftest import D
from tests.pdf import as_pdf

pytestmark = pytest.mark.django_db


def test_plan_notice_and_conclusion(client, login, world, plan, concluded):
    inspection, _finding = concluded
    services.issue_plan(by=world.office, plan=plan, on=D(2023, 1, 10))
    office = login(world.office)
    plan_pdf = as_pdf(office.get(f"/inspections/plans/{plan.pk}/plan.docx").content, "ke-hoach")
    for phrase in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ỦY BAN KIỂM TRA",
        "Số 01-KH/ĐUK",
        "KẾ HOẠCH",
        "Kiểm tra, giám sát năm 2023",
        "Kiểm tra việc thực hiện Kết luận 01 tại Chi bộ A",
        "T/M ỦY BAN KIỂM TRA",
    ):
        assert plan_pdf.has(phrase), phrase
    # The secretary of the subject reads the papers of the inspection of their cell.
    secretary = login(world.secretary)
    notice = as_pdf(
        secretary.get(f"/inspections/{inspection.pk}/notice.docx").content, "quyet-dinh-kiem-tra"
    )
    for phrase in (
        "Số 01-QĐ/ĐUK",
        "QUYẾT ĐỊNH",
        "Về việc kiểm tra",
        "Chi bộ A",
        "Đồng chí Trần Thị Ánh",
        "Kết luận số 01-KL/TW",
        "Căn cứ Kế hoạch số 01-KH/ĐUK",
        "22-QĐ/TW",  # the rule in force in 2023, not QĐ 296
        "Lê Văn Tâm – Trưởng đoàn",
        "CHỦ NHIỆM",
    ):
        assert notice.has(phrase), phrase
    conclusion = as_pdf(
        secretary.get(f"/inspections/{inspection.pk}/conclusion.docx").content,
        "thong-bao-ket-luan",
    )
    assert not notice.has("296-QĐ/TW")
    for phrase in (
        "Số 01-TB/ĐUK",
        "THÔNG BÁO",
        "Kết luận kiểm tra",
        "Quyết định số 01-QĐ/ĐUK",
        "Còn hạn chế trong việc duyệt đăng ký.",
        "Thiếu sót: Chi bộ chưa duyệt",
        "Số liệu trên hệ thống",
        "Thời hạn: 31/07/2023",
        "Lê Văn Tâm",
    ):
        assert conclusion.has(phrase), phrase
