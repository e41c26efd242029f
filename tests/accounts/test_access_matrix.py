"""Every URL as every role: 404 outside the scope, 403 inside it but not allowed.

Add a row here for every new URL; `test_every_url_is_in_the_matrix` fails until you do.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from lamtheo.org.models import ImportJob
from tests.access import ROLES, check, parametrize_matrix, user_for
from tests.factories import PositionFactory

# What a GET answers, per role, in ROLES order. 302 for anonymous is the sign-in redirect.
OK_FOR_MANAGERS = [302, 403, 404, 403, 403, 200, 200]
OK_FOR_PEOPLE_EDITORS = [302, 403, 404, 200, 403, 200, 200]
VISIBLE_IN_CELL_A = [302, 200, 404, 200, 200, 200, 200]
IMPORTERS = [302, 403, 403, 403, 403, 200, 200]
OWN_IMPORT_JOB = [302, 404, 404, 404, 404, 200, 200]

MATRIX = [
    # (url name, path template, expected statuses)
    ("home", "/", [302, 200, 200, 200, 200, 200, 200]),
    ("unit-tree", "/units/", [302, 200, 200, 200, 200, 200, 200]),
    ("unit", "/units/{cell_a}/", VISIBLE_IN_CELL_A),
    ("unit", "/units/{committee}/", [302, 404, 404, 404, 200, 200, 200]),
    ("unit", "/units/{group_a}/", [302, 404, 404, 200, 200, 200, 200]),
    ("unit-children", "/units/{cell_a}/children/", VISIBLE_IN_CELL_A),
    ("unit-edit", "/units/{cell_a}/edit/", OK_FOR_MANAGERS),
    ("unit-create", "/units/{cell_a}/new/", OK_FOR_MANAGERS),
    ("unit-move", "/units/{cell_a}/move/", OK_FOR_MANAGERS),
    ("unit-merge", "/units/{cell_a}/merge/", OK_FOR_MANAGERS),
    ("unit-close", "/units/{cell_a}/close/", OK_FOR_MANAGERS),
    ("unit-reopen", "/units/{cell_a}/reopen/", [302, 405, 405, 405, 405, 405, 405]),
    ("person-create", "/units/{cell_a}/people/new/", OK_FOR_PEOPLE_EDITORS),
    ("people", "/people/", [302, 403, 200, 200, 200, 200, 200]),
    ("person", "/people/{person_a}/", VISIBLE_IN_CELL_A),
    ("person", "/people/{person_b}/", [302, 404, 200, 404, 200, 200, 200]),
    ("person-edit", "/people/{person_a}/edit/", OK_FOR_PEOPLE_EDITORS),
    ("person-transfer", "/people/{person_a}/transfer/", OK_FOR_PEOPLE_EDITORS),
    ("person-leave", "/people/{person_a}/leave/", OK_FOR_PEOPLE_EDITORS),
    ("position-create", "/people/{person_a}/positions/new/", OK_FOR_MANAGERS),
    ("position-end", "/positions/{position_a}/end/", OK_FOR_MANAGERS),
    ("search", "/search/?q=nguyen", [302, 200, 200, 200, 200, 200, 200]),
    ("imports", "/imports/", IMPORTERS),
    ("import-template", "/imports/template/people.xlsx", IMPORTERS),
    ("import-template", "/imports/template/units.xlsx", IMPORTERS),
    ("import-job", "/imports/{job}/", OWN_IMPORT_JOB),
    ("import-job-progress", "/imports/{job}/progress/", OWN_IMPORT_JOB),
    ("login", "/accounts/login/", [200, 302, 302, 302, 302, 302, 302]),
    ("logout", "/accounts/logout/", [405, 405, 405, 405, 405, 405, 405]),
]

# URLs not walked here, and why.
NOT_IN_MATRIX = {
    "set_language": "Django's language switch, no data",
}


@pytest.fixture
def ids(world):
    position = PositionFactory(person=world.person_a, unit=world.cell_a, title="secretary")
    job = ImportJob.objects.create(
        kind="people",
        file="imports/x.csv",
        original_name="x.csv",
        created_by=world.office,
        status="done",
    )
    return {
        "committee": world.committee.pk,
        "cell_a": world.cell_a.pk,
        "group_a": world.group_a.pk,
        "person_a": world.person_a.pk,
        "person_b": world.person_b.pk,
        "position_a": position.pk,
        "job": job.pk,
    }


@parametrize_matrix(MATRIX)
def test_get_as_role(client, world, ids, role_index, role, name, template, expected):
    check(client, world, role_index, role, template.format(**ids), expected)


def test_admin_site_only_for_administrators(client, world):
    for role in ROLES:
        user = user_for(world, role)
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        response = client.get("/admin/")
        if role == "admin":
            assert response.status_code == 200
        else:
            assert response.status_code == 302
            assert response["Location"].startswith("/admin/login/")


def _named_patterns(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            yield from _named_patterns(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name


def _all_matrices():
    """MATRIX rows of this module and of every tests/**/test_access_*.py module."""
    import importlib
    from pathlib import Path

    rows = list(MATRIX)
    root = Path(__file__).resolve().parents[1]
    for path in root.glob("**/test_access_*.py"):
        module = importlib.import_module(
            ".".join(path.relative_to(root.parent).with_suffix("").parts)
        )
        if module.__name__ != __name__:
            rows += getattr(module, "MATRIX", [])
    return rows


def test_every_url_is_in_the_matrix():
    walked = {row[0] for row in _all_matrices()} | set(NOT_IN_MATRIX)
    missing = sorted(set(_named_patterns(get_resolver())) - walked)
    assert not missing, f"add these URLs to MATRIX: {missing}"
