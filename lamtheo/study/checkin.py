"""Checking in to a study session: the rotating QR code shown at the session, and the one-time
link sent to people who follow it online. Every rule is here; the views only call these
functions, and the functions take the time as an argument (`now`) so tests can set it.

QR codes
--------
- The screen at the session shows a URL ``/study/c/<token>/``. The token packs the session id
  and a time step (the Unix time in ``STEP_SECONDS`` = 30 s steps), followed by an
  HMAC-SHA256 of both keyed with the session's own ``qr_secret`` and truncated to
  ``MAC_BYTES`` = 12 bytes (96 bits, plenty against guessing within a minute): 8 + 4 + 12
  bytes, URL-safe base64, 32 characters. The QR code stays small (version 5 with the URL).
- A token is good in its own step and the step after it: a code read just as the screen
  rotates still works, and any code is dead at most 60 s after it appeared (``EXPIRED``).
  ``CLOCK_SKEW`` (5 s) tolerates servers whose clocks differ slightly.
- The MAC is per session: a token naming one session but signed for another is no code at
  all (``INVALID``, like a tampered one). A genuine code of another session checks in to
  *that* session only, and only the people invited to it (``NOT_INVITED``).
- Only inside the session window: from ``OPEN_BEFORE`` (15 min) before the start to the end
  (``NOT_STARTED`` / ``ENDED``); a cancelled session (``CANCELLED``) or a draft
  (``NOT_PUBLISHED``) takes no check-in. So a code scanned for a future session is nothing.
- ``LATE`` when more than ``LATE_AFTER`` (15 min) after the start, ``PRESENT`` otherwise.
- One record per person and session (the unique constraint; ``services.record_attendance``
  reads the winner's row when two scans race): a second scan answers ``ALREADY`` with the
  time of the first, whatever the state of the code.
- A record the roll call made before the person arrived (absent, excused) is turned into
  present or late by the scan, which proves presence. It is the only change a scan makes.
- The account must be linked to a current person (``NOT_LINKED``).

What rotation cannot stop: a photo forwarded within the minute to someone at home whose
account is invited. It narrows forwarding to that minute; the host corrects the roll call.

Time of scanning (a slow sign-in)
---------------------------------
The check is made at the time the code was scanned, not when the form was sent, if the
server noted that time: a signed *scan note* [token, time, user or None, browser] that lives
only in the browser that scanned: a cookie set on the way to the sign-in page (path
``/study/c/``), bound to a random value kept in that browser's server-side session (which
survives the sign-in), and a hidden field of the confirm form (bound to the signed-in user).
A copied cookie is worth nothing in another browser (issue 10 §6). A note counts for
``SIGNIN_GRACE`` (2 min: a sign-in, not a coffee); the attendance records the time of
scanning. A forwarded URL carries no note, so it gains nothing.

One-time links (online attendees)
---------------------------------
- ``online_token(invitation)`` signs [invitation id, session id] with ``django.core.signing``
  (salt ``LINK_SALT``). The link is the credential: no sign-in.
- Only for online or hybrid sessions (``NOT_ONLINE``), only inside the window, and the first
  use records attendance (method ``online_link``, the invitation's connection point); a
  later use answers ``ALREADY``: the attendance record is what uses the link up.
- A tampered token, or one whose invitation does not belong to the session it names, is
  ``INVALID``.

Permissions: these functions do not go through ``visible_to``. The signed token is the
capability and the invitation is the rule of who takes part; the hosts' pages (the QR screen,
the list of links) do use ``visible_to`` and ``can``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import struct
from dataclasses import dataclass
from enum import StrEnum

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.org.models import Person
from lamtheo.study import participation_counts, services, unit_counts
from lamtheo.study.models import (
    TOOK_PART,
    Attendance,
    AttendanceStatus,
    CheckInMethod,
    Invitation,
    SessionFormat,
    SessionStatus,
    StudySession,
)

STEP_SECONDS = 30
# A token is good in its own step and this many after it.
GRACE_STEPS = 1
CLOCK_SKEW = 5  # seconds
MAC_BYTES = 12
OPEN_BEFORE = dt.timedelta(minutes=15)
LATE_AFTER = dt.timedelta(minutes=15)
SIGNIN_GRACE = dt.timedelta(minutes=2)

LINK_SALT = "lamtheo.study.online-link"
SCAN_SALT = "lamtheo.study.scan-note"

_HEAD = struct.Struct(">QI")  # session id, step
TOKEN_LENGTH = 4 * (_HEAD.size + MAC_BYTES) // 3  # 32
_TOKEN_CHARS = re.compile(r"[A-Za-z0-9_-]+")


class Code(StrEnum):
    """What a check-in came to. READY is the answer of a preview (the confirm page)."""

    READY = "ready"
    PRESENT = "present"
    LATE = "late"
    ALREADY = "already"
    EXPIRED = "expired"
    INVALID = "invalid"
    NOT_PUBLISHED = "not_published"
    CANCELLED = "cancelled"
    NOT_STARTED = "not_started"
    ENDED = "ended"
    NOT_INVITED = "not_invited"
    NOT_LINKED = "not_linked"
    NOT_ONLINE = "not_online"


RECORDED = frozenset({Code.PRESENT, Code.LATE})
ACCEPTED = RECORDED | {Code.READY, Code.ALREADY}


@dataclass(frozen=True)
class Outcome:
    code: Code
    session: StudySession | None = None
    person: Person | None = None
    attendance: Attendance | None = None
    # The time of the check-in (for ALREADY: of the first one), or of the scan for READY.
    at: dt.datetime | None = None

    @property
    def refused(self) -> bool:
        return self.code not in ACCEPTED

    @property
    def recorded(self) -> bool:
        """This call created the record (or turned an absence into presence)."""
        return self.code in RECORDED

    @property
    def message(self) -> str:
        return message(self)


def _hhmm(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M") if value else ""


def message(outcome: Outcome) -> str:
    """The sentence the member reads, in the active language."""
    code, session = outcome.code, outcome.session
    if code == Code.READY:
        return _("Tap the button to check in.")
    if code == Code.PRESENT:
        return _("Checked in: present. Thank you!")
    if code == Code.LATE:
        return _("Checked in: late (after %(time)s).") % {
            "time": _hhmm(session.starts_at + LATE_AFTER)
        }
    if code == Code.ALREADY:
        if outcome.at:
            return _("Your attendance was already recorded at %(time)s.") % {
                "time": _hhmm(outcome.at)
            }
        return _("Your attendance was already recorded.")
    if code == Code.EXPIRED:
        return _("This code is out of date. Scan the code on the screen again.")
    if code == Code.INVALID:
        return _("This is not a check-in code or link of any session.")
    if code == Code.NOT_PUBLISHED:
        return _("This session has not been published.")
    if code == Code.CANCELLED:
        return _("This session was cancelled.")
    if code == Code.NOT_STARTED:
        return _("The session has not begun: check-in opens at %(time)s.") % {
            "time": _hhmm(opens_at(session))
        }
    if code == Code.ENDED:
        return _("The session has ended: check-in closed at %(time)s.") % {
            "time": _hhmm(session.ends_at)
        }
    if code == Code.NOT_INVITED:
        return _("You are not on the list of people invited to this session.")
    if code == Code.NOT_LINKED:
        return _("Your account is not linked to a person. Ask your committee office.")
    if code == Code.NOT_ONLINE:
        return _("This session is held in person: check in with the code on the screen.")
    raise ValueError(code)


# -- the session window --------------------------------------------------------------------


def opens_at(session: StudySession) -> dt.datetime:
    return session.starts_at - OPEN_BEFORE


def is_open(session: StudySession, now: dt.datetime) -> bool:
    """Published, not cancelled, and `now` inside the check-in window."""
    return _state_refusal(session) is None and _window_refusal(session, now) is None


def _state_refusal(session: StudySession) -> Code | None:
    if session.status == SessionStatus.CANCELLED:
        return Code.CANCELLED
    if session.status != SessionStatus.PUBLISHED:
        return Code.NOT_PUBLISHED
    return None


def _window_refusal(session: StudySession, at: dt.datetime) -> Code | None:
    if at < opens_at(session):
        return Code.NOT_STARTED
    if at > session.ends_at:
        return Code.ENDED
    return None


def status_at(session: StudySession, at: dt.datetime) -> str:
    return (
        AttendanceStatus.LATE if at > session.starts_at + LATE_AFTER else AttendanceStatus.PRESENT
    )


# -- QR tokens -------------------------------------------------------------------------------


def step_of(at: dt.datetime) -> int:
    return int(at.timestamp()) // STEP_SECONDS


def _mac(secret: str, session_id: int, step: int) -> bytes:
    data = b"lamtheo.study.qr:" + _HEAD.pack(session_id, step)
    return hmac.new(secret.encode(), data, hashlib.sha256).digest()[:MAC_BYTES]


def qr_token(session: StudySession, now: dt.datetime) -> str:
    """The token the screen shows at `now`."""
    step = step_of(now)
    raw = _HEAD.pack(session.pk, step) + _mac(session.qr_secret, session.pk, step)
    return base64.urlsafe_b64encode(raw).decode("ascii")


def read_qr_token(token: str) -> tuple[int, int, bytes] | None:
    """(session id, step, mac) of a well-formed token, None otherwise. Nothing is verified."""
    if len(token) != TOKEN_LENGTH or not _TOKEN_CHARS.fullmatch(token):
        return None
    raw = base64.urlsafe_b64decode(token)
    session_id, step = _HEAD.unpack_from(raw)
    return session_id, step, raw[_HEAD.size :]


def token_is_fresh(step: int, now: dt.datetime) -> bool:
    """Good from the start of its step until the end of the next one (± CLOCK_SKEW)."""
    t = now.timestamp()
    return step * STEP_SECONDS - CLOCK_SKEW <= t < (step + 1 + GRACE_STEPS) * STEP_SECONDS


# -- scan notes ------------------------------------------------------------------------------


def scan_note(token: str, at: dt.datetime, user_id: int | None = None, browser: str = "") -> str:
    """A signed note that `token` was scanned at `at` by `user_id` or, signed out, by the
    browser whose session holds `browser`."""
    return signing.dumps([token, round(at.timestamp(), 3), user_id, browser], salt=SCAN_SALT)


def scanned_at(
    note: str | None,
    token: str,
    now: dt.datetime,
    user_id: int | None = None,
    browser: str | None = None,
):
    """The time of scanning a note proves for `token` (and this user or browser), or `now`.

    A note for another token, of another user, of another browser (signed out), from the
    future or older than SIGNIN_GRACE proves nothing.
    """
    if not note:
        return now
    try:
        noted_token, stamp, noted_user, noted_browser = signing.loads(note, salt=SCAN_SALT)
        at = dt.datetime.fromtimestamp(float(stamp), dt.UTC)
    except (signing.BadSignature, ValueError, TypeError, OverflowError):
        return now
    if noted_token != token:
        return now
    if noted_user is None and (not noted_browser or noted_browser != browser):
        return now
    if noted_user is not None and noted_user != user_id:
        return now
    if not (now - SIGNIN_GRACE <= at <= now):
        return now
    return at


# -- checking in -----------------------------------------------------------------------------


def _took_part(session_id: int, person_field: str = "pk"):
    """The record of someone who took part, for a subquery whose outer row names the person
    in `person_field`."""
    return Attendance.objects.filter(
        session_id=session_id, person=OuterRef(person_field), status__in=TOOK_PART
    )


def _person_of(user, session_id: int) -> Person | None:
    """The user's current person, with `invited` and `took_part` (and when, `took_part_at`)
    for the session: one query, as a check-in is the hot path of a burst."""
    if user is None or not user.is_authenticated:
        return None
    took_part = _took_part(session_id)
    return (
        Person.objects.filter(user=user, left_on__isnull=True)
        .annotate(
            invited=Exists(Invitation.objects.filter(session_id=session_id, person=OuterRef("pk"))),
            took_part=Exists(took_part),
            took_part_at=Subquery(took_part.values("checked_in_at")[:1]),
        )
        .only("id", "unit_id", "full_name", "user_id")
        .first()
    )


def _record(
    session: StudySession, person: Person, at: dt.datetime, method: str, by=None
) -> tuple[Attendance | None, bool]:
    """(record, created) through services.record_attendance; (None, False): not invited."""
    status = status_at(session, at)
    try:
        record, created = services.record_attendance(
            session=session, person=person, status=status, method=method, by=by, at=at
        )
    except ValidationError:  # the only refusal of record_attendance: not invited
        return None, False
    if created or record.status in TOOK_PART:
        return record, created
    # Marked absent or excused before the person arrived: the check-in proves presence. The
    # status in the WHERE clause makes one of two racing scans win, as the insert does.
    with transaction.atomic():
        changed = Attendance.objects.filter(pk=record.pk, status=record.status).update(
            status=status,
            method=method,
            checked_in_at=at,
            recorded_by=by if by is not None and by.is_authenticated else None,
            updated_at=timezone.now(),
        )
        if changed:
            # The UPDATE bypasses Attendance.save: the person's months are recounted here.
            participation_counts.refresh(timezone.localtime(session.starts_at).year, [person.pk])
            unit_counts.attendance_changed(
                (session.pk, record.status), (session.pk, status), session=session
            )
    record.refresh_from_db()
    return record, bool(changed)


def _after_record(session, person, record, created, at) -> Outcome:
    if record is None:
        return Outcome(Code.NOT_INVITED, session, person)
    if not created:
        return Outcome(Code.ALREADY, session, person, record, record.checked_in_at)
    return Outcome(Code(record.status), session, person, record, at)


def _qr(user, token: str, now: dt.datetime, *, commit: bool) -> Outcome:
    parsed = read_qr_token(token)
    if parsed is None:
        return Outcome(Code.INVALID)
    session_id, step, mac = parsed
    session = StudySession.objects.filter(pk=session_id).first()
    if session is None or not hmac.compare_digest(mac, _mac(session.qr_secret, session_id, step)):
        return Outcome(Code.INVALID)
    person = _person_of(user, session_id)
    if person is None:
        return Outcome(Code.NOT_LINKED, session)
    if person.took_part:
        return Outcome(Code.ALREADY, session, person, at=person.took_part_at)
    refusal = _state_refusal(session)
    if refusal is None and not token_is_fresh(step, now):
        refusal = Code.EXPIRED
    refusal = refusal or _window_refusal(session, now)
    if refusal is None and not person.invited:
        refusal = Code.NOT_INVITED
    if refusal is not None:
        return Outcome(refusal, session, person)
    if not commit:
        return Outcome(Code.READY, session, person, at=now)
    record, created = _record(session, person, now, CheckInMethod.QR, by=user)
    return _after_record(session, person, record, created, now)


def preview_qr(user, token: str, now: dt.datetime) -> Outcome:
    """What checking in with `token` at `now` would do (READY if it would record); no write."""
    return _qr(user, token, now, commit=False)


def check_in_by_qr(user, token: str, now: dt.datetime) -> Outcome:
    """Check `user`'s person in with a scanned QR token, as of `now` (the time of scanning)."""
    return _qr(user, token, now, commit=True)


