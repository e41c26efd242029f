"""The committee's pages: its rounds, opening one, the overview of a round over a unit's
subtree (ranks, who is missing a step, the quota), a chi bộ's members, and announcing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lamtheo.accounts.scoping import Action
from lamtheo.core.tree import subtree_q
from lamtheo.core.views import id_param, perform, submit
from lamtheo.evaluation import queries, services
from lamtheo.evaluation.forms import RoundForm
from lamtheo.evaluation.models import Complaint, OrgReview, Round, RoundStatus
from lamtheo.evaluation.queries import RANKS
from lamtheo.evaluation.rules import Rank
from lamtheo.org.models import Unit
from lamtheo.org.queries import ancestors, unit_to_act_in, unit_to_read

RANK_LABELS = [Rank(r).label for r in RANKS]
PAGE_SIZE = 50


def _round_or_404(request, pk) -> Round:
    rounds = Round.objects.visible_to(request.user).select_related("unit", "rule_set")
    return get_object_or_404(rounds, pk=pk)


@login_required
@require_GET
def home(request):
    """A member's own reviews first (on a phone: the next step), then the rounds the user's
    grants reach."""
    scope = request.scope
    context = {
        "mine": list(queries.my_reviews(scope.person_id)[:10]),
        "rounds": list(queries.rounds_for(request.user)[:30]) if scope.has_grant else [],
        "can_open": scope.can(Action.EVALUATION_ROUND),
    }
    return render(request, "evaluation/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request):
    unit = unit_to_act_in(request.user, Action.EVALUATION_ROUND, id_param(request.GET, "unit"))
    form = RoundForm(request.POST or None, initial={"year": timezone.localdate().year})
    created = []

    def action(data):
        created.append(
            services.round_open(
                by=request.user,
                unit=unit,
                year=data["year"],
                period=data["period"],
                quarter=data["quarter"],
                title=data["title"],
                outstanding=data["outstanding"],
                closes_on=data["closes_on"],
            )
        )
        return _(
            "The round is open: every Party member of %(unit)s can write their self-review."
        ) % {"unit": unit.name}

    if submit(request, form, action):
        return redirect("evaluation-round", pk=created[0].pk)
    return render(request, "evaluation/round_form.html", {"form": form, "unit": unit})


def _unit_in_round(request, evaluation_round: Round) -> Unit:
    """The unit asked for (?unit=, inside the round's subtree and covered by the user's
    grants), else the round's own unit or the user's top unit inside it."""
    scope = request.scope
    unit_id = id_param(request.GET, "unit")
    if unit_id is not None:
        unit = unit_to_read(request.user, unit_id)
        if not unit.path.startswith(evaluation_round.unit.path):
            raise PermissionDenied
        return unit
    if scope.covers(evaluation_round.unit.path):
        return evaluation_round.unit
    inside = [p for p in scope.paths if p.startswith(evaluation_round.unit.path)]
    if not inside:
        raise PermissionDenied
    return Unit.objects.get(path=min(inside))


@login_required
@require_GET
def round_detail(request, pk):
    evaluation_round = _round_or_404(request, pk)
    unit = _unit_in_round(request, evaluation_round)
    overview = queries.overview(evaluation_round, unit, request.user)
    context = {
        "round": evaluation_round,
        "rule_set": evaluation_round.rule_set,
        "unit": unit,
        "ancestors": ancestors(unit, request.user),
        "overview": overview,
        "rank_labels": RANK_LABELS,
        "can_announce": evaluation_round.status == RoundStatus.OPEN
        and unit.pk == evaluation_round.unit_id
        and request.scope.can(Action.EVALUATION_ROUND, unit.path),
    }
    return render(request, "evaluation/round.html", context)


@login_required
@require_GET
def round_cell(request, pk, unit_pk):
    """A chi bộ's members in the round: each one's step, scores, the ranks proposed and
    decided, with a link to the review where the meeting and the decision are recorded; and
    the chi bộ's own report."""
    evaluation_round = _round_or_404(request, pk)
    unit = unit_to_read(request.user, unit_pk)
    if not unit.path.startswith(evaluation_round.unit.path):
        raise PermissionDenied
    reviews = queries.cell_reviews(evaluation_round, unit)
    org = (
        OrgReview.objects.filter(round=evaluation_round, unit=unit)
        .only("pk", "status", "rank")
        .first()
    )
    context = {
        "round": evaluation_round,
        "unit": unit,
        "ancestors": ancestors(unit, request.user),
        "reviews": reviews,
        "org": org,
        "may_meet": services.can_hold_meeting(request.user, unit),
        "may_decide": services.can_decide(request.user, unit),
    }
    return render(request, "evaluation/cell.html", context)


@login_required
@require_GET
def round_complaints(request, pk):
    """The complaints about the round's announced ranks in a unit's subtree (?unit=, as the
    overview) that the user's grants reach, those waiting for an answer first."""
    evaluation_round = _round_or_404(request, pk)
    unit = _unit_in_round(request, evaluation_round)
    complaints = (
        Complaint.objects.visible_to(request.user)
        .filter(subtree_q([unit.path], prefix="review__cell__path"), review__round=evaluation_round)
        .select_related("review__person", "review__cell")
        .order_by("status", "-pk")  # "lodged" before "rejected" and "upheld"
    )
    page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "round": evaluation_round,
        "unit": unit,
        "page": page,
        "complaints": page.object_list,
        "querystring": f"unit={unit.pk}&" if unit.pk != evaluation_round.unit_id else "",
    }
    return render(request, "evaluation/complaints.html", context)


@login_required
@require_POST
def round_announce(request, pk):
    evaluation_round = _round_or_404(request, pk)
    if not request.scope.can(Action.EVALUATION_ROUND, evaluation_round.unit.path):
        raise PermissionDenied

    def change():
        services.round_announce(
            by=request.user,
            evaluation_round=evaluation_round,
            version=None,  # a button: the service counts what is still undecided
        )
        return _("The results of %(title)s are announced.") % {"title": evaluation_round.title}

    perform(request, change)
    return redirect("evaluation-round", pk=evaluation_round.pk)
