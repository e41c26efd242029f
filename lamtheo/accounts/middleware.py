from django.utils.functional import SimpleLazyObject

from lamtheo.accounts.scoping import scope_of


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
