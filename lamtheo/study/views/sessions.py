"""Pages of study sessions: the calendar and list, planning (form, audience, connection points,
materials), publishing and cancelling, the session page with live attendance, the roll call on
a phone, excuses to decide, a member's own participation, and the calendar feed (ICS).

Sessions are looked up through `StudySession.objects.visible_to` (404 when invisible); what a
role may not do answers 403 (`require`), and the services check again. People are shown only
where `Person.objects.visible_to` lets the user see them: a member sees their own invitation,
a cell secretary the invitees of their cell, the host everyone. Every page runs a fixed number
of queries whatever the number of sessions and invitees.
"""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt
import posixpath
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import BigIntegerField, Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lamtheo.accounts.scoping import require, scope_of
from lamtheo.core.tree import subtree_q
from lamtheo.core.views import add_errors, id_param, submit
from lamtheo.org.models import Person, Unit
from lamtheo.org.queries import CountedPaginator
from lamtheo.programs.models import ProgramYear
from lamtheo.study import ics, services
from lamtheo.study.forms.sessions import (
    ExcuseDecideForm,
    ExcuseForm,
    MaterialForm,
    SelfStudyForm,
    SessionForm,
)
from lamtheo.study.models import (
    TOOK_PART,
    Attendance,
    AttendanceStatus,
    Excuse,
    ExcuseStatus,
    Invitation,
    Material,
    SelfStudy,
    SessionStatus,
    StudySession,
)

PAGE_SIZE = 50  # invitees per page, on the session page and the roll call
LIST_PAGE_SIZE = 50  # sessions of a month
UPCOMING = 30  # sessions under "upcoming" (no month chosen)
RECENT = 10  # … and under "recent"
CALENDAR_TITLES = 300  # sessions titled in a month grid; days show a count beyond that
DAY_TITLES = 3  # titles per day in the grid
EXTRA_PEOPLE_SHOWN = 50
OWN_LIMIT = 500  # a member's sessions and self-study entries over two years
FEED_SALT = "study-calendar"
FEED_LIMIT = 2000  # events in a feed
FEED_PAST = dt.timedelta(days=92)
FEED_FUTURE = dt.timedelta(days=366)
# The roll call (and the live refresh of the session page) opens this long before the start.
ROLL_CALL_OPENS = dt.timedelta(hours=1)
DETAIL_TEMPLATE = "study/sessions/detail.html"
RELATED = ("unit", "program_year__program")


# -- lookups ---------------------------------------------------------------------------------


def _session_or_404(request, pk) -> StudySession:
    sessions = StudySession.objects.visible_to(request.user).select_related(*RELATED)
    return get_object_or_404(sessions, pk=pk)


