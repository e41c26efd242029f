"""Checking in by QR code and by one-time link: every anti-forwarding rule with an injected
`now`, then the pages on sessions scheduled around the real now, then the load test command.

Outcomes are asserted by code (the Vietnamese catalogue is compiled later).
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import re
import time
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.core.management import CommandError, call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lamtheo.org import subtree_sums
from lamtheo.study import checkin, services, unit_counts
from lamtheo.study.checkin import Code
from lamtheo.study.models import (
    Attendance,
    ConnectionPoint,
    Invitation,
    SubtreeParticipation,
    UnitParticipation,
)
from tests.factories import PersonFactory, UserFactory

S = dt.timedelta(seconds=1)
MIN = dt.timedelta(minutes=1)


def step_start(at: dt.datetime) -> dt.datetime:
    """The first instant of the code step that `at` falls in."""
    return dt.datetime.fromtimestamp(checkin.step_of(at) * checkin.STEP_SECONDS, dt.UTC)


def make_session(world, *, start, hours=2, units=None, fmt="hybrid", publish=True, by=None):
    by = by or world.office
    session = services.session_create(
        by=by,
        unit=world.committee if by == world.office else world.cell_a,
        title="Học tập chuyên đề năm 2026",
        kind="thematic",
        format=fmt,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
    )
    services.audience_set(by=by, session=session, units=units or [world.committee])
    if publish:
        session = services.session_publish(by=by, session=session)
    return session


def scan(user, session, at, token_at=None):
    """Check `user` in at `at` with the code the screen showed at `token_at` (default `at`)."""
    return checkin.check_in_by_qr(user, checkin.qr_token(session, token_at or at), at)


def forge(session_id: int, secret: str, step: int) -> str:
    head = checkin._HEAD.pack(session_id, step)
    return base64.urlsafe_b64encode(head + checkin._mac(secret, session_id, step)).decode()


# -- QR tokens -------------------------------------------------------------------------------


def test_token_is_short_url_safe_and_names_its_session_and_step(world, published):
    now = published.starts_at
    token = checkin.qr_token(published, now)
    assert len(token) == checkin.TOKEN_LENGTH == 32
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", token)
    session_id, step, _mac = checkin.read_qr_token(token)
    assert (session_id, step) == (published.pk, checkin.step_of(now))
    # The same step gives the same token; the next step another.
    assert checkin.qr_token(published, step_start(now) + 29 * S) == checkin.qr_token(
        published, step_start(now)
    )
    assert checkin.qr_token(published, step_start(now) + 30 * S) != token


def test_scan_in_the_window_checks_in_as_present(world, published):
    now = published.starts_at + MIN
    outcome = scan(world.member, published, now)
    assert outcome.code == Code.PRESENT and outcome.recorded
    record = Attendance.objects.get()
    assert record.session_id == published.pk and record.person_id == world.person_a.pk
    assert (record.status, record.method) == ("present", "qr")
    assert record.checked_in_at == now
    assert record.recorded_by_id == world.member.pk
    assert record.unit_id == world.cell_a.pk  # the unit at the invitation


def test_window_opens_15_minutes_before_the_start(world, published):
    too_early = published.starts_at - checkin.OPEN_BEFORE - S
    outcome = scan(world.member, published, too_early)
    assert outcome.code == Code.NOT_STARTED and outcome.refused
    assert not Attendance.objects.exists()
    outcome = scan(world.member, published, published.starts_at - checkin.OPEN_BEFORE)
    assert outcome.code == Code.PRESENT


def test_a_code_scanned_for_a_future_session_counts_for_nothing(world, published):
    # A code a host showed early (or any code of the session) scanned a day before.
    day_before = published.starts_at - dt.timedelta(days=1)
    assert scan(world.member, published, day_before).code == Code.NOT_STARTED
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    "after,status",
    [
        (dt.timedelta(0), "present"),
        (checkin.LATE_AFTER, "present"),
        (checkin.LATE_AFTER + S, "late"),
    ],
)
def test_late_when_more_than_15_minutes_after_the_start(world, published, after, status):
    now = published.starts_at + after
    outcome = scan(world.member, published, now)
    assert outcome.code == status
    assert Attendance.objects.get().status == status


def test_scan_after_the_end_is_refused(world, published):
    assert scan(world.member, published, published.ends_at + S).code == Code.ENDED
    assert not Attendance.objects.exists()
    assert scan(world.member, published, published.ends_at).code == Code.LATE  # until the end


def test_code_of_the_step_before_still_works(world, published):
    step = step_start(published.starts_at + 10 * MIN)
    # Shown at the very end of a step, read at the very start of the next one: good.
    outcome = scan(world.member, published, step + 30 * S, token_at=step + 29 * S)
    assert outcome.code == Code.PRESENT


@pytest.mark.parametrize("age", [60, 61, 300, 3600])
def test_expired_code_is_refused(world, published, age):
    step = step_start(published.starts_at + 10 * MIN)
    # Shown at the start of its step: dead 60 s later (its step and the next one).
    outcome = scan(world.member, published, step + age * S, token_at=step)
    assert outcome.code == Code.EXPIRED and outcome.refused
    assert not Attendance.objects.exists()
    assert scan(world.member, published, step + 59 * S, token_at=step).code == Code.PRESENT


def test_code_from_the_future_is_refused(world, published):
    now = published.starts_at + 10 * MIN
    assert scan(world.member, published, now, token_at=now + MIN).code == Code.EXPIRED
    # A few seconds of clock difference between servers are tolerated.
    step = step_start(now)
    outcome = scan(world.member, published, step + 30 * S - 2 * S, token_at=step + 30 * S)
    assert outcome.code == Code.PRESENT


def test_code_signed_for_another_session_is_no_code(world, published):
    other = make_session(world, start=published.starts_at, units=[world.cell_b])
    now = published.starts_at + MIN
    step = checkin.step_of(now)
    # Session A's id with a MAC made with session B's secret (or B's id with A's secret).
    for token in (
        forge(published.pk, other.qr_secret, step),
        forge(other.pk, published.qr_secret, step),
    ):
        assert checkin.check_in_by_qr(world.member, token, now).code == Code.INVALID
    assert not Attendance.objects.exists()


def test_genuine_code_of_another_session_checks_in_to_that_session_only(world, published):
    # Cell B's meeting at the same time: the member of cell A is not invited to it.
    other = make_session(world, start=published.starts_at, units=[world.cell_b])
    now = published.starts_at + MIN
    assert scan(world.member, other, now).code == Code.NOT_INVITED
    assert not Attendance.objects.exists()
    # Invited to both: B's code records B, never A.
    both = make_session(world, start=published.starts_at, units=[world.committee])
    assert scan(world.member, both, now).code == Code.PRESENT
    assert list(Attendance.objects.values_list("session_id", flat=True)) == [both.pk]


def test_second_scan_says_already_and_keeps_one_record(world, published):
    first = published.starts_at + MIN
    assert scan(world.member, published, first).code == Code.PRESENT
    outcome = scan(world.member, published, first + 5 * MIN)
    assert outcome.code == Code.ALREADY and not outcome.refused and not outcome.recorded
    assert outcome.at == first
    assert timezone.localtime(first).strftime("%H:%M") in outcome.message
    # Even with a dead code, or after the end: the answer is the first check-in.
    assert scan(world.member, published, first + 5 * MIN, token_at=first).code == Code.ALREADY
    assert scan(world.member, published, published.ends_at + MIN).code == Code.ALREADY
    assert Attendance.objects.count() == 1
    assert Attendance.objects.get().checked_in_at == first


def test_racing_scans_make_one_record(world, published, monkeypatch):
    now = published.starts_at + MIN
    assert scan(world.member, published, now).code == Code.PRESENT
    # The second scan did not see the first (both read before either wrote): the insert
    # loses on the unique constraint and reads the winner's row.
    person_of = checkin._person_of

    def blind(user, session_id):
        person = person_of(user, session_id)
        person.took_part, person.took_part_at = False, None
        return person

    monkeypatch.setattr(checkin, "_person_of", blind)
    outcome = scan(world.member, published, now + S)
    assert outcome.code == Code.ALREADY and outcome.at == now
    assert Attendance.objects.count() == 1


def test_cancelled_session_is_refused(world, published):
    services.session_cancel(by=world.office, session=published)
    published.refresh_from_db()
    assert scan(world.member, published, published.starts_at + MIN).code == Code.CANCELLED
    assert not Attendance.objects.exists()


def test_draft_session_is_refused(world, session):
    assert scan(world.member, session, session.starts_at + MIN).code == Code.NOT_PUBLISHED


def test_not_invited_is_refused(world, published):
    cell_b_only = make_session(world, start=published.starts_at, units=[world.cell_b])
    now = cell_b_only.starts_at + MIN
    assert checkin.preview_qr(world.member, checkin.qr_token(cell_b_only, now), now).code == (
        Code.NOT_INVITED
    )
    assert scan(world.member, cell_b_only, now).code == Code.NOT_INVITED
    assert not Attendance.objects.exists()


def test_account_not_linked_to_a_person_is_refused(world, published):
    now = published.starts_at + MIN
    assert scan(world.office, published, now).code == Code.NOT_LINKED
    world.person_a.left_on = timezone.localdate()
    world.person_a.save()
    assert scan(world.member, published, now).code == Code.NOT_LINKED
    assert not Attendance.objects.exists()


def test_tampered_or_malformed_token_is_refused(world, published):
    now = published.starts_at + MIN
    token = checkin.qr_token(published, now)
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    unknown = forge(published.pk + 1000, published.qr_secret, checkin.step_of(now))
    for bad in (flipped, token[:-1], token + "A", "x" * 32, "!" * 32, "", unknown):
        assert checkin.check_in_by_qr(world.member, bad, now).code == Code.INVALID, bad
    assert not Attendance.objects.exists()


def test_preview_writes_nothing(world, published):
    now = published.starts_at + MIN
    outcome = checkin.preview_qr(world.member, checkin.qr_token(published, now), now)
    assert outcome.code == Code.READY and outcome.person == world.person_a
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("earlier", ["absent", "excused"])
def test_scan_turns_an_earlier_absence_into_presence(world, published, earlier):
    services.record_attendance(
        session=published, person=world.person_a, status=earlier, method="roll_call"
    )
    now = published.starts_at + 20 * MIN
    assert scan(world.member, published, now).code == Code.LATE
    record = Attendance.objects.get()
    assert (record.status, record.method, record.checked_in_at) == ("late", "qr", now)
    assert scan(world.member, published, now + MIN).code == Code.ALREADY


# -- one-time links --------------------------------------------------------------------------


@pytest.fixture
def point(published):
    point = ConnectionPoint.objects.create(session=published, name="Điểm cầu Chi bộ A")
    Invitation.objects.filter(session=published, person__unit__name="Chi bộ A").update(point=point)
    return point


def invitation_of(session, person):
    return Invitation.objects.get(session=session, person=person)


def test_link_first_use_records_online_attendance_with_the_point(world, published, point):
    token = checkin.online_token(invitation_of(published, world.person_a))
    now = published.starts_at + 2 * MIN
    assert checkin.preview_link(token, now).code == Code.READY
    assert not Attendance.objects.exists()
    outcome = checkin.check_in_by_link(token, now)
    assert outcome.code == Code.PRESENT
    record = Attendance.objects.get()
    assert (record.person_id, record.method, record.point_id) == (
        world.person_a.pk,
        "online_link",
        point.pk,
    )
    assert record.checked_in_at == now and record.recorded_by_id is None


def test_link_used_twice_says_already(world, published):
    token = checkin.online_token(invitation_of(published, world.person_b))
    now = published.starts_at + MIN
    assert checkin.check_in_by_link(token, now).code == Code.PRESENT
    again = checkin.check_in_by_link(token, now + 10 * MIN)
    assert again.code == Code.ALREADY and again.at == now
    assert Attendance.objects.count() == 1


def test_link_late_after_15_minutes(world, published):
    token = checkin.online_token(invitation_of(published, world.person_b))
    assert checkin.check_in_by_link(token, published.starts_at + 16 * MIN).code == Code.LATE


def test_link_of_another_session(world, published):
    other = make_session(world, start=published.starts_at)
    token = checkin.online_token(invitation_of(other, world.person_a))
    now = published.starts_at + MIN
    assert checkin.check_in_by_link(token, now).code == Code.PRESENT
    assert list(Attendance.objects.values_list("session_id", flat=True)) == [other.pk]
    # An invitation of one session under another session's id: refused, even signed.
    mixed = signing.Signer(salt=checkin.LINK_SALT).sign_object(
        [invitation_of(published, world.person_b).pk, other.pk]
    )
    assert checkin.check_in_by_link(mixed, now).code == Code.INVALID
    assert Attendance.objects.count() == 1


def test_tampered_link_is_refused(world, published):
    token = checkin.online_token(invitation_of(published, world.person_a))
    value, signature = token.rsplit(":", 1)
    other_id = invitation_of(published, world.person_b).pk
    swapped = base64.urlsafe_b64encode(f"[{other_id},{published.pk}]".encode()).decode()
    now = published.starts_at + MIN
    for bad in (
        f"{value}:{signature[:-1]}x",
        f"{swapped.rstrip('=')}:{signature}",
        value,
        "",
        "abc:def",
    ):
        assert checkin.check_in_by_link(bad, now).code == Code.INVALID, bad
    assert not Attendance.objects.exists()


def test_link_only_inside_the_window(world, published):
    token = checkin.online_token(invitation_of(published, world.person_a))
    early = published.starts_at - checkin.OPEN_BEFORE - S
    assert checkin.check_in_by_link(token, early).code == Code.NOT_STARTED
    assert checkin.check_in_by_link(token, published.ends_at + S).code == Code.ENDED
    assert not Attendance.objects.exists()


def test_link_of_an_in_person_or_cancelled_session_is_refused(world, published):
    in_person = make_session(world, start=published.starts_at, fmt="in_person")
    now = published.starts_at + MIN
    token = checkin.online_token(invitation_of(in_person, world.person_a))
    assert checkin.check_in_by_link(token, now).code == Code.NOT_ONLINE
    services.session_cancel(by=world.office, session=published)
    token = checkin.online_token(invitation_of(published, world.person_a))
    assert checkin.check_in_by_link(token, now).code == Code.CANCELLED
    assert not Attendance.objects.exists()


def test_link_after_a_qr_check_in_says_already(world, published):
    now = published.starts_at + MIN
    assert scan(world.member, published, now).code == Code.PRESENT
    token = checkin.online_token(invitation_of(published, world.person_a))
    assert checkin.check_in_by_link(token, now + MIN).code == Code.ALREADY


# -- scan notes ------------------------------------------------------------------------------


def test_scan_note_proves_the_time_of_scanning_within_the_grace(world, published):
    now = published.starts_at.replace(microsecond=0) + 10 * MIN  # notes keep milliseconds
    token = checkin.qr_token(published, now)
    earlier = now - MIN
    note = checkin.scan_note(token, earlier, browser="b1")
    assert checkin.scanned_at(note, token, now, browser="b1") == earlier
    assert checkin.scanned_at(note, token, now, user_id=world.member.pk, browser="b1") == earlier
    # A signed-out note counts only in the browser that scanned (issue 10 §6).
    assert checkin.scanned_at(note, token, now) == now
    assert checkin.scanned_at(note, token, now, browser="b2") == now
    assert checkin.scanned_at(checkin.scan_note(token, earlier), token, now, browser="") == now
    mine = checkin.scan_note(token, earlier, world.member.pk)
    assert checkin.scanned_at(mine, token, now, user_id=world.member.pk) == earlier
    # Another user's note, another token, too old, from the future, forged: `now`.
    assert checkin.scanned_at(mine, token, now, user_id=world.office.pk) == now
    assert checkin.scanned_at(note, token[::-1], now, browser="b1") == now
    late = earlier + checkin.SIGNIN_GRACE + S
    assert checkin.scanned_at(note, token, late, browser="b1") == late
    assert checkin.SIGNIN_GRACE <= 2 * MIN
    future = checkin.scan_note(token, now + MIN, browser="b1")
    assert checkin.scanned_at(future, token, now, browser="b1") == now
    assert checkin.scanned_at(note + "x", token, now, browser="b1") == now
    assert checkin.scanned_at("", token, now) == now


# -- pages (sessions around the real now) ----------------------------------------------------


@pytest.fixture
def running(world):
    """Published, hybrid, for the whole committee, started five minutes ago."""
    return make_session(world, start=timezone.now() - 5 * MIN)


def qr_url(session, at=None):
    return reverse("qr-checkin", args=[checkin.qr_token(session, at or timezone.now())])


def outcome_of(response) -> str:
    match = re.search(rb'data-outcome="([a-z_]+)"', response.content)
    return match.group(1).decode() if match else ""


def test_anonymous_scan_goes_to_sign_in_and_notes_the_time(client, world, running):
    url = qr_url(running)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert response["Location"].endswith(f"?next={url}")
    cookie = response.cookies["lamtheo_scan"]
    assert cookie["path"] == "/study/c/" and cookie["httponly"]
    token = url.split("/")[-2]
    browser = client.session["lamtheo_scan_browser"]
    assert checkin.scanned_at(cookie.value, token, timezone.now(), browser=browser) < (
        timezone.now()
    )
    assert client.post(url).status_code == 302
    assert not Attendance.objects.exists()


def test_sign_in_then_back_to_the_code(client, world, running):
    url = qr_url(running)
    client.get(url)
    response = client.post(
        reverse("login") + f"?next={url}",
        {"username": "dangvien", "password": "demo12345", "next": url},
    )
    assert response.status_code == 302 and response["Location"] == url
    response = client.get(url)
    assert response.status_code == 200 and outcome_of(response) == "ready"


def scan_time_of(response) -> float:
    """The time of scanning the confirm form carries (its signed hidden field)."""
    return signing.loads(response.context["scan"], salt=checkin.SCAN_SALT)[1]


def test_the_scan_note_counts_only_in_the_browser_that_scanned(client, world, running):
    """Issue 10 §6: a signed-out scan note handed to another browser (another member's phone)
    proves nothing there; in the browser that scanned, it survives the sign-in."""
    url = qr_url(running)
    client.get(url)
    cookie = client.cookies["lamtheo_scan"].value
    scanned = signing.loads(cookie, salt=checkin.SCAN_SALT)[1]
    time.sleep(0.01)
    other = Client()
    other.cookies["lamtheo_scan"] = cookie
    other.cookies["lamtheo_scan"]["path"] = "/study/c/"
    for browser in (client, other):
        response = browser.post(
            reverse("login") + f"?next={url}",
            {"username": "dangvien", "password": "demo12345", "next": url},
        )
        assert response.status_code == 302
    assert scan_time_of(client.get(url)) == scanned
    assert scan_time_of(other.get(url)) > scanned


def test_member_confirms_with_one_tap(login, world, running):
    client = login(world.member)
    url = qr_url(running)
    response = client.get(url)
    assert response.status_code == 200 and outcome_of(response) == "ready"
    assert response["Server-Timing"].startswith("app;dur=")
    assert not Attendance.objects.exists()  # a GET records nothing
    scan = response.context["scan"]
    response = client.post(url, {"scan": scan})
    assert response.status_code == 200 and outcome_of(response) == "present"
    assert response["Server-Timing"].startswith("app;dur=")
    assert Attendance.objects.get().person_id == world.person_a.pk
    response = client.post(url, {"scan": scan})
    assert response.status_code == 200 and outcome_of(response) == "already"
    assert outcome_of(client.get(url)) == "already"
    assert Attendance.objects.count() == 1


def test_check_in_runs_a_fixed_number_of_queries(login, world, running):
    client = login(world.member)
    url = qr_url(running)
    with CaptureQueriesContext(connection) as get:
        assert outcome_of(client.get(url)) == "ready"
    with CaptureQueriesContext(connection) as post:
        assert outcome_of(client.post(url)) == "present"
    # Both: the session cookie, the user, the study session, the person with "invited" and
    # "took part" (one query); the POST adds record_attendance's invitation and the INSERT.
    # The page has no menu, so no scope queries. Savepoints exist only in the test transaction.
    # Then the person's months taken part in are recounted (study.participation_counts): the
    # person locked (PostgreSQL only), the year counted, the row written; and whether the year
    # is counted per unit (study.unit_counts), once for the person's units and once for the
    # host's attendance count (this year is not: nothing more).
    assert len(get.captured_queries) == 4, [q["sql"] for q in get.captured_queries]
    statements = [q["sql"] for q in post.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == 10 + connection.features.has_select_for_update, statements


def test_a_check_in_in_a_counted_year_moves_its_unit_without_recounting_it(login, world, running):
    """With the year counted per unit (study.unit_counts), a check-in moves its unit's rows
    and the sums above by the person's own change, in a fixed number of statements: it no
    longer deletes and rewrites the unit's rows recounted from all its people
    (BENCHMARKS.md), and the rows equal a live recount."""
    year = timezone.localdate().year
    unit_counts.rebuild([year])
    client = login(world.member)

    def check_in() -> list[str]:
        Attendance.objects.filter(session=running, person__user=world.member).delete()
        with CaptureQueriesContext(connection) as post:
            assert outcome_of(client.post(qr_url(running))) == "present"
        assert unit_counts.stored_rows(year) == unit_counts.live_rows(year)
        for kept in unit_counts.KEPT:
            assert subtree_sums.stored(kept) == subtree_sums.live(kept), kept.sums
        return [q["sql"] for q in post.captured_queries if "SAVEPOINT" not in q["sql"]]

    few = check_in()
    for _ in range(10):
        PersonFactory(unit=world.member.person.unit)
    assert len(check_in()) == len(few)
    assert not any(q.startswith("DELETE") for q in few), few


def test_slow_sign_in_within_the_grace_still_counts(client, world, running):
    now = timezone.now()
    token = checkin.qr_token(running, now - 100 * S)  # dead by now
    url = reverse("qr-checkin", args=[token])
    client.force_login(world.member, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(url)
    assert response.status_code == 403 and outcome_of(response) == "expired"
    # Scanned 95 s ago (noted on the way to the sign-in page): checked against that time.
    session = client.session
    session["lamtheo_scan_browser"] = "b1"
    session.save()
    client.cookies["lamtheo_scan"] = checkin.scan_note(token, now - 95 * S, browser="b1")
    response = client.get(url)
    assert outcome_of(response) == "ready"
    response = client.post(url, {"scan": response.context["scan"]})
    assert outcome_of(response) == "present"
    assert abs(Attendance.objects.get().checked_in_at - (now - 95 * S)) < S
    assert "lamtheo_scan" in response.cookies  # the note is used up (deleted)


def test_scan_note_of_another_user_or_too_old_does_not_help(client, world, running):
    now = timezone.now()
    token = checkin.qr_token(running, now - 100 * S)
    url = reverse("qr-checkin", args=[token])
    client.force_login(world.member, backend="django.contrib.auth.backends.ModelBackend")
    theirs = checkin.scan_note(token, now - 95 * S, world.office.pk)
    assert outcome_of(client.post(url, {"scan": theirs})) == "expired"
    client.cookies["lamtheo_scan"] = checkin.scan_note(token, now - 6 * MIN)
    assert outcome_of(client.get(url)) == "expired"
    assert not Attendance.objects.exists()


def test_refusals_answer_403_and_no_code_404(login, world, running):
    client = login(world.office)
    response = client.get(qr_url(running))
    assert response.status_code == 403 and outcome_of(response) == "not_linked"
    response = client.get(reverse("qr-checkin", args=["not-a-code"]))
    assert response.status_code == 404 and outcome_of(response) == "invalid"


def test_link_page_needs_no_sign_in_and_is_single_use(client, world, running):
    token = checkin.online_token(invitation_of(running, world.person_b))
    url = reverse("link-checkin", args=[token])
    response = client.get(url)
    assert response.status_code == 200 and outcome_of(response) == "ready"
    assert "Trần Thị Ánh" in response.content.decode()
    assert not Attendance.objects.exists()
    response = client.post(url)
    assert response.status_code == 200 and outcome_of(response) == "present"
    assert response["Server-Timing"].startswith("app;dur=")
    response = client.post(url)
    assert response.status_code == 200 and outcome_of(response) == "already"
    assert Attendance.objects.get().method == "online_link"
    tampered = reverse("link-checkin", args=[token[:-2] + "xx"])
    assert client.post(tampered).status_code == 404
    assert Attendance.objects.count() == 1


def test_link_post_needs_the_csrf_token(world, running):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    url = reverse(
        "link-checkin", args=[checkin.online_token(invitation_of(running, world.person_b))]
    )
    assert client.post(url).status_code == 403
    assert not Attendance.objects.exists()
    page = client.get(url)
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1)
    assert outcome_of(client.post(url, {"csrfmiddlewaretoken": csrf.decode()})) == "present"


def test_qr_screen_shows_a_working_code_and_the_count(login, world, running, settings):
    settings.SITE_URL = "https://lamtheo.example.vn/"
    client = login(world.office)
    response = client.get(reverse("session-qr", args=[running.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "style=" not in html.split("<svg", 1)[1].split("</svg>")[0]
    assert f'hx-get="{reverse("session-qr-code", args=[running.pk])}"' in html
    assert 'hx-trigger="every 10s"' in html
    url = re.search(r'data-qr-url="([^"]+)"', html).group(1)
    assert url.startswith("https://lamtheo.example.vn/study/c/")
    token = urlsplit(url).path.split("/")[-2]
    assert checkin.check_in_by_qr(world.member, token, timezone.now()).code == Code.PRESENT
    fragment = client.get(reverse("session-qr-code", args=[running.pk]))
    assert fragment.status_code == 200
    assert 'data-checked-in="1"' in fragment.content.decode()
    assert ">1 / 2<" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_qr_screen_before_the_window_shows_no_code(login, world, published):
    client = login(world.office)
    response = client.get(reverse("session-qr-code", args=[published.pk]))
    assert response.status_code == 200 and "<svg" not in response.content.decode()
    assert "hx-trigger" in response.content.decode()  # keeps asking until the window opens


def test_qr_screen_stops_polling_when_over(login, world):
    ended = make_session(world, start=timezone.now() - 3 * dt.timedelta(hours=1))
    client = login(world.office)
    response = client.get(reverse("session-qr-code", args=[ended.pk]))
    assert response.status_code == 286 and "<svg" not in response.content.decode()
    assert "hx-trigger" not in response.content.decode()


def test_qr_screen_queries_do_not_grow_with_invitees(login, world, running):
    client = login(world.office)
    url = reverse("session-qr", args=[running.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for _ in range(5):
        PersonFactory(unit=world.cell_a)
    services.audience_set(by=world.office, session=running, units=[world.committee])
    assert Invitation.objects.filter(session=running).count() == 7
    assert count() == before


def test_links_csv_for_the_mail_merge(login, world, running):
    world.person_b.phone = "+84 912 345 678"
    world.person_b.save()
    client = login(world.office)
    response = client.get(reverse("session-links", args=[running.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert len(rows) == 3
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Nguyễn Văn Quang", "Trần Thị Ánh"}
    assert by_name["Trần Thị Ánh"][1] == "Chi bộ B"
    assert by_name["Trần Thị Ánh"][4] == "'+84 912 345 678"  # never a formula
    link = by_name["Trần Thị Ánh"][5]
    assert link.startswith("http") and "/study/link/" in link
    token = urlsplit(link).path.split("/")[-2]
    outcome = checkin.check_in_by_link(token, timezone.now())
    assert outcome.code == Code.PRESENT and outcome.person == world.person_b


def test_links_csv_queries_do_not_grow_with_invitees(login, world, running):
    client = login(world.office)
    url = reverse("session-links", args=[running.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for _ in range(5):
        PersonFactory(unit=world.cell_b)
    services.audience_set(by=world.office, session=running, units=[world.committee])
    assert count() == before


def test_in_person_session_has_no_links(login, world):
    session = make_session(world, start=timezone.now(), fmt="in_person")
    response = login(world.office).get(reverse("session-links", args=[session.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode()[1:])))
    assert len(rows) == 1


def test_panel_for_the_host(login, world, running):
    response = login(world.office).get(reverse("session-checkin-panel", args=[running.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("session-qr", args=[running.pk]) in html
    assert reverse("session-links", args=[running.pk]) in html
    assert response.context["checkin_panel"]["host"]


def test_panel_for_an_invited_member(login, world, running, published):
    client = login(world.member)
    panel = client.get(reverse("session-checkin-panel", args=[running.pk])).context["checkin_panel"]
    assert panel["invited"] and panel["open"] and not panel["host"] and panel["show"]
    assert reverse("session-qr", args=[running.pk]) not in str(panel)
    # An hour away: "opens at …".
    panel = client.get(reverse("session-checkin-panel", args=[published.pk])).context[
        "checkin_panel"
    ]
    assert panel["before"] and not panel["open"] and panel["show"]
    # Checked in: the time.
    scan(world.member, running, timezone.now())
    response = client.get(reverse("session-checkin-panel", args=[running.pk]))
    assert response.context["checkin_panel"]["attendance"] is not None


def test_panel_is_empty_for_someone_with_nothing_to_do_there(login, world, running):
    # The inspector sees the session but neither hosts it nor is invited: nothing to show.
    response = login(world.inspector).get(reverse("session-checkin-panel", args=[running.pk]))
    assert response.status_code == 200 and not response.context["checkin_panel"]["show"]
    assert response.content.decode().strip() == ""
    # A session one is not invited to is not visible at all.
    other = make_session(world, start=timezone.now(), units=[world.cell_b])
    response = login(world.member).get(reverse("session-checkin-panel", args=[other.pk]))
    assert response.status_code == 404
    user = UserFactory(username="dangvien_b")
    world.person_b.user = user
    world.person_b.save()
    response = login(user).get(reverse("session-checkin-panel", args=[other.pk]))
    assert response.context["checkin_panel"]["show"]


def test_panel_include_loads_itself(rf, world, running):
    from lamtheo.study.views.checkin import panel_context

    html = render_to_string("study/_checkin_panel.html", {"session": running, "user": world.member})
    assert f'hx-get="{reverse("session-checkin-panel", args=[running.pk])}"' in html
    inline = render_to_string(
        "study/_checkin_panel.html",
        {
            "session": running,
            "user": world.office,
            "checkin_panel": panel_context(world.office, running),
        },
    )
    assert reverse("session-qr", args=[running.pk]) in inline and "hx-get" not in inline


# -- the load test command -------------------------------------------------------------------


def test_bench_checkin_refuses_a_database_with_data(world):
    with pytest.raises(CommandError, match="empty database"):
        call_command("bench_checkin", people=10, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_bench_checkin_small_burst():
    """The whole load test on 120 people and 8 scanners, against a real gunicorn.

    It needs a database another process can open: PostgreSQL, or SQLite in a file.
    """
    from lamtheo.devdata.bench.checkin_data import database_url_for_server

    if not database_url_for_server():
        pytest.skip("the test database is an in-memory SQLite the server cannot open")
    out = io.StringIO()
    call_command(
        "bench_checkin",
        people=120,
        scanners=8,
        workers=2,
        stdout=out,
        stderr=io.StringIO(),
    )
    report = out.getvalue()
    assert "check-in POST, server time" in report
    assert "attendance rows: 120 (120 distinct people)" in report
    assert "errors: 0" in report
    # The year is counted: the burst moved the units' rows and sums, checked against a live
    # recount by the command itself.
    assert "the year per unit: counted" in report
    assert "verdict: OK" in report
    assert UnitParticipation.objects.exists() and SubtreeParticipation.objects.exists()
    assert Attendance.objects.count() == 120
    assert Attendance.objects.values("person").distinct().count() == 120


def test_links_csv_carries_only_the_contacts_the_host_may_see(login, world, running):
    """A committee secretary hosting the committee's session gets no e-mails or phones of
    the cells' people (org.privacy); the office gets them."""
    from tests.factories import GrantFactory, UserFactory

    host = UserFactory(username="bithu_dangbo")
    GrantFactory(user=host, unit=world.committee, role="secretary")
    for user, header in [
        (host, ["Họ và tên", "Đơn vị", "Điểm cầu", "Đường dẫn dùng một lần"]),
        (
            world.office,
            ["Họ và tên", "Đơn vị", "Điểm cầu", "Email", "Điện thoại", "Đường dẫn dùng một lần"],
        ),
    ]:
        response = login(user).get(reverse("session-links", args=[running.pk]))
        rows = list(csv.reader(io.StringIO(response.content.decode()[1:])))
        assert rows[0] == header, user.username
        assert all(len(row) == len(header) for row in rows)


def test_session_files_are_in_the_access_log(login, world, running):
    from lamtheo.org.models import PersonExport

    # Invitations of another session first, so that invitation ids are not person ids.
    make_session(world, start=timezone.now(), units=[world.cell_b])
    make_session(world, start=timezone.now(), units=[world.cell_b])
    client = login(world.office)
    for name in ("session-links", "session-minutes", "session-attendance-xlsx"):
        assert client.get(reverse(name, args=[running.pk])).status_code == 200
    exports = list(PersonExport.objects.order_by("pk"))
    assert [e.what for e in exports] == [
        "Liên kết điểm danh",
        "Biên bản buổi học tập",
        "Danh sách điểm danh",
    ]
    for export in exports:
        assert export.unit == world.committee and export.count == 2
        people = set(export.accesses.values_list("person_id", flat=True))
        assert people == {world.person_a.pk, world.person_b.pk}
