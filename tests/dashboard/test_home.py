"""The home page gathers the cards of the registry."""

from __future__ import annotations

from django.template.loader import get_template

from lamtheo.dashboard.registry import CARDS


def test_every_card_has_its_own_variable_and_a_template():
    assert len({card.key for card in CARDS}) == len(CARDS)
    for card in CARDS:
        get_template(card.template)