# -- one-time links --------------------------------------------------------------------------


def _link_signer() -> signing.Signer:
    return signing.Signer(salt=LINK_SALT)


def online_token(invitation: Invitation) -> str:
    """The one-time link token of an invitation (stable: the same invitation, the same link)."""
    return _link_signer().sign_object([invitation.pk, invitation.session_id])


def _link(token: str, now: dt.datetime, *, commit: bool) -> Outcome:
    try:
        invitation_id, session_id = _link_signer().unsign_object(token)
        invitation_id, session_id = int(invitation_id), int(session_id)
    except (signing.BadSignature, ValueError, TypeError):
        return Outcome(Code.INVALID)
    took_part = _took_part(session_id, "person_id")
    invitation = (
        Invitation.objects.select_related("session", "person", "point")
        .filter(pk=invitation_id, session_id=session_id)
        .annotate(
            took_part=Exists(took_part),
            took_part_at=Subquery(took_part.values("checked_in_at")[:1]),
        )
        .first()
    )
    if invitation is None:
        return Outcome(Code.INVALID)
    session, person = invitation.session, invitation.person
    if invitation.took_part:
        return Outcome(Code.ALREADY, session, person, at=invitation.took_part_at)
    if session.format == SessionFormat.IN_PERSON:
        return Outcome(Code.NOT_ONLINE, session, person)
    refusal = _state_refusal(session) or _window_refusal(session, now)
    if refusal is not None:
        return Outcome(refusal, session, person)
    if not commit:
        return Outcome(Code.READY, session, person, at=now)
    record, created = _record(session, person, now, CheckInMethod.ONLINE_LINK)
    return _after_record(session, person, record, created, now)


def preview_link(token: str, now: dt.datetime) -> Outcome:
    return _link(token, now, commit=False)


def check_in_by_link(token: str, now: dt.datetime) -> Outcome:
    """Record the attendance an online attendee confirms with their one-time link."""
    return _link(token, now, commit=True)
