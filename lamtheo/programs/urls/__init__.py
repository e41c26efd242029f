from django.urls import include, path

# One module per area of the registration pages: a member's own, review by secretaries and
# offices, programme management, printed documents and exports.
urlpatterns = [
    path("registrations/", include("lamtheo.programs.urls.member")),
    path("registrations/", include("lamtheo.programs.urls.review")),
    path("programs/", include("lamtheo.programs.urls.manage")),
    path("registrations/", include("lamtheo.programs.urls.documents")),
]
