"""Planning a session: the form (with its audience and connection points), publishing it
(which stores the invitations) or cancelling it, and its materials.

What a role may not do answers 403 (`require`), and the services check again.
"""

from __future__ import annotations

import datetime as dt
import posixpath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lamtheo.accounts.scoping import Action, get_visible_or_404, require
from lamtheo.core.views import id_param, perform, submit
from lamtheo.org.models import Person, Unit
from lamtheo.org.privacy import Reader
from lamtheo.org.queries import unit_to_act_in
from lamtheo.programs.models import ProgramYear
from lamtheo.study import services
from lamtheo.study.forms.sessions import MaterialForm, SessionForm
from lamtheo.study.models import Invitation, Material, SessionStatus, StudySession
from lamtheo.study.queries import local_midnight
from lamtheo.study.views.sessions import DETAIL_TEMPLATE, detail_context, session_or_404


def _session_form(request, user, host: Unit, initial=None) -> SessionForm:
    years = (
        ProgramYear.objects.visible_to(user)
        .filter(program__unit__path__in=host.ancestor_paths())
        .select_related("program")
        .order_by("-year", "program__name", "pk")
    )
    return SessionForm(
        request.POST or None,
        initial=initial,
        years=years,
        units=Unit.objects.visible_to(user, "session.change").active(),
        people=Person.objects.visible_to(user).current(),
        point_units=Unit.objects.visible_to(user).active(),
        reader=Reader.of(request),
    )


def _save_plan(user, session: StudySession, data: dict) -> None:
    services.audience_set(
        by=user,
        session=session,
        units=data["audience_units"],
        people=data["extra_people"],
        members_only=data["members_only"],
    )
    services.points_set(by=user, session=session, points=data["points"])


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request):
    user = request.user
    pk = id_param(request.GET, "unit")
    if pk is None:
        raise Http404
    host = unit_to_act_in(user, Action.SESSION_CHANGE, pk)
    start = local_midnight(timezone.localdate() + dt.timedelta(days=7)) + dt.timedelta(hours=8)
    initial = {
        "audience_units": host.code,
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=3),
        "counts_for_participation": True,
    }
    form = _session_form(request, user, host, initial)
    created = None

    def action(data):
        nonlocal created
        with transaction.atomic():
            created = services.session_create(by=user, unit=host, **form.session_fields())
            _save_plan(user, created, data)
        return _("The session was saved as a draft. Publish it to send the invitations.")

    if submit(request, form, action):
        return redirect("session", pk=created.pk)
    context = {
        "form": form,
        "host": host,
        "title": _("New session"),
        "cancel_url": f"{reverse('sessions')}?unit={host.code}",
    }
    return render(request, "study/sessions/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    user = request.user
    session = session_or_404(request, pk)
    require(user, "session.change", session.unit)
    if session.status == SessionStatus.CANCELLED and request.method == "GET":
        messages.warning(request, _("This session was cancelled."))
        return redirect("session", pk=session.pk)
    audience = list(session.audience.select_related("unit").order_by("unit__path"))
    extra = list(
        Person.objects.filter(pk__in=session.extra_people.values("person_id"))
        .select_related("unit")
        .order_by("sort_key", "pk")
    )
    points = list(session.points.select_related("unit"))
    initial = SessionForm.initial_for(session, audience, extra, points, Reader.of(request))
    form = _session_form(request, user, session.unit, initial)

    def action(data):
        with transaction.atomic():
            updated = services.session_update(by=user, session=session, **form.session_fields())
            _save_plan(user, updated, data)
        if session.status == SessionStatus.PUBLISHED:
            return _("The changes were saved. People added to the audience are invited now.")
        return _("The changes were saved.")

    if submit(request, form, action):
        return redirect("session", pk=session.pk)
    context = {
        "form": form,
        "host": session.unit,
        "session": session,
        "title": _("Edit the session"),
        "cancel_url": reverse("session", args=[session.pk]),
    }
    return render(request, "study/sessions/form.html", context)


@login_required
@require_POST
def session_publish(request, pk):
    session = session_or_404(request, pk)

    def change():
        with transaction.atomic():
            services.session_publish(by=request.user, session=session)
            services.points_assign(by=request.user, session=session)
        n = Invitation.objects.filter(session=session).count()
        return ngettext(
            "Published: %(n)d person is invited.", "Published: %(n)d people are invited.", n
        ) % {"n": n}

    perform(request, change)
    return redirect("session", pk=session.pk)


@login_required
@require_POST
def session_cancel(request, pk):
    session = session_or_404(request, pk)

    def change():
        services.session_cancel(by=request.user, session=session)
        return _("The session was cancelled.")

    perform(request, change)
    return redirect("session", pk=session.pk)


@login_required
@require_POST
def session_material(request, pk):
    user = request.user
    session = session_or_404(request, pk)
    require(user, "session.change", session.unit)
    form = MaterialForm(request.POST, request.FILES)

    def action(data):
        services.material_add(by=user, session=session, upload=data["file"], title=data["title"])
        return _("The material was added.")

    if submit(request, form, action):
        return redirect(reverse("session", args=[session.pk]) + "#materials")
    return render(request, DETAIL_TEMPLATE, detail_context(request, session, material_form=form))


@login_required
@require_GET
def material_download(request, pk):
    """A material, for those who may see its session; never a public media URL."""
    material = get_visible_or_404(Material.objects, request.user, pk=pk)
    try:
        handle = material.file.storage.open(material.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    extension = posixpath.splitext(material.file.name)[1]
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{material.title}{extension}",
        content_type=material.content_type or "application/octet-stream",
    )
