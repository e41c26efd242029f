"""Emulation campaigns, mounted under /campaigns/."""

from django.urls import path

from lamtheo.exemplars.views import campaigns

urlpatterns = [
    path("", campaigns.campaign_list, name="campaigns"),
    path("new/", campaigns.campaign_create, name="campaign-create"),
    path("<int:pk>/", campaigns.campaign_detail, name="campaign"),
    path("<int:pk>/edit/", campaigns.campaign_edit, name="campaign-edit"),
    path("<int:pk>/open/", campaigns.campaign_open, name="campaign-open"),
    path("<int:pk>/close/", campaigns.campaign_close, name="campaign-close"),
    path("<int:pk>/register/", campaigns.campaign_register, name="campaign-register"),
    path("<int:pk>/results.xlsx", campaigns.results_xlsx, name="campaign-results-xlsx"),
    path("entries/<int:pk>/edit/", campaigns.entry_edit, name="campaign-entry-edit"),
    path(
        "entries/<int:pk>/activities/new/",
        campaigns.activity_create,
        name="campaign-activity-create",
    ),
    path("entries/<int:pk>/assess/", campaigns.entry_assess, name="campaign-entry-assess"),
]
