"""Pages about people: the list in scope, a person's record and history, and edits."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lamtheo.accounts.scoping import can, get_visible_or_404, require, scope_of
from lamtheo.org import counts, queries, services
from lamtheo.org.forms import LeaveForm, PersonForm, PersonNewForm, PositionForm, TransferForm
from lamtheo.org.models import PartyStatus, Person, Unit
from lamtheo.org.views.units import _form_error

HISTORY_LIMIT = 30


@login_required
def people_list(request):
    """Everyone in the user's scope, filtered by unit subtree, status and a name."""
    scope = scope_of(request.user)
    if not scope.has_grant:
        raise PermissionDenied
    # "view": the people the grants cover; one's own record is on the home page.
    people = Person.objects.visible_to(request.user, "view")
    units = Unit.objects.visible_to(request.user, "view")
    unit = None
    if code := request.GET.get("unit", "").strip():
        unit = get_visible_or_404(Unit.objects, request.user, code=code)
        people = people.in_subtree(unit)
        units = units.subtree_of(unit)
    status = request.GET.get("status", "")
    if status in PartyStatus.values:
        people = people.filter(party_status=status)
    left = bool(request.GET.get("left"))
    people = people.filter(left_on__isnull=False) if left else people.current()
    query = request.GET.get("q", "").strip()
    known_count = None
    if query:
        people = people.search(query)
    elif not left:
        totals = counts.status_totals(units)
        known_count = totals[status] if status in PartyStatus.values else totals["total"]
    page = queries.people_page(people, request.GET.get("page"), settings.PAGE_SIZE, known_count)
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return render(
        request,
        "org/people_list.html",
        {
            "page": page,
            "unit": unit,
            "status": status,
            "statuses": PartyStatus.choices,
            "query": query,
            "left": left,
            "querystring_prefix": querystring.urlencode() + "&" if querystring else "",
        },
    )


@login_required
def person_detail(request, pk):
    person = get_visible_or_404(Person.objects.select_related("unit", "user"), request.user, pk=pk)
    context = {
        "person": person,
        "unit_path": list(
            Unit.objects.visible_to(request.user)
            .filter(path__in=person.unit.ancestor_paths())
            .order_by("depth")
        ),
        "positions": list(person.positions.select_related("unit").order_by("-started_on")),
        "memberships": list(person.memberships.select_related("unit")),
        "changes": queries.person_history(person, HISTORY_LIMIT),
        "can_change": can(request.user, "person.change", person.unit),
        "can_assign": can(request.user, "position.change", person.unit),
        "fields": [
            (Person._meta.get_field(name).verbose_name, value)
            for name, value in [
                ("code", person.code),
                ("birth_date", person.birth_date),
                ("gender", person.get_gender_display()),
                ("party_status", person.get_party_status_display()),
                ("party_card_number", person.party_card_number),
                ("joined_on", person.joined_on),
                ("official_on", person.official_on),
                ("job_title", person.job_title),
                ("phone", person.phone),
                ("email", person.email),
                ("unit_since", person.unit_since),
            ]
        ],
    }
    return render(request, "org/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request, pk):
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)
    require(request.user, "person.change", unit)
    form = PersonNewForm(request.POST or None, initial={"party_status": PartyStatus.OFFICIAL})
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(by=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person.full_name})
            return redirect("person", pk=person.pk)
    return render(
        request,
        "org/person_form.html",
        {"form": form, "unit": unit, "title": _("Add a person to %(unit)s") % {"unit": unit}},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=pk)
    require(request.user, "person.change", person.unit)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(by=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("person", pk=person.pk)
    return render(
        request,
        "org/person_form.html",
        {"form": form, "person": person, "unit": person.unit, "title": person.full_name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_transfer(request, pk):
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=pk)
    require(request.user, "person.change", person.unit)
    form = TransferForm(request.POST or None)
    form.fields["unit"].queryset = (
        Unit.objects.visible_to(request.user, "person.change").active().exclude(pk=person.unit_id)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.person_transfer(
                by=request.user,
                person=person,
                unit=data["unit"],
                effective_on=data["effective_on"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s now belongs to %(unit)s.")
                % {"name": person.full_name, "unit": data["unit"].name},
            )
            return redirect("person", pk=person.pk)
    return render(
        request,
        "org/person_change_form.html",
        {"form": form, "person": person, "title": _("Transfer to another unit")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_leave(request, pk):
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=pk)
    require(request.user, "person.change", person.unit)
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_leave(
                by=request.user,
                person=person,
                left_on=form.cleaned_data["left_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The departure was recorded."))
            return redirect("person", pk=person.pk)
    return render(
        request,
        "org/person_change_form.html",
        {"form": form, "person": person, "title": _("Record a departure")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def position_create(request, pk):
    """Give a person an office in their own unit or one of the units above it."""
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=pk)
    require(request.user, "position.change", person.unit)
    form = PositionForm(request.POST or None)
    form.fields["unit"].queryset = (
        Unit.objects.visible_to(request.user, "position.change")
        .filter(path__in=person.unit.ancestor_paths())
        .order_by("-depth")
    )
    form.fields["unit"].initial = person.unit_id
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.position_create(
                by=request.user,
                unit=data["unit"],
                person=person,
                title=data["title"],
                started_on=data["started_on"],
                note=data["note"],
            )
        except ValidationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The office was recorded."))
            return redirect("person", pk=person.pk)
    return render(
        request,
        "org/person_change_form.html",
        {"form": form, "person": person, "title": _("Assign an office")},
    )
