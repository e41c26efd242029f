"""Every review-report URL as every role: the committee's office writes and issues; the
inspector and the administrator read; a cell's secretary and a member see no committee
report (404), and may not open the new-report page (403)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from lamtheo.reports.models import Report, ReportJob
from tests.access import check, parametrize_matrix, post_refused

POST_ONLY = [302, 405, 405, 405, 405, 405, 405]
READERS = [302, 404, 404, 404, 200, 200, 200]

MATRIX = [
    ("report-list", "/reports/", [302, 200, 200, 200, 200, 200, 200]),
    ("report-create", "/reports/new/?unit={committee}", [302, 404, 404, 404, 403, 200, 200]),
    ("report-detail", "/reports/{report}/", READERS),
    ("report-compute", "/reports/{report}/compute/", POST_ONLY),
    ("report-issue", "/reports/{report}/issue/", POST_ONLY),
    ("report-docx", "/reports/{report}/report.docx", READERS),
    ("report-pdf", "/reports/{report}/report.pdf", READERS),
    ("report-job", "/reports/jobs/{job}/", READERS),
]

NOT_WRITERS = {
    "anonymous": 302,
    "member": 404,
    "other_secretary": 404,
    "secretary": 404,
    "inspector": 403,
}
WRITERS = ("office", "admin")
TEXT = {"version": "1", "assessment": "a", "shortcomings": "b", "directions": "c"}
POSTS = [
    (
        "/reports/new/?unit={committee}",
        {"kind": "interim", "starts_on": "01/01/2022", "ends_on": "31/12/2022"},
        NOT_WRITERS,
        WRITERS,
    ),
    ("/reports/{report}/", TEXT, NOT_WRITERS, WRITERS),
    ("/reports/{report}/compute/", {}, NOT_WRITERS, WRITERS),
    (
        "/reports/{report}/issue/",
        {"version": "1", "issued_on": "02/01/2023", "signer_name": "A", "signer_title": "B"},
        NOT_WRITERS,
        WRITERS,
    ),
]


@pytest.fixture
def ids(world):
    report = Report.objects.create(
        unit=world.committee,
        kind="interim",
        summary="Sơ kết",
        starts_on=dt.date(2022, 1, 1),
        ends_on=dt.date(2022, 12, 31),
        status="issued",
    )
    # A stand-in file: rendering is tested in test_pages.
    report.pdf.save("bao-cao.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    report.docx.save("bao-cao.docx", ContentFile(b"PK"), save=False)
    Report.objects.filter(pk=report.pk).update(pdf=report.pdf.name, docx=report.docx.name)
    job = ReportJob.objects.create(report=report, total=7, done=7, finished_at=timezone.now())
    return {"committee": world.committee.pk, "report": report.pk, "job": job.pk}


@parametrize_matrix(MATRIX)
def test_get_as_role(client, world, ids, role_index, role, name, template, expected):
    check(client, world, role_index, role, template.format(**ids), expected)


@pytest.mark.parametrize("template,data,refused,allowed", POSTS, ids=[p[0] for p in POSTS])
def test_post_refused_as_role(client, world, ids, template, data, refused, allowed):
    post_refused(client, world, template.format(**ids), data, refused)
