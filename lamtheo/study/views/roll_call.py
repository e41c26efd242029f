"""The roll call on a phone: the invitees the user records attendance for, a page at a time,
with a status per person; the enhanced page saves each row as it is tapped."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from lamtheo.accounts.scoping import scope_of
from lamtheo.core.views import as_id, querystring
from lamtheo.study import services
from lamtheo.study.models import Attendance, AttendanceStatus, Invitation, SessionStatus
from lamtheo.study.queries import ROLL_CALL_OPENS, of_people, roll_call_rows
from lamtheo.study.views.sessions import session_or_404


def _marks_from(post) -> dict[int, str]:
    """{person id: status} from the radio groups "mark-<person id>" that were answered and
    changed: "was-<person id>" carries the status the page showed, so saving a page does not
    overwrite a check-in that arrived after it was read."""
    marks = {}
    for name, value in post.items():
        if name.startswith("mark-") and value:
            key = name.removeprefix("mark-")
            if (pk := as_id(key)) is None:
                raise Http404
            if post.get(f"was-{key}") == value:
                continue
            marks[pk] = value
    return marks


@login_required
@require_http_methods(["GET", "POST"])
def roll_call(request, pk):
    user = request.user
    session = session_or_404(request, pk)
    scope = scope_of(user)
    if not scope.can("attendance.record"):
        raise PermissionDenied
    mine = of_people(Invitation.objects.filter(session=session), user, "attendance.record")
    todo = request.GET.get("todo") == "1"
    shown = mine
    if todo:
        recorded = Attendance.objects.filter(session=session, person_id=OuterRef("person_id"))
        shown = mine.filter(~Exists(recorded))
    posted = None
    error = ""
    if request.method == "POST":
        marks = _marks_from(request.POST)
        try:
            changed = services.roll_call(by=user, session=session, marks=marks)
        except ValidationError as exc:
            error = " ".join(exc.messages)
            posted = marks
        else:
            if not request.htmx:
                messages.success(
                    request,
                    ngettext("%(n)d record saved.", "%(n)d records saved.", changed)
                    % {"n": changed},
                )
                return redirect(request.get_full_path())
        if request.htmx:
            # One row changed from the enhanced page: answer with that row, saved or refused.
            data = roll_call_rows(session, mine.filter(person_id__in=list(marks)), 1, posted)
            context = {
                "session": session,
                "row": data["rows"][0] if data["rows"] else None,
                "statuses": AttendanceStatus.choices,
                "error": error,
                "saved": not error,
            }
            return render(request, "study/sessions/_roll_row.html", context)
    context = {
        "session": session,
        "todo": todo,
        "error": error,
        "statuses": AttendanceStatus.choices,
        "opens_at": session.starts_at - ROLL_CALL_OPENS,
        "open": session.status == SessionStatus.PUBLISHED
        and timezone.now() >= session.starts_at - ROLL_CALL_OPENS,
        "querystring": querystring(request),
        "total": mine.count(),
        **roll_call_rows(session, shown, request.GET.get("page"), posted),
    }
    return render(request, "study/sessions/roll_call.html", context)
