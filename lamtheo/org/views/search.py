from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lamtheo.core.text import fold
from lamtheo.org.models import Person, Unit
from lamtheo.org.privacy import Reader

LIMIT = 20


@login_required
def search(request):
    """People and units in scope whose name contains the query, ignoring accents and case."""
    query = request.GET.get("q", "").strip()[:100]
    people, units = [], []
    if fold(query):
        # One more row than shown tells whether to offer "see all" without counting.
        people = list(
            Person.objects.visible_to(request.user)
            .current()
            .search(query, Reader.of(request))
            .select_related("unit")
            .order_by("sort_key", "id")[: LIMIT + 1]
        )
        units = list(
            Unit.objects.visible_to(request.user)
            .filter(search_key__contains=fold(query))
            .order_by("sort_key", "id")[: LIMIT + 1]
        )
    return render(
        request,
        "org/search.html",
        {
            "query": query,
            "people": people[:LIMIT],
            "more_people": len(people) > LIMIT,
            "units": units[:LIMIT],
            "more_units": len(units) > LIMIT,
        },
    )
