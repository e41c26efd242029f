from django.urls import path

from lamtheo.dashboard import views

urlpatterns = [
    path("", views.home, name="home"),
]
