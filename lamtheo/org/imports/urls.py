from django.urls import path

from lamtheo.org.imports import views

urlpatterns = [
    path("", views.imports, name="imports"),
    path("<int:pk>/", views.import_job, name="import-job"),
    path("<int:pk>/progress/", views.import_job_progress, name="import-job-progress"),
    path("template/<str:kind>.xlsx", views.import_template, name="import-template"),
]
