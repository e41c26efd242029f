"""Reads of the study session pages that need thought: a member's own standing in sessions,
the month grid of the calendar, where a new session is hosted, a session's attendance
(totals, connection points, one page of invitees), the roll call's rows, the excuses a user
decides, a member's participation over two years, and the sessions of a calendar feed.

People are shown only where `Person.objects.visible_to` lets the user see them: a member
their own invitation, a cell secretary the invitees of their cell, the host everyone. Each
function runs a fixed number of queries whatever the number of sessions and invitees.
"""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.paginator import Paginator
from django.db.models import BigIntegerField, Count, OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import Action, scope_of
from lamtheo.org.models import Person, Unit
from lamtheo.org.queries import CountedPaginator
from lamtheo.study.models import (
    TOOK_PART,
    Attendance,
    Excuse,
    ExcuseStatus,
    Invitation,
    SelfStudy,
    SessionStatus,
    StudySession,
)

PAGE_SIZE = 50  # invitees per page, on the session page and the roll call
CALENDAR_TITLES = 300  # sessions titled in a month grid; days show a count beyond that
DAY_TITLES = 3  # titles per day in the grid
OWN_LIMIT = 500  # a member's sessions and self-study entries over two years
FEED_LIMIT = 2000  # events in a feed
FEED_PAST = dt.timedelta(days=92)
FEED_FUTURE = dt.timedelta(days=366)
# The roll call (and the live refresh of the session page) opens this long before the start.
ROLL_CALL_OPENS = dt.timedelta(hours=1)


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after (or before) `day`'s."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def running(session: StudySession, now: dt.datetime) -> bool:
    """Published and between an hour before the start and the end: attendance is changing."""
    return (
        session.status == SessionStatus.PUBLISHED
        and session.starts_at - ROLL_CALL_OPENS <= now <= session.ends_at
    )


# -- a member's own standing -----------------------------------------------------------------


@dataclass
class Mark:
    """A member's own standing in a session: invited, excuse asked, attendance recorded."""

    invited: bool = False
    attendance: Attendance | None = None
    excuse: Excuse | None = None

    @property
    def status(self) -> str:
        if self.attendance is not None:
            return self.attendance.status
        if self.excuse is not None and self.excuse.status == ExcuseStatus.PENDING:
            return "excuse_pending"
        return "invited" if self.invited else ""

    @property
    def label(self) -> str:
        if self.attendance is not None:
            return self.attendance.get_status_display()
        if self.excuse is not None and self.excuse.status == ExcuseStatus.PENDING:
            return _("Excuse asked")
        return _("Invited") if self.invited else ""


def own_marks(person_id: int | None, session_ids: list[int]) -> dict[int, Mark]:
    """{session id: Mark} of one person over some sessions; three queries."""
    if person_id is None or not session_ids:
        return {}
    marks: dict[int, Mark] = {}
    for session_id in Invitation.objects.filter(
        person_id=person_id, session_id__in=session_ids
    ).values_list("session_id", flat=True):
        marks.setdefault(session_id, Mark()).invited = True
    for record in Attendance.objects.filter(person_id=person_id, session_id__in=session_ids):
        marks.setdefault(record.session_id, Mark()).attendance = record
    for excuse in Excuse.objects.filter(person_id=person_id, session_id__in=session_ids):
        marks.setdefault(excuse.session_id, Mark()).excuse = excuse
    return marks


# -- the calendar ----------------------------------------------------------------------------


class Title(NamedTuple):
    """A session as a day of the month grid names it."""

    pk: int
    title: str
    starts_at: dt.datetime
    status: str


@dataclass
class Day:
    date: dt.date
    in_month: bool
    today: bool
    sessions: list[Title] = field(default_factory=list)
    count: int = 0

    @property
    def more(self) -> int:
        return self.count - len(self.sessions)


