"""A person's consent to the public gallery: given by the person, or recorded from a signed
paper by whoever manages their record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lamtheo.accounts.scoping import get_visible_or_404
from lamtheo.core.views import submit
from lamtheo.org import consent
from lamtheo.org.forms import GalleryConsentForm
from lamtheo.org.models import Person


@login_required
@require_http_methods(["GET", "POST"])
def person_consent(request, pk):
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=pk)
    if not consent.may_record(request.user, person) or not person.is_current:
        raise PermissionDenied
    own = request.scope.person_id == person.pk
    current = consent.of(person)
    initial = {"status": current.status, "given_on": current.given_on} if current else {}
    form = GalleryConsentForm(request.POST or None, initial=initial, own=own)

    def action(data):
        consent.record(
            by=request.user, person=person, status=data["status"], given_on=data.get("given_on")
        )
        return _("The answer was recorded.")

    if submit(request, form, action):
        return redirect("person", pk=person.pk)
    context = {
        "form": form,
        "person": person,
        "title": _("Consent to the public gallery"),
        "current": current,
        "own": own,
    }
    return render(request, "org/person_consent.html", context)
