"""The calendar feed (ICS) of the sessions a user sees, for Google Calendar, Outlook or a
phone, and the button that gives the feed a new address.

Calendar apps cannot sign in: the address carries the user's random feed token
(accounts.FeedToken), which the user can replace at any time; the old address then answers
404. Anyone who has the address sees what its user sees in the calendar, nothing more.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lamtheo.accounts.models import FeedToken
from lamtheo.accounts.services import feed_token_reset
from lamtheo.core.views import perform
from lamtheo.study import ics
from lamtheo.study.models import SessionStatus, StudySession
from lamtheo.study.queries import feed_sessions

FEED_STATUS = {
    SessionStatus.PUBLISHED: "CONFIRMED",
    SessionStatus.CANCELLED: "CANCELLED",
    SessionStatus.DRAFT: "TENTATIVE",
}


def _event(session: StudySession, page_url: str) -> ics.Event:
    parts = [f"{session.get_kind_display()} · {session.get_format_display()}"]
    parts.append(_("Host: %(unit)s") % {"unit": session.unit.name})
    if session.topic:
        parts.append(session.topic)
    if session.online_link:
        parts.append(_("Online: %(link)s") % {"link": session.online_link})
    if session.agenda:
        parts.append(session.agenda)
    parts.append(page_url)
    summary = session.title
    if session.status == SessionStatus.CANCELLED:
        summary = _("[Cancelled] %(title)s") % {"title": session.title}
    return ics.Event(
        uid=f"study-session-{session.pk}@lamtheo",
        start=session.starts_at,
        end=session.ends_at,
        summary=summary,
        stamp=session.updated_at,
        location=session.place or session.online_link,
        description="\n".join(parts),
        url=page_url,
        status=FEED_STATUS.get(session.status, "CONFIRMED"),
    )


@require_GET
def calendar_ics(request, token):
    """The sessions a user sees, three months back and a year ahead, for calendar apps."""
    user = FeedToken.objects.user_for(token)
    if user is None:
        raise Http404
    page = request.build_absolute_uri("/")[:-1]
    sessions = feed_sessions(user, timezone.now())
    events = [_event(s, page + reverse("session", args=[s.pk])) for s in sessions]
    body = ics.calendar(events, name=_("Study sessions"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lamtheo.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_POST
def calendar_feed_reset(request):
    """A new address for the user's own feed, when the old one may have been passed on."""

    def change():
        feed_token_reset(user=request.user)
        return _(
            "Your calendar has a new address; the old one no longer works. Subscribe to the "
            "new address in your calendar app."
        )

    perform(request, change)
    return redirect(reverse("sessions") + "#feed-title")
