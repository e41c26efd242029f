from django.urls import path

from lamtheo.oversight.views import findings, inspections

urlpatterns = [
    path("inspections/", inspections.inspection_list, name="inspections"),
    path("inspections/plans/new/", inspections.plan_create, name="inspection-plan-create"),
    path("inspections/plans/<int:pk>/", inspections.plan_detail, name="inspection-plan"),
    path("inspections/plans/<int:pk>/issue/", inspections.plan_issue, name="inspection-plan-issue"),
    path(
        "inspections/plans/<int:pk>/plan.docx", inspections.plan_docx, name="inspection-plan-docx"
    ),
    path("inspections/new/", inspections.inspection_create, name="inspection-create"),
    path("inspections/<int:pk>/", inspections.inspection_detail, name="inspection"),
    path("inspections/<int:pk>/notice/", inspections.inspection_notice, name="inspection-notice"),
    path(
        "inspections/<int:pk>/notice.docx", inspections.notice_docx, name="inspection-notice-docx"
    ),
    path("inspections/<int:pk>/findings/", inspections.finding_create, name="inspection-finding"),
    path(
        "inspections/<int:pk>/conclude/",
        inspections.inspection_conclude,
        name="inspection-conclude",
    ),
    path(
        "inspections/<int:pk>/conclusion.docx",
        inspections.conclusion_docx,
        name="inspection-conclusion-docx",
    ),
    path("inspections/<int:pk>/close/", inspections.inspection_close, name="inspection-close"),
    path("inspections/<int:pk>/cancel/", inspections.inspection_cancel, name="inspection-cancel"),
    path("inspections/findings/<int:pk>/remedy/", findings.finding_remedy, name="finding-remedy"),
    path("inspections/findings/<int:pk>/verify/", findings.finding_verify, name="finding-verify"),
]
