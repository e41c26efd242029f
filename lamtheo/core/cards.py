"""A card on the home page: what a feature offers the dashboard.

A feature declares its cards in its own `cards.py`; `lamtheo.dashboard.registry` lists them in
page order, an explicit registry as healthchecks lists its transports. So the home page imports
each feature's cards and never its views, and no feature imports the dashboard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def everyone(scope) -> bool:
    return True


@dataclass(frozen=True)
class Card:
    # The template's variable: `context(user)` is put in the page under this name, so two
    # cards never overwrite each other's variables.
    key: str
    template: str
    context: Callable[[Any], Any]
    # Asked first with the user's scope (accounts.scoping.Scope): a card its reader cannot
    # use costs no query at all.
    shown_to: Callable[[Any], bool] = everyone
