"""The exemplar pages and the public gallery as every role: 404 outside the scope, 403 inside
it but not allowed, 405 for the buttons (POST only); the gallery and public photos answer
everyone, signed in or not. Same format as tests/accounts/test_access_matrix.py, whose
completeness test collects MATRIX from here.

`draft_a` is cell A's draft; `proposed_a` waits for the committee; `published` is cell A's,
published, with a public photo (`photo`) and a document (`document`); `draft_photo` is a
photo marked public of the draft (still private: the exemplar is not published).
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lamtheo.exemplars.services.evidence import evidence_add
from lamtheo.exemplars.services.exemplars import exemplar_propose
from tests.access import check, parametrize_matrix, post_refused
from tests.exemplars.test_exemplar_services import make_published, new_model

EVERYONE = [200] * 7
EVERYONE_SIGNED_IN = [302, 200, 200, 200, 200, 200, 200]
INSIDE_CELL_A = [302, 404, 404, 200, 200, 200, 200]
EDITORS_OF_CELL_A = [302, 404, 404, 200, 403, 200, 200]
REVIEWERS = [302, 403, 200, 200, 403, 200, 200]
POST_ONLY = [302, 405, 405, 405, 405, 405, 405]

MATRIX = [
    # (url name, path template, expected statuses in ROLES order)
    ("exemplars", "/exemplars/", EVERYONE_SIGNED_IN),
    (
        "exemplars",
        "/exemplars/?unit={cell_a}&status=draft&kind=model&q=mo",
        [302, 200, 404, 200, 200, 200, 200],
    ),
    ("exemplars", "/exemplars/?unit={committee}", [302, 404, 404, 404, 200, 200, 200]),
    ("exemplar-create", "/exemplars/new/?unit={cell_a}", [302, 403, 404, 200, 403, 200, 200]),
    ("exemplar-create", "/exemplars/new/", [302, 403, 200, 200, 403, 200, 200]),
    (
        "exemplar-create",
        "/exemplars/new/?unit={cell_b}&adapted_from={published}",
        [302, 404, 200, 404, 403, 200, 200],
    ),
    (
        "exemplar-create",
        "/exemplars/new/?unit={cell_b}&adapted_from={draft_a}",
        [302, 404, 404, 404, 403, 200, 200],
    ),
    ("exemplar-review-queue", "/exemplars/review/", REVIEWERS),
    ("exemplar", "/exemplars/{draft_a}/", INSIDE_CELL_A),
    ("exemplar", "/exemplars/{proposed_a}/", INSIDE_CELL_A),
    ("exemplar", "/exemplars/{published}/", EVERYONE_SIGNED_IN),
    ("exemplar-edit", "/exemplars/{draft_a}/edit/", EDITORS_OF_CELL_A),
    # Published: not editable any more; those who may propose are sent back to its page.
    ("exemplar-edit", "/exemplars/{published}/edit/", [302, 403, 403, 302, 403, 302, 302]),
    ("exemplar-propose", "/exemplars/{draft_a}/propose/", POST_ONLY),
    ("exemplar-recognise", "/exemplars/{proposed_a}/recognise/", POST_ONLY),
    ("exemplar-return", "/exemplars/{proposed_a}/return/", POST_ONLY),
    ("exemplar-reject", "/exemplars/{proposed_a}/reject/", POST_ONLY),
    ("exemplar-publish", "/exemplars/{published}/publish/", POST_ONLY),
    ("exemplar-withdraw", "/exemplars/{published}/withdraw/", POST_ONLY),
    ("exemplar-evidence-add", "/exemplars/{draft_a}/evidence/", POST_ONLY),
    ("evidence-remove", "/exemplars/evidence/{document}/remove/", POST_ONLY),
    ("evidence-file", "/exemplars/evidence/{photo}/", EVERYONE),
    ("evidence-file", "/exemplars/evidence/{document}/", INSIDE_CELL_A),
    ("evidence-file", "/exemplars/evidence/{draft_photo}/", INSIDE_CELL_A),
    ("evidence-thumbnail", "/exemplars/evidence/{photo}/thumbnail/", EVERYONE),
    ("evidence-thumbnail", "/exemplars/evidence/{draft_photo}/thumbnail/", INSIDE_CELL_A),
    # A document has no thumbnail.
    (
        "evidence-thumbnail",
        "/exemplars/evidence/{document}/thumbnail/",
        [302, 404, 404, 404, 404, 404, 404],
    ),
    ("gallery", "/dien-hinh/", EVERYONE),
    ("gallery", "/dien-hinh/?q=mo+hinh&kind=model&field=social&unit={cell_a}&page=2", EVERYONE),
    ("gallery", "/dien-hinh/?unit={cell_b}", [404] * 7),
    ("gallery-exemplar", "/dien-hinh/{published}/", [301] * 7),
    ("gallery-exemplar", "/dien-hinh/{published}/mo-hinh-moi-tuan-mot-viec-tot/", EVERYONE),
    ("gallery-exemplar", "/dien-hinh/{draft_a}/", [404] * 7),
    ("gallery-exemplar", "/dien-hinh/{proposed_a}/x/", [404] * 7),
]


def _photo():
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 10, 10)).save(out, "PNG")
    return SimpleUploadedFile("anh.png", out.getvalue(), "image/png")


@pytest.fixture
def ids(world):
    draft_a = new_model(world, title="Bản nháp chi bộ A")
    proposed_a = new_model(world, title="Đề xuất chi bộ A")
    proposed_a = exemplar_propose(by=world.secretary, exemplar=proposed_a, version=1)
    published = make_published(world)
    photo = evidence_add(by=world.secretary, exemplar=published, upload=_photo(), public=True)
    document = evidence_add(
        by=world.secretary,
        exemplar=published,
        upload=SimpleUploadedFile("bb.pdf", b"%PDF-1.7\n%%EOF", "application/pdf"),
    )
    draft_photo = evidence_add(by=world.secretary, exemplar=draft_a, upload=_photo(), public=True)
    return {
        "committee": world.committee.pk,
        "cell_a": world.cell_a.pk,
        "cell_b": world.cell_b.pk,
        "draft_a": draft_a.pk,
        "proposed_a": proposed_a.pk,
        "published": published.pk,
        "photo": photo.pk,
        "document": document.pk,
        "draft_photo": draft_photo.pk,
    }


@parametrize_matrix(MATRIX)
def test_get_as_role(client, world, ids, role_index, role, name, template, expected):
    response = check(client, world, role_index, role, template.format(**ids), expected)
    if response.streaming:
        b"".join(response.streaming_content)  # the test client closes the file at the end


# What a POST answers for those who may not press the button; nothing changes.
POSTS = [
    (
        "/exemplars/{draft_a}/propose/",
        {"version": "1"},
        {"anonymous": 302, "member": 404, "other_secretary": 404, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/exemplars/{draft_a}/edit/",
        {"title": "Đổi tên", "version": "1"},
        {"anonymous": 302, "member": 404, "other_secretary": 404, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/exemplars/{proposed_a}/recognise/",
        {"recognise-version": "2", "recognise-on": "01/01/2026"},
        {
            "anonymous": 302,
            "member": 404,
            "other_secretary": 404,
            "secretary": 403,
            "inspector": 403,
        },
        ("office", "admin"),
    ),
    (
        "/exemplars/{proposed_a}/return/",
        {"return-version": "2", "return-reason": "Không"},
        {
            "anonymous": 302,
            "member": 404,
            "other_secretary": 404,
            "secretary": 403,
            "inspector": 403,
        },
        ("office", "admin"),
    ),
    (
        "/exemplars/{proposed_a}/reject/",
        {"reject-version": "2", "reject-reason": "Không"},
        {
            "anonymous": 302,
            "member": 404,
            "other_secretary": 404,
            "secretary": 403,
            "inspector": 403,
        },
        ("office", "admin"),
    ),
    (
        "/exemplars/{published}/withdraw/",
        {"withdraw-version": "4", "withdraw-reason": "Không"},
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
        "/exemplars/{draft_a}/evidence/",
        {"file": "photo"},
        {"anonymous": 302, "member": 404, "other_secretary": 404, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/exemplars/evidence/{document}/remove/",
        {},
        {"anonymous": 302, "member": 404, "other_secretary": 404, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/exemplars/new/?unit={cell_a}",
        {"kind": "model", "title": "Mô hình mới", "field": "social", "actions": "Làm"},
        {"anonymous": 302, "member": 403, "other_secretary": 404, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/exemplars/{published}/publish/",
        {"publish-version": "4"},
        {
            "anonymous": 302,
            "member": 403,
            "other_secretary": 403,
            "secretary": 403,
            "inspector": 403,
        },
        ("office", "admin"),
    ),
]


@pytest.mark.parametrize("template,data,refused,allowed", POSTS, ids=[p[0] for p in POSTS])
def test_post_refused_as_role(client, world, ids, template, data, refused, allowed):
    def payload():
        return {k: _photo() if v == "photo" else v.format(**ids) for k, v in data.items()}

    post_refused(client, world, template.format(**ids), payload, refused)
