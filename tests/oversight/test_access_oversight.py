"""Every inspection URL as every role. The committee's inspection committee (inspector) and
office open and run inspections of the subtree; numbering a paper needs the document register
(the office); the secretary of cell A sees the inspections of cell A (and of its people) and
reports remediation; cell B's secretary and a plain member see nothing of them (404)."""

from __future__ import annotations

import pytest

from lamtheo.oversight.models import Inspection
from tests.access import check, parametrize_matrix, post_refused
from tests.oversight.conftest import add_finding, conclude, open_inspection, under_way

POST_ONLY = [302, 405, 405, 405, 405, 405, 405]
COMMITTEE = [302, 404, 404, 404, 200, 200, 200]
INSPECTORS = [302, 403, 403, 403, 200, 200, 200]
SUBJECT = [302, 404, 404, 200, 200, 200, 200]

MATRIX = [
    ("inspections", "/inspections/", [302, 403, 200, 200, 200, 200, 200]),
    ("inspections", "/inspections/?status=concluded", [302, 403, 200, 200, 200, 200, 200]),
    ("inspections", "/inspections/?status=planned&page=9", [302, 403, 200, 200, 200, 200, 200]),
    ("inspection-plan-create", "/inspections/plans/new/", INSPECTORS),
    (
        "inspection-plan-create",
        "/inspections/plans/new/?unit={cell_b}",
        [302, 404, 403, 404, 200, 200, 200],
    ),
    ("inspection-plan", "/inspections/plans/{plan}/", COMMITTEE),
    ("inspection-plan-issue", "/inspections/plans/{plan}/issue/", POST_ONLY),
    ("inspection-plan-docx", "/inspections/plans/{plan}/plan.docx", COMMITTEE),
    ("inspection-create", "/inspections/new/", INSPECTORS),
    ("inspection-create", "/inspections/new/?plan={plan}", [302, 404, 404, 404, 200, 200, 200]),
    # The planned inspection is also of person B (cell B): cell B's secretary sees it.
    ("inspection", "/inspections/{planned}/", [302, 404, 200, 200, 200, 200, 200]),
    ("inspection", "/inspections/{concluded}/", SUBJECT),
    ("inspection", "/inspections/{of_b}/", [302, 404, 200, 404, 200, 200, 200]),
    ("inspection-notice", "/inspections/{planned}/notice/", POST_ONLY),
    (
        "inspection-notice-docx",
        "/inspections/{planned}/notice.docx",
        [302, 404, 200, 200, 200, 200, 200],
    ),
    ("inspection-notice-docx", "/inspections/{concluded}/notice.docx", SUBJECT),
    ("inspection-finding", "/inspections/{under_way}/findings/", POST_ONLY),
    ("inspection-conclude", "/inspections/{under_way}/conclude/", POST_ONLY),
    ("inspection-conclusion-docx", "/inspections/{concluded}/conclusion.docx", SUBJECT),
    ("inspection-close", "/inspections/{concluded}/close/", POST_ONLY),
    ("inspection-cancel", "/inspections/{planned}/cancel/", POST_ONLY),
    ("finding-remedy", "/inspections/findings/{finding}/remedy/", POST_ONLY),
    ("finding-verify", "/inspections/findings/{finding}/verify/", POST_ONLY),
]

OUTSIDE = {"anonymous": 302, "member": 404, "other_secretary": 404}
POSTS = [
    (
        "/inspections/plans/new/",
        {"year": "2024", "title": "Kế hoạch 2024"},
        {**OUTSIDE, "member": 403, "other_secretary": 403, "secretary": 403},
        ("inspector", "office", "admin"),
    ),
    (
        "/inspections/plans/{plan}/issue/",
        {"issued_on": "02/01/2023"},
        {**OUTSIDE, "secretary": 404, "inspector": 403},
        ("office", "admin"),
    ),
    (
        "/inspections/new/",
        {
            "title": "Giám sát",
            "kind": "supervision",
            "content": "study",
            "units": "{cell_b}",
            "period_from": "01/01/2023",
            "period_to": "30/04/2023",
            "starts_on": "02/05/2023",
            "ends_on": "31/05/2023",
        },
        {**OUTSIDE, "member": 403, "other_secretary": 403, "secretary": 403},
        ("inspector", "office", "admin"),
    ),
    (
        "/inspections/{planned}/notice/",
        {"issued_on": "25/04/2023", "version": "{planned_version}"},
        {**OUTSIDE, "other_secretary": 403, "secretary": 403, "inspector": 403},
        ("office", "admin"),
    ),
    (
        "/inspections/{under_way}/findings/",
        {
            "subject": "{under_way_subject}",
            "severity": "shortcoming",
            "text": "x",
            "recommendation": "y",
            "deadline": "31/07/2023",
        },
        {**OUTSIDE, "secretary": 403},
        ("inspector", "office", "admin"),
    ),
    (
        "/inspections/{under_way}/conclude/",
        {"issued_on": "05/06/2023", "text": "Kết luận", "version": "{under_way_version}"},
        {**OUTSIDE, "secretary": 403, "inspector": 403},
        ("office", "admin"),
    ),
    (
        "/inspections/{concluded}/close/",
        {},
        {**OUTSIDE, "secretary": 403},
        ("inspector", "office", "admin"),
    ),
    (
        "/inspections/{planned}/cancel/",
        {"reason": "Trùng lịch", "version": "{planned_version}"},
        {**OUTSIDE, "other_secretary": 403, "secretary": 403},
        ("inspector", "office", "admin"),
    ),
    (
        "/inspections/findings/{finding}/remedy/",
        {"text": "Đã duyệt đủ các bản đăng ký.", "version": "{finding_version}"},
        {**OUTSIDE, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/inspections/findings/{finding}/verify/",
        {"decision": "accept", "version": "{finding_version}"},
        {**OUTSIDE, "secretary": 403},
        ("inspector", "office", "admin"),
    ),
]


@pytest.fixture
def ids(world, plan, inspection):
    going = open_inspection(world, plan, title="Kiểm tra đang tiến hành")
    under_way(world, going)
    done = open_inspection(world, plan, title="Kiểm tra đã kết luận")
    under_way(world, done)
    finding = add_finding(world, done)
    conclude(world, done)
    of_b = open_inspection(world, None, title="Giám sát Chi bộ B", units=[world.cell_b])
    return {
        "plan": plan.pk,
        "planned": inspection.pk,
        "planned_version": inspection.version,
        "under_way": going.pk,
        "under_way_version": Inspection.objects.get(pk=going.pk).version,
        "under_way_subject": going.subjects.get().pk,
        "concluded": done.pk,
        "finding": finding.pk,
        "finding_version": finding.version,
        "of_b": of_b.pk,
        "cell_b": world.cell_b.pk,
    }


@parametrize_matrix(MATRIX)
def test_get_as_role(client, world, ids, role_index, role, name, template, expected):
    check(client, world, role_index, role, template.format(**ids), expected)


@pytest.mark.parametrize("template,data,refused,allowed", POSTS, ids=[p[0] for p in POSTS])
def test_post_refused_as_role(client, world, ids, template, data, refused, allowed):
    payload = {key: value.format(**ids) for key, value in data.items()}
    post_refused(client, world, template.format(**ids), payload, refused)
