"""Pages of the reorganisation services: transfer cells (preview, then confirm), the
handover record, and its undo before the effective day; insert a unit above a top unit, and
its undo before the effective day."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.accounts.scoping import get_visible_or_404, require
from lamtheo.core.views import attempt, perform
from lamtheo.org import reorganise
from lamtheo.org.forms import InsertAboveForm, TransferCellsForm
from lamtheo.org.models import Handover, Unit


@login_required
@require_http_methods(["GET", "POST"])
def transfer_cells(request, pk):
    """A committee's cells to another committee: the form, then the handover record as it
    will be (nothing written), then the transfer on "Confirm"."""
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)
    require(request.user, "unit.change", unit)
    form = TransferCellsForm(request.POST or None)
    form.fields["cells"].queryset = Unit.objects.get_children(unit).active().order_by("sort_key")
    form.fields["target"].queryset = (
        Unit.objects.visible_to(request.user, "unit.change").active().exclude(pk=unit.pk)
    )
    lines = None
    if request.method == "POST":
        if "confirm" in request.POST:
            made = {}

            def action(data):
                made["handover"] = reorganise.transfer_cells(
                    by=request.user,
                    cells=list(data["cells"]),
                    target=data["target"],
                    effective_on=data["effective_on"],
                    note=data["note"],
                )
                return _("%(n)s units were transferred to “%(name)s”.") % {
                    "n": len(data["cells"]),
                    "name": data["target"].name,
                }

            outcome = attempt(form, action)
            if outcome:
                messages.success(request, outcome.message)
                return redirect("handover", pk=made["handover"].pk)
        else:

            def preview(data):
                nonlocal lines
                lines = reorganise.transfer_preview(
                    by=request.user, cells=list(data["cells"]), target=data["target"]
                )
                return ""

            attempt(form, preview)
    context = {
        "unit": unit,
        "form": form,
        "lines": lines,
        "title": _("Transfer units"),
        "total_members": sum(line.members for line in lines or ()),
    }
    return render(request, "org/transfer_cells.html", context)


@login_required
def handover(request, pk):
    """The handover record (biên bản bàn giao): the cells, where they came from, their members."""
    record = get_visible_or_404(
        Handover.objects.select_related("target", "recorded_by"), request.user, pk=pk
    )
    lines = list(record.lines.select_related("unit", "from_parent"))
    context = {
        "handover": record,
        "lines": lines,
        "total_members": sum(line.members for line in lines),
        "total_people": sum(line.people for line in lines),
        "can_undo": record.effective_on > timezone.localdate(),
    }
    return render(request, "org/handover.html", context)


@login_required
@require_POST
def handover_undo(request, pk):
    record = get_visible_or_404(Handover.objects.select_related("target"), request.user, pk=pk)
    target = record.target

    def change():
        reorganise.transfer_undo(by=request.user, handover=record)
        return _("The transfer was undone.")

    if perform(request, change):
        return redirect("unit", pk=target.pk)
    return redirect("handover", pk=record.pk)


@login_required
@require_http_methods(["GET", "POST"])
def insert_above(request, pk):
    """A new unit above a top unit (a city committee above a bloc committee): the form, then
    what will change (nothing written), then the change on "Confirm"."""
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)
    require(request.user, "admin")
    form = InsertAboveForm(request.POST or None, initial={"kind": "committee"})
    preview = None
    if request.method == "POST":
        if "confirm" in request.POST:
            made = {}

            def action(data):
                made["above"] = reorganise.insert_above(
                    by=request.user,
                    unit=unit,
                    code=data["code"],
                    name=data["name"],
                    kind=data["kind"],
                    effective_on=data["effective_on"],
                    note=data["note"],
                )
                return _("“%(name)s” is now above “%(unit)s”.") % {
                    "name": made["above"].name,
                    "unit": unit.name,
                }

            outcome = attempt(form, action)
            if outcome:
                messages.success(request, outcome.message)
                return redirect("unit", pk=made["above"].pk)
        else:

            def show(data):
                nonlocal preview
                preview = reorganise.insert_above_preview(
                    by=request.user, unit=unit, name=data["name"], kind=data["kind"]
                )
                return ""

            attempt(form, show)
    context = {"unit": unit, "form": form, "preview": preview, "title": _("Add a unit above")}
    return render(request, "org/insert_above.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def insert_above_undo(request, pk):
    """Undo an insertion above before its day: what will change (the units that become top
    units again), or why it cannot be undone; then the undo on "Confirm"."""
    above = get_visible_or_404(Unit.objects, request.user, pk=pk)
    require(request.user, "admin")
    preview, refusal = None, ""
    try:
        preview = reorganise.insert_above_undo_preview(by=request.user, above=above)
    except ValidationError as exc:
        refusal = " ".join(exc.messages)
    if request.method == "POST" and preview is not None:
        survivor = {}

        def change():
            survivor["unit"] = reorganise.insert_above_undo(by=request.user, above=above)
            return _("The insertion of “%(name)s” was undone.") % {"name": above.name}

        if perform(request, change):
            return redirect("unit", pk=survivor["unit"].pk)
        return redirect("unit-insert-above-undo", pk=above.pk)
    context = {
        "unit": above,
        "preview": preview,
        "refusal": refusal,
        "title": _("Undo the insertion above"),
    }
    return render(request, "org/insert_above_undo.html", context)
