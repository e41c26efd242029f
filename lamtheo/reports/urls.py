from django.urls import path

from lamtheo.reports import views

urlpatterns = [
    path("reports/", views.report_list, name="report-list"),
    path("reports/new/", views.report_create, name="report-create"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/compute/", views.report_compute, name="report-compute"),
    path("reports/<int:pk>/issue/", views.report_issue, name="report-issue"),
    path("reports/<int:pk>/report.docx", views.report_docx, name="report-docx"),
    path("reports/<int:pk>/report.pdf", views.report_pdf, name="report-pdf"),
    path("reports/jobs/<int:pk>/", views.job_progress, name="report-job"),
]
