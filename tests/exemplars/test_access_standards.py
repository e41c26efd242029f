"""The standards pages as every role: 404 outside the scope, 403 inside it but not allowed.
Same format as tests/accounts/test_access_matrix.py, whose completeness test collects MATRIX
from here.

The committee has a code of ethics in two versions, cell A one version; cell B has none. A
member reads the standards of their unit and of the units above it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheo.exemplars.models import Standard, StandardVersion
from tests.access import check, parametrize_matrix, post_refused

EVERYONE_SIGNED_IN = [302, 200, 200, 200, 200, 200, 200]
VISIBLE_IN_CELL_A = [302, 200, 404, 200, 200, 200, 200]
COMMITTEE_OFFICE = [302, 403, 403, 403, 403, 200, 200]
CELL_A_CHANGES = [302, 403, 404, 200, 403, 200, 200]

MATRIX = [
    ("standards", "/standards/", EVERYONE_SIGNED_IN),
    ("standards", "/standards/?unit={cell_a}&status=missing", VISIBLE_IN_CELL_A),
    ("standards", "/standards/?unit={committee}", [302, 404, 404, 404, 200, 200, 200]),
    ("unit-standards", "/standards/units/{committee}/", EVERYONE_SIGNED_IN),
    ("unit-standards", "/standards/units/{cell_a}/", VISIBLE_IN_CELL_A),
    ("unit-standards", "/standards/units/{cell_b}/", [302, 404, 200, 404, 200, 200, 200]),
    ("standard-adopt", "/standards/units/{cell_a}/ethics/adopt/", CELL_A_CHANGES),
    ("standard-adopt", "/standards/units/{cell_a}/example/adopt/", CELL_A_CHANGES),
    ("standard-adopt", "/standards/units/{committee}/ethics/adopt/", COMMITTEE_OFFICE),
    (
        "standard-adopt",
        "/standards/units/{cell_a}/other/adopt/",
        [302, 404, 404, 404, 404, 404, 404],
    ),
    ("standard-version", "/standards/versions/{v1}/", EVERYONE_SIGNED_IN),
    ("standard-version", "/standards/versions/{va}/", VISIBLE_IN_CELL_A),
    ("standard-diff", "/standards/{committee_ethics}/diff/", EVERYONE_SIGNED_IN),
    ("standard-diff", "/standards/{ethics_a}/diff/", VISIBLE_IN_CELL_A),
    ("standard-review", "/standards/{committee_ethics}/review/", COMMITTEE_OFFICE),
    ("standard-review", "/standards/{ethics_a}/review/", CELL_A_CHANGES),
]


def _standard(unit, texts):
    standard = Standard.objects.create(unit=unit, kind="ethics", title="Chuẩn mực đạo đức")
    versions = [
        StandardVersion.objects.create(
            standard=standard,
            number=n,
            text=text,
            adopted_on=dt.date(2024 + n, 1, 5),
            adopted_by="Ban Thường vụ",
        )
        for n, text in enumerate(texts, 1)
    ]
    return standard, versions


@pytest.fixture
def ids(world):
    committee_ethics, (v1, _v2) = _standard(world.committee, ["Trung thực", "Trung thực, liêm"])
    ethics_a, (va,) = _standard(world.cell_a, ["Gương mẫu"])
    return {
        "committee": world.committee.pk,
        "cell_a": world.cell_a.pk,
        "cell_b": world.cell_b.pk,
        "committee_ethics": committee_ethics.pk,
        "ethics_a": ethics_a.pk,
        "v1": v1.pk,
        "va": va.pk,
    }


@parametrize_matrix(MATRIX)
def test_get_as_role(client, world, ids, role_index, role, name, template, expected):
    check(client, world, role_index, role, template.format(**ids), expected)


ADOPT = {"title": "Chuẩn mực", "text": "Mới", "adopted_on": "01/02/2026", "adopted_by": "Chi bộ"}
POSTS = [
    (
        "/standards/units/{committee}/ethics/adopt/",
        ADOPT,
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
        "/standards/units/{cell_a}/example/adopt/",
        ADOPT,
        {"anonymous": 302, "member": 403, "other_secretary": 404, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/standards/{ethics_a}/review/",
        {"review_status": "needs_update"},
        {"anonymous": 302, "member": 403, "other_secretary": 404, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/standards/{committee_ethics}/review/",
        {"review_status": "needs_update"},
        {
            "anonymous": 302,
            "member": 403,
            "other_secretary": 403,
            "secretary": 403,
            "inspector": 403,
        },
        ("office", "admin"),
    ),
]


@pytest.mark.parametrize("template,data,refused,allowed", POSTS, ids=[p[0] for p in POSTS])
def test_post_refused_as_role(client, world, ids, template, data, refused, allowed):
    post_refused(client, world, template.format(**ids), data, refused)
