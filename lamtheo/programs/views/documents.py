"""Printed documents: a person's registration form and a unit's list (DOCX), the list (XLSX).

A person's form: the person themself and whoever sees the person (404 otherwise). A unit's
list: holders of a grant covering the unit (a member who sees the unit page gets 403).
`?year=<id>` picks the programme year; without it, the latest year of a programme covering
the unit.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from lamtheo.accounts.scoping import get_visible_or_404
from lamtheo.org.models import Person, Unit
from lamtheo.org.queries import unit_to_read
from lamtheo.programs import exports
from lamtheo.programs.models import ProgramYear


def _year(request, unit: Unit) -> ProgramYear:
    years = ProgramYear.objects.visible_to(request.user).select_related("program__unit")
    raw = request.GET.get("year", "").strip()
    if raw:
        if not raw.isdigit():
            raise Http404
        return get_object_or_404(years, pk=int(raw))
    year = (
        years.filter(program__unit__path__in=unit.ancestor_paths()).order_by("-year", "-pk").first()
    )
    if year is None:
        raise Http404
    return year


@login_required
@require_GET
def registration_form_docx(request, pk):
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=pk)
    year = _year(request, person.unit)
    return exports.RegistrationForm(person, year, request.user).response()


@login_required
@require_GET
def unit_list_docx(request, pk):
    unit = unit_to_read(request.user, pk)
    year = _year(request, unit)
    return exports.UnitListDocument(unit, year, request.user).response()


@login_required
@require_GET
def unit_list_xlsx(request, pk):
    unit = unit_to_read(request.user, pk)
    year = _year(request, unit)
    return exports.UnitListExporter(unit, year, request.user).response("xlsx")
