from django.urls import include, path

# One module per area. The public gallery lives at a Vietnamese address people share.
urlpatterns = [
    path("dien-hinh/", include("lamtheo.exemplars.urls.gallery")),
    path("exemplars/", include("lamtheo.exemplars.urls.exemplars")),
    path("exemplars/", include("lamtheo.exemplars.urls.adoptions")),
    path("campaigns/", include("lamtheo.exemplars.urls.campaigns")),
    path("standards/", include("lamtheo.exemplars.urls.standards")),
]
