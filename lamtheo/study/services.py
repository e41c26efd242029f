"""Writes for study sessions: planning, publishing (invitations), attendance, excuses and
self-study. Each function checks who may act, runs in one transaction and raises
ValidationError with a message for the user.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import can, require
from lamtheo.core import images, uploads
from lamtheo.core.text import clean_text
from lamtheo.core.tree import subtree_q
from lamtheo.core.workflow import record, transition
from lamtheo.org.models import PartyStatus, Person, Unit
from lamtheo.study.models import (
    Attendance,
    AttendanceStatus,
    AudiencePerson,
    AudienceUnit,
    CheckInMethod,
    ConnectionPoint,
    Excuse,
    ExcuseStatus,
    Invitation,
    Material,
    SelfStudy,
    SessionStatus,
    StudySession,
)

SESSION_FIELDS = (
    "title",
    "kind",
    "format",
    "program_year",
    "topic",
    "starts_at",
    "ends_at",
    "place",
    "online_link",
    "agenda",
    "counts_for_participation",
)
MEMBER_STATUSES = (PartyStatus.OFFICIAL, PartyStatus.PROBATIONARY)
PLACE_BATCH = 500  # invitation ids per UPDATE when placing them at connection points


def _editable(session: StudySession) -> None:
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("This session was cancelled."))


@transaction.atomic
def session_create(*, by, unit: Unit, **fields) -> StudySession:
    require(by, "session.change", unit)
    session = StudySession(unit=unit, created_by=by)
    _apply(session, fields)
    session.full_clean()
    session.save()
    return session


def _apply(session: StudySession, fields: dict) -> None:
    for name in SESSION_FIELDS:
        if name in fields:
            value = fields[name]
            if name in ("title", "place"):
                value = clean_text(value)
            setattr(session, name, value)
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": _("The session ends before it starts.")})


@transaction.atomic
def session_update(*, by, session: StudySession, **fields) -> StudySession:
    require(by, "session.change", session.unit)
    session = StudySession.objects.select_for_update().get(pk=session.pk)
    _editable(session)
    _apply(session, fields)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def audience_set(
    *, by, session: StudySession, units=(), people=(), members_only: bool = False
) -> None:
    """Replace the audience: units (each with its subtree) and extra people."""
    require(by, "session.change", session.unit)
    session = StudySession.objects.select_for_update().get(pk=session.pk)
    _editable(session)
    AudienceUnit.objects.filter(session=session).delete()
    AudiencePerson.objects.filter(session=session).delete()
    AudienceUnit.objects.bulk_create(
        [AudienceUnit(session=session, unit=u, members_only=members_only) for u in units]
    )
    AudiencePerson.objects.bulk_create([AudiencePerson(session=session, person=p) for p in people])
    if session.status == SessionStatus.PUBLISHED:
        _invite(session)


def audience_people(session: StudySession):
    """Current people the audience covers now, as a queryset."""
    q = Q(pk__in=session.extra_people.values("person_id"))
    for audience in session.audience.select_related("unit"):
        part = subtree_q([audience.unit.path], prefix="unit__path")
        if audience.members_only:
            part &= Q(party_status__in=MEMBER_STATUSES)
        q |= part
    return Person.objects.current().filter(q)


def _invite(session: StudySession) -> int:
    """Store invitations for the audience as it is now; existing ones are kept."""
    invited = set(Invitation.objects.filter(session=session).values_list("person_id", flat=True))
    new = [
        Invitation(session=session, person_id=pk, unit_id=unit_id)
        for pk, unit_id in audience_people(session).values_list("pk", "unit_id")
        if pk not in invited
    ]
    Invitation.objects.bulk_create(new, batch_size=2000)
    return len(new)


@transaction.atomic
def session_publish(*, by, session: StudySession) -> StudySession:
    """Publish: invitations are computed from the audience as it is now and stored."""
    require(by, "session.change", session.unit)

    def publish(row: StudySession):
        if not row.audience.exists() and not row.extra_people.exists():
            raise ValidationError(_("Choose who is invited before publishing."))
        row.published_at = timezone.now()
        return ["published_at"]

    session = transition(
        StudySession.objects.all(),
        pk=session.pk,
        by=by,
        to=SessionStatus.PUBLISHED,
        action="published",
        allowed_from=(SessionStatus.DRAFT,),
        check=_editable,
        refused=_("This session is already published."),
        change=publish,
    )
    _invite(session)
    return session


@transaction.atomic
def session_cancel(*, by, session: StudySession) -> StudySession:
    require(by, "session.change", session.unit)
    return transition(
        StudySession.objects.all(),
        pk=session.pk,
        by=by,
        to=SessionStatus.CANCELLED,
        action="cancelled",
        allowed_from=(SessionStatus.DRAFT, SessionStatus.PUBLISHED),
        check=_editable,
        change=lambda row: [],
    )


def _invitation(session: StudySession, person: Person) -> Invitation:
    invitation = Invitation.objects.filter(session=session, person=person).first()
    if invitation is None:
        raise ValidationError(_("%(name)s is not invited to this session.") % {"name": person})
    return invitation


def record_attendance(
    *, session: StudySession, person: Person, status: str, method: str, by=None, point=None, at=None
) -> tuple[Attendance, bool]:
    """Create or change one attendance record; (record, created). Callers check rights.

    The unique (session, person) constraint makes a second scan find the first record, even
    when two arrive at once: the loser of the insert race reads the winner's row.
    """
    at = at or timezone.now()
    invitation = _invitation(session, person)
    defaults = {
        "unit_id": invitation.unit_id,
        "status": status,
        "method": method,
        "point": point or invitation.point,
        "checked_in_at": at
        if status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
        else None,
        "recorded_by": by if by is not None and by.is_authenticated else None,
    }
    try:
        with transaction.atomic():
            return Attendance.objects.create(session=session, person=person, **defaults), True
    except IntegrityError:
        existing = Attendance.objects.get(session=session, person=person)
        return existing, False


@transaction.atomic
def excuse_request(*, by, session: StudySession, person: Person, reason: str) -> Excuse:
    """An invited person asks to be excused, before the session starts."""
    own = by.is_authenticated and person.user_id == by.pk
    if not own and not can(by, "attendance.record", session.unit):
        raise PermissionDenied
    _invitation(session, person)
    if timezone.now() >= session.starts_at:
        raise ValidationError(_("An excuse is asked for before the session starts."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    excuse, created = Excuse.objects.get_or_create(
        session=session, person=person, defaults={"reason": reason}
    )
    if created:
        record(excuse, by=by, action="requested", from_state="")
    else:
        if excuse.status != ExcuseStatus.PENDING:
            raise ValidationError(_("This excuse has already been decided."))
        excuse.reason = reason
        excuse.save(update_fields=["reason"])
    return excuse


@transaction.atomic
def excuse_decide(*, by, excuse: Excuse, approve: bool, comment: str = "") -> Excuse:
    """The person's secretary (or the host) approves, marking them excused, or rejects."""

    def may_decide(row: Excuse) -> None:
        if not (
            can(by, "attendance.record", row.session.unit)
            or can(by, "attendance.record", row.person.unit)
        ):
            raise PermissionDenied
        if row.person.user_id == by.pk:
            raise PermissionDenied

    def decide(row: Excuse):
        row.decided_by = by
        row.decided_at = timezone.now()
        row.comment = clean_text(comment)
        return ["decided_by", "decided_at", "comment"]

    excuse = transition(
        Excuse.objects.select_related("session__unit", "person__unit"),
        pk=excuse.pk,
        by=by,
        to=ExcuseStatus.APPROVED if approve else ExcuseStatus.REJECTED,
        action="approved" if approve else "rejected",
        allowed_from=(ExcuseStatus.PENDING,),
        check=may_decide,
        refused=_("This excuse has already been decided."),
        change=decide,
        reason=clean_text(comment),
    )
    if approve:
        record, created = record_attendance(
            session=excuse.session,
            person=excuse.person,
            status=AttendanceStatus.EXCUSED,
            method=CheckInMethod.MANUAL,
            by=by,
        )
        if not created and record.status == AttendanceStatus.ABSENT:
            record.status = AttendanceStatus.EXCUSED
            record.save(update_fields=["status", "updated_at"])
    return excuse


