"""Pages of emulation campaigns (phong trào thi đua), under /campaigns/: the list, launching
and editing a campaign, opening and summing it up, the campaign page (goals, criteria,
participating units with their targets, activities per kind, results, exemplars that came
out of it), a unit's registration, activities, the host's assessment, and the results as a
spreadsheet.

Campaigns and entries are looked up through their `visible_to` (404 when invisible); what a
role may not do answers 403, and the services check again. Every page runs a fixed number of
queries whatever the number of units and activities.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lamtheo.accounts.scoping import Action, get_visible_or_404, require, scope_of
from lamtheo.core.tree import subtree_q
from lamtheo.core.views import id_param, perform, querystring, submit, year_param
from lamtheo.exemplars import campaign_results
from lamtheo.exemplars.forms.campaigns import ActivityForm, AssessForm, CampaignForm, EntryForm
from lamtheo.exemplars.models import ActivityKind, Campaign, CampaignEntry, Exemplar
from lamtheo.exemplars.services import campaigns as services
from lamtheo.org.models import Unit
from lamtheo.org.queries import unit_to_act_in

PAGE_SIZE = 50
ACTIVITIES_SHOWN = 200  # the latest activities listed on the campaign page
Status = Campaign.Status


def _campaign_or_404(request, pk) -> Campaign:
    return get_visible_or_404(Campaign.objects.select_related("unit"), request.user, pk=pk)


def _entry_or_404(request, pk) -> CampaignEntry:
    entries = CampaignEntry.objects.select_related("campaign__unit", "unit")
    return get_visible_or_404(entries, request.user, pk=pk)


# -- the list --------------------------------------------------------------------------------


@login_required
@require_GET
def campaign_list(request):
    """Campaigns the user sees, by unit (hosted in its subtree or above it, the ones it can
    take part in), status and year (running at some time in the year)."""
    user = request.user
    scope = scope_of(user)
    campaigns = Campaign.objects.visible_to(user)
    unit = None
    unit_id = id_param(request.GET, "unit")
    if unit_id is not None:
        unit = get_visible_or_404(Unit.objects, user, pk=unit_id)
        campaigns = campaigns.filter(
            subtree_q([unit.path], prefix="unit__path") | Q(unit__path__in=unit.ancestor_paths())
        )
    span = campaigns.aggregate(first=Min("starts_on"), last=Max("ends_on"))
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    if status:
        campaigns = campaigns.filter(status=status)
    year = year_param(request.GET, "year")
    if year is not None:
        campaigns = campaigns.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    listed = (
        campaigns.select_related("unit")
        .annotate(entry_count=Count("entries"))
        .order_by("-starts_on", "unit__sort_key", "pk")
    )
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    years = (
        list(range(span["last"].year, span["first"].year - 1, -1))
        if span["first"] and span["last"]
        else []
    )
    context = {
        "page": page,
        "unit": unit,
        "status": status,
        "statuses": Status.choices,
        "year": year,
        "years": years,
        "filtered": bool(unit or status or year),
        "querystring": querystring(request),
        "can_create": scope.can("campaign.change"),
    }
    return render(request, "exemplars/campaigns/list.html", context)


# -- launching and editing -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    unit = unit_to_act_in(request.user, Action.CAMPAIGN_CHANGE, id_param(request.GET, "unit"))
    form = CampaignForm(request.POST or None)
    created = None

    def action(data):
        nonlocal created
        created = services.campaign_create(by=request.user, unit=unit, **data)
        return _("The campaign “%(title)s” was saved as a draft. Launch it when it is ready.") % {
            "title": created.title
        }

    if submit(request, form, action):
        return redirect("campaign", pk=created.pk)
    context = {
        "form": form,
        "unit": unit,
        "title": _("New campaign of %(unit)s") % {"unit": unit.name},
        "cancel_url": reverse("campaigns"),
    }
    return render(request, "exemplars/campaigns/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk):
    campaign = _campaign_or_404(request, pk)
    require(request.user, "campaign.change", campaign.unit)
    form = CampaignForm(request.POST or None, initial=CampaignForm.initial_for(campaign))

    def action(data):
        services.campaign_update(by=request.user, campaign=campaign, **data)
        return _("The campaign was saved.")

    if submit(request, form, action):
        return redirect("campaign", pk=campaign.pk)
    context = {
        "form": form,
        "unit": campaign.unit,
        "campaign": campaign,
        "title": _("Edit the campaign"),
        "cancel_url": reverse("campaign", args=[campaign.pk]),
    }
    return render(request, "exemplars/campaigns/form.html", context)


def _transition(request, pk, move, done: str):
    campaign = _campaign_or_404(request, pk)
    require(request.user, "campaign.change", campaign.unit)

    def change():
        move(by=request.user, campaign=campaign)
        return done % {"title": campaign.title}

    perform(request, change)
    return redirect("campaign", pk=campaign.pk)


@login_required
@require_POST
def campaign_open(request, pk):
    return _transition(
        request,
        pk,
        services.campaign_open,
        _("The campaign “%(title)s” is under way: units can register their targets."),
    )


@login_required
@require_POST
def campaign_close(request, pk):
    return _transition(
        request,
        pk,
        services.campaign_close,
        _("The campaign “%(title)s” was summed up; its results no longer change."),
    )


# -- the campaign page -----------------------------------------------------------------------


def _units_to_register(user, campaign: Campaign):
    """Open units under the host where the user may take part and that have not registered."""
    return (
        Unit.objects.visible_to(user, "campaign.take_part")
        .subtree_of(campaign.unit)
        .exclude(pk=campaign.unit_id)
        .active()
        .exclude(campaign_entries__campaign=campaign)
        .order_by("depth", "sort_key", "path")
    )


@login_required
@require_GET
def campaign_detail(request, pk):
    user = request.user
    campaign = _campaign_or_404(request, pk)
    scope = scope_of(user)
    entries = campaign_results.dated(campaign, list(campaign_results.entries_for(campaign, user)))
    for entry in entries:
        entry.can_take_part = services.may_take_part(user, campaign, entry.unit)
    activities = campaign_results.activities_for(campaign, user)
    latest = list(
        activities.select_related("entry__unit").order_by("-held_on", "-pk")[:ACTIVITIES_SHOWN]
    )
    counts = campaign_results.kind_counts(activities)
    by_kind = {kind.value: [] for kind in ActivityKind}
    for activity in latest:
        by_kind[activity.kind].append(activity)
    for count in counts:
        count.latest = by_kind[count.kind]
    exemplars = list(
        Exemplar.objects.visible_to(user)
        .filter(campaign=campaign)
        .select_related("unit")
        .order_by("title", "pk")
    )
    can_change = scope.can("campaign.change", campaign.unit.path)
    can_register = campaign.status == Status.OPEN and _units_to_register(user, campaign).exists()
    context = {
        "campaign": campaign,
        "entries": entries,
        "assessed": sum(1 for e in entries if e.assessed_at),
        "kinds": counts,
        "total_activities": sum(c.activities for c in counts),
        "activities_shown": len(latest),
        "exemplars": exemplars,
        "can_change": can_change and campaign.status != Status.CLOSED,
        "can_assess": can_change and campaign.status == Status.OPEN,
        "can_register": can_register,
        "can_export": scope.covers(campaign.unit.path),
        "is_open": campaign.status == Status.OPEN,
    }
    return render(request, "exemplars/campaigns/detail.html", context)


# -- taking part -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def campaign_register(request, pk):
    """A unit under the host registers its targets: the secretary or office of the unit."""
    user = request.user
    campaign = _campaign_or_404(request, pk)
    allowed = Unit.objects.visible_to(user, "campaign.take_part").subtree_of(campaign.unit)
    if not allowed.exclude(pk=campaign.unit_id).exists():
        raise PermissionDenied
    units = _units_to_register(user, campaign)
    initial = {}
    unit_id = id_param(request.GET, "unit")
    if unit_id is not None:
        initial["unit"] = get_object_or_404(units, pk=unit_id)
    form = EntryForm(request.POST or None, initial=initial, units=units)
    created = None

    def action(data):
        nonlocal created
        created = services.entry_register(
            by=user, campaign=campaign, unit=data["unit"], targets=data["targets"]
        )
        return _("%(unit)s is taking part, with its targets.") % {"unit": created.unit.name}

    if campaign.status == Status.OPEN and submit(request, form, action):
        return redirect("campaign", pk=campaign.pk)
    context = {
        "form": form,
        "campaign": campaign,
        "is_open": campaign.status == Status.OPEN,
        "nothing_left": not form.fields["unit"].queryset.exists(),
        "title": _("Register targets"),
    }
    return render(request, "exemplars/campaigns/register.html", context)


def _entry_for_unit(request, pk) -> CampaignEntry:
    entry = _entry_or_404(request, pk)
    if not services.may_take_part(request.user, entry.campaign, entry.unit):
        raise PermissionDenied
    return entry


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, pk):
    entry = _entry_for_unit(request, pk)
    form = EntryForm(request.POST or None, initial={"targets": entry.targets})

    def action(data):
        services.entry_update(by=request.user, entry=entry, targets=data["targets"])
        return _("The targets of %(unit)s were saved.") % {"unit": entry.unit.name}

    if submit(request, form, action):
        return redirect("campaign", pk=entry.campaign_id)
    context = {
        "form": form,
        "campaign": entry.campaign,
        "entry": entry,
        "title": _("Targets of %(unit)s") % {"unit": entry.unit.name},
    }
    return render(request, "exemplars/campaigns/entry_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request, pk):
    entry = _entry_for_unit(request, pk)
    form = ActivityForm(request.POST or None)

    def action(data):
        activity = services.activity_record(by=request.user, entry=entry, **data)
        return _("The activity “%(title)s” was recorded.") % {"title": activity.title}

    if submit(request, form, action):
        return redirect(reverse("campaign", args=[entry.campaign_id]) + "#activities")
    context = {
        "form": form,
        "campaign": entry.campaign,
        "entry": entry,
        "title": _("New activity of %(unit)s") % {"unit": entry.unit.name},
        "show_targets": True,
    }
    return render(request, "exemplars/campaigns/entry_form.html", context)


# -- results ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def entry_assess(request, pk):
    """The host assesses a participating unit's result."""
    entry = _entry_or_404(request, pk)
    require(request.user, "campaign.change", entry.campaign.unit)
    initial = {"result": entry.result, "score": entry.score}
    form = AssessForm(request.POST or None, initial=initial)

    def action(data):
        services.entry_assess(by=request.user, entry=entry, **data)
        return _("The result of %(unit)s was saved.") % {"unit": entry.unit.name}

    if submit(request, form, action):
        return redirect(reverse("campaign", args=[entry.campaign_id]) + "#results")
    context = {
        "form": form,
        "campaign": entry.campaign,
        "entry": entry,
        "title": _("Result of %(unit)s") % {"unit": entry.unit.name},
        "show_targets": True,
    }
    return render(request, "exemplars/campaigns/entry_form.html", context)


@login_required
@require_GET
def results_xlsx(request, pk):
    """The results per unit, for those whose grant covers the host (404/403 otherwise)."""
    campaign = _campaign_or_404(request, pk)
    if not request.scope.covers(campaign.unit.path):
        raise PermissionDenied
    return campaign_results.ResultsExporter(campaign, request.user).response("xlsx")
