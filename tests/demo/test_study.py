"""The demo's study sessions: the committee's 2023 as the article tells it, a little of 2026.

The demo is loaded once for the package (tests/demo/conftest.py); each test runs in its own
transaction on top of it. The figures are the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zoneinfo
from collections import Counter, defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.management import call_command
from django.db.models import F, Q
from django.utils import timezone

from lamtheo.devdata.data import study as data
from lamtheo.devdata.data.reform import DN_WARD
from lamtheo.devdata.demo import study as demo
from lamtheo.devdata.demo.common import DATA_TODAY
from lamtheo.org.models import Membership, Person, Unit
from lamtheo.org.models import PartyStatus as PS
from lamtheo.programs.models import ProgramYear
from lamtheo.study import rate_people, rates
from lamtheo.study.models import (
    TOOK_PART,
    Attendance,
    AttendanceStatus,
    ConnectionPoint,
    Excuse,
    ExcuseStatus,
    Invitation,
    SelfStudy,
    SessionFormat,
    SessionKind,
    SessionStatus,
    StudySession,
)
from tests.demo.helpers import user

MEMBERS = (PS.OFFICIAL, PS.PROBATIONARY)
TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def in_2023():
    return StudySession.objects.filter(
        starts_at__gte=dt.datetime(2023, 1, 1, tzinfo=TZ),
        starts_at__lt=dt.datetime(2024, 1, 1, tzinfo=TZ),
    )


def cells_of_2023():
    return [
        u
        for u in Unit.objects.filter(kind__in=data.CELLS).order_by("path")
        if (u.opened_on is None or u.opened_on <= dt.date(2023, 12, 31))
        and (u.closed_on is None or u.closed_on >= dt.date(2023, 1, 1))
        and u.code.startswith("DD-")
    ]


def snapshot():
    """Every study record by codes and titles (not database ids), to the second."""
    return {
        "sessions": sorted(
            StudySession.objects.values_list(
                "unit__code",
                "title",
                "kind",
                "format",
                "status",
                "starts_at",
                "ends_at",
                "place",
                "topic",
                "counts_for_participation",
                "program_year__year",
                "created_by__username",
                "created_at",
                "published_at",
            ),
            key=str,
        ),
        "invitations": sorted(
            Invitation.objects.values_list(
                "session__title", "session__unit__code", "person__code", "unit__code", "point__name"
            ),
            key=str,
        ),
        "attendance": sorted(
            Attendance.objects.values_list(
                "session__title",
                "session__unit__code",
                "person__code",
                "unit__code",
                "status",
                "method",
                "point__name",
                "checked_in_at",
                "recorded_by__username",
                "updated_at",
            ),
            key=str,
        ),
        "excuses": sorted(
            Excuse.objects.values_list(
                "session__title", "person__code", "reason", "status", "requested_at", "decided_at"
            ),
            key=str,
        ),
        "self_study": sorted(
            SelfStudy.objects.values_list(
                "person__code",
                "unit__code",
                "studied_on",
                "material",
                "minutes",
                "note",
                "recorded_by__username",
                "created_at",
            ),
            key=str,
        ),
        "points": sorted(
            ConnectionPoint.objects.values_list("session__title", "name", "unit__code"), key=str
        ),
    }


# -- the 2023 rate ----------------------------------------------------------------------------


def test_the_committee_2023_rate_is_pinned(root):
    """The article: "tỷ lệ cán bộ, đảng viên tham gia học tập đạt 100%". Every member took
    part (one of them by self-study only); eleven non-members took part in nothing."""
    start, end = rates.year_bounds(2023)
    members = rates.participation(root, start, end, rates.Population.MEMBERS)
    assert (members.took_part, members.people) == (279, 279)
    assert members.rate == Decimal("100.0")
    assert (members.sessions, members.self_study, members.self_study_only) == (278, 95, 1)
    everyone = rates.participation(root, start, end, rates.Population.EVERYONE)
    assert (everyone.took_part, everyone.people) == (356, 367)
    assert everyone.rate == Decimal("97.0")
    assert data.PINNED_2023 == {
        "members": (279, 279, "100.0"),
        "everyone": (356, 367, "97.0"),
    }
    never = rate_people.never_present(root, start, end, rates.Population.EVERYONE)
    assert never.paginator.count == 11
    # None of them was a Party member in 2023 (workers, or members who joined later).
    for person in never.object_list:
        assert person.party_status not in MEMBERS or person.joined_on > end


def test_every_cell_reaches_the_article_figure_for_members(root):
    start, end = rates.year_bounds(2023)
    rows = rates.participation_by_child(root, start, end, rates.Population.MEMBERS)
    assert len(rows) >= 20
    for row in rows:
        assert row.totals.people > 0
        assert row.totals.took_part == row.totals.people, row.unit.name


def test_months_show_the_ups_and_downs_of_a_year(root):
    months = rates.participation_by_month(root, 2023, rates.Population.MEMBERS)
    monthly = [row.totals.rate for row in months]
    assert all(Decimal("80.0") <= r < Decimal("100.0") for r in monthly), monthly
    assert len(set(monthly)) > 6


# -- what happened in 2023 ----------------------------------------------------------------------


def test_the_articles_conferences_hosted_by_the_committee(root):
    review = StudySession.objects.get(unit=root, title=data.REVIEW_TITLE)
    assert timezone.localdate(review.starts_at) == dt.date(2023, 3, 14)
    assert review.kind == SessionKind.KEY_CADRE_CONFERENCE
    assert "Kết luận số 01-KL/TW" in review.title
    assert "05 tập thể, 05 cá nhân" in review.topic
    key_cadre = StudySession.objects.get(unit=root, title=data.KEY_CADRE_TITLE)
    assert key_cadre.kind == SessionKind.KEY_CADRE_CONFERENCE
    assert {review.invitations.count(), key_cadre.invitations.count()} <= set(range(60, 120))
    briefings = in_2023().filter(unit=root, kind=SessionKind.BRIEFING)
    assert briefings.count() == 4

    online = StudySession.objects.get(unit=root, title=data.ONLINE_TITLE)
    assert online.format == SessionFormat.HYBRID
    assert online.online_link.startswith("https://")
    points = list(online.points.select_related("unit"))
    assert len(points) == 6
    assert sum(p.unit_id == root.pk for p in points) == 1  # the main point, in the hall
    assert all(p.name.startswith("Điểm cầu") for p in points)
    # Everyone is invited (members and workers) and follows from a point.
    invitations = online.invitations.all()
    assert invitations.count() > 320  # the people of the committee on 16/05/2023
    assert not invitations.filter(point__isnull=True).exists()
    at_cells = Attendance.objects.filter(session=online, status__in=TOOK_PART).exclude(
        point__unit=root
    )
    assert at_cells.count() > 50
    assert at_cells.filter(method="roll_call").count() == at_cells.count()


def test_a_monthly_meeting_in_every_cell(root):
    meetings = in_2023().filter(kind=SessionKind.CELL_MEETING)
    by_cell = defaultdict(list)
    for unit_id, starts_at in meetings.values_list("unit_id", "starts_at"):
        by_cell[unit_id].append(timezone.localdate(starts_at).month)
    cells = cells_of_2023()
    assert len(cells) == 22
    for cell in cells:
        assert sorted(by_cell[cell.pk]) == list(range(1, 13)), cell.name
    for session in meetings.filter(unit__code=data.NNCS):
        assert re.fullmatch(r"Sinh hoạt chi bộ thường kỳ tháng \d{1,2}/2023", session.title)
        assert session.topic and session.agenda
        assert timezone.localdate(session.starts_at).weekday() < 5


def test_cell_meetings_invite_the_members_of_the_day(root):
    meetings = in_2023().filter(kind=SessionKind.CELL_MEETING)
    invitations = Invitation.objects.filter(session__in=meetings).select_related(
        "person", "session"
    )
    assert invitations.count() > 3000
    for inv in invitations:
        assert inv.person.party_status in MEMBERS
        assert inv.person.joined_on is None or inv.person.joined_on <= timezone.localdate(
            inv.session.starts_at
        )
    # Someone who joined the Party in 2023, in one of the cells, is invited from that day on.
    newcomers = Person.objects.filter(
        joined_on__year=2023, party_status__in=MEMBERS, unit_since__lte=F("joined_on")
    )
    assert newcomers.count() >= 4
    for person in newcomers:
        days = [
            timezone.localdate(s)
            for s in invitations.filter(person=person).values_list("session__starts_at", flat=True)
        ]
        assert days and min(days) >= person.joined_on


def test_the_transfer_of_2023_in_each_cell_for_its_months(root):
    moved = Membership.objects.get(ended_on=dt.date(2023, 9, 1))
    person = moved.person
    cells = {}
    for unit_code, starts_at in Invitation.objects.filter(
        person=person,
        session__kind=SessionKind.CELL_MEETING,
        session__starts_at__year=2023,
    ).values_list("session__unit__code", "session__starts_at"):
        cells[timezone.localdate(starts_at).month] = unit_code
    assert {cells[m] for m in range(1, 9)} == {moved.unit.code}
    assert {cells[m] for m in range(9, 13)} == {data.NNCS}
    # The attendance keeps the unit of the time.
    units = set(
        Attendance.objects.filter(person=person, session__starts_at__year=2023).values_list(
            "unit__code", flat=True
        )
    )
    assert units == {moved.unit.code, data.NNCS}


def test_thematic_study_of_the_2023_theme_in_every_cell(root):
    year = ProgramYear.objects.get(year=2023)
    assert "dân là gốc" in year.theme and data.THEME_2023_SHORT in year.theme
    thematic = in_2023().filter(kind=SessionKind.THEMATIC_STUDY).exclude(unit=root)
    assert set(thematic.values_list("unit_id", flat=True)) == {c.pk for c in cells_of_2023()}
    assert not in_2023().filter(program_year__isnull=True).exists()
    assert in_2023().filter(program_year=year).count() == in_2023().count()
    cancelled = thematic.get(status=SessionStatus.CANCELLED)
    assert "hoãn" in cancelled.title
    assert not cancelled.attendances.exists()
    held_later = thematic.get(unit=cancelled.unit, status=SessionStatus.PUBLISHED)
    assert held_later.starts_at > cancelled.starts_at
    # A session that does not count: its attendance is kept but leaves the rate alone.
    other = in_2023().get(counts_for_participation=False)
    assert other.attendances.exists()


def test_attendance_is_realistic(root):
    records = Attendance.objects.filter(session__in=in_2023())
    counts = Counter(records.values_list("status", flat=True))
    total = sum(counts.values())
    assert total > 3500
    share = {status: counts[status] / total for status in AttendanceStatus.values}
    assert 0.78 < share[AttendanceStatus.PRESENT] < 0.92, share
    assert 0.03 < share[AttendanceStatus.LATE] < 0.08, share
    assert 0.04 < share[AttendanceStatus.EXCUSED] < 0.12, share
    assert 0.01 < share[AttendanceStatus.ABSENT] < 0.06, share
    # Only invited people, with the unit of their invitation; check-in times fit the status.
    invited = {
        (s, p): u
        for s, p, u in Invitation.objects.filter(session__in=in_2023()).values_list(
            "session_id", "person_id", "unit_id"
        )
    }
    for record in records.select_related("session"):
        assert invited[(record.session_id, record.person_id)] == record.unit_id
        start = record.session.starts_at
        if record.status == AttendanceStatus.PRESENT:
            assert start - dt.timedelta(minutes=16) <= record.checked_in_at <= start
        elif record.status == AttendanceStatus.LATE:
            assert start < record.checked_in_at <= start + dt.timedelta(minutes=36)
        else:
            assert record.checked_in_at is None
    # A few people at the online conference were never recorded.
    online = StudySession.objects.get(title=data.ONLINE_TITLE)
    missing = online.invitations.count() - online.attendances.count()
    assert 0 < missing < 30


def test_excused_people_asked_before_the_session(root):
    excused = Attendance.objects.filter(
        session__in=in_2023(), status=AttendanceStatus.EXCUSED
    ).values_list("session_id", "person_id")
    excuses = {
        (e.session_id, e.person_id): e
        for e in Excuse.objects.filter(session__in=in_2023()).select_related("session")
    }
    assert set(excused) == set(excuses)
    for excuse in excuses.values():
        assert excuse.status == ExcuseStatus.APPROVED
        assert excuse.requested_at < excuse.decided_at < excuse.session.starts_at
        assert excuse.reason


def test_self_study_makes_up_for_missed_meetings(root):
    studies = SelfStudy.objects.filter(studied_on__year=2023)
    assert 80 < studies.count() < 250
    assert studies.count() == SelfStudy.objects.count()
    assert {s.recorded_by.username for s in studies.select_related("recorded_by")} == {"vanphong"}
    assert all(s.created_at.date() == s.studied_on for s in studies)
    year = ProgramYear.objects.get(year=2023)
    assert studies.filter(program_year=year).count() == studies.count()
    # The member on sick leave all year: excused from everything, studies at home.
    only = [
        p
        for p in rates.flagged_people(
            root, dt.date(2023, 1, 1), dt.date(2023, 12, 31), rates.Population.MEMBERS
        )
        if p.via_self_study and not p.via_session
    ]
    assert len(only) == 1
    person = only[0]
    assert person.unit.code == data.LONG_LEAVE_CELL
    statuses = set(Attendance.objects.filter(person=person).values_list("status", flat=True))
    assert statuses == {AttendanceStatus.EXCUSED}
    assert Excuse.objects.filter(person=person, reason=data.LONG_LEAVE_REASON).count() > 12


def test_the_story_is_dated_in_its_own_time(root):
    """Nothing is stamped with the day the demo was loaded, nor after the data's today."""
    latest = dt.datetime.combine(DATA_TODAY + dt.timedelta(days=1), dt.time(), tzinfo=TZ)
    for session in StudySession.objects.all():
        assert session.created_at < latest
        assert session.updated_at < latest
        if session.status == SessionStatus.DRAFT:
            assert session.published_at is None
        else:
            assert session.created_at < session.published_at < latest
            assert session.published_at < session.starts_at
    assert not Attendance.objects.filter(updated_at__gte=latest).exists()
    assert not SelfStudy.objects.filter(created_at__gte=latest).exists()
    assert not Excuse.objects.filter(requested_at__gte=latest).exists()


