from django.urls import include, path

# One module per area: planning and running sessions, checking in, rates and outputs.
urlpatterns = [
    path("study/", include("lamtheo.study.urls.sessions")),
    path("study/", include("lamtheo.study.urls.checkin")),
    path("study/", include("lamtheo.study.urls.rates")),
]
