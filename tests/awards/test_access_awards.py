"""Every commendation URL as every role. The committee's office decides; a cell's secretary
nominates from their cell and sees the committee's rounds; the inspector reads; a member sees
their own record; the verification page answers anyone, with nothing beyond the award."""

from __future__ import annotations

import pytest

from tests.access import check, parametrize_matrix, post_refused

POST_ONLY = [302, 405, 405, 405, 405, 405, 405]
DECIDERS = [302, 404, 404, 403, 403, 200, 200]
COMMITTEE = [302, 404, 404, 404, 200, 200, 200]
ANYONE = [200] * 7

MATRIX = [
    ("award-rounds", "/awards/", [302, 403, 200, 200, 200, 200, 200]),
    ("award-round-create", "/awards/rounds/new/", [302, 403, 403, 403, 403, 200, 200]),
    ("award-round", "/awards/rounds/{round}/", [302, 200, 200, 200, 200, 200, 200]),
    ("award-nominate", "/awards/rounds/{round}/nominate/", [302, 403, 200, 200, 403, 200, 200]),
    # The name search of the nomination page, and a person chosen from it.
    (
        "award-nominate",
        "/awards/rounds/{round}/nominate/?name=Quang",
        [302, 403, 200, 200, 403, 200, 200],
    ),
    (
        "award-nominate",
        "/awards/rounds/{round}/nominate/?person={person_a}",
        [302, 403, 200, 200, 403, 200, 200],
    ),
    (
        "award-nominate",
        "/awards/rounds/{round}/nominate/?person=x",
        [302, 403] + [404] * 2 + [403, 404, 404],
    ),
    ("award-council", "/awards/rounds/{round}/council/", POST_ONLY),
    ("award-votes", "/awards/rounds/{round}/votes/", [302, 403, 403, 403, 403, 200, 200]),
    ("award-close", "/awards/rounds/{round}/close/", POST_ONLY),
    ("award-minutes", "/awards/rounds/{round}/minutes.docx", [302, 403, 403, 403, 403, 200, 200]),
    ("award-withdraw", "/awards/nominations/{nomination}/withdraw/", POST_ONLY),
    ("award-decision", "/awards/decisions/{decision}/", [302, 200, 200, 200, 200, 200, 200]),
    (
        "award-submission-docx",
        "/awards/decisions/{decision}/submission.docx",
        [302, 200, 200, 200, 200, 200, 200],
    ),
    (
        "award-decision-docx",
        "/awards/decisions/{decision}/decision.docx",
        [302, 200, 200, 200, 200, 200, 200],
    ),
    ("award-certificates", "/awards/decisions/{decision}/certificates/", POST_ONLY),
    ("award-job-progress", "/awards/certificate-jobs/{job}/", [302, 200, 200, 200, 200, 200, 200]),
    (
        "award-job-file",
        "/awards/certificate-jobs/{job}/file.pdf",
        [302, 200, 200, 200, 200, 200, 200],
    ),
    ("award-certificate", "/awards/{award_a}/certificate.pdf", [302, 200, 404, 200, 200, 200, 200]),
    ("award-certificate", "/awards/{award_b}/certificate.pdf", [302, 404, 200, 404, 200, 200, 200]),
    ("award-revoke", "/awards/{award_a}/revoke/", POST_ONLY),
    ("award-person", "/awards/people/{person_a}/", [302, 200, 404, 200, 200, 200, 200]),
    ("award-person", "/awards/people/{person_b}/", [302, 404, 200, 404, 200, 200, 200]),
    ("award-unit", "/awards/units/{cell_b}/", [302, 404, 200, 404, 200, 200, 200]),
    ("award-overview", "/awards/overview/", [302, 403, 200, 200, 200, 200, 200]),
    ("award-verify", "/xac-minh/{code}/", ANYONE),
    ("award-verify", "/xac-minh/not-a-real-code/", [404] * 7),
]

