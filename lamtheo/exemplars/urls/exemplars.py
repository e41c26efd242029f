"""Exemplars, under /exemplars/: a unit's list, the review queue, writing and editing, the
page of one with its workflow buttons, and evidence (served through a view that checks who
may have it)."""

from django.urls import path

from lamtheo.exemplars.views import evidence, exemplars

urlpatterns = [
    path("", exemplars.exemplar_list, name="exemplars"),
    path("new/", exemplars.exemplar_create, name="exemplar-create"),
    path("review/", exemplars.review_queue, name="exemplar-review-queue"),
    path("<int:pk>/", exemplars.exemplar_detail, name="exemplar"),
    path("<int:pk>/edit/", exemplars.exemplar_edit, name="exemplar-edit"),
    path("<int:pk>/propose/", exemplars.exemplar_propose, name="exemplar-propose"),
    path("<int:pk>/recognise/", exemplars.exemplar_recognise, name="exemplar-recognise"),
    path("<int:pk>/return/", exemplars.exemplar_return, name="exemplar-return"),
    path("<int:pk>/reject/", exemplars.exemplar_reject, name="exemplar-reject"),
    path("<int:pk>/publish/", exemplars.exemplar_publish, name="exemplar-publish"),
    path("<int:pk>/withdraw/", exemplars.exemplar_withdraw, name="exemplar-withdraw"),
    path("<int:pk>/evidence/", evidence.evidence_upload, name="exemplar-evidence-add"),
    path("evidence/<int:pk>/", evidence.evidence_file, name="evidence-file"),
    path("evidence/<int:pk>/thumbnail/", evidence.evidence_thumbnail, name="evidence-thumbnail"),
    path("evidence/<int:pk>/remove/", evidence.evidence_delete, name="evidence-remove"),
]
