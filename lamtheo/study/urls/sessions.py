"""Study sessions, under /study/: calendar and list, planning, the session page, roll call,
excuses, a member's own participation and the calendar feed."""

from django.urls import path, re_path

from lamtheo.study.views import (
    calendar,
    excuses,
    feed,
    participation,
    planning,
    roll_call,
    sessions,
)

urlpatterns = [
    path("", calendar.session_list, name="sessions"),
    path("new/", planning.session_create, name="session-create"),
    path("me/", participation.my_participation, name="my-participation"),
    path("me/self-study/", participation.self_study_create, name="self-study-create"),
    path("excuses/", excuses.excuse_queue, name="excuses"),
    path("excuses/<int:pk>/decide/", excuses.excuse_decide, name="excuse-decide"),
    path("materials/<int:pk>/", planning.material_download, name="material"),
    # The token is the user's random feed token: calendar apps subscribe without signing in.
    re_path(
        r"^calendar/(?P<token>[A-Za-z0-9_-]{20,64})\.ics$",
        feed.calendar_ics,
        name="calendar-ics",
    ),
    path("calendar/new-address/", feed.calendar_feed_reset, name="calendar-feed-reset"),
    path("<int:pk>/", sessions.session_detail, name="session"),
    path("<int:pk>/edit/", planning.session_edit, name="session-edit"),
    path("<int:pk>/publish/", planning.session_publish, name="session-publish"),
    path("<int:pk>/cancel/", planning.session_cancel, name="session-cancel"),
    path("<int:pk>/attendance/", sessions.session_attendance, name="session-attendance"),
    path("<int:pk>/excuse/", sessions.session_excuse, name="session-excuse"),
    path("<int:pk>/materials/", planning.session_material, name="session-material"),
    path("<int:pk>/roll-call/", roll_call.roll_call, name="roll-call"),
]
