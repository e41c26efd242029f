"""Checking in, mounted under /study/: the QR screen and its polled code, the hosts' list of
one-time links, the panel of the session page, and the two check-in pages (QR, link)."""

from django.urls import path

from lamtheo.study.views import checkin

urlpatterns = [
    path("<int:pk>/qr/", checkin.session_qr, name="session-qr"),
    path("<int:pk>/qr/code/", checkin.session_qr_code, name="session-qr-code"),
    path("<int:pk>/links.csv", checkin.session_links, name="session-links"),
    path("<int:pk>/checkin-panel/", checkin.checkin_panel, name="session-checkin-panel"),
    path("c/<str:token>/", checkin.qr_checkin, name="qr-checkin"),
    path("link/<str:token>/", checkin.link_checkin, name="link-checkin"),
]
