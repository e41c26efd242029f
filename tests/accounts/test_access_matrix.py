"""Every URL as every role: 404 outside the scope, 403 inside it but not allowed.

Add a row here for every new URL; `test_every_url_is_in_the_matrix` fails until you do.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from lamtheo.org.models import Handover, ImportJob
from tests.access import ROLES, check, parametrize_matrix, post_refused, user_for
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
    ("unit-transfer", "/units/{cell_a}/transfer/", OK_FOR_MANAGERS),
    ("unit-insert-above", "/units/{committee}/insert-above/", [302, 404, 404, 404, 403, 403, 200]),
    (
        "unit-insert-above-undo",
        "/units/{committee}/insert-above/undo/",
        [302, 404, 404, 404, 403, 403, 200],
    ),
    ("unit-dissolve", "/units/{cell_a}/dissolve/", OK_FOR_MANAGERS),
    ("unit-dissolve-undo", "/units/{cell_a}/dissolve/undo/", [302, 405, 405, 405, 405, 405, 405]),
    ("unit-new-term", "/units/{cell_a}/new-term/", OK_FOR_MANAGERS),
    ("unit-new-term-undo", "/units/{cell_a}/new-term/undo/", [302, 405, 405, 405, 405, 405, 405]),
    ("handover", "/handovers/{handover}/", [302, 404, 404, 404, 200, 200, 200]),
    ("handover-undo", "/handovers/{handover}/undo/", [302, 405, 405, 405, 405, 405, 405]),
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

# Those who must not act, with what their POST gets (nothing changes); who may.
MANAGERS_REFUSED = {
    "anonymous": 302,
    "member": 403,
    "other_secretary": 404,
    "secretary": 403,
    "inspector": 403,
}
MANAGERS = ("office", "admin")
PEOPLE_EDITORS_REFUSED = {"anonymous": 302, "member": 403, "other_secretary": 404, "inspector": 403}
PEOPLE_EDITORS = ("secretary", "office", "admin")
EVERYONE = ("anonymous", "member", "other_secretary", "secretary", "inspector", "office", "admin")
POSTS = [
    # (path template, data, refused {role: status}, allowed roles)
    (
        "/units/{cell_a}/edit/",
        {"code": "CBA", "name": "Chi bộ A mới", "kind": "cell"},
        MANAGERS_REFUSED,
        MANAGERS,
    ),
    (
        "/units/{cell_a}/new/",
        {"code": "CBN", "name": "Chi bộ mới", "kind": "cell"},
        MANAGERS_REFUSED,
        MANAGERS,
    ),
    ("/units/{cell_a}/move/", {"parent": "{cell_b}"}, MANAGERS_REFUSED, MANAGERS),
    ("/units/{cell_a}/merge/", {"into": "{cell_b}"}, MANAGERS_REFUSED, MANAGERS),
    ("/units/{cell_a}/close/", {"closed_on": "01/01/2026"}, MANAGERS_REFUSED, MANAGERS),
    ("/units/{cell_a}/reopen/", {}, MANAGERS_REFUSED, MANAGERS),
    (
        "/units/{committee}/transfer/",
        {"cells": "{cell_a}", "target": "CBB", "effective_on": "01/01/2030", "confirm": "1"},
        {
            "anonymous": 302,
            "member": 404,
            "other_secretary": 404,
            "secretary": 404,
            "inspector": 403,
        },
        MANAGERS,
    ),
    (
        "/units/{committee}/insert-above/",
        {
            "code": "QU",
            "name": "Quận ủy",
            "kind": "committee",
            "effective_on": "01/01/2030",
            "confirm": "1",
        },
        {
            "anonymous": 302,
            "member": 404,
            "other_secretary": 404,
            "secretary": 404,
            "inspector": 403,
            "office": 403,
        },
        ("admin",),
    ),  # fmt: skip
    (
        "/handovers/{handover}/undo/",
        {},
        {
            "anonymous": 302,
            "member": 404,
            "other_secretary": 404,
            "secretary": 404,
            "inspector": 403,
        },
        MANAGERS,
    ),
    (
        "/units/{committee}/insert-above/undo/",
        {},
        {
            "anonymous": 302,
            "member": 404,
            "other_secretary": 404,
            "secretary": 404,
            "inspector": 403,
            "office": 403,
        },
        ("admin",),
    ),  # fmt: skip
    ("/units/{cell_a}/dissolve/", {"on": "01/01/2030"}, MANAGERS_REFUSED, MANAGERS),
    ("/units/{cell_a}/dissolve/undo/", {}, MANAGERS_REFUSED, MANAGERS),
    (
        "/units/{cell_a}/new-term/",
        {"starts_on": "01/01/2030", "secretary": "X"},
        MANAGERS_REFUSED,
        MANAGERS,
    ),
    ("/units/{cell_a}/new-term/undo/", {"starts_on": "01/01/2030"}, MANAGERS_REFUSED, MANAGERS),
    (
        "/units/{cell_a}/people/new/",
        {"full_name": "Nguyễn Văn Mới", "party_status": "official"},
        PEOPLE_EDITORS_REFUSED,
        PEOPLE_EDITORS,
    ),
    (
        "/people/{person_a}/edit/",
        {"full_name": "Nguyễn Văn Đổi", "party_status": "official"},
        PEOPLE_EDITORS_REFUSED,
        PEOPLE_EDITORS,
    ),
    (
        "/people/{person_a}/transfer/",
        {"unit": "{cell_b}", "on": "01/01/2026"},
        PEOPLE_EDITORS_REFUSED,
        PEOPLE_EDITORS,
    ),
    (
        "/people/{person_a}/leave/",
        {"left_on": "01/01/2026", "left_reason": "Chuyển công tác"},
        PEOPLE_EDITORS_REFUSED,
        PEOPLE_EDITORS,
    ),
    (
        "/people/{person_a}/positions/new/",
        {"title": "secretary", "unit": "{cell_a}"},
        MANAGERS_REFUSED,
        MANAGERS,
    ),
    ("/positions/{position_a}/end/", {"ended_on": "01/01/2026"}, MANAGERS_REFUSED, MANAGERS),
    (
        "/imports/",
        {"kind": "people"},
        {
            "anonymous": 302,
            "member": 403,
            "other_secretary": 403,
            "secretary": 403,
            "inspector": 403,
        },
        MANAGERS,
    ),
    # Signing in and out: nobody is refused.
    ("/accounts/login/", {"username": "x", "password": "y"}, {}, EVERYONE),
    ("/accounts/logout/", {}, {}, EVERYONE),
]


@pytest.mark.parametrize("template,data,refused,allowed", POSTS, ids=[p[0] for p in POSTS])
def test_post_refused_as_role(client, world, ids, template, data, refused, allowed):
    ids = {**ids, "cell_b": world.cell_b.pk}
    payload = {key: value.format(**ids) for key, value in data.items()}
    post_refused(client, world, template.format(**ids), payload, refused)


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
    handover = Handover.objects.create(target=world.committee, effective_on=dt.date(2030, 1, 1))
    return {
        "handover": handover.pk,
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


def _access_modules():
    """This module and every tests/**/test_access_*.py module."""
    import importlib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    for path in sorted(root.glob("**/test_access_*.py")):
        yield importlib.import_module(".".join(path.relative_to(root.parent).with_suffix("").parts))


def _all_matrices():
    """MATRIX rows of this module and of every tests/**/test_access_*.py module."""
    return [row for module in _access_modules() for row in getattr(module, "MATRIX", [])]


def _all_posts():
    """(module, template, refused, allowed) of every POSTS row."""
    return [
        (module.__name__, row[0], row[2], row[3] if len(row) > 3 else ())
        for module in _access_modules()
        for row in getattr(module, "POSTS", [])
    ]


def _named_views(resolver):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":
                yield from _named_views(pattern)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name, pattern.callback


HTTP_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def _declared_methods(view) -> set[str] | None:
    """The methods a view accepts: a class-based view's handlers, or the list given to
    require_http_methods (require_POST, require_GET...) found in a decorator's closure. None
    for a view that declares none (it answers every method alike)."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return {m.upper() for m in view_class.http_method_names if hasattr(view_class, m)}
    while view is not None:
        for cell in getattr(view, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if isinstance(value, (list, tuple)) and value and set(value) <= HTTP_METHODS:
                return set(value)
        view = getattr(view, "__wrapped__", None)
    return None


def _innermost(view):
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    return view


def _post_urls() -> dict[str, object]:
    """URL name → view, for every view that accepts a POST."""
    return {
        name: view
        for name, view in _named_views(get_resolver())
        if "POST" in (_declared_methods(view) or ())
    }


def test_views_that_read_a_post_declare_it():
    """A view with no method decorator answers a POST like a GET; one that reads
    request.POST must say so (require_http_methods), or the refusal rows below miss it."""
    import inspect

    undeclared = [
        name
        for name, view in _named_views(get_resolver())
        if name not in NOT_IN_MATRIX
        and _declared_methods(view) is None
        and "request.POST" in inspect.getsource(_innermost(view))
    ]
    assert not undeclared, undeclared


def test_every_post_url_has_refusal_rows():
    """Each URL that takes a POST has a POSTS row (template, data, refused, allowed) in a
    tests/**/test_access_*.py module: `refused` maps every persona that must not act to the
    status its POST gets (and that test checks nothing changes), `allowed` names the others.
    Together they name every persona, so none is forgotten."""
    covered, problems = set(), []
    for module, template, refused, allowed in _all_posts():
        path = re.sub(r"{[a-z_]+}", "1", template).split("?")[0]
        covered.add(resolve(path).url_name)
        named = list(refused) + list(allowed)
        if sorted(named) != sorted(ROLES):
            problems.append((module, template, sorted(set(ROLES) - set(named)) or named))
    missing = sorted(set(_post_urls()) - covered - set(NOT_IN_MATRIX))
    assert not missing, f"add POSTS rows for: {missing}"
    assert not problems, f"name every persona once, in refused or allowed: {problems}"


def test_every_url_is_in_the_matrix():
    walked = {row[0] for row in _all_matrices()} | set(NOT_IN_MATRIX)
    missing = sorted(set(_named_patterns(get_resolver())) - walked)
    assert not missing, f"add these URLs to MATRIX: {missing}"
