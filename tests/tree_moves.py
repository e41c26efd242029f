"""A random tree of committees and random moves through org.services.unit_move, for the
tests of what is kept per subtree (the exemplars' rows, the subtree sums)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from lamtheo.org import services as org_services
from lamtheo.org.models import Unit
from tests.factories import GrantFactory, UnitFactory, UserFactory


def random_tree(rng: random.Random, size: int):
    """(an admin, the units: the root first, then `size` committees each under one before)."""
    admin = UserFactory(is_staff=True)
    GrantFactory(user=admin, unit=None, role="admin")
    units = [UnitFactory(name="Đảng bộ", kind="committee")]
    for _ in range(size):
        parent = Unit.objects.get(pk=rng.choice(units).pk)
        units.append(UnitFactory(parent=parent, kind="committee"))
    return admin, units


def random_moves(
    rng: random.Random, admin, units: list[Unit], count: int, check: Callable[[], None]
) -> int:
    """Move a unit (not the root) under another outside its subtree, `count` times (nested
    moves one after the other, back under an old parent), calling `check` after each;
    returns how many moves there were."""
    moves = 0
    for n in range(count):
        unit = Unit.objects.get(pk=rng.choice(units[1:]).pk)
        targets = [
            u
            for u in Unit.objects.exclude(path__startswith=unit.path)
            if u.pk != Unit.objects.get_parent(unit).pk
        ]
        if not targets:
            continue
        org_services.unit_move(
            by=admin,
            unit=unit,
            new_parent=rng.choice(targets),
            effective_on=dt.date(2026, 6, 1) + dt.timedelta(days=n),
        )
        moves += 1
        check()
    return moves
