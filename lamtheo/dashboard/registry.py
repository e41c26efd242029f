"""The cards of the home page, in the order they appear.

A new feature's card is added here by hand (see docs/architecture.md, "Adding a feature app").
"""

from __future__ import annotations

from lamtheo.core.cards import Card
from lamtheo.notify import cards as notify_cards
from lamtheo.org import cards as org_cards
from lamtheo.programs import cards as programs_cards
from lamtheo.study import cards as study_cards

CARDS: tuple[Card, ...] = (
    programs_cards.REVIEW,  # registrations waiting for my approval
    programs_cards.REGISTRATION,  # my registration of the running year
    study_cards.STUDY,  # excuses to decide; my next sessions
    notify_cards.INBOX,  # my unread messages
    org_cards.MY_RECORD,  # my own record and my unit's office holders
    org_cards.OVERVIEW,  # people and units in my scope, recent imports
)
