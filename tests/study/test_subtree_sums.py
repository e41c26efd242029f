"""The study rows summed over each subtree (SubtreeParticipation, SubtreeActivity,
SubtreeSessions, SubtreeDoubleCount; org.subtree_sums): kept by the services with the rows,
recounted along the old and new places of a moved unit, filled by study 0013 and 0014, and
read by the rates page and the dashboard (tests/study/test_unit_counts.py checks the sums
and every page of every unit against a live count after each service call)."""

from __future__ import annotations

import datetime as dt
import importlib
import random

import pytest
from django.apps import apps
from django.db import connection

from lamtheo.org import services as org_services
from lamtheo.org import subtree_sums
from lamtheo.study import rates, unit_counts
from lamtheo.study.models import SubtreeDoubleCount, SubtreeParticipation, UnitParticipation
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
    counted = UnitParticipation.objects.filter(year=2026, members=False, people_0__gt=0)
    assert shards == {unit % subtree_sums.SHARDS for unit in counted.values_list("unit", flat=True)}
    assert len(rows) == len(shards) <= subtree_sums.SHARDS
    doubles = SubtreeDoubleCount.objects.filter(unit=w.committee, year=2026, members=False)
    assert sum(row.people_0 for row in rows) - sum(row.people_0 for row in doubles) == (
        rates.year_page(w.committee, 2026, rates.Population.EVERYONE).totals.people
    )


@pytest.fixture
def counted_world(world):
    held(world.cell_a, at(2026, 3, 10), {world.person_a: "present", world.person_b: "late"})
    # A mover: counted in two units of the committee this year, once at the committee.
    org_services.person_transfer(
        by=world.office, person=world.person_a, unit=world.cell_b, effective_on=dt.date(2026, 5, 1)
    )
    held(world.cell_b, at(2026, 6, 10), {world.person_a: "present"})
    unit_counts.rebuild(YEARS)
    return world


def test_the_movers_double_counts_are_summed_where_their_units_meet(counted_world):
    w = counted_world
    year = SubtreeDoubleCount.objects.filter(unit=w.committee, year=2026, members=False)
    assert sum(row.took_part_0 for row in year) == 1  # person a, in cell A and cell B
    assert not SubtreeDoubleCount.objects.filter(unit__in=[w.cell_a, w.cell_b]).exists()
    page = rates.year_page(w.committee, 2026, rates.Population.EVERYONE)
    assert page.totals.took_part == 2


def test_the_migration_fills_the_sums(counted_world):
    expected = stored()
    assert all(expected)
    for kept in unit_counts.KEPT:
        kept.sums.objects.all().delete()
    for name in ("0013_subtree_sums", "0014_subtree_double_counts"):
        migration = importlib.import_module(f"lamtheo.study.migrations.{name}")
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
        if people and rng.random() < 0.5:
            # A mover, present in May in a second unit: double counts where the two meet.
            person, second = people[0], rng.choice(units[1:])
            if second.pk != unit.pk:
                org_services.person_transfer(
                    by=admin, person=person, unit=second, effective_on=dt.date(2026, 5, 1)
                )
                held(second, at(2026, 5, rng.randint(2, 28)), {person: "present"})
    unit_counts.rebuild([2026])
    assert_sums_live()

    def no_rebuild(*args, **kwargs):
        raise AssertionError("a move rebuilt every sum")

    monkeypatch.setattr(subtree_sums, "rebuild", no_rebuild)
    moves = random_moves(rng, admin, units, 12, assert_sums_live)
    assert moves >= 8
    for kept in unit_counts.KEPT:
        assert kept.sums.objects.filter(unit=root).exists(), kept.sums
