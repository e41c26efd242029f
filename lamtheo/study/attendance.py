"""One session's attendance: invited, present, late, excused, absent and not recorded per
connection point, and the attendance list (the session's page and its exports).

The rate of a session is `rates.rate` (the same rounding as the participation rate); unlike
that rate, it counts the session's invitations, not the people in scope of a unit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, FilteredRelation, Q
from django.db.models.functions import Coalesce

from lamtheo.core import text
from lamtheo.study.models import AttendanceStatus, ConnectionPoint, Invitation, StudySession
from lamtheo.study.rates import rate


@dataclass
class PointCounts:
    point: ConnectionPoint | None  # None: people with no connection point
    invited: int = 0
    present: int = 0
    late: int = 0
    excused: int = 0
    absent: int = 0
    not_recorded: int = 0

    @property
    def took_part(self) -> int:
        return self.present + self.late

    @property
    def rate(self) -> Decimal | None:
        return rate(self.took_part, self.invited)

    def add(self, other: PointCounts) -> None:
        for name in ("invited", "present", "late", "excused", "absent", "not_recorded"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class SessionCounts:
    points: list[PointCounts]  # every connection point of the session, then "no point"
    total: PointCounts


_STATUS_FIELD = {
    AttendanceStatus.PRESENT: "present",
    AttendanceStatus.LATE: "late",
    AttendanceStatus.EXCUSED: "excused",
    AttendanceStatus.ABSENT: "absent",
}


def _with_attendance(session: StudySession):
    """The session's invitations, each joined with its attendance record (if any)."""
    return Invitation.objects.filter(session=session).annotate(
        record=FilteredRelation(
            "person__attendances", condition=Q(person__attendances__session=session)
        )
    )


def session_counts(session: StudySession) -> SessionCounts:
    """Invited, present, late, excused, absent and not recorded, per connection point (the
    point recorded at check-in, else the one on the invitation; the host unit's point first)
    and in total. Two queries."""
    counts = {
        f"n_{status}": Count("pk", filter=Q(record__status=status))
        for status in AttendanceStatus.values
    }
    rows = (
        _with_attendance(session)
        .annotate(where=Coalesce("record__point", "point"))
        .values("where")
        .annotate(
            invited=Count("pk"), n_none=Count("pk", filter=Q(record__id__isnull=True)), **counts
        )
        .order_by()
    )
    by_point = {}
    for row in rows:
        by_point[row["where"]] = PointCounts(
            None,
            invited=row["invited"],
            not_recorded=row["n_none"],
            **{_STATUS_FIELD[s]: row[f"n_{s}"] for s in AttendanceStatus.values},
        )
    points = []
    # The host's own point (the main one) first, then the others by name, in Vietnamese order
    # (computed here, not by the database's collation).
    ordered = sorted(
        ConnectionPoint.objects.filter(session=session),
        key=lambda p: (p.unit_id != session.unit_id, text.collation_key(p.name), p.pk),
    )
    for point in ordered:
        counts_row = by_point.pop(point.pk, PointCounts(None))
        counts_row.point = point
        points.append(counts_row)
    if None in by_point:
        points.append(by_point.pop(None))
    total = PointCounts(None)
    for row in points:
        total.add(row)
    return SessionCounts(points=points, total=total)


@dataclass
class AttendanceLine:
    """One invited person on the session's attendance list."""

    number: int
    name: str
    unit: str
    point: str
    status: str  # an AttendanceStatus value, or "" when not recorded
    checked_in_at: dt.datetime | None


def attendance_list(session: StudySession) -> list[AttendanceLine]:
    """Everyone invited, in Vietnamese order, with their unit then, connection point, status
    and check-in time (one query)."""
    rows = (
        _with_attendance(session)
        .annotate(
            point_name=Coalesce("record__point__name", "point__name"),
        )
        .values(
            "person_id",
            "person__full_name",
            "person__sort_key",
            "unit__name",
            "point_name",
            "record__status",
            "record__checked_in_at",
        )
        .order_by("person__sort_key", "person_id")
    )
    return [
        AttendanceLine(
            number=i,
            name=row["person__full_name"],
            unit=row["unit__name"],
            point=row["point_name"] or "",
            status=row["record__status"] or "",
            checked_in_at=row["record__checked_in_at"],
        )
        for i, row in enumerate(rows, start=1)
    ]
