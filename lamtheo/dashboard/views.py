from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lamtheo.accounts.scoping import scope_of
from lamtheo.dashboard.registry import CARDS


@login_required
def home(request):
    """What each person sees first: the cards of the features that concern them."""
    user = request.user
    scope = scope_of(user)
    context = {"scope": scope, "cards": []}
    for card in CARDS:
        if card.shown_to(scope):
            context[card.key] = card.context(user)
            context["cards"].append(card.template)
    return render(request, "dashboard/home.html", context)
