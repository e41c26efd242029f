"""Pages about people: the list in scope, a person's record and history, and edits."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lamtheo.accounts.scoping import can, get_visible_or_404, require
from lamtheo.core.views import querystring, submit
from lamtheo.org import access, consent, counts, queries, services
from lamtheo.org import own_data as own_data_export
from lamtheo.org.forms import LeaveForm, PersonForm, PersonNewForm, PositionForm, TransferForm
from lamtheo.org.models import PartyStatus, Person, Unit
from lamtheo.org.privacy import Reader

HISTORY_LIMIT = 30
ACCESS_LIMIT = 30


@login_required
def people_list(request):
    """Everyone in the user's scope, filtered by unit subtree, status and a name."""
    scope = request.scope
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
        people = people.search(query, Reader.of(request))
    elif not left:
        totals = counts.status_totals(units)
        known_count = totals[status] if status in PartyStatus.values else totals["total"]
    page = queries.people_page(people, request.GET.get("page"), settings.PAGE_SIZE, known_count)
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
            "querystring_prefix": querystring(request),
        },
    )


@login_required
def person_detail(request, pk):
    person = get_visible_or_404(
        Person.objects.select_related("unit", "user", "gallery_consent__recorded_by"),
        request.user,
        pk=pk,
    )
    reader = Reader.of(request)
    context = {
        "person": person,
        "unit_path": list(
            Unit.objects.visible_to(request.user)
            .filter(path__in=person.unit.ancestor_paths())
            .order_by("depth")
        ),
        "positions": list(person.positions.select_related("unit").order_by("-started_on")),
        "memberships": list(person.memberships.select_related("unit")),
        "changes": queries.person_history(person, HISTORY_LIMIT, reader),
        "can_change": can(request.user, "person.change", person.unit),
        "can_assign": can(request.user, "position.change", person.unit),
        "can_provision": can(request.user, "account.provision", person.unit),
        "is_self": request.scope.person_id == person.pk,
        "may_record_consent": consent.may_record(request.user, person),
        "current": getattr(person, "gallery_consent", None),
        "fields": [
            (Person._meta.get_field(name).verbose_name, value)
            for name, value in [
                ("code", person.code),
                ("birth_date", reader.value(person, "birth_date")),
                ("gender", person.get_gender_display()),
                ("party_status", person.get_party_status_display()),
                ("party_card_number", reader.value(person, "party_card_number")),
                ("joined_on", person.joined_on),
                ("official_on", person.official_on),
                ("job_title", person.job_title),
                ("phone", reader.value(person, "phone")),
                ("email", reader.value(person, "email")),
                ("unit_since", person.unit_since),
            ]
        ],
    }
    if context["is_self"]:
        context["accesses"] = list(
            person.accesses.select_related("user__person", "export__unit").order_by("-at")[
                :ACCESS_LIMIT
            ]
        )
    else:
        # Every look at someone else's record is logged; the person sees it on this page.
        access.log_view(user=request.user, person=person)
    return render(request, "org/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request, pk):
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)
    require(request.user, "person.change", unit)
    form = PersonNewForm(request.POST or None, initial={"party_status": PartyStatus.OFFICIAL})
    person = None

    def action(data):
        nonlocal person
        person = services.person_create(by=request.user, unit=unit, **data)
        return _("%(name)s was added.") % {"name": person.full_name}

    if submit(request, form, action):
        return redirect("person", pk=person.pk)
    title = _("Add a person to %(unit)s") % {"unit": unit}
    return render(request, "org/person_form.html", {"form": form, "unit": unit, "title": title})


def _person_for_change(request, pk, action: str = "person.change") -> Person:
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=pk)
    require(request.user, action, person.unit)
    return person


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    person = _person_for_change(request, pk)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person))

    def action(data):
        services.person_update(by=request.user, person=person, **data)
        return _("The changes were saved.")

    if submit(request, form, action):
        return redirect("person", pk=person.pk)
    context = {"form": form, "person": person, "unit": person.unit, "title": person.full_name}
    return render(request, "org/person_form.html", context)


def _person_change_page(request, person, form, action, title):
    if submit(request, form, action):
        return redirect("person", pk=person.pk)
    context = {"form": form, "person": person, "title": title}
    return render(request, "org/person_change_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_transfer(request, pk):
    person = _person_for_change(request, pk)
    form = TransferForm(request.POST or None)
    form.fields["unit"].queryset = (
        Unit.objects.visible_to(request.user, "person.change").active().exclude(pk=person.unit_id)
    )

    def action(data):
        services.person_transfer(
            by=request.user,
            person=person,
            unit=data["unit"],
            effective_on=data["effective_on"],
            reason=data["reason"],
        )
        return _("%(name)s now belongs to %(unit)s.") % {
            "name": person.full_name,
            "unit": data["unit"].name,
        }

    return _person_change_page(request, person, form, action, _("Transfer to another unit"))


@login_required
@require_http_methods(["GET", "POST"])
def person_leave(request, pk):
    person = _person_for_change(request, pk)
    form = LeaveForm(request.POST or None)

    def action(data):
        services.person_leave(
            by=request.user, person=person, left_on=data["left_on"], reason=data["reason"]
        )
        return _("The departure was recorded.")

    return _person_change_page(request, person, form, action, _("Record a departure"))


@login_required
@require_http_methods(["GET", "POST"])
def position_create(request, pk):
    """Give a person an office in their own unit or one of the units above it."""
    person = _person_for_change(request, pk, "position.change")
    form = PositionForm(request.POST or None)
    form.fields["unit"].queryset = (
        Unit.objects.visible_to(request.user, "position.change")
        .filter(path__in=person.unit.ancestor_paths())
        .order_by("-depth")
    )
    form.fields["unit"].initial = person.unit_id

    def action(data):
        services.position_create(
            by=request.user,
            unit=data["unit"],
            person=person,
            title=data["title"],
            started_on=data["started_on"],
            note=data["note"],
        )
        return _("The office was recorded.")

    return _person_change_page(request, person, form, action, _("Assign an office"))


@login_required
def own_data(request, pk, format):
    """A person's own data, for them alone: others get 404 even when they see the record."""
    person = get_visible_or_404(Person.objects.select_related("unit", "user"), request.user, pk=pk)
    if request.scope.person_id != person.pk or format not in ("json", "xlsx"):
        raise Http404
    if format == "json":
        return own_data_export.json_response(person)
    return own_data_export.OwnDataExporter(person).response("xlsx")
