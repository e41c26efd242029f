"""An organisation's review: its collective report (Mẫu 01) by its own secretary or office,
the decision by the level above, and the report as DOCX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lamtheo.core.views import form_version, submit
from lamtheo.documents.http import attachment
from lamtheo.evaluation import queries, services
from lamtheo.evaluation.exports import org_review_docx
from lamtheo.evaluation.forms import DecideForm, OrgReportForm, score_data
from lamtheo.evaluation.models import OrgReview, RoundStatus, Step
from lamtheo.evaluation.rules import Rank, verdict
from lamtheo.evaluation.services.orgs import member_ranks, org_facts
from lamtheo.evaluation.views.members import SCORES

RELATED = ("round__rule_set", "round__unit", "unit", "decided_by")
REPORT = ("strengths", "shortcomings", "fixes", "responsibility", "direction")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _review_or_404(request, pk) -> OrgReview:
    reviews = OrgReview.objects.visible_to(request.user).select_related(*RELATED)
    return get_object_or_404(reviews, pk=pk)


def _page(request, review: OrgReview, bound=None):
    user, is_open = request.user, review.round.status == RoundStatus.OPEN
    forms = {}
    if (
        is_open
        and review.status in (Step.PENDING, Step.SELF_REVIEWED)
        and services.can_hold_meeting(user, review.unit)
    ):
        initial = {"version": review.version, "proposed_rank": review.proposed_rank}
        for name in (*SCORES, *REPORT, "subordinate_disciplined"):
            initial[name] = getattr(review, name)
        forms["report"] = OrgReportForm(initial=initial)
    if (
        is_open
        and review.status in (Step.SELF_REVIEWED, Step.DECIDED)
        and services.can_decide(user, review.unit)
    ):
        forms["decide"] = DecideForm(
            initial={"version": review.version, "rank": review.rank or review.proposed_rank}
        )
    if bound is not None:
        forms[bound[0]] = bound[1]
    if "report" in forms:
        forms["report"].for_rules(review.round.rule_set)
    counts = member_ranks(review)
    found = verdict(review.round.rule_set, org_facts(review), collective=True)
    context = {
        "review": review,
        "rule_set": review.round.rule_set,
        "verdict": found,
        "verdict_label": Rank(found.best).label,
        "member_ranks": [(label, counts.get(rank, 0)) for rank, label in _labels()],
        "history": [
            (e, queries.ACTIONS.get(e.action, e.action))
            for e in review.events.select_related("actor")
        ],
        "report_form": forms.get("report"),
        "decide_form": forms.get("decide"),
    }
    return render(request, "evaluation/org.html", context)


def _labels():
    return [(r, Rank(r).label) for r in queries.RANKS]


@login_required
@require_GET
def org_detail(request, pk):
    return _page(request, _review_or_404(request, pk))


@login_required
@require_POST
def org_report(request, pk):
    review = _review_or_404(request, pk)
    if not services.can_hold_meeting(request.user, review.unit):
        raise PermissionDenied
    form = OrgReportForm(request.POST)
    form.for_rules(review.round.rule_set)

    def action(data):
        services.org_report(
            by=request.user,
            review=review,
            version=form_version(data),
            proposed_rank=data["proposed_rank"],
            subordinate_disciplined=data["subordinate_disciplined"],
            **{n: data[n] for n in REPORT},
            **score_data(data),
        )
        return _("The report of %(unit)s was sent.") % {"unit": review.unit.name}

    if submit(request, form, action):
        return redirect("evaluation-org", pk=review.pk)
    return _page(request, _review_or_404(request, pk), ("report", form))


@login_required
@require_POST
def org_decide(request, pk):
    review = _review_or_404(request, pk)
    if not services.can_decide(request.user, review.unit):
        raise PermissionDenied
    form = DecideForm(request.POST)

    def action(data):
        row = services.org_decide(
            by=request.user,
            review=review,
            version=form_version(data),
            rank=data["rank"],
            note=data["note"],
        )
        return _("%(unit)s: %(rank)s decided.") % {
            "unit": review.unit.name,
            "rank": row.get_rank_display(),
        }

    if submit(request, form, action):
        return redirect("evaluation-org", pk=review.pk)
    return _page(request, _review_or_404(request, pk), ("decide", form))


@login_required
@require_GET
def org_docx(request, pk):
    content, filename = org_review_docx(_review_or_404(request, pk))
    return attachment(content, filename, DOCX)
