"""Review and progress pages of secretaries and offices, under /registrations/."""

from django.urls import path

from lamtheo.programs.views import review

urlpatterns = [
    path("review/", review.review_queue, name="review-queue"),
    path("<int:pk>/approve/", review.commitment_approve, name="commitment-approve"),
    path("<int:pk>/return/", review.commitment_return, name="commitment-return"),
    path("<int:pk>/evaluate/", review.commitment_evaluate, name="commitment-evaluate"),
    path("units/<int:pk>/", review.unit_progress, name="unit-progress"),
    path("rollup/<int:pk>/", review.progress_rollup, name="progress-rollup"),
]
