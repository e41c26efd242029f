"""Rounds: the list, opening one, its page (quotas, nominations with their evidence, the
council), nominating, the council's votes and the close of the review, the minutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lamtheo.accounts.scoping import Action, get_visible_or_404, require, scope_of
from lamtheo.awards import eligibility, exports, queries, services
from lamtheo.awards.forms import CouncilForm, NominationForm, RoundForm
from lamtheo.awards.models import Nomination, NominationStatus, Round, RoundStatus
from lamtheo.core.views import id_param, perform, submit
from lamtheo.org.models import Unit
from lamtheo.org.privacy import Reader
from lamtheo.org.queries import unit_to_act_in


@login_required
@require_GET
def round_list(request):
    require(request.user, Action.VIEW)
    rounds = list(Round.objects.visible_to(request.user).select_related("unit")[:200])
    context = {
        "rounds": rounds,
        "can_open": scope_of(request.user).can(Action.AWARD_DECIDE),
    }
    return render(request, "awards/round_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request):
    unit = unit_to_act_in(request.user, Action.AWARD_DECIDE, id_param(request.GET, "unit"))
    form = RoundForm(request.POST or None)
    made = {}

    def open_(data):
        made["round"] = services.open_round(
            by=request.user,
            unit=unit,
            title=data["title"],
            kind=data["kind"],
            year=data["year"],
            first_year=data["first_year"],
            quotas=form.quotas(),
            threshold_percent=data["threshold_percent"],
            min_participation=data["min_participation"],
        )
        return _("Round opened.")

    if submit(request, form, open_):
        return redirect("award-round", pk=made["round"].pk)
    return render(request, "awards/round_form.html", {"form": form, "unit": unit})


def _round(request, pk) -> Round:
    return get_visible_or_404(Round.objects.select_related("unit"), request.user, pk=pk)


@login_required
@require_GET
def round_detail(request, pk):
    round_ = _round(request, pk)
    user = request.user
    nominations = list(
        Nomination.objects.visible_to(user)
        .filter(round=round_)
        .select_related("person", "unit")
        .order_by("form", "pk")
    )
    eligibility.annotate(round_, nominations)
    quotas = list(round_.quotas.all())
    used = {}
    for n in nominations:
        if n.status != NominationStatus.WITHDRAWN:
            used[n.form] = used.get(n.form, 0) + 1
    for q in quotas:
        q.used = used.get(q.form, 0)
    scope = scope_of(user)
    decision = (
        getattr(round_, "decision", None) if round_.status != RoundStatus.NOMINATING else None
    )
    context = {
        "round": round_,
        "quotas": quotas,
        "nominations": nominations,
        "council": list(round_.council.all()),
        "can_decide": scope.can(Action.AWARD_DECIDE, round_.unit.path),
        "can_nominate": round_.status == RoundStatus.NOMINATING
        and scope.can(Action.AWARD_NOMINATE),
        "council_form": CouncilForm(),
        "decision": decision,
        "events": queries.round_events(user, round_),
        "findings_rule": eligibility.FINDINGS_RULE,
    }
    return render(request, "awards/round_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_nominate(request, pk):
    round_ = _round(request, pk)
    require(request.user, Action.AWARD_NOMINATE)
    units = (
        Unit.objects.visible_to(request.user, Action.AWARD_NOMINATE)
        .filter(path__startswith=round_.unit.path, closed_on__isnull=True)
        .exclude(pk=round_.unit_id)
        .order_by("path")
    )
    # "name", not "q": the header's site search fills itself from "q".
    query = request.GET.get("name", "").strip()[:100]
    found, more = (
        queries.nominees(request.user, round_, query, Reader.of(request)) if query else ([], False)
    )
    if request.htmx and request.method == "GET" and "name" in request.GET:
        context = {"round": round_, "query": query, "found": found, "more": more}
        return render(request, "awards/_nominees.html", context)
    initial = {"person_id": id_param(request.GET, "person")}
    form = NominationForm(
        request.POST or None, round_=round_, user=request.user, units=units, initial=initial
    )

    def nominate(data):
        made = services.nominate(
            by=request.user,
            round_=round_,
            form=data["form"],
            person=data["person"],
            unit=data["unit"],
            achievement=data["achievement"],
        )
        if made.warnings:
            return _("Nominated, with warnings for the council: %(w)s") % {
                "w": " ".join(made.warnings)
            }
        return _("Nominated.")

    if submit(request, form, nominate):
        return redirect("award-round", pk=round_.pk)
    context = {
        "round": round_,
        "form": form,
        "query": query,
        "found": found,
        "more": more,
        "chosen": form.chosen(),
    }
    return render(request, "awards/nominate.html", context)


@login_required
@require_POST
def nomination_withdraw(request, pk):
    nomination = get_visible_or_404(Nomination.objects.select_related("unit"), request.user, pk=pk)
    require(request.user, Action.AWARD_NOMINATE, nomination.unit)
    perform(
        request,
        lambda: services.withdraw(by=request.user, nomination=nomination) and _("Withdrawn."),
    )
    return redirect("award-round", pk=nomination.round_id)


@login_required
@require_POST
def round_council(request, pk):
    round_ = _round(request, pk)
    require(request.user, Action.AWARD_DECIDE, round_.unit)
    form = CouncilForm(request.POST)
    if form.is_valid():
        perform(
            request,
            lambda: (
                services.set_council(by=request.user, round_=round_, members=form.lines())
                and _("Council recorded.")
            ),
        )
    else:
        messages.error(request, _("Name the council's members."))
    return redirect("award-round", pk=round_.pk)


@login_required
@require_http_methods(["GET", "POST"])
def round_votes(request, pk):
    round_ = _round(request, pk)
    require(request.user, Action.AWARD_DECIDE, round_.unit)
    nominations = list(
        round_.nominations.filter(status=NominationStatus.NOMINATED).select_related(
            "person", "unit"
        )
    )
    members = list(round_.council.all())
    if request.method == "POST":
        votes = {}
        for n in nominations:
            for m in members:
                value = request.POST.get(f"v_{n.pk}_{m.pk}", "")
                if value in ("1", "0"):
                    votes[(n.pk, m.pk)] = value == "1"
        if perform(
            request,
            lambda: (
                _("%(n)s votes recorded.")
                % {"n": services.record_votes(by=request.user, round_=round_, votes=votes)}
            ),
        ):
            return redirect("award-round", pk=round_.pk)
    grid = queries.vote_grid(round_)
    rows = [(n, [(m, grid.get((n.pk, m.pk))) for m in members]) for n in nominations]
    return render(request, "awards/votes.html", {"round": round_, "members": members, "rows": rows})


@login_required
@require_POST
def round_close(request, pk):
    round_ = _round(request, pk)
    require(request.user, Action.AWARD_DECIDE, round_.unit)
    perform(
        request,
        lambda: (
            services.close_review(by=request.user, round_=round_)
            and _("The council's review is closed.")
        ),
    )
    return redirect("award-round", pk=round_.pk)


@login_required
@require_GET
def round_minutes(request, pk):
    round_ = _round(request, pk)
    require(request.user, Action.AWARD_DECIDE, round_.unit)
    nominations = list(
        round_.nominations.exclude(status=NominationStatus.WITHDRAWN)
        .select_related("person", "unit")
        .order_by("form", "pk")
    )
    members = list(round_.council.all())
    return exports.minutes(round_, nominations, members, services.today()).response()
