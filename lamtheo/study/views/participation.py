"""A member's own participation: the sessions they were invited to this year and last, with
their standing and the count "took part in N of M", and the self-study they record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lamtheo.core.views import submit
from lamtheo.org.queries import own_person
from lamtheo.study import services
from lamtheo.study.forms.sessions import SelfStudyForm
from lamtheo.study.queries import participation


def _participation_page(request, person, form=None):
    today = timezone.localdate()
    context = {
        "person": person,
        "years": participation(request.user, person, today),
        "form": form or SelfStudyForm(initial={"studied_on": today}),
        "today": today,
        "now": timezone.now(),
    }
    return render(request, "study/sessions/my_participation.html", context)


@login_required
@require_GET
def my_participation(request):
    person = own_person(request.user)
    if person is None:
        return render(request, "study/sessions/not_linked.html")
    return _participation_page(request, person)


@login_required
@require_http_methods(["GET", "POST"])
def self_study_create(request):
    user = request.user
    person = own_person(user)
    if person is None:
        raise PermissionDenied
    form = SelfStudyForm(request.POST or None, initial={"studied_on": timezone.localdate()})

    def action(data):
        services.self_study_record(
            by=user,
            person=person,
            studied_on=data["studied_on"],
            material=data["material"],
            minutes=data["minutes"],
            note=data["note"],
        )
        return _("Your self-study was recorded.")

    if submit(request, form, action):
        return redirect(reverse("my-participation") + "#self-study")
    if request.method == "POST":
        return _participation_page(request, person, form)
    return render(request, "study/sessions/self_study_form.html", {"form": form})
