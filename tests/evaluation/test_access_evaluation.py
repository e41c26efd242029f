"""Every evaluation URL as every role: 404 outside the scope, 403 inside it but not allowed;
refused POSTs change nothing. The lead's completeness test collects MATRIX and POSTS."""

from __future__ import annotations

import pytest

from lamtheo.evaluation.models import Complaint, MemberReview, OrgReview
from tests.access import check, parametrize_matrix, post_refused

EVERYONE = [302, 200, 200, 200, 200, 200, 200]
ROUND_OPENERS = [302, 403, 403, 403, 403, 200, 200]
POST_ONLY = [302, 405, 405, 405, 405, 405, 405]
COVERING_CELL_A = [302, 403, 404, 200, 200, 200, 200]
OWN_OR_COVERING = [302, 200, 404, 200, 200, 200, 200]
ORG_OF_CELL_A = [302, 404, 404, 200, 200, 200, 200]

MATRIX = [
    ("evaluation", "/evaluation/", EVERYONE),
    ("evaluation-round-create", "/evaluation/rounds/new/", ROUND_OPENERS),
    (
        "evaluation-round-create",
        "/evaluation/rounds/new/?unit={committee}",
        [302, 404, 404, 404, 403, 200, 200],
    ),
    ("evaluation-round", "/evaluation/rounds/{round}/", [302, 403, 200, 200, 200, 200, 200]),
    ("evaluation-round", "/evaluation/rounds/{round}/?unit={cell_a}", COVERING_CELL_A),
    ("evaluation-cell", "/evaluation/rounds/{round}/units/{cell_a}/", COVERING_CELL_A),
    ("evaluation-round-announce", "/evaluation/rounds/{round}/announce/", POST_ONLY),
    ("evaluation-review", "/evaluation/reviews/{review_a}/", OWN_OR_COVERING),
    ("evaluation-review-docx", "/evaluation/reviews/{review_a}/form.docx", OWN_OR_COVERING),
    ("evaluation-review-self", "/evaluation/reviews/{review_a}/self/", POST_ONLY),
    ("evaluation-review-meeting", "/evaluation/reviews/{review_a}/meeting/", POST_ONLY),
    ("evaluation-review-decide", "/evaluation/reviews/{review_a}/decide/", POST_ONLY),
    ("evaluation-review-complaint", "/evaluation/reviews/{review_a}/complaint/", POST_ONLY),
    ("evaluation-complaint-answer", "/evaluation/complaints/{complaint}/answer/", POST_ONLY),
    # Accepted: the re-ranking decision, for whoever sees the review; 404 for one not accepted.
    ("evaluation-complaint-docx", "/evaluation/complaints/{upheld}/decision.docx", OWN_OR_COVERING),
    (
        "evaluation-complaint-docx",
        "/evaluation/complaints/{complaint}/decision.docx",
        [302, 404, 404, 404, 404, 404, 404],
    ),
    (
        "evaluation-round-complaints",
        "/evaluation/rounds/{round}/complaints/",
        [302, 403, 200, 200, 200, 200, 200],
    ),
    (
        "evaluation-round-complaints",
        "/evaluation/rounds/{round}/complaints/?unit={cell_a}",
        COVERING_CELL_A,
    ),
    ("evaluation-org", "/evaluation/org/{org_a}/", ORG_OF_CELL_A),
    ("evaluation-org-docx", "/evaluation/org/{org_a}/form.docx", ORG_OF_CELL_A),
    ("evaluation-org-report", "/evaluation/org/{org_a}/report/", POST_ONLY),
    ("evaluation-org-decide", "/evaluation/org/{org_a}/decide/", POST_ONLY),
]

