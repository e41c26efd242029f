from lamtheo.accounts.scoping import scope_of


def roles(request):
    """The signed-in user's scope, for menus that show only what the user may use."""
    return {"scope": scope_of(getattr(request, "user", None))}
