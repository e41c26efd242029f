"""Every review, progress and programme URL as every role: 404 outside the scope, 403 inside
it but not allowed. The lead's completeness test collects MATRIX from this module."""

from __future__ import annotations

import pytest

from lamtheo.programs import services
from tests.access import ROLES, check, parametrize_matrix, post_refused, user_for

POST_ONLY = [302, 405, 405, 405, 405, 405, 405]
REVIEWERS = [302, 403, 200, 200, 403, 200, 200]
# Progress of a unit: those whose grants cover it; a member sees their unit but not its people.
COVERING_CELL_A = [302, 403, 404, 200, 200, 200, 200]
COVERING_COMMITTEE = [302, 404, 404, 404, 200, 200, 200]
# Programme management: the programme is visible to everyone under its committee.
PROGRAM_CHANGERS = [302, 403, 403, 403, 403, 200, 200]
EVERYONE = [302, 200, 200, 200, 200, 200, 200]

MATRIX = [
    # (url name, path template, expected statuses)
    ("review-queue", "/registrations/review/", REVIEWERS),
    ("review-queue", "/registrations/review/?unit={cell_a}", [302, 403, 404, 200, 403, 200, 200]),
    ("review-queue", "/registrations/review/?year={year}", REVIEWERS),
    ("commitment-approve", "/registrations/{submitted}/approve/", POST_ONLY),
    ("commitment-return", "/registrations/{submitted}/return/", POST_ONLY),
    (
        "commitment-evaluate",
        "/registrations/{approved}/evaluate/",
        [302, 403, 404, 200, 403, 200, 200],
    ),
    ("unit-progress", "/registrations/units/{cell_a}/", COVERING_CELL_A),
    ("unit-progress", "/registrations/units/{cell_a}/?step=waiting", COVERING_CELL_A),
    ("unit-progress", "/registrations/units/{committee}/?year={year}", COVERING_COMMITTEE),
    ("progress-rollup", "/registrations/rollup/{committee}/", COVERING_COMMITTEE),
    ("progress-rollup", "/registrations/rollup/{cell_a}/?year={year}", COVERING_CELL_A),
    ("programs", "/programs/", EVERYONE),
    ("program-create", "/programs/new/", PROGRAM_CHANGERS),
    ("program-create", "/programs/new/?unit={committee}", [302, 404, 404, 404, 403, 200, 200]),
    ("year-create", "/programs/{program}/years/new/", PROGRAM_CHANGERS),
    ("program-year", "/programs/years/{year}/", EVERYONE),
    ("year-edit", "/programs/years/{year}/edit/", PROGRAM_CHANGERS),
    ("year-advance", "/programs/years/{year}/advance/", PROGRAM_CHANGERS),
]


@pytest.fixture
def ids(world, program, year, commit):
    submitted = commit()
    approved = commit()
    services.commitment_approve(by=world.secretary, commitment=approved, version=None)
    return {
        "committee": world.committee.pk,
        "cell_a": world.cell_a.pk,
        "group_a": world.group_a.pk,
        "program": program.pk,
        "year": year.pk,
        "submitted": submitted.pk,
        "approved": approved.pk,
    }


@parametrize_matrix(MATRIX)
def test_get_as_role(client, world, ids, role_index, role, name, template, expected):
    check(client, world, role_index, role, template.format(**ids), expected)


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_post_approve_as_role(client, world, ids, role_index, role):
    """Only reviewers of cell A decide on its registrations; others learn nothing (404)."""
    expected = [302, 403, 404, 302, 403, 302, 302][role_index]
    user = user_for(world, role)
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(f"/registrations/{ids['submitted']}/approve/", {"version": 2})
    assert response.status_code == expected, role
    if role in ("secretary", "office", "admin"):
        assert response["Location"] == "/registrations/review/"


# Those who must not act, with what their POST gets (nothing changes); who may.
REVIEW_REFUSED = {"anonymous": 302, "member": 403, "other_secretary": 404, "inspector": 403}
REVIEWERS_OF_CELL_A = ("secretary", "office", "admin")
PROGRAM_REFUSED = {
    "anonymous": 302,
    "member": 403,
    "other_secretary": 403,
    "secretary": 403,
    "inspector": 403,
}
PROGRAM_CHANGER_ROLES = ("office", "admin")
POSTS = [
    # (path template, data, refused {role: status}, allowed roles)
    ("/registrations/{submitted}/approve/", {"version": "1"}, REVIEW_REFUSED, REVIEWERS_OF_CELL_A),
    (
        "/registrations/{submitted}/return/",
        {"version": "1", "comment": "Viết cụ thể hơn"},
        REVIEW_REFUSED,
        REVIEWERS_OF_CELL_A,
    ),
    (
        "/registrations/{approved}/evaluate/",
        {"version": "2", "outcome": "met"},
        REVIEW_REFUSED,
        REVIEWERS_OF_CELL_A,
    ),
    # The queue's "approve the ticked ones": each reviewer acts on what their scope holds.
    (
        "/registrations/review/",
        {"ids": "{submitted}"},
        {"anonymous": 302, "member": 403, "inspector": 403},
        ("other_secretary", "secretary", "office", "admin"),
    ),
    ("/programs/new/", {"name": "Chương trình mới"}, PROGRAM_REFUSED, PROGRAM_CHANGER_ROLES),
    ("/programs/{program}/years/new/", {"year": "2027"}, PROGRAM_REFUSED, PROGRAM_CHANGER_ROLES),
    ("/programs/years/{year}/edit/", {"theme": "Đổi"}, PROGRAM_REFUSED, PROGRAM_CHANGER_ROLES),
    ("/programs/years/{year}/advance/", {}, PROGRAM_REFUSED, PROGRAM_CHANGER_ROLES),
]


@pytest.mark.parametrize("template,data,refused,allowed", POSTS, ids=[p[0] for p in POSTS])
def test_post_refused_as_role(client, world, ids, template, data, refused, allowed):
    ids = {**ids, "person_a": world.person_a.pk}
    payload = {key: value.format(**ids) for key, value in data.items()}
    post_refused(client, world, template.format(**ids), payload, refused)
