"""The shape of every access matrix: each URL as each role, one expected status per role."""

from __future__ import annotations

import pytest

ROLES = ["anonymous", "member", "other_secretary", "secretary", "inspector", "office", "admin"]


def user_for(world, role: str):
    return None if role == "anonymous" else getattr(world, role)


def as_role(client, world, role: str):
    """The test client signed in as `role` of the `world` fixture (or anonymous)."""
    client.logout()
    user = user_for(world, role)
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def parametrize_matrix(matrix):
    """Parametrise a test over every (url name, path template, statuses) row and every role:
    the test receives role_index, role, name, template and expected."""

    def decorate(test):
        test = pytest.mark.parametrize(
            "name,template,expected", matrix, ids=[f"{m[0]}:{m[1]}" for m in matrix]
        )(test)
        return pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))(test)

    return decorate


def check(client, world, role_index: int, role: str, url: str, expected):
    """GET `url` as `role`, assert the expected status, return the response."""
    response = as_role(client, world, role).get(url)
    assert response.status_code == expected[role_index], (role, url)
    return response
