"""Excuses waiting for a decision: those of the sessions the user records attendance for (or
of their people), approved or not, a page at a time."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lamtheo.accounts.scoping import scope_of
from lamtheo.core.views import id_param, querystring, safe_next, submit
from lamtheo.study import services
from lamtheo.study.forms.sessions import ExcuseDecideForm
from lamtheo.study.models import Excuse, ExcuseStatus, StudySession
from lamtheo.study.queries import PAGE_SIZE, decidable_excuses
from lamtheo.study.views.sessions import session_or_404


def _queue_context(request, failed=None) -> dict:
    excuses = decidable_excuses(request.user)
    session = None
    session_pk = id_param(request.GET, "session")
    if session_pk is not None:
        session = session_or_404(request, session_pk)
        excuses = excuses.filter(session=session)
    ordered = excuses.select_related("session__unit", "person__unit").order_by(
        "session__starts_at", "session_id", "person__sort_key", "pk"
    )
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for excuse in page:
        form = failed[1] if failed and failed[0] == excuse.pk else ExcuseDecideForm()
        rows.append({"excuse": excuse, "form": form})
    problem = []
    if failed and failed[0] not in {row["excuse"].pk for row in rows}:
        # Decided meanwhile (or on another page): say why here, above the list.
        problem = [e for errors in failed[1].errors.values() for e in errors]
    return {
        "problem": problem,
        "session": session,
        "page": page,
        "rows": rows,
        "querystring": querystring(request),
    }


@login_required
@require_GET
def excuse_queue(request):
    if not request.scope.can("attendance.record"):
        raise PermissionDenied
    return render(request, "study/sessions/excuses.html", _queue_context(request))


@login_required
@require_POST
def excuse_decide(request, pk):
    user = request.user
    visible = StudySession.objects.visible_to(user)
    excuse = get_object_or_404(Excuse.objects.filter(session__in=visible), pk=pk)
    form = ExcuseDecideForm(request.POST)

    def action(data):
        decided = services.excuse_decide(
            by=user, excuse=excuse, approve=data["decision"] == "approve", comment=data["comment"]
        )
        if decided.status == ExcuseStatus.APPROVED:
            message = _("Approved: %(name)s is excused.")
        else:
            message = _("Not approved: %(name)s is expected at the session.")
        return message % {"name": decided.person.full_name}

    if submit(request, form, action):
        return redirect(safe_next(request, reverse("excuses")))
    if not scope_of(user).can("attendance.record"):
        raise PermissionDenied
    context = _queue_context(request, failed=(excuse.pk, form))
    return render(request, "study/sessions/excuses.html", context)