NOT_DECIDERS = {
    "anonymous": 302,
    "member": 403,
    "other_secretary": 403,
    "secretary": 403,
    "inspector": 403,
}
DECIDE = ("office", "admin")
POSTS = [
    (
        "/awards/rounds/new/",
        {
            "title": "X",
            "kind": "yearly",
            "year": "2023",
            "first_year": "2023",
            "threshold_percent": "50",
            "min_participation": "80",
            "quota_merit": "2",
        },
        NOT_DECIDERS,
        DECIDE,
    ),
    ("/awards/rounds/{round}/council/", {"members": "A – B"}, NOT_DECIDERS, DECIDE),
    ("/awards/rounds/{round}/votes/", {}, NOT_DECIDERS, DECIDE),
    ("/awards/rounds/{round}/close/", {}, NOT_DECIDERS, DECIDE),
    (
        "/awards/rounds/{round}/nominate/",
        {"form": "merit", "unit": "{cell_a}", "achievement": "x"},
        # cell A is not among cell B's secretary's units: the form refuses it, nothing written
        {"anonymous": 302, "member": 403, "inspector": 403, "other_secretary": 200},
        ("secretary", "office", "admin"),
    ),
    (
        "/awards/rounds/{round}/nominate/",
        {"form": "merit", "person_id": "{person_a}", "achievement": "x"},
        # a person of cell A chosen by cell B's secretary: refused by the form, nothing written
        {"anonymous": 302, "member": 403, "inspector": 403, "other_secretary": 200},
        ("secretary", "office", "admin"),
    ),
    (
        "/awards/nominations/{nomination}/withdraw/",
        {},
        {"anonymous": 302, "member": 403, "other_secretary": 404, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    ("/awards/decisions/{decision}/", {"step": "sign"}, NOT_DECIDERS, DECIDE),
    ("/awards/decisions/{decision}/certificates/", {}, NOT_DECIDERS, DECIDE),
    (
        "/awards/{award_a}/revoke/",
        {"revoked_on": "01/06/2023", "reason": "x"},
        {**NOT_DECIDERS, "other_secretary": 404},
        DECIDE,
    ),
]


@pytest.fixture
def ids(world, decided):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from lamtheo.awards import services
    from lamtheo.awards.models import Award, CertificateJob

    open_round = services.open_round(
        by=world.office,
        unit=world.committee,
        title="Năm 2023",
        kind="yearly",
        year=2023,
        quotas={"merit": 2},
    )
    nomination = services.nominate(
        by=world.secretary,
        round_=open_round,
        form="merit",
        person=world.person_a,
        achievement="Thành tích 2023",
    )
    # A finished job with a stand-in file: rendering is tested in test_certificates.
    job = CertificateJob.objects.create(
        decision=decided, created_by=world.office, total=2, done=2, finished_at=timezone.now()
    )
    job.file.save("giay-khen-test.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    award_a = Award.objects.get(nomination__person=world.person_a)
    award_b = Award.objects.get(nomination__unit=world.cell_b)
    return {
        "round": open_round.pk,
        "nomination": nomination.pk,
        "decision": decided.pk,
        "job": job.pk,
        "award_a": award_a.pk,
        "award_b": award_b.pk,
        "code": award_a.code,
        "person_a": world.person_a.pk,
        "person_b": world.person_b.pk,
        "cell_a": world.cell_a.pk,
        "cell_b": world.cell_b.pk,
    }


@parametrize_matrix(MATRIX)
def test_get_as_role(client, world, ids, role_index, role, name, template, expected):
    check(client, world, role_index, role, template.format(**ids), expected)


@pytest.mark.parametrize("template,data,refused,allowed", POSTS, ids=[p[0] for p in POSTS])
def test_post_refused_as_role(client, world, ids, template, data, refused, allowed):
    payload = {key: value.format(**ids) for key, value in data.items()}
    post_refused(client, world, template.format(**ids), payload, refused)
