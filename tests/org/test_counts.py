"""Stored per-unit counts always agree with the people, after every kind of change."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from lamtheo.org import counts, services, subtree_sums
from lamtheo.org.models import Person, Unit
from tests.factories import PersonFactory


def assert_counts_match():
    for unit in Unit.objects.all():
        live = counts.live_counts(Person.objects.current().in_subtree(unit))
        assert counts.subtree_counts(unit) == live, unit.code
    assert subtree_sums.stored(counts.SUBTREES) == subtree_sums.live(counts.SUBTREES)


def test_counts_follow_every_service(world):
    PersonFactory(unit=world.group_a, party_status="probationary")
    PersonFactory(unit=world.cell_b, party_status="mass")
    assert_counts_match()
    person = services.person_create(
        by=world.office,
        unit=world.cell_b,
        full_name="Lê Văn Tám",
        party_status="elite_mass",
        unit_since=dt.date(2020, 1, 1),
    )
    assert_counts_match()
    services.person_update(
        by=world.office, person=person, full_name="Lê Văn Tám", party_status="mass"
    )
    assert_counts_match()
    services.person_transfer(
        by=world.office, person=person, unit=world.group_a, effective_on=dt.date(2025, 1, 1)
    )
    assert_counts_match()
    services.person_leave(by=world.office, person=person, left_on=dt.date(2025, 2, 1), reason="x")
    assert_counts_match()
    services.unit_merge(
        by=world.office, source=world.cell_b, target=world.cell_a, effective_on=dt.date(2025, 7, 1)
    )
    assert_counts_match()
    assert counts.subtree_counts(world.committee)["total"] == 4


def test_counts_by_child_and_root(world):
    PersonFactory(unit=world.group_a)
    PersonFactory(unit=world.group_a)
    assert counts.counts_by_child(world.committee) == {world.cell_a.path: 3, world.cell_b.path: 1}
    assert counts.counts_by_root([world.cell_a.path, world.cell_b.path]) == {
        world.cell_a.path: 3,
        world.cell_b.path: 1,
    }


def test_refresh_command_repairs_counts(world):
    Unit.objects.update(official_count=99)
    call_command("refresh_unit_counts", verbosity=0)
    assert_counts_match()


@pytest.mark.django_db(transaction=True)
def test_two_people_added_to_one_unit_at_once_are_both_counted(world):
    """Two transactions add a person to the same unit at the same time (PostgreSQL, real
    threads). Each must count the other's person once it has committed: without a lock on the
    unit row each counted only its own and the unit kept one person too few."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time")
    unit = world.group_a
    before = counts.status_totals(Unit.objects.filter(pk=unit.pk))["total"]
    # Both wait here, inside their transaction, after adding their person: without the lock
    # both get past it having counted alone; with it the second waits for the first to commit
    # (the barrier times out for the first) and then counts both.
    meet = threading.Barrier(2, timeout=3)
    errors = []

    def add(name: str) -> None:
        try:
            with transaction.atomic():
                services.person_create(
                    by=world.office, unit=unit, full_name=name, unit_since=dt.date(2020, 1, 1)
                )
                with contextlib.suppress(threading.BrokenBarrierError):
                    meet.wait()
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(n,)) for n in ("Lê Văn Một", "Lê Văn Hai")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert counts.status_totals(Unit.objects.filter(pk=unit.pk))["total"] == before + 2
    assert_counts_match()
