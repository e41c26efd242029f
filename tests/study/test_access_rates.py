"""The rates pages and a session's minutes and attendance export as every role: 404 outside the
scope, 403 inside it but not allowed. Same format as tests/accounts/test_access_matrix.py,
whose completeness test collects MATRIX from here.

Rates and their lists need a grant covering the unit: a member sees their own unit (cell A)
but not its rates (403). Minutes and export need a grant covering the host unit: someone
who sees the session only because they or their people were invited gets 403.

`published` is the committee's session for the whole committee; `meeting_a` cell A's
published meeting (cell A invited); `draft_a` cell A's draft (nobody invited yet).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lamtheo.study import services
from tests.access import check, parametrize_matrix, user_for

CELL_A = [302, 403, 404, 200, 200, 200, 200]
COMMITTEE = [302, 404, 404, 404, 200, 200, 200]
GROUP_A = [302, 404, 404, 200, 200, 200, 200]
CELL_B = [302, 404, 200, 404, 200, 200, 200]
NOWHERE = [302, 404, 404, 404, 404, 404, 404]
# The committee's session: everyone signed in sees it (their people were invited); only
# grants on the committee reach its outputs.
COMMITTEE_SESSION = [302, 403, 403, 403, 200, 200, 200]
CELL_A_MEETING = [302, 403, 404, 200, 200, 200, 200]
CELL_A_DRAFT = [302, 404, 404, 200, 200, 200, 200]

MATRIX = [
    # (url name, path template, expected statuses in ROLES order)
    ("participation-rates", "/study/rates/{cell_a}/", CELL_A),
    ("participation-rates", "/study/rates/{cell_a}/?year=2025&population=everyone", CELL_A),
    ("participation-rates", "/study/rates/{committee}/", COMMITTEE),
    ("participation-rates", "/study/rates/{group_a}/", GROUP_A),
    ("participation-rates", "/study/rates/{cell_b}/", CELL_B),
    ("participation-rates", "/study/rates/999999/", NOWHERE),
    ("never-present", "/study/rates/{cell_a}/never/", CELL_A),
    ("never-present", "/study/rates/{cell_a}/never/?year=2025&month=3", CELL_A),
    ("never-present", "/study/rates/{committee}/never/", COMMITTEE),
    ("never-present", "/study/rates/{cell_b}/never/", CELL_B),
    ("participation-evidence", "/study/rates/{cell_a}/evidence/", CELL_A),
    ("participation-evidence", "/study/rates/{committee}/evidence/?month=1", COMMITTEE),
    ("participation-evidence", "/study/rates/{cell_b}/evidence/", CELL_B),
    ("session-minutes", "/study/{published}/minutes.docx", COMMITTEE_SESSION),
    ("session-minutes", "/study/{meeting_a}/minutes.docx", CELL_A_MEETING),
    ("session-minutes", "/study/{draft_a}/minutes.docx", CELL_A_DRAFT),
    ("session-minutes", "/study/999999/minutes.docx", NOWHERE),
    ("session-attendance-xlsx", "/study/{published}/attendance.xlsx", COMMITTEE_SESSION),
    ("session-attendance-xlsx", "/study/{meeting_a}/attendance.xlsx", CELL_A_MEETING),
    ("session-attendance-xlsx", "/study/{draft_a}/attendance.xlsx", CELL_A_DRAFT),
]


def _cell_a_session(world, title, publish):
    start = timezone.now() + dt.timedelta(days=2)
    session = services.session_create(
        by=world.secretary,
        unit=world.cell_a,
        title=title,
        kind="cell_meeting",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    services.audience_set(by=world.secretary, session=session, units=[world.cell_a])
    if publish:
        session = services.session_publish(by=world.secretary, session=session)
    return session


@pytest.fixture
def ids(world, published):
    services.roll_call(by=world.office, session=published, marks={world.person_a.pk: "present"})
    meeting_a = _cell_a_session(world, "Sinh hoạt chi bộ A", publish=True)
    draft_a = _cell_a_session(world, "Sinh hoạt chuyên đề chi bộ A", publish=False)
    return {
        "committee": world.committee.pk,
        "cell_a": world.cell_a.pk,
        "group_a": world.group_a.pk,
        "cell_b": world.cell_b.pk,
        "published": published.pk,
        "meeting_a": meeting_a.pk,
        "draft_a": draft_a.pk,
    }


@parametrize_matrix(MATRIX)
def test_get_as_role(client, world, ids, role_index, role, name, template, expected):
    response = check(client, world, role_index, role, template.format(**ids), expected)
    if response.status_code == 200 and template.endswith((".docx", ".xlsx")):
        assert response.content.startswith(b"PK")  # a real Office file
        assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    "template",
    [
        "/study/rates/{cell_a}/",
        "/study/{published}/minutes.docx",
        "/study/{published}/attendance.xlsx",
    ],
)
def test_only_get(client, world, ids, template):
    """Nothing here writes: a POST is refused for everyone, before any check of the scope."""
    for role in ("member", "office", "admin"):
        client.logout()
        client.force_login(
            user_for(world, role), backend="django.contrib.auth.backends.ModelBackend"
        )
        assert client.post(template.format(**ids)).status_code == 405, role


def test_outputs_show_only_the_host_units_people_to_a_unit_grant(client, world, ids):
    """The secretary of cell A, who sees the committee's session, cannot take its list of
    everyone invited (cell B's people included)."""
    client.force_login(world.secretary, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"/study/{ids['published']}/attendance.xlsx").status_code == 403
    client.force_login(world.other_secretary, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(f"/study/{ids['meeting_a']}/attendance.xlsx").status_code == 404
