"""The year-end evaluation, under /evaluation/."""

from django.urls import path

from lamtheo.evaluation.views import members, orgs, rounds

urlpatterns = [
    path("evaluation/", rounds.home, name="evaluation"),
    path("evaluation/rounds/new/", rounds.round_create, name="evaluation-round-create"),
    path("evaluation/rounds/<int:pk>/", rounds.round_detail, name="evaluation-round"),
    path(
        "evaluation/rounds/<int:pk>/units/<int:unit_pk>/",
        rounds.round_cell,
        name="evaluation-cell",
    ),
    path(
        "evaluation/rounds/<int:pk>/announce/",
        rounds.round_announce,
        name="evaluation-round-announce",
    ),
    path("evaluation/reviews/<int:pk>/", members.review_detail, name="evaluation-review"),
    path("evaluation/reviews/<int:pk>/self/", members.review_self, name="evaluation-review-self"),
    path(
        "evaluation/reviews/<int:pk>/meeting/",
        members.review_meeting,
        name="evaluation-review-meeting",
    ),
    path(
        "evaluation/reviews/<int:pk>/decide/",
        members.review_decide,
        name="evaluation-review-decide",
    ),
    path(
        "evaluation/reviews/<int:pk>/complaint/",
        members.review_complaint,
        name="evaluation-review-complaint",
    ),
    path(
        "evaluation/complaints/<int:pk>/answer/",
        members.complaint_answer,
        name="evaluation-complaint-answer",
    ),
    path(
        "evaluation/complaints/<int:pk>/decision.docx",
        members.complaint_docx,
        name="evaluation-complaint-docx",
    ),
    path(
        "evaluation/rounds/<int:pk>/complaints/",
        rounds.round_complaints,
        name="evaluation-round-complaints",
    ),
    path(
        "evaluation/reviews/<int:pk>/form.docx", members.review_docx, name="evaluation-review-docx"
    ),
    path("evaluation/org/<int:pk>/", orgs.org_detail, name="evaluation-org"),
    path("evaluation/org/<int:pk>/report/", orgs.org_report, name="evaluation-org-report"),
    path("evaluation/org/<int:pk>/decide/", orgs.org_decide, name="evaluation-org-decide"),
    path("evaluation/org/<int:pk>/form.docx", orgs.org_docx, name="evaluation-org-docx"),
]
