"""The account pages as every role: provisioning and slips for those who may give accounts in
the unit (office, administrator, the cell's secretary); the activation and reset pages for
anyone, signed in or not."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from lamtheo.accounts.models import ActivationCode
from tests.access import ROLES, as_role, check, parametrize_matrix
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
    ("activate", "/accounts/activate/?u=x&c=ABCD-EFGH", ANYONE),
    ("password-reset", "/accounts/password/reset/", ANYONE),
    ("password-reset-sent", "/accounts/password/reset/sent/", ANYONE),
    ("password-reset-confirm", "/accounts/password/reset/MQ/bad-token/", ANYONE),
    ("password-reset-complete", "/accounts/password/reset/done/", ANYONE),
]


@pytest.fixture
def ids(world):
    return {
        "committee": world.committee.pk,
        "cell_a": world.cell_a.pk,
        "group_a": world.group_a.pk,
        "person_a": world.person_a.pk,
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
