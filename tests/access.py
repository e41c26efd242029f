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


def db_state() -> dict:
    """Every row of the project's apps, history included: what a refused POST must leave as
    it was. Small in tests (the `world` fixture), so read whole."""
    from django.apps import apps

    state = {}
    labels = (
        "accounts",
        "org",
        "programs",
        "study",
        "exemplars",
        "evaluation",
        "awards",
        "oversight",
        "reports",
    )
    for label in labels:
        for model in apps.get_app_config(label).get_models():
            state[model._meta.label] = list(model._default_manager.order_by("pk").values())
    return state


def post_refused(client, world, url: str, payload, refused: dict[str, int]) -> None:
    """POST `payload` (a dict, or a callable making one: files are read once) to `url` as
    each role of `refused`; each gets its status and nothing in the database changes."""
    for role, status in refused.items():
        as_role(client, world, role)
        before = db_state()
        response = client.post(url, payload() if callable(payload) else payload)
        assert response.status_code == status, (role, url, response.status_code)
        assert db_state() == before, (role, url)
