"""The document register's pages as every role: the office and the administrator number and
cancel; whoever holds a grant over the body reads; a member of a cell does not see its register."""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheo.org import register
from tests.access import check, parametrize_matrix, post_refused

COMMITTEE_READERS = [302, 404, 404, 404, 200, 200, 200]
REFUSED = {
    "anonymous": 302,
    "member": 404,
    "other_secretary": 404,
    "secretary": 404,
    "inspector": 403,
}
ISSUERS = ("office", "admin")

MATRIX = [
    ("unit-register", "/units/{committee}/register/", COMMITTEE_READERS),
    ("unit-register", "/units/{cell_a}/register/", [302, 403, 404, 200, 200, 200, 200]),
    ("unit-register-export", "/units/{committee}/register/export.xlsx", COMMITTEE_READERS),
    ("document-cancel", "/register/{document}/cancel/", [302, 405, 405, 405, 405, 405, 405]),
]
POSTS = [
    # (path template, data, refused {role: status}, allowed roles)
    ("/units/{committee}/register/", {"starts_on": "01/10/2025"}, REFUSED, ISSUERS),
    ("/register/{document}/cancel/", {"reason": "Nhầm"}, REFUSED, ISSUERS),
]


@pytest.fixture
def ids(world):
    register.record_term(
        by=world.office, unit=world.committee, starts_on=dt.date(2020, 10, 1), symbol="ĐUK"
    )
    document = register.issue(
        by=world.office,
        body=world.committee,
        kind="QĐ",
        issued_on=dt.date(2023, 3, 14),
        summary="Về việc khen thưởng",
    )
    return {"committee": world.committee.pk, "cell_a": world.cell_a.pk, "document": document.pk}


@parametrize_matrix(MATRIX)
def test_get_as_role(client, world, ids, role_index, role, name, template, expected):
    check(client, world, role_index, role, template.format(**ids), expected)


@pytest.mark.parametrize("template,data,refused,allowed", POSTS, ids=[p[0] for p in POSTS])
def test_post_refused_as_role(client, world, ids, template, data, refused, allowed):
    post_refused(client, world, template.format(**ids), data, refused)
