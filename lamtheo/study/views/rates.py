"""Participation rates of a unit (by month, per unit below), the people who took part in
nothing and the evidence for those who did; a session's minutes (DOCX) and attendance (XLSX).

Rates and lists: holders of a grant covering the unit (a member, who sees their own unit's
page, gets 403; 404 elsewhere), as the registration progress pages. `?year=` picks the year
(this year by default), `?population=members|everyone` the people counted (members by
default), and on the lists `?month=` narrows the period to one month of the year.

Minutes and export: holders of a grant covering the host unit (the list names everyone
invited, from every unit of the audience); someone who sees the session otherwise (invited,
or their people were) gets 403, everyone else 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lamtheo.accounts.scoping import get_visible_or_404, scope_of
from lamtheo.org import access
from lamtheo.org.models import Unit
from lamtheo.org.queries import ancestors, unit_to_read
from lamtheo.study import exports, rate_people, rates
from lamtheo.study.models import Invitation, StudySession

YEARS_SHOWN = 6  # this year and the five before it in the year picker


def _int_param(request, name: str, low: int, high: int) -> int | None:
    """An integer in [low, high] from the query string, None when absent; 404 otherwise (ASCII
    digits only: "²" or a thousand digits must not reach int())."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 4) or not low <= int(raw) <= high:
        raise Http404
    return int(raw)


def _period(request) -> dict:
    """Year, optional month, population and the period's bounds, from the query string."""
    today = timezone.localdate()
    year = _int_param(request, "year", 2000, today.year + 1) or today.year
    month = _int_param(request, "month", 1, 12)
    population = request.GET.get("population") or rates.Population.MEMBERS
    if population not in rates.Population.values:
        raise Http404
    start, end = rates.month_bounds(year, month) if month else rates.year_bounds(year)
    return {
        "year": year,
        "month": month,
        "population": population,
        "population_label": rates.Population(population).label,
        "start": start,
        "end": end,
        "query": f"year={year}&population={population}",
        "populations": rates.Population.choices,
        "years": list(range(today.year, today.year - YEARS_SHOWN, -1)),
        "months_of_year": list(range(1, 13)),
    }


@login_required
@require_GET
def participation_rates(request, pk):
    """The year's rate, by month and per unit below, with the definition and the links to the
    people behind each number."""
    unit = unit_to_read(request.user, pk)
    period = _period(request)
    year, population = period["year"], period["population"]
    # The whole year, each month in its row: a ?month= (from a list's link) is not a filter here.
    start, end = rates.year_bounds(year)
    today = timezone.localdate()
    page = rates.year_page(unit, year, population)
    months = [{"row": row, "future": row.start > today} for row in page.months]
    context = {
        **period,
        "month": None,
        "start": start,
        "end": end,
        "unit": unit,
        "ancestors": ancestors(unit, request.user),
        "totals": page.totals,
        "months": months,
        "children": page.children,
        "activity": page.activity,
        "definition": rates.definition(population),
    }
    return render(request, "study/rates/rates.html", context)


def _list_context(request, pk) -> dict:
    unit = unit_to_read(request.user, pk)
    period = _period(request)
    month = period["month"]
    return {
        **period,
        "unit": unit,
        "ancestors": ancestors(unit, request.user),
        "querystring_prefix": period["query"] + (f"&month={month}&" if month else "&"),
        "definition": rates.definition(period["population"]),
    }


def _mark_reachable(people, user, unit: Unit) -> None:
    """`reachable` on each person: the reader may open their record (someone counted who has
    since moved to a unit outside the reader's scope is listed without a link or unit);
    `moved_out`: counted for the period, but now in a unit outside `unit`."""
    scope = scope_of(user)
    for person in people:
        person.reachable = scope.covers(person.unit.path) or person.pk == scope.person_id
        person.moved_out = not person.unit.path.startswith(unit.path)


@login_required
@require_GET
def never_present(request, pk):
    """People counted who took part in nothing in the period, in Vietnamese order."""
    context = _list_context(request, pk)
    page = rate_people.never_present(
        context["unit"],
        context["start"],
        context["end"],
        context["population"],
        request.GET.get("page"),
    )
    page.object_list = list(page.object_list)
    _mark_reachable(page.object_list, request.user, context["unit"])
    context["page"] = page
    return render(request, "study/rates/never.html", context)


@login_required
@require_GET
def participation_evidence(request, pk):
    """People who took part, each with where and when."""
    context = _list_context(request, pk)
    page, rows = rate_people.evidence(
        context["unit"],
        context["start"],
        context["end"],
        context["population"],
        request.GET.get("page"),
        user=request.user,
    )
    _mark_reachable([row.person for row in rows], request.user, context["unit"])
    context.update(page=page, rows=rows)
    return render(request, "study/rates/evidence.html", context)


# The documents' names in the access log (Vietnamese, as the documents).
MINUTES = "Biên bản buổi học tập"
ATTENDANCE = "Danh sách điểm danh"


def _log(request, session: StudySession, what: str) -> None:
    """Both files list everyone invited: their records go in the access log."""
    people = Invitation.objects.filter(session=session).values_list("person_id", flat=True)
    access.log_export(user=request.user, people=people, what=what, unit=session.unit)


def _session_for_output(request, pk) -> StudySession:
    session = get_visible_or_404(
        StudySession.objects.select_related("unit", "program_year"), request.user, pk=pk
    )
    if not request.scope.covers(session.unit.path):
        raise PermissionDenied
    return session


@login_required
@require_GET
def session_minutes(request, pk):
    session = _session_for_output(request, pk)
    response = exports.Minutes(session).response()
    _log(request, session, MINUTES)
    return response


@login_required
@require_GET
def session_attendance_xlsx(request, pk):
    session = _session_for_output(request, pk)
    response = exports.AttendanceExporter(session).response("xlsx")
    _log(request, session, ATTENDANCE)
    return response
