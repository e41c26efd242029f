"""The home page: the committee's dashboard for those whose grants cover a unit, the cards of
the features for everyone else (and for anyone on "my tasks")."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import scope_of
from lamtheo.core.views import id_param, year_param
from lamtheo.dashboard import figures
from lamtheo.dashboard.exports import DashboardExporter
from lamtheo.dashboard.registry import CARDS
from lamtheo.org.models import Unit, UnitKind
from lamtheo.org.queries import ancestors, unit_to_read


def _cards(request, *, heading: str):
    user = request.user
    scope = scope_of(user)
    context = {"scope": scope, "cards": [], "heading": heading}
    for card in CARDS:
        if card.shown_to(scope):
            context[card.key] = card.context(user)
            context["cards"].append(card.template)
    return render(request, "dashboard/home.html", context)


@login_required
def home(request):
    """The dashboard of the user's top unit when they hold a grant; their cards otherwise.
    `?unit=` (the unit filter) opens that unit's dashboard."""
    scope = scope_of(request.user)
    if (pk := id_param(request.GET, "unit")) is not None:
        query = {k: v for k, v in request.GET.items() if k in ("year", "kind")}
        url = reverse("unit-dashboard", args=[pk])
        return redirect(f"{url}?{urlencode(query)}" if query else url)
    if scope.has_grant:
        # An office keeps its grant on a dissolved committee to read its past (the 2025
        # reform): the home page opens the committee that still runs, if there is one.
        unit = (
            Unit.objects.tops_for(request.user)
            .order_by(F("closed_on").desc(nulls_first=True), "path")
            .first()
        )
        if unit is not None and scope.covers(unit.path):
            return _dashboard_page(request, unit)
    return _cards(request, heading=_("Overview"))


@login_required
def my_cards(request):
    """The cards of the features (what waits for me, my registration, my inbox…)."""
    return _cards(request, heading=_("My tasks"))


def _filters(request) -> tuple[int, str, bool]:
    """(year, unit kind, whether the kind asked for was unknown)."""
    year = year_param(request.GET, "year") or timezone.localdate().year
    kind = request.GET.get("kind") or figures.DEFAULT_KIND
    if kind not in UnitKind.values:
        return year, figures.DEFAULT_KIND, True
    return year, kind, False


def _board(request, unit: Unit):
    year, kind, unknown_kind = _filters(request)
    if "year" not in request.GET and unit.closed_on is not None:
        # A dissolved unit has no figures after its last year: show that year.
        year = min(year, unit.closed_on.year)
    drill = reverse("unit-dashboard", args=[0]) + "?" + urlencode({"year": year, "kind": kind})
    board = figures.dashboard(unit, request.user, year=year, kind=kind, drill=drill)
    return board, unknown_kind


def _dashboard_page(request, unit: Unit):
    board, unknown_kind = _board(request, unit)
    query = urlencode({"year": board.year, "kind": board.kind})
    tops = list(Unit.objects.tops_for(request.user).order_by("path"))
    above = ancestors(unit, request.user)
    choices = {u.pk: u.name for u in [*tops, *above, unit, *board.below]}
    context = {
        "board": board,
        "unit": unit,
        "ancestors": above,
        "years": figures.years_offered(),
        "kinds": figures.kinds_offered(),
        "unit_choices": sorted(choices.items(), key=lambda item: item[0] != unit.pk),
        "unknown_kind": unknown_kind,
        "query": query,
        "data": board.as_json(),
    }
    return render(request, "dashboard/dashboard.html", context)


@login_required
def unit_dashboard(request, pk):
    return _dashboard_page(request, unit_to_read(request.user, pk))


@login_required
def dashboard_data(request, pk):
    """The dashboard's figures as JSON: what the page's charts draw."""
    board, _unknown = _board(request, unit_to_read(request.user, pk))
    return JsonResponse(board.as_json(), json_dumps_params={"ensure_ascii": False})


@login_required
def dashboard_export(request, pk):
    board, _unknown = _board(request, unit_to_read(request.user, pk))
    return DashboardExporter(board).response("xlsx")
