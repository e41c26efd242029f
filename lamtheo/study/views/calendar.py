"""The calendar and list of the sessions a user sees: a month grid with the month's sessions,
or (no month chosen) the upcoming and recent ones, each with the user's own standing; the
buttons to plan a session where they host; the address of their calendar feed."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.views.decorators.http import require_GET

from lamtheo.accounts.scoping import scope_of
from lamtheo.accounts.services import feed_token_for
from lamtheo.core.tree import subtree_q
from lamtheo.core.views import YEARS, querystring
from lamtheo.org.models import Unit
from lamtheo.study.models import StudySession
from lamtheo.study.queries import add_months, host_units, local_midnight, month_grid, own_marks

LIST_PAGE_SIZE = 50  # sessions of a month
UPCOMING = 30  # sessions under "upcoming" (no month chosen)
RECENT = 10  # … and under "recent"


def _month(value: str | None) -> dt.date | None:
    if not value:
        return None
    year, _, month = value.partition("-")
    if not (year.isascii() and year.isdigit() and month.isascii() and month.isdigit()):
        raise Http404
    if not (len(year) == 4 and int(year) in YEARS and 1 <= int(month) <= 12):
        raise Http404
    return dt.date(int(year), int(month), 1)


def _upcoming(listed, now) -> list[StudySession]:
    """The sessions that have not ended, first those in progress, then those to come, by
    start: at most UPCOMING, in two statements that each walk an index from now.

    Not one `ends_at >= now ORDER BY starts_at` statement: PostgreSQL walks the start-time
    index from the oldest session and filters out every past one before it finds the first
    that has not ended (2.36 M at 1M people over five years, one second; BENCHMARKS.md).
    Those in progress are read in order of their end, which walks the end-time index from
    now and stops after UPCOMING; the rest start from now on, a range of the start-time
    index."""
    in_progress = sorted(
        listed.filter(starts_at__lt=now, ends_at__gte=now).order_by("ends_at", "pk")[:UPCOMING],
        key=lambda s: (s.starts_at, s.pk),
    )
    # Read whole (not sliced to what is left) so the page runs the same statements always.
    to_come = list(listed.filter(starts_at__gte=now).order_by("starts_at", "pk")[:UPCOMING])
    return (in_progress + to_come)[:UPCOMING]


@login_required
@require_GET
def session_list(request):
    user = request.user
    scope = scope_of(user)
    now = timezone.now()
    today = timezone.localdate()
    # Hosts matched by id: each statement walks an index of the sessions and checks the
    # host from it, against the ids of the scope's units hashed once (none for a scope that
    # covers the whole tree), instead of joining every session to its unit for the path.
    sessions = StudySession.by_host_id.visible_to(user)
    unit = None
    code = request.GET.get("unit", "").strip()
    if code:
        unit = get_object_or_404(Unit.objects.visible_to(user), code=code)
        under = Unit.objects.filter(subtree_q([unit.path])).values("pk")
        sessions = sessions.filter(unit__in=under)
    month = _month(request.GET.get("month"))
    shown = month or today.replace(day=1)
    listed = sessions.select_related("unit")
    page = upcoming = recent = None
    if month is not None:
        in_month = listed.filter(
            starts_at__gte=local_midnight(month),
            starts_at__lt=local_midnight(add_months(month, 1)),
        ).order_by("starts_at", "pk")
        page = Paginator(in_month, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page)
    else:
        upcoming = _upcoming(listed, now)
        # Started before now too (implied, since a session ends after it starts), so the walk
        # of the start-time index begins at now instead of passing every planned session.
        # The ten ids first, by the covering index alone, then their rows.
        ids = (
            sessions.filter(starts_at__lt=now, ends_at__lt=now)
            .order_by("-starts_at", "-pk")
            .values("pk")[:RECENT]
        )
        recent = list(
            StudySession.objects.select_related("unit")
            .filter(pk__in=ids)
            .order_by("-starts_at", "-pk")
        )
        rows = upcoming + recent
    marks = own_marks(scope.person_id, [s.pk for s in rows])
    for session in rows:
        session.mark = marks.get(session.pk)
    feed_url = request.build_absolute_uri(reverse("calendar-ics", args=[feed_token_for(user)]))
    context = {
        "unit": unit,
        "month": shown,
        "month_chosen": month is not None,
        "previous_month": add_months(shown, -1),
        "next_month": add_months(shown, 1),
        "weekdays": [WEEKDAYS_ABBR[i] for i in range(7)],
        "weeks": month_grid(sessions, shown, today),
        "page": page,
        "upcoming": upcoming,
        "recent": recent,
        "querystring": querystring(request),
        "unit_query": f"unit={unit.code}&" if unit else "",
        "create_units": host_units(user, unit),
        "records_attendance": scope.can("attendance.record"),
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
        "now": now,
    }
    return render(request, "study/sessions/list.html", context)