def month_grid(sessions, month: dt.date, today: dt.date) -> list[list[Day]]:
    """Weeks (Monday first) covering `month`, each day with its number of sessions and the
    first few titles. Two queries: counts per day, and the titles of the first sessions.

    The first sessions are chosen by their ids alone (a walk of the time index that checks
    each host from it), then only those rows are read, as plain values: no session is read
    or built that the grid does not name."""
    first_weekday, days = calendar_module.monthrange(month.year, month.month)
    start = month - dt.timedelta(days=first_weekday)
    weeks = -(-(first_weekday + days) // 7)
    end = start + dt.timedelta(days=7 * weeks)
    grid = [
        Day(d, d.month == month.month, d == today)
        for d in (start + dt.timedelta(days=i) for i in range(7 * weeks))
    ]
    by_date = {day.date: day for day in grid}
    in_grid = sessions.filter(
        starts_at__gte=local_midnight(start), starts_at__lt=local_midnight(end)
    )
    tz = timezone.get_current_timezone()
    counts = (
        in_grid.annotate(day=TruncDate("starts_at", tzinfo=tz))
        .values("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in counts:
        if row["day"] in by_date:
            by_date[row["day"]].count = row["n"]
    first = in_grid.order_by("starts_at", "pk").values("pk")[:CALENDAR_TITLES]
    titles = (
        StudySession.objects.filter(pk__in=first)
        .order_by("starts_at", "pk")
        .values_list("pk", "title", "starts_at", "status")
    )
    for row in titles:
        session = Title(*row)
        day = by_date.get(timezone.localtime(session.starts_at).date())
        if day is not None and len(day.sessions) < DAY_TITLES:
            day.sessions.append(session)
    return [grid[i : i + 7] for i in range(0, len(grid), 7)]


def host_units(user, unit: Unit | None) -> list[Unit]:
    """Where the "new session" button creates: the filtered unit when the user may host
    there, else the tops of the user's scope for "session.change"."""
    scope = scope_of(user)
    if unit is not None and scope.can(Action.SESSION_CHANGE, unit.path):
        return [unit]
    units = Unit.objects.tops_for(user, Action.SESSION_CHANGE).active().order_by("sort_key")
    # An administrator's tops are every root: a few buttons are enough.
    return list(units[:10] if scope.is_admin else units)


def feed_sessions(user, now: dt.datetime) -> list[StudySession]:
    """The sessions a calendar feed lists: those the user sees, three months back and a year
    ahead, oldest first. One query."""
    return list(
        StudySession.objects.visible_to(user)
        .filter(starts_at__gte=now - FEED_PAST, starts_at__lt=now + FEED_FUTURE)
        .select_related("unit")
        .order_by("starts_at", "pk")[:FEED_LIMIT]
    )


# -- a session's attendance ------------------------------------------------------------------


@dataclass
class Totals:
    invited: int = 0
    present: int = 0
    late: int = 0
    excused: int = 0
    absent: int = 0

    @property
    def not_recorded(self) -> int:
        return max(self.invited - self.present - self.late - self.excused - self.absent, 0)

    @property
    def took_part(self) -> int:
        return self.present + self.late


def of_people(queryset, user, action: str | None = None):
    """Rows of `queryset` (invitations, attendance) about people `user` may see (or act on)."""
    if scope_of(user).is_admin:
        return queryset  # everyone: no need to ask the database for every person
    return queryset.filter(person__in=Person.objects.visible_to(user, action))


def attendance(user, session: StudySession, page_number) -> dict:
    """Totals, per-point counts and one page of invitees (Vietnamese order) with their
    attendance, of the people the user sees; seven queries whatever the number of invitees."""
    invitations = of_people(Invitation.objects.filter(session=session), user)
    records = of_people(Attendance.objects.filter(session=session), user)
    totals = Totals(invited=invitations.count())
    for status, n in records.values_list("status").annotate(n=Count("id")).order_by():
        setattr(totals, status, n)
    points = list(session.points.all())
    invited_at = dict(invitations.values_list("point_id").annotate(n=Count("id")).order_by())
    # Where each took part: the point they checked in at, else the point they were expected.
    expected = Invitation.objects.filter(session=session, person_id=OuterRef("person_id"))
    present_at = dict(
        records.filter(status__in=TOOK_PART)
        .annotate(
            at=Coalesce(
                "point_id",
                Subquery(expected.values("point_id")[:1]),
                output_field=BigIntegerField(),
            )
        )
        .values_list("at")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_point = [
        {"point": p, "invited": invited_at.get(p.pk, 0), "took_part": present_at.get(p.pk, 0)}
        for p in points
    ]
    if points and (invited_at.get(None) or present_at.get(None)):
        per_point.append(
            {
                "point": None,
                "invited": invited_at.get(None, 0),
                "took_part": present_at.get(None, 0),
            }
        )
    ordered = invitations.select_related("person", "unit").order_by("person__sort_key", "pk")
    page = CountedPaginator(ordered, PAGE_SIZE, count=totals.invited).get_page(page_number)
    ids = [invitation.person_id for invitation in page]
    attended = {
        a.person_id: a for a in Attendance.objects.filter(session=session, person_id__in=ids)
    }
    excuses = {e.person_id: e for e in Excuse.objects.filter(session=session, person_id__in=ids)}
    by_point = {p.pk: p for p in points}
    rows = [
        {
            "invitation": invitation,
            "attendance": attended.get(invitation.person_id),
            "excuse": excuses.get(invitation.person_id),
            "point": by_point.get(invitation.point_id),
        }
        for invitation in page
    ]
    return {
        "session": session,
        "totals": totals,
        "points": points,
        "per_point": per_point,
        "page": page,
        "rows": rows,
        "running": running(session, timezone.now()),
        "page_query": f"page={page.number}",
    }


def roll_call_rows(session: StudySession, invitations, page_number, posted=None) -> dict:
    """One page of the invitees the user takes the roll of, with their current status (or
    what was just posted), any excuse, and their unit. Four queries."""
    ordered = invitations.select_related("person", "unit").order_by("person__sort_key", "pk")
    page = Paginator(ordered, PAGE_SIZE).get_page(page_number)
    ids = [invitation.person_id for invitation in page]
    attended = {
        a.person_id: a for a in Attendance.objects.filter(session=session, person_id__in=ids)
    }
    excuses = {e.person_id: e for e in Excuse.objects.filter(session=session, person_id__in=ids)}
    posted = posted or {}
    rows = []
    for invitation in page:
        record = attended.get(invitation.person_id)
        rows.append(
            {
                "invitation": invitation,
                "person": invitation.person,
                "attendance": record,
                "excuse": excuses.get(invitation.person_id),
                "value": posted.get(invitation.person_id, record.status if record else ""),
            }
        )
    return {"page": page, "rows": rows}


# -- excuses ---------------------------------------------------------------------------------


def decidable_excuses(user):
    """Excuses `user` may decide: of sessions hosted where they record attendance, or of
    people they record attendance for; never their own."""
    return (
        Excuse.objects.visible_to(user, Action.ATTENDANCE_RECORD)
        .exclude(person__user=user)
        .filter(status=ExcuseStatus.PENDING)
    )


# -- a member's own participation ------------------------------------------------------------


@dataclass
class YearRecord:
    year: int
    entries: list[dict] = field(default_factory=list)
    counted: int = 0
    took_part: int = 0
    self_study: list[SelfStudy] = field(default_factory=list)


def participation(user, person: Person, today: dt.date) -> list[YearRecord]:
    """This year and last: sessions invited to with the person's status, the count "took
    part in N of M" (published sessions that count and have started), and self-study. Four
    queries."""
    years = {y: YearRecord(y) for y in (today.year, today.year - 1)}
    since = local_midnight(dt.date(today.year - 1, 1, 1))
    until = local_midnight(dt.date(today.year + 1, 1, 1))
    invitations = list(
        Invitation.objects.filter(
            person=person,
            session__in=StudySession.objects.visible_to(user),
            session__starts_at__gte=since,
            session__starts_at__lt=until,
        )
        .select_related("session__unit")
        .order_by("-session__starts_at", "-session_id")[:OWN_LIMIT]
    )
    marks = own_marks(person.pk, [inv.session_id for inv in invitations])
    now = timezone.now()
    for invitation in invitations:
        session = invitation.session
        mark = marks.get(session.pk) or Mark(invited=True)
        mark.invited = True
        record = years[timezone.localtime(session.starts_at).year]
        counts = (
            session.status == SessionStatus.PUBLISHED
            and session.counts_for_participation
            and session.starts_at <= now
        )
        took_part = mark.attendance is not None and mark.attendance.status in TOOK_PART
        if counts:
            record.counted += 1
            record.took_part += took_part
        record.entries.append({"session": session, "mark": mark, "counts": counts})
    entries = (
        SelfStudy.objects.visible_to(user)
        .filter(person=person, studied_on__gte=dt.date(today.year - 1, 1, 1))
        .order_by("-studied_on", "-id")[:OWN_LIMIT]
    )
    for entry in entries:
        if entry.studied_on.year in years:
            years[entry.studied_on.year].self_study.append(entry)
    return list(years.values())
