"""The inbox on the home page (listed in lamtheo.dashboard.registry)."""

from __future__ import annotations

from lamtheo.accounts.scoping import scope_of
from lamtheo.core.cards import Card
from lamtheo.notify.queries import inbox, unread_count

HOME_LATEST = 3


def inbox_card(user) -> dict:
    """The unread count and the latest messages: two queries, the inbox page's own."""
    person_id = scope_of(user).person_id
    return {"unread": unread_count(person_id), "latest": list(inbox(person_id)[:HOME_LATEST])}


INBOX = Card(
    key="inbox_card",
    template="notify/_home_card.html",
    context=inbox_card,
    shown_to=lambda scope: scope.person_id is not None,
)
