"""Writes on accounts beyond sign-in: the secret of a user's calendar feed address."""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from lamtheo.accounts.models import FeedToken

# 32 random bytes: 43 characters of URL-safe base64, 256 bits nobody can guess.
TOKEN_BYTES = 32


def _new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def feed_token_for(user) -> str:
    """The token of the user's feed address, made on first use. One query once it exists."""
    existing = FeedToken.objects.filter(user=user).values_list("token", flat=True).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return FeedToken.objects.create(user=user, token=_new_token()).token
    except IntegrityError:
        # Made meanwhile by another request of the same user (two tabs): use that one.
        return FeedToken.objects.get(user=user).token


@transaction.atomic
def feed_token_reset(*, user) -> str:
    """A new token for the user's feed address: the old address stops working at once."""
    token = _new_token()
    updated = FeedToken.objects.filter(user=user).update(token=token, created_at=timezone.now())
    if not updated:
        FeedToken.objects.create(user=user, token=token)
    return token
