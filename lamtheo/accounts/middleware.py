"""Per-request middleware of accounts: the user's scope, and sending a session that still
owes its second factor to the page that takes it."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from lamtheo.accounts.scoping import scope_of
from lamtheo.accounts.twofactor import ENROL, SESSION_KEY


class ScopeMiddleware:
    """Puts the signed-in user's scope on `request.scope`, read at most once per request.

    Lazy: a page that never asks (the static files, the sign-in page) costs no query; views,
    templates (`scope`) and every `visible_to(request.user)` share the one reading.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.scope = SimpleLazyObject(lambda: scope_of(request.user))
        return self.get_response(request)


# Pages a session may open before its second factor: signing in and out, the second factor's
# own pages, static files and the language switch.
OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/")


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if step and not request.path.startswith(OPEN_PREFIXES):
            target = "two-factor" if step == ENROL else "two-factor-verify"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
