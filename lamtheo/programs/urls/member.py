"""A member's registration pages, under /registrations/."""

from django.urls import path

from lamtheo.programs.views import member

urlpatterns = [
    path("", member.my_registration, name="my-registration"),
    path("new/", member.commitment_create, name="commitment-create"),
    path("copy/<int:pk>/", member.commitment_copy, name="commitment-copy"),
    path("evidence/<int:pk>/", member.evidence_download, name="evidence"),
    path("<int:pk>/", member.commitment_detail, name="commitment"),
    path("<int:pk>/edit/", member.commitment_edit, name="commitment-edit"),
    path("<int:pk>/submit/", member.commitment_submit, name="commitment-submit"),
    path("<int:pk>/withdraw/", member.commitment_withdraw, name="commitment-withdraw"),
    path("<int:pk>/progress/", member.commitment_progress, name="commitment-progress"),
    path("<int:pk>/self-assess/", member.commitment_self_assess, name="commitment-self-assess"),
]
