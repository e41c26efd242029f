"""The units' people summed over each subtree (SubtreePeople, org.subtree_sums): filled by
org 0018, recounted along the old and new places of a moved unit, and read per child and per
branch as the units' own counts give them (tests/org/test_counts.py checks every subtree's
total after every service)."""

from __future__ import annotations

import importlib
import random

import pytest
from django.apps import apps
from django.db import connection

from lamtheo.org import counts, subtree_sums
from lamtheo.org.models import Person, SubtreePeople, Unit
from tests.factories import PersonFactory
from tests.tree_moves import random_moves, random_tree


def assert_live() -> None:
    assert subtree_sums.stored(counts.SUBTREES) == subtree_sums.live(counts.SUBTREES)
    for unit in Unit.objects.all():
        below = Unit.objects.filter(path__startswith=unit.path, depth__gt=unit.depth)
        by_child = {}
        for child in below.filter(depth=unit.depth + 1):
            people = Person.objects.current().in_subtree(child).count()
            if people:
                by_child[child.path] = people
        assert {p: n for p, n in counts.counts_by_child(unit).items() if n} == by_child
        own = Person.objects.current().filter(unit=unit).count()
        expected = {**by_child, **({unit.path: own} if own else {})}
        assert {p: n for p, n in counts.counts_by_branch(unit).items() if n} == expected


def test_the_migration_fills_the_sums(world):
    PersonFactory(unit=world.group_a, party_status="probationary")
    PersonFactory(unit=world.cell_b, party_status="mass")
    expected = subtree_sums.stored(counts.SUBTREES)
    assert expected
    SubtreePeople.objects.all().delete()
    migration = importlib.import_module("lamtheo.org.migrations.0018_subtree_people")
    migration.fill(apps, connection.schema_editor())
    assert subtree_sums.stored(counts.SUBTREES) == expected
    assert_live()


@pytest.mark.parametrize("seed", [1, 2])
def test_random_moves_recount_only_the_units_above(db, seed, monkeypatch):
    rng = random.Random(seed)
    admin, units = random_tree(rng, 16)
    for unit in units[1:]:
        for _ in range(rng.randint(0, 3)):
            PersonFactory(unit=unit, party_status=rng.choice(["official", "mass"]))
    assert_live()

    def no_rebuild(*args, **kwargs):
        raise AssertionError("a move rebuilt every sum")

    monkeypatch.setattr(subtree_sums, "rebuild", no_rebuild)
    moves = random_moves(rng, admin, units, 10, assert_live)
    assert moves >= 6
