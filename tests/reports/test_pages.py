"""The report's pages and its life: created, computed in the background (the immediate task
backend in tests), text saved as versions, issued with a register number and frozen."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from lamtheo.org.models import Person
from lamtheo.reports import services, tasks
from lamtheo.reports.document import ReviewReport
from lamtheo.reports.docx import build_templates
from lamtheo.reports.models import Report, ReportVersion
from tests.pdf import as_pdf
from tests.reports.conftest import START
from tests.study.test_rates import at, held

D = dt.date
END = D(2023, 3, 14)


@pytest.fixture
def report(world, story, decided, term):
    made = services.create(
        by=world.office, unit=world.committee, kind="interim", start=START, end=END
    )
    tasks.start_job(by=world.office, report=made)
    made.refresh_from_db()
    return made


def test_created_from_the_page_and_computed(world, story, term, login):
    client = login(world.office)
    response = client.post(
        f"/reports/new/?unit={world.committee.pk}",
        {"kind": "interim", "starts_on": "01/01/2022", "ends_on": "14/03/2023"},
    )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    assert report.figures["activity"]["sessions"] == 4
    assert report.versions.count() == 1 and "66,7%" in report.assessment
    job = report.jobs.get()
    assert job.done == job.total and job.finished_at and not job.error
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "02/03 đồng chí, đạt 66,7%" in page
    assert "Sơ kết việc học tập và làm theo" in page


def test_bad_period_on_the_page_changes_nothing(world, login):
    client = login(world.office)
    response = client.post(
        f"/reports/new/?unit={world.committee.pk}",
        {"kind": "interim", "starts_on": "14/03/2023", "ends_on": "01/01/2022"},
    )
    assert response.status_code == 200
    assert "Kỳ báo cáo kết thúc (01/01/2022) trước khi bắt đầu (14/03/2023)." in (
        response.content.decode()
    )
    assert not Report.objects.exists()


def test_text_saved_as_versions_then_issued_and_frozen(world, report, login):
    client = login(world.office)
    response = client.post(
        f"/reports/{report.pk}/",
        {
            "version": report.version,
            "assessment": "Đánh giá đã sửa.",
            "shortcomings": "Hạn chế.",
            "directions": "Phương hướng.",
        },
    )
    assert response.status_code == 302
    assert list(report.versions.values_list("number", flat=True)) == [2, 1]
    report.refresh_from_db()
    response = client.post(
        f"/reports/{report.pk}/issue/",
        {
            "version": report.version,
            "issued_on": "15/03/2023",
            "signer_name": "Vũ Mạnh Chiến",
            "signer_title": "Bí thư",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_issued and report.document.symbol == "01-BC/ĐUK"
    assert report.frozen["assessment"] == "Đánh giá đã sửa."
    assert report.pdf and report.docx  # rendered by the task
    frozen = report.frozen
    # A later change to the period's data: the issued report stays, the page says so.
    held(world.cell_a, at(2022, 11, 2), {story_quiet(world): "present"})
    client.post(f"/reports/{report.pk}/compute/")
    report.refresh_from_db()
    assert report.frozen == frozen
    assert report.figures != frozen["figures"]
    assert services.changed_since_issue(report)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'id="changed-notice"' in page and "02/03 đồng chí, đạt 66,7%" in page
    with pytest.raises(ValidationError):
        services.save_text(
            by=world.office,
            report=report,
            version=report.version,
            assessment="x",
            shortcomings="y",
            directions="z",
        )
    assert ReportVersion.objects.filter(report=report).count() == 2


def story_quiet(world):
    return Person.objects.get(full_name="Lê Văn Lặng")


def test_issue_refuses_a_day_before_the_end_and_changes_nothing(world, report):
    with pytest.raises(ValidationError) as refused:
        services.issue(
            by=world.office,
            report=report,
            version=report.version,
            on=D(2023, 3, 1),
            signer_name="A",
            signer_title="Bí thư",
        )
    assert "trước khi kết thúc kỳ báo cáo" in " ".join(refused.value.messages)
    report.refresh_from_db()
    assert not report.is_issued and report.document is None


def test_detail_page_runs_a_fixed_number_of_queries(
    world, report, login, django_assert_num_queries
):
    client = login(world.office)
    client.get(f"/reports/{report.pk}/")  # warm the session
    with django_assert_num_queries(9):
        client.get(f"/reports/{report.pk}/")


def test_docx_as_pdf(world, report):
    content = ReviewReport(report).render()
    pdf = as_pdf(content, "bao-cao-so-ket")
    for phrase in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "BÁO CÁO",
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "02/03 đồng chí, đạt 66,7%",
        "II. HẠN CHẾ, NGUYÊN NHÂN",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ",
        "PHỤ LỤC",
        "Chi bộ B",
        "Nơi nhận:",
    ):
        assert pdf.has(phrase), phrase
    assert 2 <= pdf.pages <= 5


def test_committed_template_is_what_the_script_builds():
    committed = zipfile.ZipFile(build_templates.HERE / build_templates.REPORT)
    fresh = zipfile.ZipFile(io.BytesIO(build_templates.build(build_templates.REPORT)))
    for part in ("word/document.xml", "word/styles.xml", "docProps/core.xml"):
        assert committed.read(part) == fresh.read(part), (
            f"{part} differs: run lamtheo/reports/docx/build_templates.py"
        )
