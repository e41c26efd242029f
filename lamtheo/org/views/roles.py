"""The roles page of a unit: who holds which role in its subtree, granting and ending roles,
and whether roles follow office."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.accounts.models import Grant
from lamtheo.accounts.scoping import get_visible_or_404, require
from lamtheo.core.forms import StyledFormMixin
from lamtheo.core.views import perform, submit
from lamtheo.org import queries, roles
from lamtheo.org.models import Unit


class GrantForm(StyledFormMixin, forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[(r.value, r.label) for r in roles.GRANTABLE],
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_roles(request, pk):
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)
    require(request.user, "role.grant", unit)
    form = GrantForm(request.POST or None)

    def grant(data):
        made = roles.grant_role(
            by=request.user, unit=unit, username=data["username"], role=data["role"]
        )
        return _("%(user)s now holds the role “%(role)s” in %(unit)s.") % {
            "user": made.user.username,
            "role": made.get_role_display(),
            "unit": unit.name,
        }

    if submit(request, form, grant):
        return redirect("unit-roles", pk=unit.pk)
    context = {
        "unit": unit,
        "ancestors": queries.ancestors(unit, request.user),
        "grants": list(roles.grants_in(unit)),
        "form": form,
        "follows_office": roles.follows_office(unit),
    }
    return render(request, "org/unit_roles.html", context)


@login_required
@require_POST
def grant_end(request, pk):
    grant = get_visible_or_404(Grant.objects.select_related("unit"), request.user, pk=pk)
    if grant.unit is not None:
        require(request.user, "role.grant", grant.unit)

    def end():
        roles.end_grant(by=request.user, grant=grant)
        return _("The role “%(role)s” of %(user)s has ended.") % {
            "role": grant.get_role_display(),
            "user": grant.user.username,
        }

    perform(request, end)
    return redirect("unit-roles", pk=grant.unit_id) if grant.unit_id else redirect("home")


@login_required
@require_POST
def unit_follow_office(request, pk):
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)
    require(request.user, "role.grant", unit)
    on = request.POST.get("follow_office") == "1"

    def change():
        roles.set_follow_office(by=request.user, unit=unit, on=on)
        if on:
            return _("Secretaries and deputy secretaries now get the secretary role.")
        return _("Appointments no longer give roles; grant them by hand.")

    perform(request, change)
    return redirect("unit-roles", pk=unit.pk)
