from django.urls import path

from lamtheo.dashboard import views

urlpatterns = [
    path("", views.home, name="home"),
    path("my/", views.my_cards, name="my-cards"),
    path("dashboard/<int:pk>/", views.unit_dashboard, name="unit-dashboard"),
    path("dashboard/<int:pk>/data/", views.dashboard_data, name="dashboard-data"),
    path("dashboard/<int:pk>/export/", views.dashboard_export, name="dashboard-export"),
]
