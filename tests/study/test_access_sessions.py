"""The study session pages as every role: 404 outside the scope, 403 inside it but not allowed,
405 for the buttons (POST only). Same format as tests/accounts/test_access_matrix.py, whose
completeness test collects MATRIX from here.

The `published` session is the committee's, for the whole committee (people of cell A and B
invited); `draft_a` is cell A's meeting, not yet published (nobody invited).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lamtheo.accounts.services import feed_token_for
from lamtheo.study import services
from tests.access import check, parametrize_matrix, post_refused

EVERYONE_SIGNED_IN = [302, 200, 200, 200, 200, 200, 200]
VISIBLE_IN_CELL_A = [302, 404, 404, 200, 200, 200, 200]
COMMITTEE_HOSTS = [302, 403, 403, 403, 403, 200, 200]
CELL_A_HOSTS = [302, 404, 404, 200, 403, 200, 200]
# Anyone who records attendance somewhere; each sees their own part of the audience.
RECORDERS = [302, 403, 200, 200, 403, 200, 200]
POST_ONLY = [302, 405, 405, 405, 405, 405, 405]

MATRIX = [
    # (url name, path template, expected statuses in ROLES order)
    ("sessions", "/study/", EVERYONE_SIGNED_IN),
    ("sessions", "/study/?unit=CBA&month=2026-11", [302, 200, 404, 200, 200, 200, 200]),
    ("session-create", "/study/new/?unit={cell_a}", [302, 403, 404, 200, 403, 200, 200]),
    ("session-create", "/study/new/?unit={committee}", [302, 404, 404, 404, 403, 200, 200]),
    ("session", "/study/{published}/", EVERYONE_SIGNED_IN),
    ("session", "/study/{draft_a}/", VISIBLE_IN_CELL_A),
    ("session-edit", "/study/{published}/edit/", COMMITTEE_HOSTS),
    ("session-edit", "/study/{draft_a}/edit/", CELL_A_HOSTS),
    ("session-publish", "/study/{draft_a}/publish/", POST_ONLY),
    ("session-cancel", "/study/{published}/cancel/", POST_ONLY),
    ("session-attendance", "/study/{published}/attendance/", [302, 403, 200, 200, 200, 200, 200]),
    ("session-attendance", "/study/{draft_a}/attendance/", VISIBLE_IN_CELL_A),
    ("session-excuse", "/study/{published}/excuse/", POST_ONLY),
    ("session-material", "/study/{published}/materials/", POST_ONLY),
    ("material", "/study/materials/{material}/", EVERYONE_SIGNED_IN),
    ("material", "/study/materials/{material_a}/", VISIBLE_IN_CELL_A),
    ("roll-call", "/study/{published}/roll-call/", RECORDERS),
    ("roll-call", "/study/{draft_a}/roll-call/", [302, 404, 404, 200, 403, 200, 200]),
    ("excuses", "/study/excuses/", RECORDERS),
    ("excuse-decide", "/study/excuses/{excuse}/decide/", POST_ONLY),
    ("my-participation", "/study/me/", EVERYONE_SIGNED_IN),
    # Only an account linked to a person has someone to record self-study for.
    ("self-study-create", "/study/me/self-study/", [302, 200, 403, 403, 403, 403, 403]),
    # The feed is reached without signing in: the random token stands for the user.
    ("calendar-ics", "/study/calendar/{token}.ics", [200] * 7),
    ("calendar-ics", "/study/calendar/{bad_token}.ics", [404] * 7),
    # Each signed-in user may give their own feed a new address (POST only).
    ("calendar-feed-reset", "/study/calendar/new-address/", POST_ONLY),
]


@pytest.fixture
def ids(world, published):
    start = timezone.now() + dt.timedelta(days=3)
    draft_a = services.session_create(
        by=world.secretary,
        unit=world.cell_a,
        title="Sinh hoạt chi bộ A",
        kind="cell_meeting",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    services.audience_set(by=world.secretary, session=draft_a, units=[world.cell_a])
    pdf = b"%PDF-1.4\n%%EOF\n"
    material = services.material_add(
        by=world.office, session=published, upload=SimpleUploadedFile("ke-hoach.pdf", pdf)
    )
    material_a = services.material_add(
        by=world.secretary, session=draft_a, upload=SimpleUploadedFile("tai-lieu.pdf", pdf)
    )
    excuse = services.excuse_request(
        by=world.member, session=published, person=world.person_a, reason="Đi công tác"
    )
    token = feed_token_for(world.member)
    return {
        "committee": world.committee.pk,
        "cell_a": world.cell_a.pk,
        "published": published.pk,
        "draft_a": draft_a.pk,
        "material": material.pk,
        "material_a": material_a.pk,
        "excuse": excuse.pk,
        "token": token,
        "bad_token": "A" * len(token),
    }


@parametrize_matrix(MATRIX)
def test_get_as_role(client, world, ids, role_index, role, name, template, expected):
    response = check(client, world, role_index, role, template.format(**ids), expected)
    if response.streaming:
        b"".join(response.streaming_content)  # the test client closes the file at the end


# What a POST answers for those who may not press the button; nothing changes.
POSTS = [
    (
        "/study/{draft_a}/publish/",
        {},
        {"anonymous": 302, "member": 404, "other_secretary": 404, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/study/{published}/cancel/",
        {},
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
        "/study/{published}/edit/",
        {"title": "Đổi tên"},
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
        "/study/{published}/materials/",
        {"file": "pdf"},
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
        "/study/{published}/roll-call/",
        {"mark-{person_a}": "present"},
        {"anonymous": 302, "member": 403, "other_secretary": 403, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/study/excuses/{excuse}/decide/",
        {"decision": "approve"},
        {"anonymous": 302, "member": 403, "other_secretary": 403, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/study/{draft_a}/excuse/",
        {"reason": "Ốm"},
        {
            "anonymous": 302,
            "member": 404,
            "other_secretary": 404,
            "secretary": 403,
            "inspector": 403,
            "office": 403,
            "admin": 403,
        },
        (),
    ),
    # Everyone signed in acts on their own address only; the public is sent to sign in.
    (
        "/study/calendar/new-address/",
        {},
        {"anonymous": 302},
        ("member", "other_secretary", "secretary", "inspector", "office", "admin"),
    ),
    (
        "/study/new/?unit={cell_a}",
        {"title": "Sinh hoạt chi bộ", "kind": "cell_meeting"},
        {"anonymous": 302, "member": 403, "other_secretary": 404, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    # One's own self-study: only an account linked to a person.
    (
        "/study/me/self-study/",
        {"studied_on": "01/01/2026", "material": "Tài liệu"},
        {
            "anonymous": 302,
            "other_secretary": 403,
            "secretary": 403,
            "inspector": 403,
            "office": 403,
            "admin": 403,
        },
        ("member",),
    ),
]


@pytest.mark.parametrize("template,data,refused,allowed", POSTS, ids=[p[0] for p in POSTS])
def test_post_refused_as_role(client, world, ids, template, data, refused, allowed):
    ids = {**ids, "person_a": world.person_a.pk}

    def payload():
        return {
            key.format(**ids): SimpleUploadedFile("x.pdf", b"%PDF-1.4\n")
            if value == "pdf"
            else value.format(**ids)
            for key, value in data.items()
        }

    post_refused(client, world, template.format(**ids), payload, refused)
