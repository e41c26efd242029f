"""Check-in pages: the QR screen for the projector, the page a phone lands on after scanning,
the one-time link of online attendees, the hosts' list of links, and the panel of the session
page. The rules live in lamtheo.study.checkin.

The check-in itself is a POST. A GET of a code or link only shows what would happen and a
one-tap confirm button: chat apps (Zalo, Messenger) and mail scanners fetch links to build
previews, and a GET that recorded attendance would let them use up a one-time link. The GET
of a QR code notes the time of scanning (a cookie before the sign-in, a hidden field of the
form after it) so a slow sign-in or a late tap within checkin.SIGNIN_GRACE still counts.

Check-in responses carry `Server-Timing: app;dur=<ms>`, measured around the view (sign-in
check included), which the load test (bench_checkin) collects. The outcome is in the page
as `data-outcome="<code>"`; refusals answer 403 (404 for what is no code at all).
"""

from __future__ import annotations

import functools
import secrets
import time

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from lamtheo.accounts.scoping import can, get_visible_or_404, scope_of
from lamtheo.org import access
from lamtheo.study import checkin
from lamtheo.study.checkin import Code
from lamtheo.study.exports import LinksExporter
from lamtheo.study.models import (
    TOOK_PART,
    Attendance,
    Invitation,
    SessionFormat,
    SessionStatus,
    StudySession,
)

SCAN_COOKIE = "lamtheo_scan"
# The session key binding a signed-out scan note to the browser that scanned: the session
# lives on the server and survives the sign-in, so a copied cookie proves nothing elsewhere.
SCAN_BROWSER = "lamtheo_scan_browser"
SCAN_COOKIE_PATH = "/study/c/"
# The QR screen asks for a fresh code this often (a code lives 30–60 s).
POLL_SECONDS = 10
# htmx stops polling when a poll answers 286: the session is over or cancelled.
STOP_POLLING = 286


