"""Sign-in with the email address or phone number of the person an account stands for.

Django's ModelBackend (listed before this one) still answers for usernames. The person's email
and phone live on org's Person; they are read through the user's reverse relation `person`, so
accounts does not import org. An identifier shared by two accounts signs in neither: the
person is told to use their username.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Value
from django.db.models.functions import Replace

# Vietnamese numbers are written 0912 345 678, 0912.345.678 or +84 912 345 678.
COUNTRY_PREFIX = "84"


def phone_digits(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    if value.strip().startswith("+") and digits.startswith(COUNTRY_PREFIX):
        digits = "0" + digits[len(COUNTRY_PREFIX) :]
    return digits


class EmailOrPhoneBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        users = get_user_model()._default_manager.filter(person__isnull=False)
        identifier = username.strip()
        if "@" in identifier:
            found = list(users.filter(person__email__iexact=identifier)[:2])
        else:
            digits = phone_digits(identifier)
            if len(digits) < 9 or len(digits) > 12:
                return None
            # Stored numbers keep the spaces, dots or dashes people typed: compare without
            # them, then exactly in Python ("+84 912…" and "0912…" are the same number).
            bare = users.annotate(
                phone_key=Replace(
                    Replace(Replace("person__phone", Value(" "), Value("")), Value("."), Value("")),
                    Value("-"),
                    Value(""),
                )
            )
            found = [
                user
                for user in bare.filter(phone_key__endswith=digits[1:]).select_related("person")
                if phone_digits(user.person.phone) == digits
            ]
        if len(found) != 1:
            # Run the hasher once anyway so that a miss takes as long as a wrong password.
            get_user_model()().set_password(password)
            return None
        user = found[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request, credentials=None) -> str | None:
    """The username django-axes records for an attempt (AXES_USERNAME_CALLABLE): the one
    typed, cut to the 255 characters its column holds. No account has a longer one, and
    PostgreSQL refused the insert of one (a server error on the admin's sign-in page)."""
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "data", request.POST).get("username")
    return username[:255] if isinstance(username, str) else username
