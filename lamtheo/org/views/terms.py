"""Pages of two reorganisation services: dissolve a committee, and a new term of office
(preview, then confirm; undo only before the day it takes effect)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.accounts.scoping import get_visible_or_404, require
from lamtheo.core.forms import DateField
from lamtheo.core.views import attempt, perform
from lamtheo.org import reorganise
from lamtheo.org.forms import DissolveForm, NewTermForm
from lamtheo.org.models import Person, Position, Unit


@login_required
@require_http_methods(["GET", "POST"])
def dissolve(request, pk):
    """What dissolving the unit on a day changes (its units and people must have gone), then
    the dissolution on "Confirm"; a dissolution still to come can be undone here."""
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)
    require(request.user, "unit.change", unit)
    pending = unit.closed_on is not None and unit.closed_on > timezone.localdate()
    form = DissolveForm(request.POST or None)
    preview = None
    if request.method == "POST" and not pending:
        if "confirm" in request.POST:

            def action(data):
                reorganise.dissolve(by=request.user, unit=unit, on=data["on"], note=data["note"])
                return _("“%(name)s” is dissolved from %(day)s.") % {
                    "name": unit.name,
                    "day": data["on"].strftime("%d/%m/%Y"),
                }

            outcome = attempt(form, action)
            if outcome:
                messages.success(request, outcome.message)
                return redirect("unit", pk=unit.pk)
        else:

            def show(data):
                nonlocal preview
                preview = reorganise.dissolve_preview(by=request.user, unit=unit, on=data["on"])
                return ""

            attempt(form, show)
    context = {
        "unit": unit,
        "form": form,
        "preview": preview,
        "pending": pending,
        "title": _("Dissolve a unit"),
    }
    return render(request, "org/dissolve.html", context)


@login_required
@require_POST
def dissolve_undo(request, pk):
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)

    def change():
        reorganise.dissolve_undo(by=request.user, unit=unit)
        return _("The dissolution was undone.")

    perform(request, change)
    return redirect("unit", pk=unit.pk)


@login_required
@require_http_methods(["GET", "POST"])
def new_term(request, pk):
    """The new term's office holders: what ends and what starts (nothing written), then the
    change on "Confirm"; a term still to start can be undone here."""
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)
    require(request.user, "position.change", unit)
    people = Person.objects.visible_to(request.user).in_subtree(unit).current()
    form = NewTermForm(request.POST or None, people=people)
    preview = None
    today = timezone.localdate()
    upcoming = sorted(
        set(
            Position.objects.filter(unit=unit, started_on__gt=today).values_list(
                "started_on", flat=True
            )
        )
    )
    if request.method == "POST":
        if "confirm" in request.POST:

            def action(data):
                reorganise.new_term(
                    by=request.user, unit=unit, starts_on=data["starts_on"], holders=data["holders"]
                )
                return _("The new term of “%(name)s” starts on %(day)s.") % {
                    "name": unit.name,
                    "day": data["starts_on"].strftime("%d/%m/%Y"),
                }

            outcome = attempt(form, action)
            if outcome:
                messages.success(request, outcome.message)
                return redirect("unit", pk=unit.pk)
        else:

            def show(data):
                nonlocal preview
                preview = reorganise.new_term_preview(
                    by=request.user, unit=unit, starts_on=data["starts_on"], holders=data["holders"]
                )
                return ""

            attempt(form, show)
    context = {
        "unit": unit,
        "form": form,
        "preview": preview,
        "upcoming": upcoming,
        "title": _("New term"),
    }
    return render(request, "org/new_term.html", context)


@login_required
@require_POST
def new_term_undo(request, pk):
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)

    def change():
        starts_on = DateField().clean(request.POST.get("starts_on", ""))
        reorganise.new_term_undo(by=request.user, unit=unit, starts_on=starts_on)
        return _("The new term was undone.")

    perform(request, change)
    return redirect("unit-new-term", pk=unit.pk)
