"""The replication pages as every role: 404 outside the scope, 403 inside it but not allowed,
405 for POST-only buttons. Same format as tests/accounts/test_access_matrix.py, whose
completeness test collects MATRIX from here.

`source` is cell B's published exemplar, adopted (and taken up) by cell A: `adoption_a`.
`draft_a` is cell A's exemplar, not published (seen from inside only).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lamtheo.exemplars.models import Adoption, Evidence, Exemplar
from lamtheo.exemplars.services import adoptions as services
from tests.access import check, parametrize_matrix, post_refused

EVERYONE_SIGNED_IN = [302, 200, 200, 200, 200, 200, 200]
INSIDE_CELL_A = [302, 404, 404, 200, 200, 200, 200]
CELL_A_RECORDS = [302, 403, 403, 200, 403, 200, 200]
LEVEL_ABOVE = [302, 403, 403, 403, 403, 200, 200]
POST_ONLY = [302, 405, 405, 405, 405, 405, 405]

MATRIX = [
    # (url name, path template, expected statuses in ROLES order)
    ("adoption-create", "/exemplars/{source}/adopt/", [302, 403, 200, 200, 403, 200, 200]),
    (
        "adoption-create",
        "/exemplars/{source}/adopt/?unit={cell_a}",
        [302, 403, 404, 200, 403, 200, 200],
    ),
    ("adoption-create", "/exemplars/{draft_a}/adopt/", [302, 404, 404, 200, 403, 200, 200]),
    ("exemplar-replication", "/exemplars/{source}/replication/", EVERYONE_SIGNED_IN),
    ("exemplar-replication", "/exemplars/{draft_a}/replication/", INSIDE_CELL_A),
    ("exemplar-spread-tree", "/exemplars/{source}/replication/tree/", EVERYONE_SIGNED_IN),
    (
        "exemplar-spread-tree",
        "/exemplars/{source}/replication/tree/?unit={committee}",
        [302, 404, 404, 404, 200, 200, 200],
    ),
    ("exemplar-spread-tree", "/exemplars/{draft_a}/replication/tree/", INSIDE_CELL_A),
    ("adoption", "/exemplars/adoptions/{adoption_a}/", EVERYONE_SIGNED_IN),
    ("adoption-edit", "/exemplars/adoptions/{adoption_a}/edit/", CELL_A_RECORDS),
    ("adoption-move", "/exemplars/adoptions/{adoption_a}/move/", CELL_A_RECORDS),
    ("adoption-results", "/exemplars/adoptions/{adoption_a}/results/", CELL_A_RECORDS),
    ("adoption-verify", "/exemplars/adoptions/{adoption_a}/verify/", LEVEL_ABOVE),
    ("adoption-evidence", "/exemplars/adoptions/{adoption_a}/evidence/", POST_ONLY),
    (
        "unit-replication",
        "/exemplars/units/{cell_a}/replication/",
        [302, 200, 404, 200, 200, 200, 200],
    ),
    (
        "unit-replication",
        "/exemplars/units/{committee}/replication/",
        [302, 404, 404, 404, 200, 200, 200],
    ),
    (
        "replication-overview-default",
        "/exemplars/overview/",
        [302, 403, 302, 302, 302, 302, 302],
    ),
    (
        "replication-overview",
        "/exemplars/overview/{committee}/",
        [302, 404, 404, 404, 200, 200, 200],
    ),
    ("replication-overview", "/exemplars/overview/{cell_a}/", [302, 403, 404, 200, 200, 200, 200]),
]


def _exemplar(unit, title, status):
    return Exemplar.objects.create(
        kind="model",
        title=title,
        unit=unit,
        subject_unit=unit,
        field="social",
        actions="…",
        status=status,
        published_at=timezone.now() - dt.timedelta(days=60) if status == "published" else None,
    )


@pytest.fixture
def ids(world):
    source = _exemplar(world.cell_b, "Dân vận khéo", "published")
    draft_a = _exemplar(world.cell_a, "Nháp của chi bộ A", "draft")
    adoption = services.adoption_create(
        by=world.secretary,
        exemplar=source,
        unit=world.cell_a,
        started_on=timezone.localdate() - dt.timedelta(days=30),
    )
    services.adoption_move(by=world.secretary, adoption=adoption, status="adopted", version=1)
    return {
        "committee": world.committee.pk,
        "cell_a": world.cell_a.pk,
        "source": source.pk,
        "draft_a": draft_a.pk,
        "adoption_a": adoption.pk,
    }


@parametrize_matrix(MATRIX)
def test_get_as_role(client, world, ids, role_index, role, name, template, expected):
    check(client, world, role_index, role, template.format(**ids), expected)


PDF = b"%PDF-1.4\n%%EOF\n"
# What a POST answers for those who may not press the button; nothing changes.
POSTS = [
    (
        "/exemplars/{source}/adopt/?unit={cell_a}",
        {"started_on": "01/03/2026"},
        {"anonymous": 302, "member": 403, "other_secretary": 404, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/exemplars/adoptions/{adoption_a}/edit/",
        {"started_on": "01/03/2026", "adaptation": "Đổi"},
        {"anonymous": 302, "member": 403, "other_secretary": 403, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/exemplars/adoptions/{adoption_a}/move/",
        {"status": "sustained"},
        {"anonymous": 302, "member": 403, "other_secretary": 403, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/exemplars/adoptions/{adoption_a}/results/",
        {"indicator": "Hộ", "result": "5"},
        {"anonymous": 302, "member": 403, "other_secretary": 403, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/exemplars/adoptions/{adoption_a}/verify/",
        {"decision": "verify"},
        {
            "anonymous": 302,
            "member": 403,
            "other_secretary": 403,
            "secretary": 403,
            "inspector": 403,
        },
        ("office", "admin"),
    ),
    (
        "/exemplars/adoptions/{adoption_a}/evidence/",
        {"file": "pdf"},
        {"anonymous": 302, "member": 403, "other_secretary": 403, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
]


@pytest.mark.parametrize("template,data,refused,allowed", POSTS, ids=[p[0] for p in POSTS])
def test_post_refused_as_role(client, world, ids, template, data, refused, allowed):
    def payload():
        return {
            key: SimpleUploadedFile("x.pdf", PDF) if value == "pdf" else value.format(**ids)
            for key, value in data.items()
        }

    post_refused(client, world, template.format(**ids), payload, refused)


def test_the_buttons_work_for_those_allowed(client, world, ids, login):
    url = "/exemplars/adoptions/{adoption_a}/".format(**ids)
    secretary = login(world.secretary)
    response = secretary.post(
        url + "results/",
        {"indicator": "Hộ được giúp", "baseline": "3", "result": "9", "version": "2"},
    )
    assert response.status_code == 302
    response = secretary.post(url + "evidence/", {"file": SimpleUploadedFile("bb.pdf", PDF)})
    assert (
        response.status_code == 302
        and Evidence.objects.filter(adoption_id=ids["adoption_a"]).exists()
    )
    # A stale version keeps the form with the message.
    response = secretary.post(url + "move/", {"status": "sustained", "version": "1"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    response = secretary.post(url + "move/", {"status": "sustained", "version": "3"})
    assert response.status_code == 302
    office = login(world.office)
    response = office.post(url + "verify/", {"decision": "verify", "note": "Đúng", "version": "4"})
    assert response.status_code == 302
    adoption = Adoption.objects.get(pk=ids["adoption_a"])
    assert (adoption.status, adoption.verified_by) == ("sustained", world.office)
    page = office.get(url).content.decode()
    assert "Đúng" in page


def test_the_proposing_cell_does_not_read_the_adopters_private_evidence(client, world, ids, login):
    """docs/decisions.md: an adoption's documents and private photos stay with the adopting
    unit and those above it; the proposing cell (B) gets 404 as for anything out of scope."""
    url = "/exemplars/adoptions/{adoption_a}/evidence/".format(**ids)
    response = login(world.secretary).post(url, {"file": SimpleUploadedFile("bb.pdf", PDF)})
    assert response.status_code == 302
    evidence = Evidence.objects.get(adoption_id=ids["adoption_a"])
    assert evidence.kind == "document" and not evidence.public
    file_url = f"/exemplars/evidence/{evidence.pk}/"
    expected = {"other_secretary": 404, "secretary": 200, "office": 200, "admin": 200}
    for role, status in expected.items():
        assert login(getattr(world, role)).get(file_url).status_code == status, role
    assert not Evidence.objects.visible_to(world.other_secretary).filter(pk=evidence.pk).exists()


def test_adopting_from_the_form(client, world, ids, login):
    response = login(world.other_secretary).get("/exemplars/{draft_a}/adopt/".format(**ids))
    assert response.status_code == 404
    office = login(world.office)
    url = "/exemplars/{source}/adopt/?unit={committee}".format(**ids)
    response = office.post(url, {"started_on": "01/03/2026", "adaptation": "Toàn đảng bộ"})
    assert response.status_code == 302
    assert Adoption.objects.filter(unit=world.committee).exists()
    # Twice: the page says it exists and offers to open it.
    response = office.get(url)
    assert response.context["existing"] is not None
