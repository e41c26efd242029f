"""A member's review on a phone: the self-review (the member), the cell's meeting (its
secretary) and the decision (the level above) on one page, each form shown only to who may
use it; every POST goes through the services, which check again."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lamtheo.core.views import form_version, submit
from lamtheo.documents.http import attachment
from lamtheo.evaluation import queries, services
from lamtheo.evaluation.exports import member_review_docx, reranking_docx
from lamtheo.evaluation.forms import (
    ComplaintAnswerForm,
    ComplaintForm,
    DecideForm,
    MeetingForm,
    SelfReviewForm,
    score_data,
)
from lamtheo.evaluation.models import (
    Complaint,
    ComplaintStatus,
    MemberReview,
    RoundStatus,
    Step,
)
from lamtheo.evaluation.rules import Rank, verdict

RELATED = ("round__rule_set", "round__unit", "person__unit", "cell", "decided_by")
SCORES = (
    "general_score",
    "results_score",
    "general_grade",
    "results_grade",
    "tasks_total",
    "tasks_done",
    "tasks_on_time",
    "tasks_exceeded",
    "shortcomings_fixed",
)
REPORT = ("strengths", "shortcomings", "fixes", "explanations", "responsibility", "direction")


def _review_or_404(request, pk) -> MemberReview:
    reviews = MemberReview.objects.visible_to(request.user).select_related(*RELATED)
    return get_object_or_404(reviews, pk=pk)


def _initial(review: MemberReview, names) -> dict:
    return {"version": review.version, **{n: getattr(review, n) for n in names}}


def _forms(request, review: MemberReview, quarters, complaints, bound=None) -> dict:
    """The forms the user may use on this review now (a bound one replaces its blank)."""
    user, rule_set = request.user, review.round.rule_set
    is_open = review.round.status == RoundStatus.OPEN
    own = review.person.user_id is not None and review.person.user_id == user.pk
    forms = {}
    if own and is_open and review.status in (Step.PENDING, Step.SELF_REVIEWED):
        initial = _initial(review, (*SCORES, *REPORT, "group", "self_rank"))
        if review.status == Step.PENDING and not review.tasks_total:
            initial.update(quarters.figures)  # the quarters add up to the year (Điều 15)
        forms["self"] = SelfReviewForm(initial=initial)
    if (
        not own
        and is_open
        and review.status in (Step.SELF_REVIEWED, Step.CELL_REVIEWED)
        and services.can_hold_meeting(user, review.cell)
    ):
        initial = _initial(
            review,
            (
                *SCORES,
                "comment",
                "discipline",
                "discipline_duty",
                "discipline_self_found",
                "degraded",
            ),
        )
        initial["proposed_rank"] = review.proposed_rank or review.self_rank
        forms["meeting"] = MeetingForm(initial=initial)
    if (
        is_open
        and review.status in (Step.CELL_REVIEWED, Step.DECIDED)
        and services.can_decide(user, review.cell)
    ):
        forms["decide"] = DecideForm(
            initial={
                "version": review.version,
                "rank": review.rank or review.proposed_rank,
                "note": review.decision_note,
            }
        )
    if review.status == Step.ANNOUNCED:
        lodged = [c for c in complaints if c.status == ComplaintStatus.LODGED]
        window = services.complaint_window(review)
        if own and not lodged and window and timezone.localdate() <= window[1]:
            forms["complaint"] = ComplaintForm()
        if lodged and not own and services.can_decide(user, review.cell):
            forms["answer"] = ComplaintAnswerForm(initial={"version": lodged[0].version})
            forms["answer"].complaint = lodged[0]
    if bound is not None:
        name, form = bound
        if name == "answer":
            # Refused because it was answered meanwhile: the form stays, with the refusal, on
            # the complaint it was about (the newest one).
            form.complaint = forms["answer"].complaint if "answer" in forms else complaints[0]
        forms[name] = form
    for form in forms.values():
        if hasattr(form, "for_rules"):
            form.for_rules(rule_set)
    return forms


def _page(request, review: MemberReview, bound=None, status: int = 200):
    quarters = queries.quarters(review)
    complaints = (
        list(review.complaints.select_related("decided_by"))
        if review.status == Step.ANNOUNCED
        else []
    )
    forms = _forms(request, review, quarters, complaints, bound)
    found = verdict(review.round.rule_set, services.facts_of(review))
    context = {
        "review": review,
        "rule_set": review.round.rule_set,
        "verdict": found,
        "verdict_label": Rank(found.best).label,
        "form_code": review.round.rule_set.form_for(review.group),
        "commitments": queries.outcomes(review.round.year, [review.person_id])[review.person_id],
        "history": [
            (e, queries.ACTIONS.get(e.action, e.action))
            for e in review.events.select_related("actor")
        ],
        "self_form": forms.get("self"),
        "meeting_form": forms.get("meeting"),
        "decide_form": forms.get("decide"),
        "quarters": quarters,
        "complaints": complaints,
        "complaint_form": forms.get("complaint"),
        "answer_form": forms.get("answer"),
        "complaint_days": review.round.rule_set.complaint_days,
    }
    return render(request, "evaluation/review.html", context, status=status)


@login_required
@require_GET
def review_detail(request, pk):
    return _page(request, _review_or_404(request, pk))


def _post(request, pk, name, form_class, may, action):
    review = _review_or_404(request, pk)
    if not may(review):
        raise PermissionDenied
    form = form_class(request.POST)
    if hasattr(form, "for_rules"):
        form.for_rules(review.round.rule_set)
    outcome = submit(request, form, lambda data: action(review, data))
    if outcome:
        return redirect("evaluation-review", pk=review.pk)
    return _page(request, _review_or_404(request, pk), (name, form))


@login_required
@require_POST
def review_self(request, pk):
    def action(review, data):
        services.self_review(
            by=request.user,
            review=review,
            version=form_version(data),
            group=data["group"],
            self_rank=data["self_rank"],
            **{n: data[n] for n in REPORT},
            **score_data(data),
        )
        return _("Your self-review was sent to the cell.")

    def may(review):
        return review.person.user_id == request.user.pk

    return _post(request, pk, "self", SelfReviewForm, may, action)


@login_required
@require_POST
def review_meeting(request, pk):
    def action(review, data):
        services.member_meeting(
            by=request.user,
            review=review,
            version=form_version(data),
            comment=data["comment"],
            proposed_rank=data["proposed_rank"],
            discipline=data["discipline"],
            discipline_duty=data["discipline_duty"],
            discipline_self_found=data["discipline_self_found"],
            degraded=data["degraded"],
            **score_data(data),
        )
        return _("The cell's proposal for %(name)s was recorded.") % {
            "name": review.person.full_name
        }

    def may(review):
        return services.can_hold_meeting(request.user, review.cell)

    return _post(request, pk, "meeting", MeetingForm, may, action)


@login_required
@require_POST
def review_decide(request, pk):
    def action(review, data):
        row = services.member_decide(
            by=request.user,
            review=review,
            version=form_version(data),
            rank=data["rank"],
            note=data["note"],
        )
        message = _("%(name)s: %(rank)s decided.") % {
            "name": review.person.full_name,
            "rank": row.get_rank_display(),
        }
        return f"{message} {row.quota_note}".strip()

    def may(review):
        return services.can_decide(request.user, review.cell)

    return _post(request, pk, "decide", DecideForm, may, action)


@login_required
@require_POST
def review_complaint(request, pk):
    def action(review, data):
        services.complaint_lodge(
            by=request.user,
            review=review,
            kind=data["kind"],
            text=data["text"],
            asked_rank=data["asked_rank"],
        )
        return _("Your complaint was sent to the committee that decided your rank.")

    def may(review):
        return review.person.user_id == request.user.pk

    return _post(request, pk, "complaint", ComplaintForm, may, action)


@login_required
@require_POST
def complaint_answer(request, pk):
    complaint = get_object_or_404(
        Complaint.objects.visible_to(request.user).select_related("review"), pk=pk
    )

    def action(review, data):
        row = services.complaint_decide(
            by=request.user,
            complaint=complaint,
            version=form_version(data),
            accept=data["accept"],
            answer=data["answer"],
            new_rank=data["new_rank"],
        )
        if row.status == ComplaintStatus.UPHELD:
            return _("%(name)s is ranked again: %(rank)s.") % {
                "name": review.person.full_name,
                "rank": row.get_new_rank_display(),
            }
        return _("The complaint was answered: the rank stands.")

    def may(review):
        return services.can_decide(request.user, review.cell)

    return _post(request, complaint.review_id, "answer", ComplaintAnswerForm, may, action)


@login_required
@require_GET
def review_docx(request, pk):
    review = _review_or_404(request, pk)
    content, filename = member_review_docx(review)
    return attachment(
        content,
        filename,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@login_required
@require_GET
def complaint_docx(request, pk):
    """The re-ranking decision of an accepted complaint (HD 43 Mẫu 03), for whoever sees the
    review; 404 for a complaint not accepted."""
    complaint = get_object_or_404(
        Complaint.objects.visible_to(request.user)
        .filter(status=ComplaintStatus.UPHELD)
        .select_related("review__round__rule_set", "review__person", "review__cell"),
        pk=pk,
    )
    content, filename = reranking_docx(complaint)
    return attachment(
        content,
        filename,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
