"""Ethics standards and example criteria, mounted under /standards/."""

from django.urls import path

from lamtheo.exemplars.views import standards

urlpatterns = [
    path("", standards.standard_overview, name="standards"),
    path("units/<int:pk>/", standards.unit_standards, name="unit-standards"),
    path("units/<int:pk>/<slug:kind>/adopt/", standards.standard_adopt, name="standard-adopt"),
    path("versions/<int:pk>/", standards.standard_version, name="standard-version"),
    path("<int:pk>/diff/", standards.standard_diff, name="standard-diff"),
    path("<int:pk>/review/", standards.standard_review, name="standard-review"),
]
