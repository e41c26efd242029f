"""The printed side: certificates as PDF (text read back with pdftotext, fonts embedded,
A4 landscape), all of a decision in the background with progress, the DOCX papers converted
by LibreOffice and read, the public verification page and what it does not show."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from docx import Document

from lamtheo.awards import services
from lamtheo.awards.docx import build_templates
from lamtheo.awards.models import Award, CertificateJob
from tests.awards.conftest import D
from tests.pdf import PARTY_FONTS, as_pdf, read_pdf

pytestmark = pytest.mark.django_db


def page_size(content: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.pdf"
        path.write_bytes(content)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return next(line for line in info.splitlines() if line.startswith("Page size"))


def test_one_certificate(client, login, world, decided):
    award = Award.objects.get(nomination__person=world.person_a)
    response = login(world.office).get(f"/awards/{award.pk}/certificate.pdf")
    pdf = read_pdf(response.content)
    assert pdf.pages == 1
    for phrase in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "TẶNG GIẤY KHEN",
        "Nguyễn Văn Quang",
        "Chi bộ A",
        "Quyết định số 01-QĐ/ĐUK, ngày 14/03/2023",
        "Đống Đa, ngày 14 tháng 3 năm 2023",
        "T/M BAN THƯỜNG VỤ",
        "Nguyễn Văn Bí",
        # The committee awards, not the đảng bộ: "BAN THƯỜNG VỤ ĐẢNG ỦY …".
        "BAN THƯỜNG VỤ ĐẢNG ỦY",
    ):
        assert pdf.has(phrase), phrase
    assert not pdf.has("BAN THƯỜNG VỤ ĐẢNG BỘ")
    assert f"/xac-minh/{award.code}/" in pdf.text.replace(" ", "")
    assert pdf.fonts and all(embedded for _name, embedded in pdf.fonts)
    assert all(name.replace("-", "").startswith(PARTY_FONTS) for name, _e in pdf.fonts)
    width, height = (float(x) for x in page_size(response.content).split()[2:5:2])
    assert width > height and round(width) == 842  # A4 landscape, in points


def test_all_certificates_in_the_background(client, login, world, decided):
    office = login(world.office)
    office.post(f"/awards/decisions/{decided.pk}/certificates/")
    job = CertificateJob.objects.get()
    assert (job.done, job.total) == (2, 2) and job.finished_at and not job.error
    progress = office.get(f"/awards/certificate-jobs/{job.pk}/")
    assert progress["HX-Refresh"] == "true"
    pdf = read_pdf(office.get(f"/awards/certificate-jobs/{job.pk}/file.pdf").content)
    assert pdf.pages == 2
    assert pdf.has("Chi bộ B") and pdf.has("Nguyễn Văn Quang")
    page = office.get(f"/awards/decisions/{decided.pk}/")
    assert "file.pdf" in page.text


def test_verification_page(client, world, decided):
    award = Award.objects.get(nomination__person=world.person_a)
    page = client.get(f"/xac-minh/{award.code}/")
    assert page.status_code == 200
    text = page.text
    assert "Nguyễn Văn Quang" in text and "01-QĐ/ĐUK" in text and "có hiệu lực" in text
    assert "Đảng ủy Khối doanh nghiệp" in text  # the committee awards, not the đảng bộ
    # Nothing else about the person: no unit, no achievement, no birth date, no codes.
    person = world.person_a
    assert "Chi bộ A" not in text and "Hoàn thành xuất sắc nhiệm vụ 2022" not in text
    assert f"{person.birth_date:%d/%m/%Y}" not in text if person.birth_date else True
    assert "/people/" not in text and "/awards/" not in text
    services.revoke(by=world.office, award=award, on=D(2023, 6, 1), reason="Sai thành tích")
    text = client.get(f"/xac-minh/{award.code}/").text
    assert "Đã thu hồi" in text and "01/06/2023" in text and "Sai thành tích" not in text
    assert client.get(f"/xac-minh/{award.code[:-1]}x/").status_code == 404


def test_verification_page_queries(client, world, decided, django_assert_num_queries):
    award = Award.objects.first()
    with django_assert_num_queries(1):
        client.get(f"/xac-minh/{award.code}/")


def test_decision_and_submission_docx(client, login, world, decided):
    office = login(world.office)
    decision = as_pdf(
        office.get(f"/awards/decisions/{decided.pk}/decision.docx").content, "quyet-dinh"
    )
    for phrase in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 01-QĐ/ĐUK",
        "QUYẾT ĐỊNH",
        "Xét Tờ trình số 01-TTr/ĐUK",
        "BAN THƯỜNG VỤ ĐẢNG ỦY KHỐI DOANH NGHIỆP",
        "Điều 1. Khen thưởng 1 tập thể và 1 cá nhân",
        "T/M BAN THƯỜNG VỤ",
        "Nguyễn Văn Bí",
        "DANH SÁCH KHEN THƯỞNG",
        "(Kèm theo Quyết định số 01-QĐ/ĐUK ngày 14/03/2023)",
        "I. TẬP THỂ (1)",
        "II. CÁ NHÂN (1)",
        "Đồng chí Nguyễn Văn Quang",
    ):
        assert decision.has(phrase), phrase
    assert decision.pages == 2  # the annex on a page of its own
    # The annex is a real table: a header row, then one row per collective and per person.
    docx = Document(io.BytesIO(office.get(f"/awards/decisions/{decided.pk}/decision.docx").content))
    rows = [
        [cell.text for cell in row.cells]
        for table in docx.tables
        for row in table.rows
        if row.cells[0].text in ("STT", "1")
    ]
    assert ["STT", "Tập thể, cá nhân", "Đơn vị", "Hình thức khen thưởng"] in rows
    assert ["1", "Chi bộ B", "", "Tổ chức cơ sở đảng trong sạch, vững mạnh tiêu biểu"] in rows
    assert ["1", "Đồng chí Nguyễn Văn Quang", "Chi bộ A", "Giấy khen"] in rows
    submission = as_pdf(
        office.get(f"/awards/decisions/{decided.pk}/submission.docx").content, "to-trinh"
    )
    assert submission.has("Số 01-TTr/ĐUK") and submission.has("TỜ TRÌNH")
    minutes = as_pdf(
        office.get(f"/awards/rounds/{decided.round_id}/minutes.docx").content, "bien-ban"
    )
    assert minutes.has("BIÊN BẢN") and minutes.has("đồng ý 2/3")
    assert minutes.has("Nguyễn Văn Hội")


@pytest.mark.parametrize("nominations", [1, 6])
def test_round_page_queries_do_not_grow(
    client, login, world, round_, nominations, django_assert_max_num_queries
):
    from tests.factories import PersonFactory

    for i in range(nominations):
        person = PersonFactory(unit=world.cell_a, code=f"P{i}")
        services.nominate(
            by=world.office, round_=round_, form="merit", person=person, achievement="x"
        )
    office = login(world.office)
    with django_assert_max_num_queries(24):
        page = office.get(f"/awards/rounds/{round_.pk}/")
    assert page.status_code == 200
    with django_assert_max_num_queries(14):
        assert office.get("/awards/overview/").status_code == 200


def test_pages_through_forms(client, login, world, term):
    office = login(world.office)
    response = office.post(
        "/awards/rounds/new/",
        {
            "title": "Khen thưởng 2023",
            "kind": "yearly",
            "first_year": "2023",
            "year": "2023",
            "threshold_percent": "50",
            "min_participation": "80",
            "quota_merit": "2",
        },
    )
    assert response.status_code == 302
    round_id = int(response["Location"].rstrip("/").split("/")[-1])
    bad = office.post(
        "/awards/rounds/new/", {"title": "", "kind": "yearly", "first_year": "2024", "year": "2023"}
    )
    assert bad.status_code == 200 and "không được sau" in bad.text
    secretary = login(world.secretary)
    refused = secretary.post(
        f"/awards/rounds/{round_id}/nominate/",
        {"form": "merit", "person_code": "nope", "achievement": "x"},
    )
    assert "Không có đảng viên" in refused.text
    world.person_a.code = "QA1"
    world.person_a.save()
    done = secretary.post(
        f"/awards/rounds/{round_id}/nominate/",
        {"form": "merit", "person_code": "QA1", "achievement": "Tốt"},
    )
    assert done.status_code == 302
    office = login(world.office)
    office.post(f"/awards/rounds/{round_id}/council/", {"members": "A – Chủ tịch\nB\nC"})
    page = office.get(f"/awards/rounds/{round_id}/votes/")
    names = list(page.context["rows"][0][1])
    nomination = page.context["rows"][0][0]
    data = {f"v_{nomination.pk}_{m.pk}": "1" for m, _v in names}
    office.post(f"/awards/rounds/{round_id}/votes/", data)
    office.post(f"/awards/rounds/{round_id}/close/")
    nomination.refresh_from_db()
    assert nomination.status == "approved" and nomination.votes_for == 3


def test_committed_decision_template_is_what_the_script_builds():
    import zipfile

    name = build_templates.DECISION
    committed = zipfile.ZipFile(Path(build_templates.HERE) / name)
    fresh = zipfile.ZipFile(io.BytesIO(build_templates.build(name)))
    for part in ("word/document.xml", "word/styles.xml"):
        assert committed.read(part) == fresh.read(part), (
            f"{part} differs: run python -m lamtheo.awards.docx.build_templates"
        )
