"""The public gallery, at /dien-hinh/: an address people share."""

from django.urls import path

from lamtheo.exemplars.views import gallery

urlpatterns = [
    path("", gallery.gallery, name="gallery"),
    path("<int:pk>/", gallery.gallery_exemplar, name="gallery-exemplar"),
    path("<int:pk>/<slug:slug>/", gallery.gallery_exemplar, name="gallery-exemplar"),
]