# -- 2026 and what comes next --------------------------------------------------------------------


def successor() -> Unit:
    """The committee that took the demo users' cells on 01/07/2025 and hosts 2026."""
    return Unit.objects.get(code=DN_WARD[0])


def test_past_years_have_their_own_sessions(root):
    """2021 (from July), 2022, 2024 and the first half of 2025: a conference on the year's
    theme hosted by the bloc and every cell's quarterly meetings, with attendance."""
    expected = {2021: (7, 2), 2022: (5, 4), 2024: (5, 4), 2025: (3, 2)}
    for year, (month, meetings) in expected.items():
        sessions = StudySession.objects.filter(starts_at__year=year)
        conference = sessions.get(unit=root, kind=SessionKind.THEMATIC_STUDY)
        assert timezone.localdate(conference.starts_at).month == month
        nncs = sessions.filter(unit__code=data.NNCS, kind=SessionKind.CELL_MEETING)
        assert nncs.count() == meetings, year
        assert Attendance.objects.filter(session__in=sessions).count() > 500, year
    last = StudySession.objects.get(
        unit=root, kind=SessionKind.KEY_CADRE_CONFERENCE, starts_at__year=2025
    )
    assert timezone.localdate(last.starts_at) < root.closed_on
    assert not StudySession.objects.filter(unit=root, starts_at__date__gt=root.closed_on).exists()