@transaction.atomic
def self_study_record(
    *,
    by,
    person: Person,
    studied_on: dt.date,
    material: str,
    minutes: int | None = None,
    note: str = "",
    program_year=None,
) -> SelfStudy:
    own = by.is_authenticated and person.user_id == by.pk
    if not own and not can(by, "attendance.record", person.unit):
        raise PermissionDenied
    if studied_on > timezone.localdate():
        raise ValidationError({"studied_on": _("The date is in the future.")})
    material = clean_text(material)
    if not material:
        raise ValidationError({"material": _("Name the document studied.")})
    return SelfStudy.objects.create(
        person=person,
        unit=person.unit,
        studied_on=studied_on,
        material=material,
        minutes=minutes,
        note=note.strip(),
        program_year=program_year,
        recorded_by=by,
    )


# -- connection points, materials, a roll call by part of the audience -----------------------


MATERIAL_MAX_BYTES = 20 * 1024 * 1024
# What a material may be (PDF, Word, PowerPoint, images), known by its first bytes.
MATERIAL_TYPES = frozenset(
    {uploads.PDF, uploads.DOCX, uploads.PPTX, uploads.JPEG, uploads.PNG, uploads.WEBP}
)


@transaction.atomic
def points_set(*, by, session: StudySession, points) -> None:
    """Replace the connection points with `points`, (name, unit or None) pairs, then place
    each invitation at the point of the nearest unit above the invitee's.

    A point whose name stays keeps its row, so check-ins recorded at it stay attached.
    """
    require(by, "session.change", session.unit)
    session = StudySession.objects.select_for_update().get(pk=session.pk)
    _editable(session)
    wanted: dict[str, Unit | None] = {}
    for name, unit in points:
        name = clean_text(name)[:255]
        if name:
            wanted.setdefault(name, unit)
    existing = {p.name: p for p in ConnectionPoint.objects.filter(session=session)}
    ConnectionPoint.objects.filter(session=session).exclude(name__in=list(wanted)).delete()
    for name, unit in wanted.items():
        point = existing.get(name)
        if point is None:
            ConnectionPoint.objects.create(session=session, name=name, unit=unit)
        elif point.unit_id != (unit.pk if unit else None):
            point.unit = unit
            point.save(update_fields=["unit"])
    _place(session)


