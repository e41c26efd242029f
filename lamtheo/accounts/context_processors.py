from lamtheo.accounts.scoping import scope_of


def roles(request):
    """The signed-in user's scope, for menus that show only what the user may use."""
    scope = getattr(request, "scope", None)
    if scope is None:  # a request that did not pass the middleware (an error page, a test)
        scope = scope_of(getattr(request, "user", None))
    return {"scope": scope}
