"""Pages that give people accounts: provisioning a unit's subtree, activation slips for a unit
and for one person."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.accounts.scoping import get_visible_or_404, require
from lamtheo.org import access, accounts, queries
from lamtheo.org.models import Person, Unit
from lamtheo.org.slips import slips_response

FORMATS = ("docx", "pdf")
# The document's name in the access log (documents are Vietnamese whatever the language).
SLIPS = "Phiếu kích hoạt tài khoản"


@login_required
@require_http_methods(["GET", "POST"])
def unit_accounts(request, pk):
    """What provisioning would do (counts), the button that does it, and the slips."""
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)
    require(request.user, "account.provision", unit)
    if request.method == "POST":
        done = accounts.provision_accounts(by=request.user, unit=unit)
        messages.success(
            request,
            _(
                "Accounts created: %(created)d; already had one: %(had)d; left the "
                "organisation, skipped: %(skipped)d; activation emails sent: %(emailed)d."
            )
            % done.__dict__,
        )
        return redirect("unit-accounts", pk=unit.pk)
    context = {
        "unit": unit,
        "ancestors": queries.ancestors(unit, request.user),
        "counts": accounts.account_counts(unit),
        "direct_pending": Person.objects.filter(
            unit=unit, left_on__isnull=True, user__is_active=True, user__password__startswith="!"
        ).count(),
    }
    return render(request, "org/unit_accounts.html", context)


@login_required
@require_POST
def unit_slips(request, pk):
    """New activation slips for the unit's people still waiting (a POST: it issues codes)."""
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)
    require(request.user, "account.provision", unit)
    kind = request.POST.get("format", "docx")
    if kind not in FORMATS:
        kind = "docx"
    try:
        slips = accounts.issue_unit_slips(by=request.user, unit=unit)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("unit-accounts", pk=unit.pk)
    access.log_export(user=request.user, people=[s.person_id for s in slips], what=SLIPS, unit=unit)
    return slips_response(unit.name, slips, unit.code or unit.name, kind)


@login_required
@require_POST
def person_slip(request, pk):
    """A new activation slip for one person: lost slip or forgotten password, no email."""
    person = get_visible_or_404(Person.objects.select_related("unit", "user"), request.user, pk=pk)
    require(request.user, "account.provision", person.unit)
    kind = request.POST.get("format", "docx")
    if kind not in FORMATS:
        kind = "docx"
    try:
        slip = accounts.issue_person_slip(by=request.user, person=person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("person", pk=person.pk)
    access.log_export(user=request.user, people=[person.pk], what=SLIPS, unit=person.unit)
    return slips_response(person.unit.name, [slip], person.full_name, kind)