SELF = {
    "version": "{version}",
    "group": "member",
    "self_rank": "htt",
    "strengths": "Hoàn thành nhiệm vụ",
    "general_score": "25",
    "results_score": "55",
    "tasks_total": "4",
    "tasks_done": "4",
    "tasks_on_time": "4",
    "tasks_exceeded": "1",
}
POSTS = [
    # (path template, data, refused {role: status}, allowed roles)
    (
        "/evaluation/rounds/new/?unit={committee}",
        {"year": "2024", "period": "year"},
        {
            "anonymous": 302,
            "member": 404,
            "other_secretary": 404,
            "secretary": 404,
            "inspector": 403,
        },
        ("office", "admin"),
    ),
    (
        "/evaluation/rounds/{round}/announce/",
        {},
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
        "/evaluation/reviews/{review_a}/self/",
        SELF,
        {
            "anonymous": 302,
            "other_secretary": 404,
            "secretary": 403,
            "inspector": 403,
            "office": 403,
            "admin": 403,
        },
        ("member",),
    ),
    (
        "/evaluation/reviews/{review_a}/meeting/",
        {"version": "{version}", "comment": "Tốt", "proposed_rank": "htt"},
        {"anonymous": 302, "member": 403, "other_secretary": 404, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/evaluation/reviews/{review_a}/decide/",
        {"version": "{version}", "rank": "htt"},
        {
            "anonymous": 302,
            "member": 403,
            "other_secretary": 404,
            "secretary": 403,
            "inspector": 403,
        },
        ("office", "admin"),
    ),
    (
        "/evaluation/reviews/{review_a}/complaint/",
        {"kind": "complaint", "text": "Đề nghị xem xét lại."},
        {
            "anonymous": 302,
            "other_secretary": 404,
            "secretary": 403,
            "inspector": 403,
            "office": 403,
            "admin": 403,
        },
        ("member",),
    ),
    (
        "/evaluation/complaints/{complaint}/answer/",
        {"version": "1", "accept": "0", "answer": "Giữ nguyên."},
        {
            "anonymous": 302,
            "member": 403,
            "other_secretary": 404,
            "secretary": 403,
            "inspector": 403,
        },
        ("office", "admin"),
    ),
    (
        "/evaluation/org/{org_a}/report/",
        {"version": "1", "strengths": "Tốt", "proposed_rank": "htt"},
        {"anonymous": 302, "member": 404, "other_secretary": 404, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/evaluation/org/{org_a}/decide/",
        {"version": "1", "rank": "htt"},
        {
            "anonymous": 302,
            "member": 404,
            "other_secretary": 404,
            "secretary": 403,
            "inspector": 403,
        },
        ("office", "admin"),
    ),
]


@pytest.fixture
def ids(world, evaluation_round):
    review = MemberReview.objects.get(round=evaluation_round, person=world.person_a)
    # A complaint waiting for an answer, written directly: the matrix is about who reaches
    # the URLs, not about the steps before (tests/evaluation/test_complaints.py).
    complaint = Complaint.objects.create(review=review, kind="complaint", text="Đề nghị.")
    upheld = Complaint.objects.create(
        review=review,
        kind="complaint",
        text="Đề nghị.",
        status="upheld",
        old_rank="htt",
        new_rank="ht",
        answer="Xếp loại lại.",
    )
    return {
        "complaint": complaint.pk,
        "upheld": upheld.pk,
        "committee": world.committee.pk,
        "cell_a": world.cell_a.pk,
        "round": evaluation_round.pk,
        "review_a": review.pk,
        "version": review.version,
        "org_a": OrgReview.objects.get(round=evaluation_round, unit=world.cell_a).pk,
    }


@parametrize_matrix(MATRIX)
def test_get_as_role(client, world, ids, role_index, role, name, template, expected):
    check(client, world, role_index, role, template.format(**ids), expected)


@pytest.mark.parametrize("template,data,refused,allowed", POSTS, ids=[p[0] for p in POSTS])
def test_post_refused_as_role(client, world, ids, template, data, refused, allowed):
    payload = {key: value.format(**ids) for key, value in data.items()}
    post_refused(client, world, template.format(**ids), payload, refused)
