"""The campaign pages as every role: 404 outside the scope, 403 inside it but not allowed,
405 for the buttons (POST only). Same format as tests/accounts/test_access_matrix.py, whose
completeness test collects MATRIX from here.

`campaign` is the committee's, under way, with cell A and cell B registered; `campaign_a` is
hosted by cell A (for its party group), still a draft.
"""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheo.exemplars.models import Activity, Campaign, CampaignEntry
from tests.access import check, parametrize_matrix, post_refused

EVERYONE_SIGNED_IN = [302, 200, 200, 200, 200, 200, 200]
HOST_OFFICE = [302, 403, 403, 403, 403, 200, 200]
CELL_A_TAKES_PART = [302, 404, 404, 200, 403, 200, 200]
POST_ONLY = [302, 405, 405, 405, 405, 405, 405]

MATRIX = [
    ("campaigns", "/campaigns/", EVERYONE_SIGNED_IN),
    (
        "campaigns",
        "/campaigns/?unit={cell_a}&status=open&year=2026",
        [302, 200, 404, 200, 200, 200, 200],
    ),
    ("campaign-create", "/campaigns/new/", HOST_OFFICE),
    ("campaign-create", "/campaigns/new/?unit={cell_a}", [302, 403, 404, 403, 403, 200, 200]),
    ("campaign", "/campaigns/{campaign}/", EVERYONE_SIGNED_IN),
    ("campaign", "/campaigns/{campaign_a}/", [302, 200, 404, 200, 200, 200, 200]),
    ("campaign-edit", "/campaigns/{campaign}/edit/", HOST_OFFICE),
    ("campaign-edit", "/campaigns/{campaign_a}/edit/", [302, 403, 404, 403, 403, 200, 200]),
    ("campaign-open", "/campaigns/{campaign_a}/open/", POST_ONLY),
    ("campaign-close", "/campaigns/{campaign}/close/", POST_ONLY),
    ("campaign-register", "/campaigns/{campaign}/register/", [302, 403, 200, 200, 403, 200, 200]),
    ("campaign-register", "/campaigns/{campaign_a}/register/", [302, 403, 404, 200, 403, 200, 200]),
    (
        "campaign-results-xlsx",
        "/campaigns/{campaign}/results.xlsx",
        [302, 403, 403, 403, 200, 200, 200],
    ),
    ("campaign-entry-edit", "/campaigns/entries/{entry_a}/edit/", CELL_A_TAKES_PART),
    ("campaign-activity-create", "/campaigns/entries/{entry_a}/activities/new/", CELL_A_TAKES_PART),
    (
        "campaign-entry-assess",
        "/campaigns/entries/{entry_a}/assess/",
        [302, 404, 404, 403, 403, 200, 200],
    ),
]


@pytest.fixture
def ids(world):
    campaign = Campaign.objects.create(
        unit=world.committee,
        title="Thi đua lập thành tích chào mừng 10 năm Ngày thành lập Đảng bộ Khối",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        goals="Hoàn thành xuất sắc nhiệm vụ",
        criteria="Mỗi chi bộ ít nhất một công trình",
        status="open",
    )
    campaign_a = Campaign.objects.create(
        unit=world.cell_a,
        title="Thi đua của chi bộ A",
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 6, 30),
    )
    entry_a = CampaignEntry.objects.create(campaign=campaign, unit=world.cell_a, targets="100%")
    CampaignEntry.objects.create(campaign=campaign, unit=world.cell_b, targets="90%")
    Activity.objects.create(
        entry=entry_a, kind="sport", title="Giải bóng đá", held_on=dt.date(2026, 3, 26)
    )
    return {
        "committee": world.committee.pk,
        "cell_a": world.cell_a.pk,
        "campaign": campaign.pk,
        "campaign_a": campaign_a.pk,
        "entry_a": entry_a.pk,
    }


@parametrize_matrix(MATRIX)
def test_get_as_role(client, world, ids, role_index, role, name, template, expected):
    check(client, world, role_index, role, template.format(**ids), expected)


ACTIVITY = {"kind": "study", "title": "Học chuyên đề", "held_on": "02/02/2026", "participants": "5"}
POSTS = [
    (
        "/campaigns/{campaign_a}/open/",
        {},
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
        "/campaigns/{campaign}/close/",
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
        "/campaigns/{campaign}/edit/",
        {"title": "Đổi tên", "starts_on": "01/01/2026", "ends_on": "31/12/2026"},
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
        "/campaigns/entries/{entry_a}/edit/",
        {"targets": "Khác"},
        {"anonymous": 302, "member": 404, "other_secretary": 404, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/campaigns/entries/{entry_a}/activities/new/",
        ACTIVITY,
        {"anonymous": 302, "member": 404, "other_secretary": 404, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/campaigns/entries/{entry_a}/assess/",
        {"result": "Tốt", "score": "90"},
        {
            "anonymous": 302,
            "member": 404,
            "other_secretary": 404,
            "secretary": 403,
            "inspector": 403,
        },
        ("office", "admin"),
    ),
    (
        "/campaigns/{campaign}/register/",
        {"unit": "{cell_a}", "targets": "Lại"},
        {"anonymous": 302, "member": 403, "inspector": 403},
        ("secretary", "other_secretary", "office", "admin"),
    ),
    (
        "/campaigns/new/?unit={cell_a}",
        {"title": "Thi đua mới", "starts_on": "01/01/2026", "ends_on": "01/12/2026"},
        {
            "anonymous": 302,
            "member": 403,
            "other_secretary": 404,
            "secretary": 403,
            "inspector": 403,
        },
        ("office", "admin"),
    ),
]


@pytest.mark.parametrize("template,data,refused,allowed", POSTS, ids=[p[0] for p in POSTS])
def test_post_refused_as_role(client, world, ids, template, data, refused, allowed):
    payload = {key: value.format(**ids) for key, value in data.items()}
    post_refused(client, world, template.format(**ids), payload, refused)
