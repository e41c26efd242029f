"""The notification pages as every role (collected by tests/accounts/test_access_matrix.py).

`msg_a` is cell A's secretary's announcement to cell A (the member, person_a, receives it);
`msg_b` the office's to cell B; `attachment_a` is msg_a's PDF."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheo.notify.models import Message, Preference, Receipt
from lamtheo.notify.services import announce
from tests.access import ROLES, as_role, check, parametrize_matrix

PERSON_ONLY = [302, 200, 403, 403, 403, 403, 403]
# (path template, data, refused {role: status}, allowed roles): see test_access_matrix.
POSTS = [
    (
        "/notify/announce/?unit={cell_a}",
        {"title": "X", "body": "Y", "audience": "subtree"},
        {"anonymous": 302, "member": 403, "other_secretary": 404, "inspector": 403},
        ("secretary", "office", "admin"),
    ),
    (
        "/notify/preferences/",
        {"email": "on"},
        {
            "anonymous": 302,
            "other_secretary": 403,
            "secretary": 403,
            "inspector": 403,
            "office": 403,
            "admin": 403,
        },
        ("member",),
    ),
]
# An unsigned event is refused whoever sends it (tests/notify/test_zalo_webhook.py: signed).
POSTS.append(
    (
        "/notify/zalo/webhook/",
        {"event_name": "follow"},
        dict.fromkeys(ROLES, 403),
        (),
    )
)
ANNOUNCERS = [302, 403, 200, 200, 403, 200, 200]
POST_REFUSED = {"anonymous": 302, "member": 403, "inspector": 403}

MATRIX = [
    ("announcement-create", "/notify/announce/", ANNOUNCERS),
    ("announcement-create", "/notify/announce/?unit={cell_a}", [302, 403, 404, 200, 403, 200, 200]),
    (
        "announcement-create",
        "/notify/announce/?unit={committee}",
        [302, 403, 404, 404, 403, 200, 200],
    ),
    ("announcements", "/notify/announcements/", [302, 403, 200, 200, 200, 200, 200]),
    ("announcement", "/notify/announcements/{msg_a}/", [302, 404, 404, 200, 200, 200, 200]),
    ("announcement", "/notify/announcements/{msg_b}/", [302, 404, 200, 404, 200, 200, 200]),
    (
        "announcement-deliveries",
        "/notify/announcements/{msg_a}/deliveries/",
        [302, 404, 404, 200, 200, 200, 200],
    ),
    ("inbox", "/notify/inbox/", PERSON_ONLY),
    ("inbox-message", "/notify/inbox/{msg_a}/", PERSON_ONLY),
    ("inbox-message", "/notify/inbox/{msg_b}/", [302, 404, 403, 403, 403, 403, 403]),
    ("notify-preferences", "/notify/preferences/", PERSON_ONLY),
    # Zalo's webhook: POST only, for Zalo (signed), never for a signed-in person.
    ("zalo-webhook", "/notify/zalo/webhook/", [405] * 7),
    (
        "notify-attachment",
        "/notify/attachments/{attachment_a}/",
        [302, 200, 404, 200, 200, 200, 200],
    ),
]


@pytest.fixture
def ids(world):
    msg_a = announce(
        by=world.secretary,
        unit=world.cell_a,
        title="Họp chi bộ A",
        body="Tối thứ Sáu.",
        files=[SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    msg_b = announce(by=world.office, unit=world.cell_b, title="Chi bộ B", body="B")
    return {
        "committee": world.committee.pk,
        "cell_a": world.cell_a.pk,
        "msg_a": msg_a.pk,
        "msg_b": msg_b.pk,
        "attachment_a": msg_a.attachments.get().pk,
    }


@parametrize_matrix(MATRIX)
def test_get_as_role(client, world, ids, role_index, role, name, template, expected):
    response = check(client, world, role_index, role, template.format(**ids), expected)
    if response.streaming:
        b"".join(response.streaming_content)


def _state():
    return (
        list(Message.objects.values_list("pk", "title")),
        Receipt.objects.count(),
        list(Preference.objects.values_list("person_id", "email")),
    )


@pytest.mark.parametrize("role", ["anonymous", "member", "inspector", "other_secretary"])
def test_announce_post_refused(client, world, ids, role):
    before = _state()
    response = as_role(client, world, role).post(
        f"/notify/announce/?unit={ids['cell_a']}",
        {"title": "X", "body": "Y", "audience": "subtree"},
    )
    expected = {**POST_REFUSED, "other_secretary": 404}[role]
    assert response.status_code == expected
    assert _state() == before


@pytest.mark.parametrize("role", ["anonymous", "office", "secretary"])
def test_preferences_post_refused(client, world, ids, role):
    before = _state()
    response = as_role(client, world, role).post(
        "/notify/preferences/", {"email": "on", "zalo": ""}
    )
    assert response.status_code == {"anonymous": 302}.get(role, 403)
    assert _state() == before
