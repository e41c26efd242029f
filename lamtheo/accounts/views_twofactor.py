"""The second factor's pages: enrolment (QR code of the secret, a code to confirm, recovery
codes shown once) and the code after signing in."""

from __future__ import annotations

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token

from lamtheo.accounts import twofactor
from lamtheo.core.forms import StyledFormMixin
from lamtheo.core.views import safe_next


class TokenForm(StyledFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Enrol an authenticator app, or see that one is enrolled."""
    if twofactor.has_device(request.user) and request.session.get(twofactor.SESSION_KEY):
        return redirect("two-factor-verify")
    if twofactor.has_device(request.user):
        return render(request, "accounts/two_factor.html", {"enrolled": True})
    device = twofactor.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if form.is_valid():
        codes = twofactor.confirm(
            user=request.user, device=device, token=form.cleaned_data["token"].strip()
        )
        if codes is not None:
            otp_login(request, device)
            twofactor.clear(request)
            return render(
                request,
                "accounts/two_factor.html",
                {"enrolled": True, "codes": codes, "next": safe_next(request, "/")},
            )
        form.add_error(
            "token", _("This code is wrong or has expired. Type the code the app shows now.")
        )
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=2, omitsize=True, dark="#000", light="#fff"
    )
    context = {"form": form, "svg": mark_safe(svg), "key": device.key}  # segno's, from our key
    return render(request, "accounts/two_factor.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The code after the password, from the app or one of the recovery codes."""
    form = TokenForm(request.POST or None)
    if form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            twofactor.clear(request)
            return redirect(safe_next(request, "/"))
        form.add_error(
            "token",
            _("This code is wrong. After several wrong codes each try must wait longer."),
        )
    return render(request, "accounts/two_factor_verify.html", {"form": form})
