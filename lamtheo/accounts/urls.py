from django.urls import path

from lamtheo.accounts import views, views_twofactor

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/activate/", views.activate, name="activate"),
    path("accounts/two-factor/", views_twofactor.two_factor, name="two-factor"),
    path(
        "accounts/two-factor/verify/",
        views_twofactor.two_factor_verify,
        name="two-factor-verify",
    ),
    path("accounts/password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "accounts/password/reset/sent/",
        views.PasswordResetDoneView.as_view(),
        name="password-reset-sent",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "accounts/password/reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
]
