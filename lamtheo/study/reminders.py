"""Reminders of study (lamtheo.notify.reminders): a published session, to its invitees, before
it starts (NOTIFY_SESSION_LEAD_HOURS); an excuse that waited for a decision longer than
NOTIFY_EXCUSE_WAIT_HOURS (or whose session is near), to the secretaries who decide it (those of
the host unit and of the person's unit). Both hours are settings with defaults, not rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.notify.reminders import Reminder, site_link
from lamtheo.org.models import Person
from lamtheo.org.queries import secretaries
from lamtheo.study.models import Excuse, ExcuseStatus, SessionStatus, StudySession


def _when(session: StudySession) -> str:
    return timezone.localtime(session.starts_at).strftime("%H:%M %d/%m/%Y")


def due(now: dt.datetime) -> Iterator[Reminder]:
    lead = dt.timedelta(hours=settings.NOTIFY_SESSION_LEAD_HOURS)
    sessions = StudySession.objects.filter(
        status=SessionStatus.PUBLISHED, starts_at__gt=now, starts_at__lte=now + lead
    ).select_related("unit")
    for session in sessions:
        yield _before_session(session)
    yield from _excuses(now, lead)


def _before_session(session: StudySession) -> Reminder:
    where = session.place or session.online_link
    names = {"title": session.title, "when": _when(session), "where": where}
    body = (
        _("You are invited to %(title)s at %(when)s, at %(where)s.")
        if where
        else _("You are invited to %(title)s at %(when)s.")
    ) % names
    if session.place and session.online_link:
        body += " " + _("Online: %(link)s") % {"link": session.online_link}
    excused = Excuse.objects.filter(session=session, status=ExcuseStatus.APPROVED).values(
        "person_id"
    )
    invited = Person.objects.filter(pk__in=session.invitations.values("person_id")).exclude(
        pk__in=excused
    )
    # The start time is part of the key: a session moved to another day is reminded again.
    start = int(session.starts_at.timestamp())
    return Reminder(
        key=f"session:{session.pk}:before:{start}",
        title=_("Reminder: %(title)s at %(when)s") % names,
        body=body,
        unit=session.unit,
        people=invited,
        link=site_link("session", session.pk),
    )


def _excuses(now: dt.datetime, lead: dt.timedelta) -> Iterator[Reminder]:
    waited = now - dt.timedelta(hours=settings.NOTIFY_EXCUSE_WAIT_HOURS)
    excuses = (
        Excuse.objects.filter(
            status=ExcuseStatus.PENDING,
            session__status=SessionStatus.PUBLISHED,
            session__ends_at__gt=now,
        )
        .filter(Q(requested_at__lte=waited) | Q(session__starts_at__lte=now + lead))
        .select_related("session__unit", "person")
        .order_by("pk")
    )
    for excuse in excuses:
        session = excuse.session
        names = {"name": excuse.person.full_name, "title": session.title, "when": _when(session)}
        yield Reminder(
            key=f"excuse:{excuse.pk}:pending",
            title=_("An excuse waits for your decision: %(name)s") % names,
            body=_(
                "%(name)s asked to be excused from %(title)s (%(when)s) and is waiting for a "
                "decision."
            )
            % names,
            unit=session.unit,
            people=secretaries([session.unit_id, excuse.person.unit_id]),
            link=site_link("excuses"),
        )
