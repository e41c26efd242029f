"""Study sessions, under /study/: calendar and list, planning, the session page, roll call,
excuses, a member's own participation and the calendar feed."""

from django.urls import path, re_path

from lamtheo.study.views import sessions

urlpatterns = [
    path("", sessions.session_list, name="sessions"),
    path("new/", sessions.session_create, name="session-create"),
    path("me/", sessions.my_participation, name="my-participation"),
    path("me/self-study/", sessions.self_study_create, name="self-study-create"),
    path("excuses/", sessions.excuse_queue, name="excuses"),
    path("excuses/<int:pk>/decide/", sessions.excuse_decide, name="excuse-decide"),
    path("materials/<int:pk>/", sessions.material_download, name="material"),
    # The token is a signed user id ("12:AbC…"): calendar apps subscribe without signing in.
    re_path(
        r"^calendar/(?P<token>[0-9]+:[A-Za-z0-9_-]+)\.ics$",
        sessions.calendar_ics,
        name="calendar-ics",
    ),
    path("<int:pk>/", sessions.session_detail, name="session"),
    path("<int:pk>/edit/", sessions.session_edit, name="session-edit"),
    path("<int:pk>/publish/", sessions.session_publish, name="session-publish"),
    path("<int:pk>/cancel/", sessions.session_cancel, name="session-cancel"),
    path("<int:pk>/attendance/", sessions.session_attendance, name="session-attendance"),
    path("<int:pk>/excuse/", sessions.session_excuse, name="session-excuse"),
    path("<int:pk>/materials/", sessions.session_material, name="session-material"),
    path("<int:pk>/roll-call/", sessions.roll_call, name="roll-call"),
]
