from django.contrib import admin
from django.urls import include, path

from lamtheo.accounts.admin_site import restrict_admin_to_administrators
from lamtheo.core.views import favicon

restrict_admin_to_administrators(admin.site)

urlpatterns = [
    path("", include("lamtheo.dashboard.urls")),
    path("", include("lamtheo.accounts.urls")),
    path("", include("lamtheo.org.urls")),
    path("", include("lamtheo.programs.urls")),
    path("", include("lamtheo.study.urls")),
    path("", include("lamtheo.exemplars.urls")),
    path("", include("lamtheo.evaluation.urls")),
    path("", include("lamtheo.notify.urls")),
    path("", include("lamtheo.oversight.urls")),
    path("", include("lamtheo.awards.urls")),
    path("", include("lamtheo.reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages without an icon link (the admin, a raw file).
    path("favicon.ico", favicon),
]
