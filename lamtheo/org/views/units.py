"""Pages of the units tree: browse, view, and the organisational changes.

Views look objects up through `visible_to` (404 when out of scope), check the action with
`require` (403 when in scope but not allowed), validate with a form and call a service.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lamtheo.accounts.scoping import can, get_visible_or_404, require
from lamtheo.core.views import perform, querystring, submit
from lamtheo.org import counts, queries, services
from lamtheo.org.forms import (
    PositionEndForm,
    UnitCloseForm,
    UnitForm,
    UnitMergeForm,
    UnitMoveForm,
)
from lamtheo.org.models import Person, PersonQuerySet, Position, Unit, UnitChange


@login_required
def unit_tree(request):
    """The top of the user's tree: the roots of their scope, each opening one level at a time."""
    return render(request, "org/unit_tree.html", {"roots": queries.roots_with_counts(request.user)})


@login_required
def unit_children(request, pk):
    """One level of the tree, loaded by htmx when a branch is opened."""
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)
    children = queries.children_with_counts(unit, request.user)
    return render(request, "org/_unit_branch.html", {"children": children})


@login_required
def unit_detail(request, pk):
    unit = get_visible_or_404(Unit.objects.select_related("merged_into"), request.user, pk=pk)
    above = queries.ancestors(unit, request.user)
    direct_only = request.GET.get("direct") == "1"
    people: PersonQuerySet = Person.objects.visible_to(request.user).current()
    people = people.filter(unit=unit) if direct_only else people.in_subtree(unit)
    query = request.GET.get("q", "").strip()
    known_count = None
    if query:
        people = people.search(query)
    elif request.scope.covers(unit.path):
        units = Unit.objects.filter(pk=unit.pk) if direct_only else Unit.objects.subtree_of(unit)
        known_count = counts.status_totals(units)["total"]
    page = queries.people_page(people, request.GET.get("page"), settings.PAGE_SIZE, known_count)
    context = {
        "unit": unit,
        "ancestors": above,
        "children": queries.children_with_counts(unit, request.user),
        "positions": queries.office_holders(unit, request.user),
        "page": page,
        "query": query,
        "direct_only": direct_only,
        "querystring_prefix": querystring(request),
        "changes": list(
            UnitChange.objects.filter(unit=unit).select_related("other_unit", "recorded_by")[:20]
        ),
        "can_change_unit": can(request.user, "unit.change", unit),
        "covered": request.scope.covers(unit.path),
        "can_change_people": can(request.user, "person.change", unit),
        "can_change_positions": can(request.user, "position.change", unit),
        "can_provision": can(request.user, "account.provision", unit),
        "can_grant": can(request.user, "role.grant", unit),
        # A top unit whose first day is still to come may be an insertion above to undo.
        "insertion_pending": unit.depth == 1
        and unit.opened_on is not None
        and unit.opened_on > timezone.localdate()
        and request.scope.is_admin,
    }
    return render(request, "org/unit_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request, pk):
    """Add a unit under `pk`."""
    parent = get_visible_or_404(Unit.objects, request.user, pk=pk)
    require(request.user, "unit.change", parent)
    form = UnitForm(request.POST or None)
    unit = None

    def action(data):
        nonlocal unit
        unit = services.unit_create(
            by=request.user,
            parent=parent,
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            opened_on=data["effective_on"],
            place=data["place"],
        )
        return _("Unit “%(name)s” was created.") % {"name": unit.name}

    if submit(request, form, action):
        return redirect("unit", pk=unit.pk)
    title = _("New unit under %(name)s") % {"name": parent}
    return render(request, "org/unit_form.html", {"form": form, "parent": parent, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk):
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)
    require(request.user, "unit.change", unit)
    initial = {"code": unit.code, "name": unit.name, "kind": unit.kind, "place": unit.place}
    form = UnitForm(request.POST or None, initial=initial)

    def action(data):
        services.unit_update(
            by=request.user,
            unit=unit,
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            effective_on=data["effective_on"],
            note=data["note"],
            place=data["place"],
        )
        return _("The unit was saved.")

    if submit(request, form, action):
        return redirect("unit", pk=unit.pk)
    return render(
        request, "org/unit_form.html", {"form": form, "unit": unit, "title": _("Edit unit")}
    )


def _change_page(request, pk, form_class, title, action):
    """Shared shape of move / merge / close: one form, one service call, back to the unit."""
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)
    require(request.user, "unit.change", unit)
    form = form_class(request.POST or None)
    for name in ("new_parent", "target"):
        if name in form.fields:
            form.fields[name].queryset = (
                Unit.objects.visible_to(request.user, "unit.change").active().exclude(pk=unit.pk)
            )
    if submit(request, form, lambda data: action(unit, data)):
        return redirect("unit", pk=unit.pk)
    context = {"form": form, "unit": unit, "title": title}
    return render(request, "org/unit_change_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_move(request, pk):
    def action(unit, data):
        services.unit_move(
            by=request.user,
            unit=unit,
            new_parent=data["new_parent"],
            effective_on=data["effective_on"],
            note=data["note"],
        )
        return _("The unit was moved under “%(name)s”.") % {"name": data["new_parent"].name}

    return _change_page(request, pk, UnitMoveForm, _("Move unit"), action)


@login_required
@require_http_methods(["GET", "POST"])
def unit_merge(request, pk):
    def action(unit, data):
        services.unit_merge(
            by=request.user,
            source=unit,
            target=data["target"],
            effective_on=data["effective_on"],
            note=data["note"],
        )
        return _("The unit was merged into “%(name)s”.") % {"name": data["target"].name}

    return _change_page(request, pk, UnitMergeForm, _("Merge unit"), action)


@login_required
@require_http_methods(["GET", "POST"])
def unit_close(request, pk):
    def action(unit, data):
        services.unit_close(
            by=request.user, unit=unit, closed_on=data["closed_on"], note=data["note"]
        )
        return _("The unit was closed.")

    return _change_page(request, pk, UnitCloseForm, _("Close unit"), action)


@login_required
@require_http_methods(["POST"])
def unit_reopen(request, pk):
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)
    require(request.user, "unit.change", unit)

    def change():
        services.unit_reopen(by=request.user, unit=unit, effective_on=dt.date.today())
        return _("The unit was reopened.")

    perform(request, change)
    return redirect("unit", pk=unit.pk)


@login_required
@require_http_methods(["GET", "POST"])
def position_end(request, pk):
    position = get_visible_or_404(
        Position.objects.select_related("unit", "person"), request.user, pk=pk
    )
    require(request.user, "position.change", position.unit)
    form = PositionEndForm(request.POST or None)

    def action(data):
        services.position_end(by=request.user, position=position, ended_on=data["ended_on"])
        return _("The term was ended.")

    if submit(request, form, action):
        return redirect("unit", pk=position.unit_id)
    title = _("End the term of %(p)s") % {"p": position}
    context = {"form": form, "unit": position.unit, "title": title}
    return render(request, "org/unit_change_form.html", context)
