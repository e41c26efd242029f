"""The study rows summed over each subtree (SubtreeParticipation, SubtreeActivity,
SubtreeSessions; org.subtree_sums): kept by the services with the rows, recounted along the
old and new places of a moved unit, filled by study 0013, and read by the rates page and the
dashboard (tests/study/test_unit_counts.py checks the sums and every page of every unit
against a live count after each service call)."""

from __future__ import annotations

import importlib
import random

import pytest
from django.apps import apps
from django.db import connection

from lamtheo.org import subtree_sums
from lamtheo.org.models import Person
from lamtheo.study import rates, unit_counts
from lamtheo.study.models import SubtreeParticipation
from tests.factories import PersonFactory
from tests.study.test_rates import at, held
from tests.study.test_unit_counts import YEARS, assert_live
from tests.tree_moves import random_moves, random_tree


def stored() -> list[dict]:
    return [subtree_sums.stored(kept) for kept in unit_counts.KEPT]


def assert_sums_live() -> None:
    assert stored() == [subtree_sums.live(kept) for kept in unit_counts.KEPT]


def test_the_root_reads_at_most_one_row_per_shard(counted_world):
    w = counted_world
    rows = SubtreeParticipation.objects.filter(unit=w.committee, year=2026, members=False)
    shards = {row.shard for row in rows}
    people = {unit % subtree_sums.SHARDS for unit in Person.objects.values_list("unit", flat=True)}
    assert shards == people
    assert (
        sum(row.people_0 for row in rows)
        == rates.year_page(w.committee, 2026, rates.Population.EVERYONE).totals.people
    )


@pytest.fixture
def counted_world(world):
    held(world.cell_a, at(2026, 3, 10), {world.person_a: "present", world.person_b: "late"})
    unit_counts.rebuild(YEARS)
    return world


def test_the_migration_fills_the_sums(counted_world):
    expected = stored()
    assert all(expected)
    for kept in unit_counts.KEPT:
        kept.sums.objects.all().delete()
    migration = importlib.import_module("lamtheo.study.migrations.0013_subtree_sums")
    migration.fill(apps, connection.schema_editor())
    assert stored() == expected
    assert_live()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_moves_recount_only_the_units_above(db, seed, monkeypatch):
    """Units with people moved at random under other units, nested moves one after the other:
    the sums stay equal to the rows summed live, recounted along the old and new parents,
    never by rebuilding them all."""
    rng = random.Random(seed)
    admin, units = random_tree(rng, 20)
    root = units[0]
    for unit in units[1:]:
        people = [PersonFactory(unit=unit) for _ in range(rng.randint(0, 3))]
        if people and rng.random() < 0.5:
            marks = {person: rng.choice(["present", "late", "absent"]) for person in people}
            held(unit, at(2026, rng.randint(1, 5), rng.randint(1, 28)), marks)
    unit_counts.rebuild([2026])
    assert_sums_live()

    def no_rebuild(*args, **kwargs):
        raise AssertionError("a move rebuilt every sum")

    monkeypatch.setattr(subtree_sums, "rebuild", no_rebuild)
    moves = random_moves(rng, admin, units, 12, assert_sums_live)
    assert moves >= 8
    for kept in unit_counts.KEPT:
        assert kept.sums.objects.filter(unit=root).exists(), kept.sums