def test_2026_held_and_upcoming_sessions(root):
    year = ProgramYear.objects.get(year=2026, program__unit=successor())
    after = dt.datetime.combine(DATA_TODAY + dt.timedelta(days=1), dt.time(), tzinfo=TZ)
    held = StudySession.objects.filter(starts_at__year=2026, starts_at__lt=after)
    assert held.count() == 3
    assert all(s.attendances.exists() for s in held)
    theme = held.get(format=SessionFormat.HYBRID)
    assert theme.program_year == year and year.theme in theme.topic
    upcoming = StudySession.objects.filter(starts_at__gte=after).order_by("starts_at")
    published = upcoming.filter(status=SessionStatus.PUBLISHED)
    assert [timezone.localdate(s.starts_at) for s in published] == [
        dt.date(2026, 12, 8),
        dt.date(2026, 12, 15),
        dt.date(2027, 1, 12),
    ]
    assert all(s.invitations.exists() for s in published)
    assert not Attendance.objects.filter(session__in=upcoming).exists()
    assert not Excuse.objects.filter(session__in=upcoming).exists()
    draft = upcoming.get(status=SessionStatus.DRAFT)
    assert draft.kind == SessionKind.KEY_CADRE_CONFERENCE
    assert not draft.invitations.exists()
    assert draft.extra_people.exists()
    start, end = rates.year_bounds(2026)
    so_far = rates.participation(successor(), start, end, rates.Population.MEMBERS)
    assert Decimal("80.0") < so_far.rate < Decimal("100.0")


