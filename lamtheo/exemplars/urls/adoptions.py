"""Replication (nhân rộng) pages, mounted under /exemplars/ next to the exemplars' own pages."""

from django.urls import path

from lamtheo.exemplars.views import adoptions

urlpatterns = [
    path("<int:pk>/adopt/", adoptions.adoption_create, name="adoption-create"),
    path("<int:pk>/replication/", adoptions.exemplar_replication, name="exemplar-replication"),
    path("<int:pk>/replication/tree/", adoptions.exemplar_tree, name="exemplar-spread-tree"),
    path("adoptions/<int:pk>/", adoptions.adoption_detail, name="adoption"),
    path("adoptions/<int:pk>/edit/", adoptions.adoption_edit, name="adoption-edit"),
    path("adoptions/<int:pk>/move/", adoptions.adoption_move, name="adoption-move"),
    path("adoptions/<int:pk>/results/", adoptions.adoption_results, name="adoption-results"),
    path("adoptions/<int:pk>/verify/", adoptions.adoption_verify, name="adoption-verify"),
    path("adoptions/<int:pk>/evidence/", adoptions.adoption_evidence, name="adoption-evidence"),
    path("units/<int:pk>/replication/", adoptions.unit_replication, name="unit-replication"),
    path("overview/", adoptions.overview_default, name="replication-overview-default"),
    path("overview/<int:pk>/", adoptions.overview, name="replication-overview"),
]
