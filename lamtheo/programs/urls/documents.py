"""Printed documents and exports, mounted under /registrations/."""

from django.urls import path

from lamtheo.programs.views import documents

urlpatterns = [
    path(
        "people/<int:pk>/form.docx",
        documents.registration_form_docx,
        name="registration-form-docx",
    ),
    path("units/<int:pk>/list.docx", documents.unit_list_docx, name="unit-list-docx"),
    path("units/<int:pk>/list.xlsx", documents.unit_list_xlsx, name="unit-list-xlsx"),
]