def _place(session: StudySession) -> None:
    """Each invitation at the point of the deepest point unit above the invitee's unit (of
    two points of one unit, the later one). Worked out in Python and written by id, one
    statement per point: an UPDATE joining the units let PostgreSQL pick a nested loop over
    freshly filled tables and take seconds per point."""
    points = sorted(
        ConnectionPoint.objects.filter(session=session, unit__isnull=False).values_list(
            "unit__path", "pk"
        ),
        key=lambda point: (-len(point[0]), -point[1]),
    )
    moves: dict[int | None, list[int]] = defaultdict(list)
    for pk, path, current in Invitation.objects.filter(session=session).values_list(
        "pk", "unit__path", "point_id"
    ):
        point = next((point for prefix, point in points if path.startswith(prefix)), None)
        if point != current:
            moves[point].append(pk)
    for point, ids in moves.items():
        for start in range(0, len(ids), PLACE_BATCH):
            Invitation.objects.filter(pk__in=ids[start : start + PLACE_BATCH]).update(
                point_id=point
            )


@transaction.atomic
def points_assign(*, by, session: StudySession) -> None:
    """Place the invitations at the connection points again (after publishing)."""
    require(by, "session.change", session.unit)
    _place(session)


@transaction.atomic
def material_add(*, by, session: StudySession, upload, title: str = "") -> Material:
    """Attach a document to the session: PDF, Word, PowerPoint or an image, at most 20 MB."""
    require(by, "session.change", session.unit)
    session = StudySession.objects.select_for_update().get(pk=session.pk)
    _editable(session)
    if upload.size > MATERIAL_MAX_BYTES:
        raise ValidationError({"file": _("%(name)s is larger than 20 MB.") % {"name": upload.name}})
    content_type = uploads.sniff(upload)
    if content_type not in MATERIAL_TYPES:
        raise ValidationError(
            {
                "file": _("%(name)s: only PDF, Word, PowerPoint and image files.")
                % {"name": upload.name}
            }
        )
    upload.name = uploads.stored_name(upload, content_type, default="material")
    upload = images.cleaned_upload(upload, content_type)  # no GPS position, camera serial
    title = clean_text(title) or clean_text(upload.name.rsplit(".", 1)[0]) or _("Material")
    return Material.objects.create(
        session=session,
        title=title[:255],
        file=upload,
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )


@transaction.atomic
def roll_call(*, by, session: StudySession, marks: dict[int, str]) -> int:
    """A roll call: {person id: status}; returns how many records changed.

    The host's recorders mark anyone invited; a cell secretary marks the invitees of their
    cell (people they may record attendance for), so each cell takes its own roll in a
    committee-wide conference."""
    if not can(by, "attendance.record", session.unit):
        if not can(by, "attendance.record"):
            raise PermissionDenied
        ids = list(marks)
        allowed = set(
            Person.objects.visible_to(by, "attendance.record")
            .filter(pk__in=ids)
            .values_list("pk", flat=True)
        )
        if set(ids) - allowed:
            raise PermissionDenied
    session = StudySession.objects.get(pk=session.pk)
    if session.status != SessionStatus.PUBLISHED:
        raise ValidationError(_("Only a published session takes a roll call."))
    if timezone.now() < session.starts_at - dt.timedelta(hours=1):
        raise ValidationError(_("The roll call opens an hour before the session starts."))
    return _mark(by, session, marks)


def _mark(by, session: StudySession, marks: dict[int, str]) -> int:
    """The writes of a roll call: create or change one record per person, at their point."""
    invited = {
        inv.person_id: inv
        for inv in Invitation.objects.filter(session=session, person_id__in=list(marks))
    }
    existing = {
        a.person_id: a
        for a in Attendance.objects.filter(session=session, person_id__in=list(marks))
    }
    now = timezone.now()
    took_part = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
    changed = 0
    for person_id, status in marks.items():
        if status not in AttendanceStatus.values:
            raise ValidationError(_("Unknown attendance status."))
        if person_id not in invited:
            raise ValidationError(_("Someone in the list is not invited to this session."))
        record = existing.get(person_id)
        if record is None:
            Attendance.objects.create(
                session=session,
                person_id=person_id,
                unit_id=invited[person_id].unit_id,
                status=status,
                method=CheckInMethod.ROLL_CALL,
                point=invited[person_id].point,
                recorded_by=by,
                checked_in_at=now if status in took_part else None,
            )
            changed += 1
        elif record.status != status:
            record.status = status
            record.recorded_by = by
            if status in took_part and not record.checked_in_at:
                record.checked_in_at = now
            record.save(update_fields=["status", "recorded_by", "checked_in_at", "updated_at"])
            changed += 1
    return changed
