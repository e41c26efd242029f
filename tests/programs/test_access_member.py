"""The member's registration pages as every role: 404 outside the scope, 403 inside it but not
allowed, 405 for the buttons (POST only). Same format as tests/accounts/test_access_matrix.py,
whose completeness test collects MATRIX from here.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheo.programs import services
from tests.access import check, parametrize_matrix, post_refused
from tests.factories import png_bytes

VISIBLE_IN_CELL_A = [302, 200, 404, 200, 200, 200, 200]
# The owner and the reviewers over cell A; the inspector reads but may not act.
OWNER_OR_REVIEWERS = [302, 200, 404, 200, 403, 200, 200]
# Registering someone else (or a unit): only reviewers whose scope holds them.
REVIEWERS_OF_CELL_A = [302, 404, 404, 200, 404, 200, 200]
POST_ONLY = [302, 405, 405, 405, 405, 405, 405]

MATRIX = [
    # (url name, path template, expected statuses in ROLES order)
    ("my-registration", "/registrations/", [302, 200, 200, 200, 200, 200, 200]),
    # Oneself: only an account linked to a person has someone to register.
    ("commitment-create", "/registrations/new/?year={year}", [302, 200, 403, 403, 403, 403, 403]),
    (
        "commitment-create",
        "/registrations/new/?year={year}&person={person_a}",
        REVIEWERS_OF_CELL_A,
    ),
    ("commitment-create", "/registrations/new/?year={year}&unit={cell_a}", REVIEWERS_OF_CELL_A),
    ("commitment-copy", "/registrations/copy/{submitted}/?year={year}", POST_ONLY),
    ("commitment", "/registrations/{submitted}/", VISIBLE_IN_CELL_A),
    ("commitment-edit", "/registrations/{submitted}/edit/", OWNER_OR_REVIEWERS),
    ("commitment-submit", "/registrations/{submitted}/submit/", POST_ONLY),
    ("commitment-withdraw", "/registrations/{submitted}/withdraw/", POST_ONLY),
    ("commitment-progress", "/registrations/{approved}/progress/", POST_ONLY),
    ("commitment-self-assess", "/registrations/{approved}/self-assess/", OWNER_OR_REVIEWERS),
    ("evidence", "/registrations/evidence/{evidence}/", VISIBLE_IN_CELL_A),
]

# What a POST of each button answers for those who may not press it (nothing changes).
POST_REFUSED = {"anonymous": 302, "other_secretary": 404, "inspector": 403}
# The owner and the reviewers over cell A.
ACTORS = ("member", "secretary", "office", "admin")
POSTS = [
    (
        "/registrations/{submitted}/submit/",
        {"version": "{submitted_version}"},
        POST_REFUSED,
        ACTORS,
    ),
    (
        "/registrations/{submitted}/withdraw/",
        {"version": "{submitted_version}"},
        POST_REFUSED,
        ACTORS,
    ),
    (
        "/registrations/{submitted}/edit/",
        {"version": "{submitted_version}", "action": "x"},
        POST_REFUSED,
        ACTORS,
    ),
    ("/registrations/{approved}/progress/", {"text": "Tiến độ"}, POST_REFUSED, ACTORS),
    (
        "/registrations/{approved}/self-assess/",
        {"version": "{approved_version}", "text": "x", "proposed_outcome": "met"},
        POST_REFUSED,
        ACTORS,
    ),
    ("/registrations/copy/{submitted}/?year={year}", {}, POST_REFUSED, ACTORS),
    (
        "/registrations/new/?year={year}&person={person_a}",
        {"content_area": "ethics", "action": "Giữ gìn", "expected_result": "Không vi phạm"},
        {"anonymous": 302, "member": 404, "other_secretary": 404, "inspector": 404},
        ("secretary", "office", "admin"),
    ),
]


@pytest.fixture
def ids(world, year, commit):
    submitted = commit()
    approved = services.commitment_approve(
        by=world.secretary, commitment=commit(action="Việc thứ hai"), version=None
    )
    note = services.progress_add(
        by=world.member,
        commitment=approved,
        text="Đã xong quý I",
        files=[SimpleUploadedFile("anh.png", png_bytes(), content_type="image/png")],
    )
    approved.refresh_from_db()
    return {
        "year": year.pk,
        "person_a": world.person_a.pk,
        "cell_a": world.cell_a.pk,
        "submitted": submitted.pk,
        "submitted_version": submitted.version,
        "approved": approved.pk,
        "approved_version": approved.version,
        "evidence": note.evidence.get().pk,
    }


@parametrize_matrix(MATRIX)
def test_get_as_role(client, world, ids, role_index, role, name, template, expected):
    response = check(client, world, role_index, role, template.format(**ids), expected)
    if response.streaming:
        b"".join(response.streaming_content)  # the test client closes the file at the end


@pytest.mark.parametrize("template,data,refused,allowed", POSTS, ids=[p[0] for p in POSTS])
def test_post_refused_as_role(client, world, ids, template, data, refused, allowed):
    payload = {k: v.format(**ids) for k, v in data.items()}
    post_refused(client, world, template.format(**ids), payload, refused)
