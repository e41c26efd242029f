"""Announcements, the inbox and preferences, under /notify/."""

from django.urls import path

from lamtheo.notify import views

urlpatterns = [
    path("notify/announce/", views.announcement_create, name="announcement-create"),
    path("notify/announcements/", views.announcement_list, name="announcements"),
    path("notify/announcements/<int:pk>/", views.announcement_detail, name="announcement"),
    path(
        "notify/announcements/<int:pk>/deliveries/",
        views.announcement_deliveries,
        name="announcement-deliveries",
    ),
    path("notify/inbox/", views.inbox, name="inbox"),
    path("notify/inbox/<int:pk>/", views.inbox_message, name="inbox-message"),
    path("notify/preferences/", views.preferences, name="notify-preferences"),
    path("notify/attachments/<int:pk>/", views.attachment_download, name="notify-attachment"),
    # Zalo posts its OA events here (README: ZALO_WEBHOOK_SECRET); not signed in.
    path("notify/zalo/webhook/", views.zalo_webhook, name="zalo-webhook"),
]
