"""The honours record: a person's and a unit's commendations, and the committee's view by
year, form and unit with the "5 năm liền" candidates for next year."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lamtheo.accounts.scoping import Action, get_visible_or_404, require
from lamtheo.awards import queries
from lamtheo.awards.models import AwardForm
from lamtheo.core.views import id_param, year_param
from lamtheo.org.models import Person, Unit


@login_required
@require_GET
def person_honours(request, pk):
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=pk)
    awards = list(queries.honours(person=person))
    return render(
        request,
        "awards/honours.html",
        {"subject": person.full_name, "person": person, "awards": awards},
    )


@login_required
@require_GET
def unit_honours(request, pk):
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)
    awards = list(queries.honours(unit=unit))
    return render(
        request, "awards/honours.html", {"subject": unit.name, "unit": unit, "awards": awards}
    )


@login_required
@require_GET
def overview(request):
    require(request.user, Action.VIEW)
    year = year_param(request.GET, "year")
    form = request.GET.get("form", "")
    if form not in AwardForm.values:
        form = ""
    unit_id = id_param(request.GET, "unit")
    unit = get_visible_or_404(Unit.objects, request.user, pk=unit_id) if unit_id else None
    awards, counts = queries.overview(request.user, year=year, form=form, unit=unit)
    next_year = year + 1 if year else timezone.localdate().year + 1
    candidates = queries.five_year_candidates(request.user, next_year)
    context = {
        "awards": awards,
        "counts": [(y, AwardForm(f).label, n) for (y, f), n in counts],
        "year": year,
        "form": form,
        "forms": AwardForm.choices,
        "unit": unit,
        "next_year": next_year,
        "candidates": candidates,
    }
    return render(request, "awards/overview.html", context)
