"""A second factor for those who see many people's data: time-based one-time codes (TOTP,
any authenticator app) with ten recovery codes, by django-otp.

django-otp keeps the secrets, checks the codes and throttles guessing (each wrong code doubles
the wait: OTP_TOTP_THROTTLE_FACTOR). This module decides who must use it: an administrator, the
office or an inspector when the deployment sets TWO_FACTOR_REQUIRED, and anyone who enrolled.
What a signed-in session still owes is decided once, at sign-in, and kept in the session, so
the pages run no extra query for it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lamtheo.accounts.models import Grant, Role

# What the session must still do: "verify" (type a code) or "enrol" (set up the app first).
SESSION_KEY = "lamtheo_second_factor"
VERIFY, ENROL = "verify", "enrol"
ROLES_THAT_NEED_IT = (Role.ADMIN, Role.OFFICE, Role.INSPECTOR)
RECOVERY_CODES = 10


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_it(user) -> bool:
    return Grant.objects.filter(user=user, role__in=ROLES_THAT_NEED_IT).exists()


def owed(user) -> str | None:
    if has_device(user):
        return VERIFY
    if settings.TWO_FACTOR_REQUIRED and needs_it(user):
        return ENROL
    return None


@receiver(user_logged_in)
def _on_sign_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    step = owed(user)
    if step:
        request.session[SESSION_KEY] = step
    else:
        request.session.pop(SESSION_KEY, None)


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device of an enrolment under way (made on first use): its secret is
    shown as a QR code until a code from the app confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="lamtheo", confirmed=False)


@transaction.atomic
def confirm(*, user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a code from the app; returns the new recovery codes (shown
    once), or None for a wrong code."""
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(user)


def new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="recovery")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


def clear(request) -> None:
    request.session.pop(SESSION_KEY, None)
