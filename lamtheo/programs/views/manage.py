"""Programme management: the programmes a user sees, and for the committee office (holders of
"program.change") creating programmes and years, their windows, and moving a year on. Lookups
go through `visible_to` (404), changes through `require` (403) and the services, which check
again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lamtheo.accounts.scoping import Action, get_visible_or_404, require
from lamtheo.core.views import id_param, submit
from lamtheo.org.queries import unit_to_act_in
from lamtheo.programs import services
from lamtheo.programs.forms.manage import ProgramForm, YearForm
from lamtheo.programs.models import YEAR_FLOW, Program, ProgramYear, YearStatus


def _year_or_404(request, pk) -> ProgramYear:
    years = ProgramYear.objects.select_related("program__unit")
    return get_visible_or_404(years, request.user, pk=pk)


@login_required
def program_list(request):
    """Programmes visible to the user, with their years and statuses."""
    scope = request.scope
    programs = list(
        Program.objects.visible_to(request.user)
        .select_related("unit")
        .prefetch_related(Prefetch("years", queryset=ProgramYear.objects.order_by("-year")))
        .order_by("-start_year", "name", "pk")
    )
    for program in programs:
        program.can_change = scope.can("program.change", program.unit.path)
    context = {"programs": programs, "can_create": scope.can("program.change")}
    return render(request, "programs/manage/programs.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def program_create(request):
    unit = unit_to_act_in(request.user, Action.PROGRAM_CHANGE, id_param(request.GET, "unit"))
    form = ProgramForm(request.POST or None)
    program = None

    def action(data):
        nonlocal program
        program = services.program_create(by=request.user, unit=unit, **data)
        return _("The programme “%(name)s” was created.") % {"name": program.name}

    if submit(request, form, action):
        return redirect("programs")
    context = {"form": form, "unit": unit, "title": _("New programme of %(unit)s") % {"unit": unit}}
    return render(request, "programs/manage/program_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def year_create(request, pk):
    program = get_visible_or_404(Program.objects.select_related("unit"), request.user, pk=pk)
    require(request.user, "program.change", program.unit)
    latest = program.years.order_by("-year").values_list("year", flat=True).first()
    initial = {"year": min(latest + 1, program.end_year) if latest else program.start_year}
    form = YearForm(request.POST or None, initial=initial)
    created = None

    def action(data):
        nonlocal created
        fields = {name: data[name] for name in YearForm.FIELDS}
        created = services.year_create(
            by=request.user, program=program, year=data["year"], **fields
        )
        return _("The year %(y)s was added, as a draft.") % {"y": created.year}

    if submit(request, form, action):
        return redirect("program-year", pk=created.pk)
    context = {
        "form": form,
        "program": program,
        "title": _("New year of %(p)s") % {"p": program.name},
    }
    return render(request, "programs/manage/year_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def year_edit(request, pk):
    year = _year_or_404(request, pk)
    require(request.user, "program.change", year.program.unit)
    form = YearForm(request.POST or None, initial=YearForm.initial_for(year), editing=True)

    def action(data):
        services.year_update(
            by=request.user, year=year, **{name: data[name] for name in YearForm.FIELDS}
        )
        return _("The year %(y)s was saved.") % {"y": year.year}

    if submit(request, form, action):
        return redirect("program-year", pk=year.pk)
    context = {
        "form": form,
        "program": year.program,
        "year": year,
        "title": _("Edit the year %(y)s") % {"y": year.year},
    }
    return render(request, "programs/manage/year_form.html", context)


def advance_effect(year: ProgramYear) -> str:
    """What moving the year on will do, in words, for the confirmation."""
    following = YEAR_FLOW.get(year.status)
    if following == YearStatus.OPEN:
        return _(
            "Open registration: members can register from %(a)s to %(b)s, and secretaries "
            "approve and evaluate."
        ) % {
            "a": year.registration_opens.strftime("%d/%m/%Y"),
            "b": year.registration_closes.strftime("%d/%m/%Y"),
        }
    if following == YearStatus.EVALUATING:
        return _(
            "Start evaluation: registrations can no longer be added or edited; people "
            "self-assess until %(d)s and secretaries evaluate until %(e)s."
        ) % {
            "d": year.self_assessment_closes.strftime("%d/%m/%Y"),
            "e": year.evaluation_deadline.strftime("%d/%m/%Y"),
        }
    if following == YearStatus.CLOSED:
        return _(
            "Close and lock the year %(y)s: no registration, evaluation or result of that year "
            "can change any more."
        ) % {"y": year.year}
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def year_advance(request, pk):
    """Move the year on (draft → open → under evaluation → closed), after a confirmation."""
    year = _year_or_404(request, pk)
    require(request.user, "program.change", year.program.unit)
    error = ""
    if request.method == "POST":
        try:
            moved = services.year_advance(by=request.user, year=year)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("The year %(y)s is now: %(s)s.")
                % {"y": moved.year, "s": moved.get_status_display()},
            )
            return redirect("program-year", pk=year.pk)
    following = YEAR_FLOW.get(year.status)
    context = {
        "year": year,
        "effect": advance_effect(year),
        "following": YearStatus(following).label if following else "",
        "error": error,
    }
    return render(request, "programs/manage/year_advance.html", context)


@login_required
def year_detail(request, pk):
    """A programme year: theme, windows, status, and where to follow it."""
    year = _year_or_404(request, pk)
    scope = request.scope
    unit = year.program.unit
    context = {
        "year": year,
        "program": year.program,
        "can_change": scope.can("program.change", unit.path) and not year.is_locked,
        "can_follow": scope.covers(unit.path),
        "following": YearStatus(YEAR_FLOW[year.status]).label if year.status in YEAR_FLOW else "",
    }
    return render(request, "programs/manage/year_detail.html", context)
