"""One-time activation codes: an account made for a person gets its first password from them.

A code is eight characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as
two groups of four ("K7XM-3QPD"): 32⁸ ≈ 10¹² codes, and an account's code is void after
ACTIVATION_MAX_FAILURES wrong tries, so guessing one is hopeless. The database keeps an HMAC
of the code keyed with SECRET_KEY, not the code: computing it is a microsecond, so issuing
100,000 codes costs nothing like hashing 100,000 passwords, and a stolen copy of the table
activates nobody.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.models import ActivationCode

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise(code: str) -> str:
    """What the person typed, as issued: case, spaces and dashes do not matter; the letters
    people confuse with digits are read as the digits' look-alikes in the alphabet."""
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    cleaned = cleaned.replace("0", "O").replace("1", "I").replace("L", "I")
    return f"{cleaned[:4]}-{cleaned[4:]}" if len(cleaned) == CODE_LENGTH else cleaned


def digest(code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, normalise(code).encode(), hashlib.sha256).hexdigest()


def unusable_password() -> str:
    """What make_password(None) stores, without its 40 calls to secrets.choice per account."""
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def expiry(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) + dt.timedelta(days=settings.ACTIVATION_CODE_DAYS)


def issue_codes(user_ids, *, by) -> dict[int, str]:
    """A new code for each user (replacing any earlier one): {user id: code}. Two queries per
    batch whatever the count; the caller hands the codes out (slip or email) at once, as they
    are not kept."""
    user_ids = list(user_ids)
    now = timezone.now()
    codes = {pk: new_code() for pk in user_ids}
    with transaction.atomic():
        ActivationCode.objects.filter(user_id__in=user_ids).delete()
        ActivationCode.objects.bulk_create(
            [
                ActivationCode(
                    user_id=pk,
                    digest=digest(code),
                    expires_at=expiry(now),
                    issued_by=by,
                    issued_at=now,
                )
                for pk, code in codes.items()
            ],
            batch_size=2000,
        )
    return codes


@dataclass(frozen=True)
class Refusal:
    message: str


def _throttled(ip: str) -> bool:
    return cache.get(f"activation-fail:{ip}", 0) >= settings.ACTIVATION_MAX_FAILURES_PER_IP


def _count_failure(ip: str) -> None:
    key = f"activation-fail:{ip}"
    if cache.add(key, 1, timeout=settings.ACTIVATION_IP_WINDOW):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=settings.ACTIVATION_IP_WINDOW)


def check_code(*, username: str, code: str, ip: str):
    """The user whose valid code this is; raises ValidationError (in Vietnamese) otherwise.
    A wrong code counts against the account's code and against the address."""
    if _throttled(ip):
        raise ValidationError(
            _("Too many wrong activation codes from this device. Try again in an hour."),
            code="throttled",
        )
    wrong = ValidationError(
        _("The username or the activation code is wrong. Check the slip or the email."),
        code="wrong",
    )
    user = get_user_model()._default_manager.filter(username__iexact=username.strip()).first()
    stored = ActivationCode.objects.filter(user=user).first() if user and user.is_active else None
    if stored is None:
        _count_failure(ip)
        raise wrong
    if not hmac.compare_digest(stored.digest, digest(code)):
        _count_failure(ip)
        # Counted in its own statement, outside any transaction the refusal would roll back.
        if stored.failures + 1 >= settings.ACTIVATION_MAX_FAILURES:
            stored.delete()
            raise ValidationError(
                _(
                    "Too many wrong codes for this account: the code no longer works. "
                    "Ask your cell secretary for a new activation slip."
                ),
                code="void",
            )
        ActivationCode.objects.filter(pk=stored.pk).update(failures=F("failures") + 1)
        raise wrong
    if stored.expires_at <= timezone.now():
        raise ValidationError(
            _("This activation code has expired. Ask your cell secretary for a new slip."),
            code="expired",
        )
    return user


def activate(*, username: str, code: str, password: str, ip: str):
    """Set the first password of the account that `code` opens; the code is then spent.
    The code is checked before the transaction, so that a wrong one stays counted."""
    user = check_code(username=username, code=code, ip=ip)
    password_validation.validate_password(password, user)
    with transaction.atomic():
        # Locked so that two tabs with the same code cannot both use it.
        stored = ActivationCode.objects.select_for_update().filter(user=user).first()
        if stored is None:
            raise ValidationError(_("This activation code has already been used."), code="used")
        user.set_password(password)
        user.save(update_fields=["password"])
        stored.delete()
    return user


def deactivate(user_id: int | None) -> None:
    """The account of someone who left: it can no longer sign in, and its open sessions stop
    at their next request (Django's backends refuse an inactive user's session every time);
    a pending code is void."""
    if user_id is None:
        return
    get_user_model()._default_manager.filter(pk=user_id).update(is_active=False)
    ActivationCode.objects.filter(user_id=user_id).delete()


def is_pending(user) -> bool:
    """Made for a person and not yet activated: no usable password."""
    return user.is_active and not user.has_usable_password()