# -- the demo sign-ins --------------------------------------------------------------------------


def test_dangvien_sees_2023_and_an_upcoming_session(root):
    account = user("dangvien")
    person = account.person
    mine = Invitation.objects.filter(person=person)
    assert mine.filter(session__starts_at__year=2023).count() >= 10
    took_part = Attendance.objects.filter(
        person=person, session__starts_at__year=2023, status__in=TOOK_PART
    )
    assert took_part.count() >= 8
    upcoming = mine.filter(
        session__status=SessionStatus.PUBLISHED,
        session__starts_at__gte=dt.datetime(2026, 12, 1, tzinfo=TZ),
    )
    assert upcoming.filter(session__unit__code=data.NNCS).exists()
    assert upcoming.filter(session__unit=successor()).exists()
    visible = StudySession.objects.visible_to(account)
    assert set(mine.values_list("session_id", flat=True)) <= set(
        visible.values_list("pk", flat=True)
    )
    start, end = rates.year_bounds(2023)
    _page, rows = rate_people.evidence(
        person.unit, start, end, rates.Population.MEMBERS, user=account, per_page=500
    )
    assert any(row.person == person and row.items for row in rows)


def test_bithu_sees_and_runs_the_cells_sessions(root):
    account = user("bithu")
    cell = Unit.objects.get(code=data.NNCS)
    hosted = StudySession.objects.filter(unit=cell)
    # 2023 meetings, 2026–2027 meetings, the 2023 theme; quarterly meetings of 2021–2025.
    assert hosted.count() == 12 + 3 + 1 + (2 + 4 + 4 + 2)
    visible = StudySession.objects.visible_to(account)
    assert set(hosted.values_list("pk", flat=True)) <= set(visible.values_list("pk", flat=True))
    assert not visible.filter(unit__code=data.THC).exists()
    # The secretary planned and recorded the cell's own sessions.
    assert set(hosted.values_list("created_by__username", flat=True)) == {"bithu"}
    recorded = Attendance.objects.filter(session__in=hosted)
    assert set(recorded.values_list("recorded_by__username", flat=True)) == {"bithu"}
    managed = StudySession.objects.visible_to(account, "session.change")
    assert set(hosted.values_list("pk", flat=True)) <= set(managed.values_list("pk", flat=True))