def timed(view):
    """Add `Server-Timing: app;dur=<ms>` measured around the view."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        started = time.perf_counter()
        response = view(request, *args, **kwargs)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response

    return wrapper


def _tone(outcome: checkin.Outcome) -> str:
    """Tabler colour of the big message."""
    if outcome.recorded:
        return "success"
    if outcome.code == Code.ALREADY:
        return "info"
    if outcome.code == Code.READY:
        return "primary"
    return "danger"


def _status(outcome: checkin.Outcome) -> int:
    if not outcome.refused:
        return 200
    return 404 if outcome.code == Code.INVALID else 403


def _outcome_page(request, context: dict, status: int) -> HttpResponse:
    """The check-in page, rendered without the request's context processors: it has no menu
    (templates/study/checkin/layout.html) and is the hot path of a burst of scans."""
    context = {
        **context,
        "csrf_token": get_token(request),
        "signed_in": request.user.is_authenticated,
    }
    html = render_to_string("study/checkin/outcome.html", context)
    return HttpResponse(html, status=status)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# -- the member's side -----------------------------------------------------------------------


@timed
@never_cache
@require_http_methods(["GET", "POST"])
def qr_checkin(request, token):
    """Where the phone camera lands: sign in (then back), confirm with one tap, read the outcome."""
    now = timezone.now()
    if not request.user.is_authenticated:
        response = redirect_to_login(request.get_full_path())
        cookie = request.COOKIES.get(SCAN_COOKIE)
        browser = request.session.get(SCAN_BROWSER, "")
        if (
            request.method == "GET"
            and checkin.read_qr_token(token) is not None
            # keep an earlier note
            and checkin.scanned_at(cookie, token, now, browser=browser) == now
        ):
            if not browser:
                browser = request.session[SCAN_BROWSER] = secrets.token_urlsafe(16)
            response.set_cookie(
                SCAN_COOKIE,
                checkin.scan_note(token, now, browser=browser),
                max_age=int(checkin.SIGNIN_GRACE.total_seconds()),
                path=SCAN_COOKIE_PATH,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
    user = request.user
    if request.method == "POST":
        at = checkin.scanned_at(request.POST.get("scan"), token, now, user.pk)
        outcome = checkin.check_in_by_qr(user, token, at)
    else:
        at = checkin.scanned_at(
            request.COOKIES.get(SCAN_COOKIE),
            token,
            now,
            browser=request.session.get(SCAN_BROWSER),
        )
        outcome = checkin.preview_qr(user, token, at)
    context = {
        "outcome": outcome,
        "tone": _tone(outcome),
        "action": reverse("qr-checkin", args=[token]),
    }
    if outcome.code == Code.READY:
        context["scan"] = checkin.scan_note(token, at, user.pk)
    response = _outcome_page(request, context, _status(outcome))
    if request.method == "POST" and SCAN_COOKIE in request.COOKIES:
        response.delete_cookie(SCAN_COOKIE, path=SCAN_COOKIE_PATH)
    return response


@timed
@never_cache
@require_http_methods(["GET", "POST"])
def link_checkin(request, token):
    """The one-time link of an online attendee: no sign-in; GET confirms, POST records."""
    now = timezone.now()
    if request.method == "POST":
        outcome = checkin.check_in_by_link(token, now)
    else:
        outcome = checkin.preview_link(token, now)
    context = {
        "outcome": outcome,
        "tone": _tone(outcome),
        "action": reverse("link-checkin", args=[token]),
        "online": True,
    }
    return _outcome_page(request, context, _status(outcome))


# -- the hosts' side -------------------------------------------------------------------------


def may_host(user, session: StudySession) -> bool:
    """Shows the code and gets the links: takes the roll or plans sessions over the host."""
    return can(user, "attendance.record", session.unit) or can(user, "session.change", session.unit)


def _hosted(request, pk) -> StudySession:
    session = get_visible_or_404(StudySession.objects.select_related("unit"), request.user, pk=pk)
    if not may_host(request.user, session):
        raise PermissionDenied
    return session


def _code_context(session: StudySession, now) -> dict:
    context = {
        "session": session,
        "open": checkin.is_open(session, now),
        "opens_at": checkin.opens_at(session),
        "checked_in": Attendance.objects.filter(session=session, status__in=TOOK_PART).count(),
        "invited": Invitation.objects.filter(session=session).count(),
        "poll_seconds": POLL_SECONDS,
        "over": session.status == SessionStatus.CANCELLED or now > session.ends_at,
    }
    if context["open"]:
        url = _absolute(reverse("qr-checkin", args=[checkin.qr_token(session, now)]))
        svg = segno.make(url, error="m").svg_inline(
            scale=1, border=2, omitsize=True, dark="#000", light="#fff", svgclass="qr-code w-100"
        )
        context.update(url=url, svg=mark_safe(svg))  # generated by segno from our own URL
    return context


@login_required
@never_cache
@require_GET
def session_qr(request, pk):
    """The screen for the projector: a big rotating code and the running count."""
    session = _hosted(request, pk)
    context = _code_context(session, timezone.now())
    context["links"] = session.format != SessionFormat.IN_PERSON
    return render(request, "study/checkin/qr_screen.html", context)


@login_required
@never_cache
@require_GET
def session_qr_code(request, pk):
    """The code and the count, polled by the screen; 286 (stop polling) once it is over."""
    session = _hosted(request, pk)
    context = _code_context(session, timezone.now())
    status = STOP_POLLING if context["over"] else 200
    return render(request, "study/checkin/_qr_code.html", context, status=status)


# The file's name in the access log (Vietnamese, as the file).
LINKS = "Liên kết điểm danh"


@login_required
@require_GET
def session_links(request, pk):
    """CSV of the one-time links of an online or hybrid session, for a mail merge.

    Every invitee with their unit at the time of the invitation, connection point, e-mail and
    phone. An in-person session has no links: the file holds the header only. Cells are
    neutralised against formula injection; the BOM lets Excel read the Vietnamese.
    """
    session = _hosted(request, pk)
    response = LinksExporter(session, request.user).response("csv")
    people = Invitation.objects.filter(session=session).values_list("person_id", flat=True)
    access.log_export(user=request.user, people=people, what=LINKS, unit=session.unit)
    return response


# -- the panel on the session page -----------------------------------------------------------


def panel_context(user, session: StudySession, now=None) -> dict:
    """What templates/study/_checkin_panel.html shows to `user` on `session`'s page.

    A session page may pass it as `checkin_panel` to render the panel inline; without it the
    panel loads itself from `session-checkin-panel`.
    """
    now = now or timezone.now()
    host = may_host(user, session)
    person_id = scope_of(user).person_id
    invited = attendance = None
    if person_id:
        invited = Invitation.objects.filter(session=session, person_id=person_id).first()
        if invited is not None:
            attendance = Attendance.objects.filter(
                session=session, person_id=person_id, status__in=TOOK_PART
            ).first()
    open_ = checkin.is_open(session, now)
    before = session.status == SessionStatus.PUBLISHED and now < checkin.opens_at(session)
    return {
        "session": session,
        # Anything to show: the panel is left out otherwise.
        "show": bool(host or (invited is not None and (attendance or open_ or before))),
        "host": host,
        "invited": invited is not None,
        "attendance": attendance,
        "open": open_,
        "before": before,
        "opens_at": checkin.opens_at(session),
        "online": session.format != SessionFormat.IN_PERSON,
    }


@login_required
@require_GET
def checkin_panel(request, pk):
    session = get_visible_or_404(StudySession.objects.select_related("unit"), request.user, pk=pk)
    return render(
        request,
        "study/checkin/_panel_body.html",
        {"checkin_panel": panel_context(request.user, session)},
    )
