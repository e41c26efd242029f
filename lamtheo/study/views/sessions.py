"""The page of one study session: its plan and materials, live attendance for those with a
grant (totals, connection points, invitees), and for a member their own standing and the
request to be excused.

The other pages of sessions: calendar.py (calendar and list), planning.py (form, publish,
cancel, materials), roll_call.py, excuses.py, participation.py (a member's own record) and
feed.py (the calendar feed). Reads are in lamtheo.study.queries.

Sessions are looked up through `StudySession.objects.visible_to` (404 when invisible); what a
role may not do answers 403 (`require`), and the services check again. Every page runs a
fixed number of queries whatever the number of sessions and invitees.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lamtheo.accounts.scoping import scope_of
from lamtheo.core.views import submit
from lamtheo.org.queries import own_person
from lamtheo.study import services
from lamtheo.study.forms.sessions import ExcuseForm, MaterialForm
from lamtheo.study.models import ExcuseStatus, SessionStatus, StudySession
from lamtheo.study.queries import Mark, attendance, decidable_excuses, own_marks, running

EXTRA_PEOPLE_SHOWN = 50
DETAIL_TEMPLATE = "study/sessions/detail.html"
RELATED = ("unit", "program_year__program")


def session_or_404(request, pk) -> StudySession:
    sessions = StudySession.objects.visible_to(request.user).select_related(*RELATED)
    return get_object_or_404(sessions, pk=pk)


def detail_context(request, session: StudySession, *, excuse_form=None, material_form=None):
    user = request.user
    scope = scope_of(user)
    now = timezone.now()
    can_change = scope.can("session.change", session.unit.path)
    editable = can_change and session.status != SessionStatus.CANCELLED
    context = {
        "session": session,
        "can_change": editable,
        "materials": list(session.materials.order_by("uploaded_at", "pk")),
        "started": now >= session.starts_at,
        "running": running(session, now),
        "now": now,
        # The minutes and the attendance list: for grants covering the host (views.rates).
        "outputs": session.status == SessionStatus.PUBLISHED and scope.covers(session.unit.path),
    }
    if editable:
        context["audience"] = list(session.audience.select_related("unit").order_by("unit__path"))
        extra = session.extra_people.select_related("person").order_by("person__sort_key", "pk")
        context["extra_people"] = list(extra[: EXTRA_PEOPLE_SHOWN + 1])
        context["material_form"] = material_form or MaterialForm()
        if session.status == SessionStatus.DRAFT:
            context["will_invite"] = services.audience_people(session).count()
    if material_form is not None:  # a refused upload shows its reason, whatever the state
        context["material_form"] = material_form
    if scope.has_grant:
        context.update(attendance(user, session, request.GET.get("page")))
        context["shows_invitees"] = True
        context["can_roll_call"] = session.status == SessionStatus.PUBLISHED and scope.can(
            "attendance.record"
        )
        if scope.can("attendance.record"):
            context["pending_excuses"] = decidable_excuses(user).filter(session=session).count()
    else:
        context["points"] = list(session.points.all())
    person = own_person(user) if scope.person_id else None
    if person is not None:
        mark = own_marks(person.pk, [session.pk]).get(session.pk) or Mark()
        context["person"] = person
        context["mark"] = mark
        may_ask = (
            mark.invited
            and session.status == SessionStatus.PUBLISHED
            and now < session.starts_at
            and (mark.excuse is None or mark.excuse.status == ExcuseStatus.PENDING)
        )
        if may_ask or excuse_form is not None:
            initial = {"reason": mark.excuse.reason} if mark.excuse else None
            context["excuse_form"] = excuse_form or ExcuseForm(initial=initial)
    return context


@login_required
@require_GET
def session_detail(request, pk):
    session = session_or_404(request, pk)
    return render(request, DETAIL_TEMPLATE, detail_context(request, session))


@login_required
@require_GET
def session_attendance(request, pk):
    """The live part of the session page (totals, points, invitees), polled every 5 s."""
    session = session_or_404(request, pk)
    if not request.scope.has_grant:
        raise PermissionDenied
    context = attendance(request.user, session, request.GET.get("page"))
    return render(request, "study/sessions/_attendance.html", context)


@login_required
@require_POST
def session_excuse(request, pk):
    user = request.user
    session = session_or_404(request, pk)
    person = own_person(user)
    if person is None:
        raise PermissionDenied
    form = ExcuseForm(request.POST)

    def action(data):
        services.excuse_request(by=user, session=session, person=person, reason=data["reason"])
        return _("Your request was sent to the secretary.")

    if submit(request, form, action):
        return redirect("session", pk=session.pk)
    return render(request, DETAIL_TEMPLATE, detail_context(request, session, excuse_form=form))
