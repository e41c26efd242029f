"""The check-in pages as every role: hosts (attendance.record or session.change over the host
unit) get the QR screen and the links, 403 for others who see the session, 404 for those who
do not; the code page needs a sign-in and a linked, invited person; the one-time link needs
nothing but itself. Same format as tests/accounts/test_access_matrix.py, whose completeness
test collects MATRIX from here.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lamtheo.study import checkin, services
from lamtheo.study.models import Attendance, Invitation
from tests.access import ROLES, check, parametrize_matrix, post_refused, user_for

HOSTS_OF_COMMITTEE = [302, 403, 403, 403, 403, 200, 200]
HOSTS_OF_CELL_A = [302, 403, 404, 200, 403, 200, 200]
SEES_COMMITTEE_SESSION = [302, 200, 200, 200, 200, 200, 200]
SEES_CELL_A_SESSION = [302, 200, 404, 200, 200, 200, 200]

MATRIX = [
    # (url name, path template, expected statuses in ROLES order)
    ("session-qr", "/study/{committee_session}/qr/", HOSTS_OF_COMMITTEE),
    ("session-qr", "/study/{cell_session}/qr/", HOSTS_OF_CELL_A),
    ("session-qr-code", "/study/{committee_session}/qr/code/", HOSTS_OF_COMMITTEE),
    ("session-qr-code", "/study/{cell_session}/qr/code/", HOSTS_OF_CELL_A),
    ("session-links", "/study/{committee_session}/links.csv", HOSTS_OF_COMMITTEE),
    ("session-links", "/study/{cell_session}/links.csv", HOSTS_OF_CELL_A),
    ("session-checkin-panel", "/study/{committee_session}/checkin-panel/", SEES_COMMITTEE_SESSION),
    ("session-checkin-panel", "/study/{cell_session}/checkin-panel/", SEES_CELL_A_SESSION),
    # Only an account linked to an invited person checks in; the others are told why (403).
    ("qr-checkin", "/study/c/{qr_token}/", [302, 200, 403, 403, 403, 403, 403]),
    ("qr-checkin", "/study/c/{forged_qr}/", [302, 404, 404, 404, 404, 404, 404]),
    # The link is the credential: the same page for everyone, signed in or not.
    ("link-checkin", "/study/link/{link_token}/", [200, 200, 200, 200, 200, 200, 200]),
    ("link-checkin", "/study/link/{forged_link}/", [404, 404, 404, 404, 404, 404, 404]),
]


@pytest.fixture
def ids(world):
    start = timezone.now() - dt.timedelta(minutes=5)
    committee_session = services.session_create(
        by=world.office,
        unit=world.committee,
        title="Hội nghị trực tuyến toàn quốc",
        kind="national_online",
        format="hybrid",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    services.audience_set(by=world.office, session=committee_session, units=[world.committee])
    services.session_publish(by=world.office, session=committee_session)
    cell_session = services.session_create(
        by=world.secretary,
        unit=world.cell_a,
        title="Sinh hoạt chi bộ",
        kind="cell_meeting",
        format="hybrid",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    services.audience_set(by=world.secretary, session=cell_session, units=[world.cell_a])
    services.session_publish(by=world.secretary, session=cell_session)
    invitation = Invitation.objects.get(session=committee_session, person=world.person_a)
    link = checkin.online_token(invitation)
    return {
        "committee_session": committee_session.pk,
        "cell_session": cell_session.pk,
        "qr_token": checkin.qr_token(committee_session, timezone.now()),
        "forged_qr": checkin.qr_token(committee_session, timezone.now())[:-4] + "AAAA",
        "link_token": link,
        "forged_link": link[:-4] + "AAAA",
    }


@parametrize_matrix(MATRIX)
def test_get_as_role(client, world, ids, role_index, role, name, template, expected):
    check(client, world, role_index, role, template.format(**ids), expected)
    assert not Attendance.objects.exists()  # no GET records anything


# What a POST of a check-in answers per role, and whether it records.
QR_POST = {
    "anonymous": (302, False),
    "member": (200, True),
    "other_secretary": (403, False),
    "secretary": (403, False),
    "inspector": (403, False),
    "office": (403, False),
    "admin": (403, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_qr_post_as_role(client, world, ids, role):
    user = user_for(world, role)
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(f"/study/c/{ids['qr_token']}/")
    status, records = QR_POST[role]
    assert response.status_code == status
    assert Attendance.objects.exists() == records


@pytest.mark.parametrize("role", ROLES)
def test_link_post_as_role(client, world, ids, role):
    user = user_for(world, role)
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(f"/study/link/{ids['forged_link']}/").status_code == 404
    assert not Attendance.objects.exists()
    assert client.post(f"/study/link/{ids['link_token']}/").status_code == 200
    # Whoever opens it, the link records its own invitation's person.
    assert list(Attendance.objects.values_list("person_id", flat=True)) == [world.person_a.pk]


EVERYONE = ("anonymous", "member", "other_secretary", "secretary", "inspector", "office", "admin")
POSTS = [
    # (path template, data, refused {role: status}, allowed roles)
    # Only the invited person the account stands for checks in by the QR code.
    (
        "/study/c/{qr_token}/",
        {},
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
    # The link is the credential: whoever holds it checks its person in.
    ("/study/link/{link_token}/", {}, {}, EVERYONE),
]


@pytest.mark.parametrize("template,data,refused,allowed", POSTS, ids=[p[0] for p in POSTS])
def test_post_refused_as_role(client, world, ids, template, data, refused, allowed):
    post_refused(client, world, template.format(**ids), data, refused)