def _own_person(user) -> Person | None:
    person_id = scope_of(user).person_id
    if person_id is None:
        return None
    return Person.objects.visible_to(user).select_related("unit").filter(pk=person_id).first()


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _querystring(request, *drop: str) -> str:
    """The current query string without `drop` (and page), ready to take more parameters."""
    query = request.GET.copy()
    for name in ("page", *drop):
        query.pop(name, None)
    return query.urlencode() + "&" if query else ""


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _refusal(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _running(session: StudySession, now: dt.datetime) -> bool:
    """Published and between an hour before the start and the end: attendance is changing."""
    return (
        session.status == SessionStatus.PUBLISHED
        and session.starts_at - ROLL_CALL_OPENS <= now <= session.ends_at
    )


# -- the calendar and list -------------------------------------------------------------------


@dataclass
class Mark:
    """A member's own standing in a session: invited, excuse asked, attendance recorded."""

    invited: bool = False
    attendance: Attendance | None = None
    excuse: Excuse | None = None

    @property
    def status(self) -> str:
        if self.attendance is not None:
            return self.attendance.status
        if self.excuse is not None and self.excuse.status == ExcuseStatus.PENDING:
            return "excuse_pending"
        return "invited" if self.invited else ""

    @property
    def label(self) -> str:
        if self.attendance is not None:
            return self.attendance.get_status_display()
        if self.excuse is not None and self.excuse.status == ExcuseStatus.PENDING:
            return _("Excuse asked")
        return _("Invited") if self.invited else ""


def own_marks(person_id: int | None, session_ids: list[int]) -> dict[int, Mark]:
    """{session id: Mark} of one person over some sessions; three queries."""
    if person_id is None or not session_ids:
        return {}
    marks: dict[int, Mark] = {}
    for session_id in Invitation.objects.filter(
        person_id=person_id, session_id__in=session_ids
    ).values_list("session_id", flat=True):
        marks.setdefault(session_id, Mark()).invited = True
    for record in Attendance.objects.filter(person_id=person_id, session_id__in=session_ids):
        marks.setdefault(record.session_id, Mark()).attendance = record
    for excuse in Excuse.objects.filter(person_id=person_id, session_id__in=session_ids):
        marks.setdefault(excuse.session_id, Mark()).excuse = excuse
    return marks


def _month(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        year, month = (int(part) for part in value.split("-", 1))
        return dt.date(year, month, 1)
    except ValueError as exc:
        raise Http404 from exc


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass
class Day:
    date: dt.date
    in_month: bool
    today: bool
    sessions: list[StudySession] = field(default_factory=list)
    count: int = 0

    @property
    def more(self) -> int:
        return self.count - len(self.sessions)


def month_grid(sessions, month: dt.date, today: dt.date) -> list[list[Day]]:
    """Weeks (Monday first) covering `month`, each day with its number of sessions and the
    first few titles. Two queries: counts per day, and the titles of the first sessions."""
    first_weekday, days = calendar_module.monthrange(month.year, month.month)
    start = month - dt.timedelta(days=first_weekday)
    weeks = -(-(first_weekday + days) // 7)
    end = start + dt.timedelta(days=7 * weeks)
    grid = [
        Day(d, d.month == month.month, d == today)
        for d in (start + dt.timedelta(days=i) for i in range(7 * weeks))
    ]
    by_date = {day.date: day for day in grid}
    in_grid = sessions.filter(
        starts_at__gte=_local_midnight(start), starts_at__lt=_local_midnight(end)
    )
    tz = timezone.get_current_timezone()
    counts = (
        in_grid.annotate(day=TruncDate("starts_at", tzinfo=tz))
        .values("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in counts:
        if row["day"] in by_date:
            by_date[row["day"]].count = row["n"]
    for session in in_grid.order_by("starts_at", "pk")[:CALENDAR_TITLES]:
        day = by_date.get(timezone.localtime(session.starts_at).date())
        if day is not None and len(day.sessions) < DAY_TITLES:
            day.sessions.append(session)
    return [grid[i : i + 7] for i in range(0, len(grid), 7)]


def feed_token(user) -> str:
    return signing.Signer(salt=FEED_SALT).sign(str(user.pk))


def _create_units(user, unit: Unit | None) -> list[Unit]:
    """Where the "new session" button creates: the filtered unit when the user may host
    there, else the tops of the user's scope for "session.change"."""
    scope = scope_of(user)
    if unit is not None and scope.can("session.change", unit.path):
        return [unit]
    if scope.is_admin:
        return list(Unit.objects.filter(depth=1).active().order_by("sort_key")[:10])
    paths = scope.paths_for("session.change")
    if not paths:
        return []
    return list(Unit.objects.filter(path__in=paths).active().order_by("sort_key"))


@login_required
@require_GET
def session_list(request):
    user = request.user
    scope = scope_of(user)
    now = timezone.now()
    today = timezone.localdate()
    sessions = StudySession.objects.visible_to(user)
    unit = None
    code = request.GET.get("unit", "").strip()
    if code:
        unit = get_object_or_404(Unit.objects.visible_to(user), code=code)
        sessions = sessions.filter(subtree_q([unit.path], prefix="unit__path"))
    month = _month(request.GET.get("month"))
    shown = month or today.replace(day=1)
    listed = sessions.select_related("unit")
    page = upcoming = recent = None
    if month is not None:
        in_month = listed.filter(
            starts_at__gte=_local_midnight(month),
            starts_at__lt=_local_midnight(_add_months(month, 1)),
        ).order_by("starts_at", "pk")
        page = Paginator(in_month, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page)
    else:
        upcoming = list(listed.filter(ends_at__gte=now).order_by("starts_at", "pk")[:UPCOMING])
        recent = list(listed.filter(ends_at__lt=now).order_by("-starts_at", "-pk")[:RECENT])
        rows = upcoming + recent
    marks = own_marks(scope.person_id, [s.pk for s in rows])
    for session in rows:
        session.mark = marks.get(session.pk)
    token = feed_token(user)
    feed_url = request.build_absolute_uri(reverse("calendar-ics", args=[token]))
    context = {
        "unit": unit,
        "month": shown,
        "month_chosen": month is not None,
        "previous_month": _add_months(shown, -1),
        "next_month": _add_months(shown, 1),
        "weekdays": [WEEKDAYS_ABBR[i] for i in range(7)],
        "weeks": month_grid(sessions, shown, today),
        "page": page,
        "upcoming": upcoming,
        "recent": recent,
        "querystring": _querystring(request),
        "unit_query": f"unit={unit.code}&" if unit else "",
        "create_units": _create_units(user, unit),
        "records_attendance": scope.can("attendance.record"),
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
        "now": now,
    }
    return render(request, "study/sessions/list.html", context)


# -- planning --------------------------------------------------------------------------------


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
    host = get_object_or_404(Unit.objects.visible_to(user), pk=pk)
    require(user, "session.change", host)
    start = _local_midnight(timezone.localdate() + dt.timedelta(days=7)) + dt.timedelta(hours=8)
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
    session = _session_or_404(request, pk)
    require(user, "session.change", session.unit)
    if session.status == SessionStatus.CANCELLED and request.method == "GET":
        messages.warning(request, _("This session was cancelled."))
        return redirect("session", pk=session.pk)
    audience = list(session.audience.select_related("unit").order_by("unit__path"))
    extra = list(
        Person.objects.filter(pk__in=session.extra_people.values("person_id")).order_by(
            "sort_key", "pk"
        )
    )
    points = list(session.points.select_related("unit"))
    initial = SessionForm.initial_for(session, audience, extra, points)
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
    session = _session_or_404(request, pk)
    try:
        with transaction.atomic():
            services.session_publish(by=request.user, session=session)
            services.points_assign(by=request.user, session=session)
    except ValidationError as exc:
        _refusal(request, exc)
    else:
        n = Invitation.objects.filter(session=session).count()
        messages.success(
            request,
            ngettext(
                "Published: %(n)d person is invited.", "Published: %(n)d people are invited.", n
            )
            % {"n": n},
        )
    return redirect("session", pk=session.pk)


@login_required
@require_POST
def session_cancel(request, pk):
    session = _session_or_404(request, pk)
    try:
        services.session_cancel(by=request.user, session=session)
    except ValidationError as exc:
        _refusal(request, exc)
    else:
        messages.success(request, _("The session was cancelled."))
    return redirect("session", pk=session.pk)


@login_required
@require_POST
def session_material(request, pk):
    user = request.user
    session = _session_or_404(request, pk)
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
    visible = StudySession.objects.visible_to(request.user)
    material = get_object_or_404(Material.objects.filter(session__in=visible), pk=pk)
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


# -- the session page ------------------------------------------------------------------------


@dataclass
class Totals:
    invited: int = 0
    present: int = 0
    late: int = 0
    excused: int = 0
    absent: int = 0

    @property
    def not_recorded(self) -> int:
        return max(self.invited - self.present - self.late - self.excused - self.absent, 0)

    @property
    def took_part(self) -> int:
        return self.present + self.late


def _of_people(queryset, user, action: str | None = None):
    """Rows of `queryset` (invitations, attendance) about people `user` may see (or act on)."""
    if scope_of(user).is_admin:
        return queryset  # everyone: no need to ask the database for every person
    return queryset.filter(person__in=Person.objects.visible_to(user, action))


def _people_in_view(user, session: StudySession):
    """The invitations of people the user may see, and the attendance records of them."""
    invitations = _of_people(Invitation.objects.filter(session=session), user)
    records = _of_people(Attendance.objects.filter(session=session), user)
    return invitations, records


def attendance_context(request, session: StudySession) -> dict:
    """Totals, per-point counts and one page of invitees (Vietnamese order) with their
    attendance; seven queries whatever the number of invitees."""
    user = request.user
    invitations, records = _people_in_view(user, session)
    totals = Totals(invited=invitations.count())
    for status, n in records.values_list("status").annotate(n=Count("id")).order_by():
        setattr(totals, status, n)
    points = list(session.points.all())
    invited_at = dict(invitations.values_list("point_id").annotate(n=Count("id")).order_by())
    # Where each took part: the point they checked in at, else the point they were expected.
    expected = Invitation.objects.filter(session=session, person_id=OuterRef("person_id"))
    present_at = dict(
        records.filter(status__in=TOOK_PART)
        .annotate(
            at=Coalesce(
                "point_id",
                Subquery(expected.values("point_id")[:1]),
                output_field=BigIntegerField(),
            )
        )
        .values_list("at")
        .annotate(n=Count("id"))
        .order_by()
    )
    per_point = [
        {"point": p, "invited": invited_at.get(p.pk, 0), "took_part": present_at.get(p.pk, 0)}
        for p in points
    ]
    if points and (invited_at.get(None) or present_at.get(None)):
        per_point.append(
            {
                "point": None,
                "invited": invited_at.get(None, 0),
                "took_part": present_at.get(None, 0),
            }
        )
    ordered = invitations.select_related("person", "unit").order_by("person__sort_key", "pk")
    page = CountedPaginator(ordered, PAGE_SIZE, count=totals.invited).get_page(
        request.GET.get("page")
    )
    ids = [invitation.person_id for invitation in page]
    attended = {
        a.person_id: a for a in Attendance.objects.filter(session=session, person_id__in=ids)
    }
    excuses = {e.person_id: e for e in Excuse.objects.filter(session=session, person_id__in=ids)}
    by_point = {p.pk: p for p in points}
    rows = [
        {
            "invitation": invitation,
            "attendance": attended.get(invitation.person_id),
            "excuse": excuses.get(invitation.person_id),
            "point": by_point.get(invitation.point_id),
        }
        for invitation in page
    ]
    return {
        "session": session,
        "totals": totals,
        "points": points,
        "per_point": per_point,
        "page": page,
        "rows": rows,
        "running": _running(session, timezone.now()),
        "page_query": f"page={page.number}",
    }


def _decidable_excuses(user):
    """Excuses `user` may decide: of sessions hosted where they record attendance, or of
    people they record attendance for; never their own."""
    sessions = StudySession.objects.visible_to(user, "attendance.record")
    people = Person.objects.visible_to(user, "attendance.record")
    return (
        Excuse.objects.filter(Q(session__in=sessions) | Q(person__in=people))
        .exclude(person__user=user)
        .filter(status=ExcuseStatus.PENDING)
    )


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
        "running": _running(session, now),
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
        context.update(attendance_context(request, session))
        context["shows_invitees"] = True
        context["can_roll_call"] = session.status == SessionStatus.PUBLISHED and scope.can(
            "attendance.record"
        )
        if scope.can("attendance.record"):
            context["pending_excuses"] = _decidable_excuses(user).filter(session=session).count()
    else:
        context["points"] = list(session.points.all())
    person = _own_person(user) if scope.person_id else None
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
    session = _session_or_404(request, pk)
    return render(request, DETAIL_TEMPLATE, detail_context(request, session))


@login_required
@require_GET
def session_attendance(request, pk):
    """The live part of the session page (totals, points, invitees), polled every 5 s."""
    session = _session_or_404(request, pk)
    if not scope_of(request.user).has_grant:
        raise PermissionDenied
    return render(request, "study/sessions/_attendance.html", attendance_context(request, session))


@login_required
@require_POST
def session_excuse(request, pk):
    user = request.user
    session = _session_or_404(request, pk)
    person = _own_person(user)
    if person is None:
        raise PermissionDenied
    form = ExcuseForm(request.POST)

    def action(data):
        services.excuse_request(by=user, session=session, person=person, reason=data["reason"])
        return _("Your request was sent to the secretary.")

    if submit(request, form, action):
        return redirect("session", pk=session.pk)
    return render(request, DETAIL_TEMPLATE, detail_context(request, session, excuse_form=form))


# -- the roll call ---------------------------------------------------------------------------


def _marks_from(post) -> dict[int, str]:
    """{person id: status} from the radio groups "mark-<person id>" that were answered and
    changed: "was-<person id>" carries the status the page showed, so saving a page does not
    overwrite a check-in that arrived after it was read."""
    marks = {}
    for name, value in post.items():
        if name.startswith("mark-") and value:
            key = name.removeprefix("mark-")
            if not key.isdigit():
                raise Http404
            if post.get(f"was-{key}") == value:
                continue
            marks[int(key)] = value
    return marks


def roll_call_rows(session: StudySession, invitations, page_number, posted=None) -> dict:
    """One page of the invitees the user takes the roll of, with their current status (or
    what was just posted), any excuse, and their unit. Four queries."""
    ordered = invitations.select_related("person", "unit").order_by("person__sort_key", "pk")
    page = Paginator(ordered, PAGE_SIZE).get_page(page_number)
    ids = [invitation.person_id for invitation in page]
    attended = {
        a.person_id: a for a in Attendance.objects.filter(session=session, person_id__in=ids)
    }
    excuses = {e.person_id: e for e in Excuse.objects.filter(session=session, person_id__in=ids)}
    posted = posted or {}
    rows = []
    for invitation in page:
        record = attended.get(invitation.person_id)
        rows.append(
            {
                "invitation": invitation,
                "person": invitation.person,
                "attendance": record,
                "excuse": excuses.get(invitation.person_id),
                "value": posted.get(invitation.person_id, record.status if record else ""),
            }
        )
    return {"page": page, "rows": rows}


@login_required
@require_http_methods(["GET", "POST"])
def roll_call(request, pk):
    user = request.user
    session = _session_or_404(request, pk)
    scope = scope_of(user)
    if not scope.can("attendance.record"):
        raise PermissionDenied
    mine = _of_people(Invitation.objects.filter(session=session), user, "attendance.record")
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
        "querystring": _querystring(request),
        "total": mine.count(),
        **roll_call_rows(session, shown, request.GET.get("page"), posted),
    }
    return render(request, "study/sessions/roll_call.html", context)


# -- excuses ---------------------------------------------------------------------------------


def _excuse_queue_context(request, failed=None) -> dict:
    user = request.user
    excuses = _decidable_excuses(user)
    session = None
    session_pk = id_param(request.GET, "session")
    if session_pk is not None:
        session = _session_or_404(request, session_pk)
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
        "querystring": _querystring(request),
    }


@login_required
@require_GET
def excuse_queue(request):
    if not scope_of(request.user).can("attendance.record"):
        raise PermissionDenied
    return render(request, "study/sessions/excuses.html", _excuse_queue_context(request))


@login_required
@require_POST
def excuse_decide(request, pk):
    user = request.user
    visible = StudySession.objects.visible_to(user)
    excuse = get_object_or_404(Excuse.objects.filter(session__in=visible), pk=pk)
    form = ExcuseDecideForm(request.POST)
    if form.is_valid():
        try:
            decided = services.excuse_decide(
                by=user,
                excuse=excuse,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if decided.status == ExcuseStatus.APPROVED:
                message = _("Approved: %(name)s is excused.")
            else:
                message = _("Not approved: %(name)s is expected at the session.")
            messages.success(request, message % {"name": decided.person.full_name})
            return redirect(_safe_next(request, reverse("excuses")))
    if not scope_of(user).can("attendance.record"):
        raise PermissionDenied
    context = _excuse_queue_context(request, failed=(excuse.pk, form))
    return render(request, "study/sessions/excuses.html", context)


# -- a member's own participation ------------------------------------------------------------


@dataclass
class YearRecord:
    year: int
    entries: list[dict] = field(default_factory=list)
    counted: int = 0
    took_part: int = 0
    self_study: list[SelfStudy] = field(default_factory=list)


def participation(user, person: Person, today: dt.date) -> list[YearRecord]:
    """This year and last: sessions invited to with the person's status, the count "took
    part in N of M" (published sessions that count and have started), and self-study. Four
    queries."""
    years = {y: YearRecord(y) for y in (today.year, today.year - 1)}
    since = _local_midnight(dt.date(today.year - 1, 1, 1))
    until = _local_midnight(dt.date(today.year + 1, 1, 1))
    invitations = list(
        Invitation.objects.filter(
            person=person,
            session__in=StudySession.objects.visible_to(user),
            session__starts_at__gte=since,
            session__starts_at__lt=until,
        )
        .select_related("session__unit")
        .order_by("-session__starts_at", "-session_id")[:OWN_LIMIT]
    )
    marks = own_marks(person.pk, [inv.session_id for inv in invitations])
    now = timezone.now()
    for invitation in invitations:
        session = invitation.session
        mark = marks.get(session.pk) or Mark(invited=True)
        mark.invited = True
        record = years[timezone.localtime(session.starts_at).year]
        counts = (
            session.status == SessionStatus.PUBLISHED
            and session.counts_for_participation
            and session.starts_at <= now
        )
        took_part = mark.attendance is not None and mark.attendance.status in TOOK_PART
        if counts:
            record.counted += 1
            record.took_part += took_part
        record.entries.append({"session": session, "mark": mark, "counts": counts})
    entries = (
        SelfStudy.objects.visible_to(user)
        .filter(person=person, studied_on__gte=dt.date(today.year - 1, 1, 1))
        .order_by("-studied_on", "-id")[:OWN_LIMIT]
    )
    for entry in entries:
        if entry.studied_on.year in years:
            years[entry.studied_on.year].self_study.append(entry)
    return list(years.values())


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
    person = _own_person(request.user)
    if person is None:
        return render(request, "study/sessions/not_linked.html")
    return _participation_page(request, person)


@login_required
@require_http_methods(["GET", "POST"])
def self_study_create(request):
    user = request.user
    person = _own_person(user)
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


# -- the calendar feed -----------------------------------------------------------------------

FEED_STATUS = {
    SessionStatus.PUBLISHED: "CONFIRMED",
    SessionStatus.CANCELLED: "CANCELLED",
    SessionStatus.DRAFT: "TENTATIVE",
}


def _event(session: StudySession, page_url: str) -> ics.Event:
    parts = [f"{session.get_kind_display()} · {session.get_format_display()}"]
    parts.append(_("Host: %(unit)s") % {"unit": session.unit.name})
    if session.topic:
        parts.append(session.topic)
    if session.online_link:
        parts.append(_("Online: %(link)s") % {"link": session.online_link})
    if session.agenda:
        parts.append(session.agenda)
    parts.append(page_url)
    summary = session.title
    if session.status == SessionStatus.CANCELLED:
        summary = _("[Cancelled] %(title)s") % {"title": session.title}
    return ics.Event(
        uid=f"study-session-{session.pk}@lamtheo",
        start=session.starts_at,
        end=session.ends_at,
        summary=summary,
        stamp=session.updated_at,
        location=session.place or session.online_link,
        description="\n".join(parts),
        url=page_url,
        status=FEED_STATUS.get(session.status, "CONFIRMED"),
    )


@require_GET
def calendar_ics(request, token):
    """The sessions a user sees, three months back and a year ahead, for calendar apps. The
    signed token in the address stands for the sign-in: apps cannot sign in."""
    try:
        user_pk = signing.Signer(salt=FEED_SALT).unsign(token)
    except signing.BadSignature as exc:
        raise Http404 from exc
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    if user is None:
        raise Http404
    now = timezone.now()
    sessions = (
        StudySession.objects.visible_to(user)
        .filter(starts_at__gte=now - FEED_PAST, starts_at__lt=now + FEED_FUTURE)
        .select_related("unit")
        .order_by("starts_at", "pk")[:FEED_LIMIT]
    )
    page = request.build_absolute_uri("/")[:-1]
    events = [_event(s, page + reverse("session", args=[s.pk])) for s in sessions]
    body = ics.calendar(events, name=_("Study sessions"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lamtheo.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