def test_the_office_sees_the_bloc_and_its_successor(root):
    """After the reform the office and the inspector keep the bloc (what is still under it
    today: its own sessions and the merged cell's; its rates of every past year:
    tests/demo/test_reform.py) and the enterprise committee with the cells it
    took; the sessions of cells that went to other wards are those wards' now."""
    ours = StudySession.objects.filter(
        Q(unit__in=Unit.objects.subtree_of(root)) | Q(unit__in=Unit.objects.subtree_of(successor()))
    )
    elsewhere = StudySession.objects.exclude(pk__in=ours)
    assert elsewhere.exists()
    for username in ("vanphong", "kiemtra"):
        visible = StudySession.objects.visible_to(user(username))
        assert set(ours.values_list("pk", flat=True)) <= set(visible.values_list("pk", flat=True))
        assert not visible.filter(pk__in=elsewhere).exists()


# -- Vietnamese text -----------------------------------------------------------------------------


def vietnamese(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text) and any(
        unicodedata.decomposition(c) or c in "đĐ" for c in text
    )


def test_the_demo_text_is_proper_vietnamese(root):
    sessions = StudySession.objects.all()
    assert sessions.count() > 290
    for session in sessions:
        assert vietnamese(session.title), session.title
        assert vietnamese(session.place), session.place
        assert not session.topic or vietnamese(session.topic), session.topic
        assert not session.agenda or vietnamese(session.agenda), session.agenda
    for text in ConnectionPoint.objects.values_list("name", flat=True):
        assert vietnamese(text)
    for text in Excuse.objects.values_list("reason", flat=True).distinct():
        assert vietnamese(text)
    for text in SelfStudy.objects.values_list("material", flat=True).distinct():
        assert vietnamese(text)
    titles = set(sessions.values_list("title", flat=True))
    assert "Sinh hoạt chi bộ thường kỳ tháng 3/2023" in titles
    assert any(t.startswith("Hội nghị giao ban công tác xây dựng Đảng") for t in titles)


# -- loading again --------------------------------------------------------------------------------


def test_loading_again_adds_nothing(root):
    before = snapshot()
    out = io.StringIO()
    call_command("load_demo", "--force", stdout=out)
    assert snapshot() == before
    for year in (2021, 2022, 2023, 2024, 2025, 2026):
        assert demo.load_year(user("admin"), year).created_anything is False
    assert snapshot() == before


def test_deterministic(root):
    """The sessions of 2026 written again from the same people are the same, to the second
    (the past years' are written before the reform, from the same seeded plans)."""
    first = snapshot()
    assert len(first["attendance"]) > 4000
    of_2026 = StudySession.objects.filter(unit__in=Unit.objects.subtree_of(successor()))
    of_2026 = of_2026.filter(starts_at__year__gte=2026)
    Excuse.objects.filter(session__in=of_2026).delete()
    Attendance.objects.filter(session__in=of_2026).delete()
    count = of_2026.count()
    of_2026.delete()
    result = demo.load_year(user("admin"), 2026)
    assert result.created_anything
    assert result.sessions == count
    assert snapshot() == first
