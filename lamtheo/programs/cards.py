"""The registrations' cards on the home page (listed in lamtheo.dashboard.registry)."""

from __future__ import annotations

from django.utils import timezone

from lamtheo.core.cards import Card
from lamtheo.org.queries import own_person
from lamtheo.programs.queries.member import year_cards
from lamtheo.programs.queries.review import waiting_count


def waiting_approval(user) -> int:
    """How many registrations wait for the user's decision: exactly the rows of the review
    queue the card links to (one query)."""
    return waiting_count(user)


def registration(user) -> dict | None:
    """For templates/programs/member/_home_card.html: None when the user is not linked to a
    person or no year covering their unit is running; otherwise the year, counts of the
    person's commitments by status and the one next step. Three queries after the user's
    scope: person, years, commitments."""
    person = own_person(user)
    if person is None:
        return None
    cards = year_cards(user, person, timezone.localdate())
    if not cards:
        return None
    card = cards[0]
    statuses: dict[str, list] = {}
    for entry in card.entries:
        c = entry.commitment
        statuses.setdefault(c.status, [c.get_status_display(), 0])[1] += 1
    step, commitment = card.first_step()
    return {
        "year": card.year,
        "statuses": [(status, label, n) for status, (label, n) in statuses.items()],
        "counting": card.counting,
        "step": step,
        "commitment": commitment,
    }


REVIEW = Card(
    key="waiting_approval",
    template="programs/review/_home_card.html",
    context=waiting_approval,
    shown_to=lambda scope: scope.reviews,
)
REGISTRATION = Card(
    key="registration_card",
    template="programs/member/_home_card.html",
    context=registration,
    shown_to=lambda scope: scope.person_id is not None,
)
