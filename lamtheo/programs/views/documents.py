"""Printed documents: a person's registration form and a unit's list (DOCX), the list (XLSX).

A person's form: the person themself and whoever sees the person (404 otherwise). A unit's
list: holders of a grant covering the unit (a member who sees the unit page gets 403).
`?year=<id>` picks the programme year; without it, the latest year of a programme covering
the unit. A unit no programme covers (a committee above the programmes' units) has no list:
its links lead to the unit's progress page, which says so.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET

from lamtheo.accounts.scoping import get_visible_or_404
from lamtheo.core.views import as_id
from lamtheo.org import access
from lamtheo.org.models import Person, Unit
from lamtheo.org.queries import unit_to_read
from lamtheo.programs import exports
from lamtheo.programs.models import ProgramYear

# The documents' names in the access log (Vietnamese, as the documents).
FORM = "Bản đăng ký học tập và làm theo"
LIST = "Danh sách đăng ký học tập và làm theo"


def _year(request, unit: Unit) -> ProgramYear | None:
    years = ProgramYear.objects.visible_to(request.user).select_related("program__unit")
    raw = request.GET.get("year", "").strip()
    if raw:
        if (pk := as_id(raw)) is None:
            raise Http404
        return get_object_or_404(years, pk=pk)
    return (
        years.filter(program__unit__path__in=unit.ancestor_paths()).order_by("-year", "-pk").first()
    )


@login_required
@require_GET
def registration_form_docx(request, pk):
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=pk)
    year = _year(request, person.unit)
    if year is None:
        raise Http404
    response = exports.RegistrationForm(person, year, request.user).response()
    access.log_export(user=request.user, people=[person.pk], what=FORM, unit=person.unit)
    return response


@login_required
@require_GET
def unit_list_docx(request, pk):
    unit = unit_to_read(request.user, pk)
    year = _year(request, unit)
    if year is None:
        return redirect("unit-progress", unit.pk)
    document = exports.UnitListDocument(unit, year, request.user)
    response = document.response()
    access.log_export(user=request.user, people=document.person_ids, what=LIST, unit=unit)
    return response


@login_required
@require_GET
def unit_list_xlsx(request, pk):
    unit = unit_to_read(request.user, pk)
    year = _year(request, unit)
    if year is None:
        return redirect("unit-progress", unit.pk)
    exporter = exports.UnitListExporter(unit, year, request.user)
    response = exporter.response("xlsx")
    access.log_export(user=request.user, people=exporter.person_ids, what=LIST, unit=unit)
    return response
