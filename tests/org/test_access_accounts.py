"""The account pages as every role: provisioning and slips for those who may give accounts in
the unit (office, administrator, the cell's secretary); the activation and reset pages for
anyone, signed in or not."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from lamtheo.accounts.models import ActivationCode, Grant, OfficeRoles
from tests.access import ROLES, as_role, check, parametrize_matrix, post_refused
from tests.factories import PersonFactory

PROVISIONERS_IN_CELL_A = [302, 403, 404, 200, 403, 200, 200]
POST_ONLY = [302, 405, 405, 405, 405, 405, 405]
ANYONE = [200] * 7

MATRIX = [
    ("unit-accounts", "/units/{cell_a}/accounts/", PROVISIONERS_IN_CELL_A),
    ("unit-accounts", "/units/{group_a}/accounts/", [302, 404, 404, 200, 403, 200, 200]),
    ("unit-accounts", "/units/{committee}/accounts/", [302, 404, 404, 404, 403, 200, 200]),
    ("unit-slips", "/units/{cell_a}/accounts/slips/", POST_ONLY),
    ("person-slip", "/people/{person_a}/slip/", POST_ONLY),
    ("unit-roles", "/units/{cell_a}/roles/", [302, 403, 404, 403, 403, 200, 200]),
    ("unit-roles", "/units/{committee}/roles/", [302, 404, 404, 404, 403, 200, 200]),
    ("unit-follow-office", "/units/{cell_a}/roles/follow-office/", POST_ONLY),
    ("grant-end", "/grants/{grant}/end/", POST_ONLY),
    ("own-data", "/people/{person_a}/my-data.json", [302, 200, 404, 404, 404, 404, 404]),
    ("own-data", "/people/{person_a}/my-data.xlsx", [302, 200, 404, 404, 404, 404, 404]),
    ("person-consent", "/people/{person_a}/consent/", [302, 200, 404, 200, 403, 200, 200]),
    ("person-consent", "/people/{person_b}/consent/", [302, 404, 200, 404, 403, 200, 200]),
    ("activate", "/accounts/activate/?u=x&c=ABCD-EFGH", ANYONE),
    ("two-factor", "/accounts/two-factor/", [302, 200, 200, 200, 200, 200, 200]),
    ("two-factor-verify", "/accounts/two-factor/verify/", [302, 200, 200, 200, 200, 200, 200]),
    ("password-reset", "/accounts/password/reset/", ANYONE),
    ("password-reset-sent", "/accounts/password/reset/sent/", ANYONE),
    ("password-reset-confirm", "/accounts/password/reset/MQ/bad-token/", ANYONE),
    ("password-reset-complete", "/accounts/password/reset/done/", ANYONE),
]


PROVISION_REFUSED = {"anonymous": 302, "member": 403, "other_secretary": 404, "inspector": 403}
PROVISIONERS = ("secretary", "office", "admin")
GRANT_REFUSED = {
    "anonymous": 302,
    "member": 403,
    "other_secretary": 404,
    "secretary": 403,
    "inspector": 403,
}
GRANTERS = ("office", "admin")
EVERYONE = tuple(ROLES)
SIGNED_IN = tuple(r for r in ROLES if r != "anonymous")
POSTS = [
    # (path template, data, refused {role: status}, allowed roles)
    ("/units/{cell_a}/accounts/", {}, PROVISION_REFUSED, PROVISIONERS),
    ("/units/{cell_a}/accounts/slips/", {"format": "pdf"}, PROVISION_REFUSED, PROVISIONERS),
    ("/people/{person_a}/slip/", {"format": "docx"}, PROVISION_REFUSED, PROVISIONERS),
    (
        "/units/{cell_a}/roles/",
        {"username": "dangvien", "role": "office"},
        GRANT_REFUSED,
        GRANTERS,
    ),
    ("/units/{cell_a}/roles/follow-office/", {"follow_office": "0"}, GRANT_REFUSED, GRANTERS),
    (
        "/grants/{grant}/end/",
        {},
        {**GRANT_REFUSED, "member": 404},
        GRANTERS,
    ),
    (
        "/people/{person_a}/consent/",
        {"status": "given", "given_on": "01/02/2026"},
        {"anonymous": 302, "other_secretary": 404, "inspector": 403},
        ("member", "secretary", "office", "admin"),
    ),
    # The pages that open accounts: anyone may post, the code or the token decides.
    ("/accounts/activate/", {"username": "x", "code": "AAAA-AAAA"}, {}, EVERYONE),
    ("/accounts/password/reset/", {"email": "x@example.vn"}, {}, EVERYONE),
    ("/accounts/password/reset/MQ/bad-token/", {}, {}, EVERYONE),
    ("/accounts/two-factor/", {"token": "1"}, {"anonymous": 302}, SIGNED_IN),
    ("/accounts/two-factor/verify/", {"token": "1"}, {"anonymous": 302}, SIGNED_IN),
]


@pytest.mark.parametrize("template,data,refused,allowed", POSTS, ids=[p[0] for p in POSTS])
def test_post_refused_as_role(client, world, ids, template, data, refused, allowed):
    post_refused(client, world, template.format(**ids), data, refused)


@pytest.fixture
def ids(world):
    return {
        "committee": world.committee.pk,
        "cell_a": world.cell_a.pk,
        "group_a": world.group_a.pk,
        "person_a": world.person_a.pk,
        "person_b": world.person_b.pk,
        "grant": Grant.objects.get(user=world.secretary).pk,
    }


@parametrize_matrix(MATRIX)
def test_get_as_role(client, world, ids, role_index, role, name, template, expected):
    check(client, world, role_index, role, template.format(**ids), expected)


# Those who must not give accounts in cell A, and what they get: 302 (sign in), 403, 404.
REFUSED = {"anonymous": 302, "member": 403, "other_secretary": 404, "inspector": 403}


@pytest.mark.parametrize("role", [r for r in ROLES if r in REFUSED])
def test_posts_by_those_who_may_not_act(client, world, ids, role):
    PersonFactory(unit=world.cell_a, full_name="Lê Thị Hoa")
    client = as_role(client, world, role)
    users = get_user_model().objects.count()
    for url in (
        f"/units/{world.cell_a.pk}/accounts/",
        f"/units/{world.cell_a.pk}/accounts/slips/",
    ):
        assert client.post(url, {"format": "pdf"}).status_code == REFUSED[role]
    expected = 404 if role == "other_secretary" else REFUSED[role]
    assert client.post(f"/people/{world.person_a.pk}/slip/").status_code == expected
    assert get_user_model().objects.count() == users
    assert not ActivationCode.objects.exists()


# Those who must not grant roles in cell A: everyone but the office and the administrator.
NOT_GRANTERS = {
    "anonymous": 302,
    "member": 403,
    "other_secretary": 404,
    "secretary": 403,
    "inspector": 403,
}


@pytest.mark.parametrize("role", [r for r in ROLES if r in NOT_GRANTERS])
def test_role_posts_by_those_who_may_not_grant(client, world, role):
    client = as_role(client, world, role)
    grants = list(Grant.objects.values_list("pk", flat=True).order_by("pk"))
    status = NOT_GRANTERS[role]
    response = client.post(
        f"/units/{world.cell_a.pk}/roles/", {"username": "dangvien", "role": "office"}
    )
    assert response.status_code == status
    response = client.post(f"/units/{world.cell_a.pk}/roles/follow-office/", {"follow_office": "0"})
    assert response.status_code == status
    office_grant = Grant.objects.get(user=world.office)
    # The office's grant is on the committee: outside every non-granter's view but the
    # inspector's, who sees it and may not end it.
    expected = {"anonymous": 302, "inspector": 403}.get(role, 404)
    assert client.post(f"/grants/{office_grant.pk}/end/").status_code == expected
    assert list(Grant.objects.values_list("pk", flat=True).order_by("pk")) == grants
    assert not OfficeRoles.objects.exists()
