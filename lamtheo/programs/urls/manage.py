"""Programme management: programmes, their years, and windows, under /programs/."""

from django.urls import path

from lamtheo.programs.views import manage

urlpatterns = [
    path("", manage.program_list, name="programs"),
    path("new/", manage.program_create, name="program-create"),
    path("<int:pk>/years/new/", manage.year_create, name="year-create"),
    path("years/<int:pk>/", manage.year_detail, name="program-year"),
    path("years/<int:pk>/edit/", manage.year_edit, name="year-edit"),
    path("years/<int:pk>/advance/", manage.year_advance, name="year-advance"),
]
