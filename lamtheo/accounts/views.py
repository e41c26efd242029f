from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lamtheo.accounts import activation
from lamtheo.accounts.forms import (
    ActivationForm,
    LoginForm,
    PasswordResetForm,
    SetPasswordForm,
)
from lamtheo.core.clientip import client_ip
from lamtheo.core.models import SiteNotice


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # What a demo database invents is said before anyone signs in (one query).
        return super().get_context_data(**kwargs, notices=list(SiteNotice.objects.all()))


class LogoutView(auth_views.LogoutView):
    pass


CODE_REFUSALS = {"throttled", "wrong", "void", "expired", "used"}


@require_http_methods(["GET", "POST"])
def activate(request):
    """The page a slip's QR code or an activation email opens: username and code (filled in
    from the link), and the first password."""
    if request.method == "POST":
        form = ActivationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                activation.activate(
                    username=data["username"],
                    code=data["code"],
                    password=data["password1"],
                    ip=client_ip(request),
                )
            except ValidationError as exc:
                code = getattr(exc, "code", None)
                # The code's refusals concern the whole form; the validators' the password.
                form.add_error(None if code in CODE_REFUSALS else "password1", exc)
                if code == "throttled":
                    return render(request, "accounts/activate.html", {"form": form}, status=429)
            else:
                messages.success(
                    request, _("Your account is ready. Sign in with your new password.")
                )
                return redirect("login")
    else:
        form = ActivationForm(
            initial={"username": request.GET.get("u", ""), "code": request.GET.get("c", "")}
        )
    return render(request, "accounts/activate.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("password-reset-sent")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
