"""The organisation's cards on the home page (listed in lamtheo.dashboard.registry)."""

from __future__ import annotations

from lamtheo.accounts.scoping import scope_of
from lamtheo.core.cards import Card
from lamtheo.org import counts, queries
from lamtheo.org.models import ImportJob, PartyStatus, Person, Position, Unit


def overview(user) -> dict:
    """People and open units in the user's scope by status, the tops of the scope with their
    people counts, and the latest imports of those who import."""
    scope = scope_of(user)
    units = Unit.objects.visible_to(user, "view")
    totals = counts.status_totals(units)
    return {
        "roots": queries.roots_with_counts(user),
        "total_people": totals["total"],
        "status_rows": [(s.value, s.label, totals[s.value]) for s in PartyStatus],
        "unit_count": units.active().count(),
        "jobs": list(ImportJob.objects.visible_to(user)[:5]) if scope.can("import") else [],
    }


def my_record(user) -> dict:
    """The user's own person and the current office holders of their unit."""
    person = Person.objects.select_related("unit").get(pk=scope_of(user).person_id)
    office_holders = (
        Position.objects.visible_to(user)
        .current()
        .filter(unit_id=person.unit_id)
        .select_related("person")
    )
    return {"person": person, "office_holders": list(office_holders)}


MY_RECORD = Card(
    key="my_record",
    template="org/_home_record.html",
    context=my_record,
    shown_to=lambda scope: scope.person_id is not None,
)
OVERVIEW = Card(
    key="overview",
    template="org/_home_overview.html",
    context=overview,
    shown_to=lambda scope: scope.has_grant,
)
