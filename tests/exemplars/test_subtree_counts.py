"""The stored adoption counts per (subtree, exemplar): equal to a live recount after every
write, slide and tree change; the overview's "spreading fastest" and "exemplars adopted" read
from them equal grouping the subtree's adoptions, wherever the window's day stands."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import random
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from lamtheo.core.tree import subtree_q
from lamtheo.exemplars import counts, replication, subtree_counts
from lamtheo.exemplars.models import Adoption, AdoptionWindow, SubtreeAdoptions
from lamtheo.exemplars.services import adoptions as services
from lamtheo.org import services as org_services
from lamtheo.org import subtree_sums
from lamtheo.org.models import Unit
from tests.exemplars.test_adoption_counts import make_exemplar
from tests.factories import GrantFactory, UnitFactory, UserFactory
from tests.tree_moves import random_moves, random_tree

TODAY = dt.date(2026, 6, 1)


def assert_live(since=None):
    assert subtree_counts.stored() == subtree_counts.live(since)


def spread(unit, user, today):
    """(exemplars adopted, the fastest as (exemplar id, recent, recent taken, live, taken))
    as the overview shows them."""
    data = replication.overview(Unit.objects.get(pk=unit.pk), user, today=today)
    fastest = [
        (f["exemplar"].pk, f["recent"], f["recent_taken"], f["live"], f["taken_up"])
        for f in data.fastest
    ]
    return data.exemplars_adopted, fastest


def grouped(unit, user, today):
    """The same from the subtree's adoptions grouped per exemplar, as before the stored rows."""
    unit = Unit.objects.get(pk=unit.pk)
    adoptions = Adoption.objects.visible_to(user, "view").filter(
        subtree_q([unit.path], prefix="unit__path")
    )
    since = replication.months_back(today, 12)
    rows = subtree_counts.per_exemplar_counts(adoptions, since)
    return len(rows), [tuple(row) for row in replication._top(rows)]


def test_service_writes_keep_the_rows(world):
    """Every unit at or above an adopting unit has a row per exemplar, moved by each write:
    creates, moves through the flow (the adoption day set and kept), drops and deletes."""
    w, by = world, world.admin
    exemplars = [make_exemplar(w.committee, f"Mô hình {i}") for i in range(3)]
    made = []
    for exemplar in exemplars:
        for unit in (w.group_a, w.cell_b):
            made.append(
                services.adoption_create(
                    by=by, exemplar=exemplar, unit=unit, started_on=TODAY, today=TODAY
                )
            )
            assert_live()
    rows = subtree_counts.stored()
    # A group's adoption counts in the group, its cell and the committee.
    for unit in (w.group_a, w.cell_a):
        assert rows[unit.pk, exemplars[0].pk] == (1, 0, 1, 0)
    assert rows[w.committee.pk, exemplars[1].pk] == (2, 0, 2, 0)
    for status in ("piloting", "adopted", "sustained", "dropped", "planned", "adopted"):
        made[0] = services.adoption_move(
            by=by,
            adoption=made[0],
            status=status,
            version=None,
            today=TODAY,
            reason="Không hợp." if status == "dropped" else "",
        )
        assert_live()
    assert subtree_counts.stored()[w.committee.pk, exemplars[0].pk] == (2, 1, 2, 1)
    made[1].delete()
    Adoption.objects.filter(unit=w.group_a, exemplar=exemplars[2]).delete()
    assert_live()
    # Loaded with the counted fields deferred, then moved: its exemplar is recounted.
    partial = Adoption.objects.only("pk").get(pk=made[3].pk)
    partial.status = "dropped"
    partial.save()
    assert_live()


def test_the_slide_moves_the_recent_counts(world):
    """Adoptions started (or taken up) before the window's new day leave the recent counts,
    and join them again when the day moves back; the command slides to 12 months ago."""
    w = world
    exemplar = make_exemplar(w.committee, "Mô hình")
    other = make_exemplar(w.committee, "Mô hình khác")
    for unit, exemplar_, started, status, adopted in [
        (w.cell_a, exemplar, dt.date(2025, 3, 1), "adopted", dt.date(2025, 9, 1)),
        (w.group_a, exemplar, dt.date(2025, 8, 1), "planned", None),
        (w.cell_b, exemplar, dt.date(2026, 2, 1), "sustained", dt.date(2026, 4, 1)),
        (w.cell_b, other, dt.date(2025, 1, 5), "dropped", dt.date(2025, 5, 1)),
    ]:
        Adoption.objects.create(
            exemplar=exemplar_, unit=unit, started_on=started, status=status, adopted_on=adopted
        )
    subtree_counts.refresh(since=dt.date(2025, 1, 1))
    assert_live(dt.date(2025, 1, 1))
    assert subtree_counts.stored()[w.committee.pk, exemplar.pk] == (3, 2, 3, 2)
    assert subtree_counts.slide(dt.date(2025, 6, 1)) == 1  # cell A's start, not its adoption
    assert_live(dt.date(2025, 6, 1))
    assert subtree_counts.stored()[w.committee.pk, exemplar.pk] == (3, 2, 2, 2)
    assert subtree_counts.slide(dt.date(2025, 12, 1)) == 2
    assert subtree_counts.stored()[w.committee.pk, exemplar.pk] == (3, 2, 1, 1)
    assert subtree_counts.slide(dt.date(2025, 12, 1)) == 0
    assert subtree_counts.slide(dt.date(2024, 12, 1)) == 2  # back: they count again
    assert_live(dt.date(2024, 12, 1))
    # Writes made while the window stands anywhere count from it.
    services.adoption_create(
        by=w.admin, exemplar=other, unit=w.group_a, started_on=dt.date(2024, 12, 5), today=TODAY
    )
    assert_live()
    out = io.StringIO()
    call_command("slide_replication_window", stdout=out)
    to = replication.months_back(timezone.localdate(), 12)
    assert AdoptionWindow.objects.get().since == to
    assert f"{to:%d/%m/%Y}" in out.getvalue()
    assert_live(to)


def test_tree_changes_recount_the_exemplars_of_the_units_that_moved(world):
    w, by = world, world.admin
    exemplars = [make_exemplar(w.committee, f"Mô hình {i}") for i in range(2)]
    for exemplar in exemplars:
        services.adoption_create(
            by=by, exemplar=exemplar, unit=w.group_a, started_on=TODAY, today=TODAY
        )
    services.adoption_create(
        by=by, exemplar=exemplars[0], unit=w.cell_b, started_on=TODAY, today=TODAY
    )
    org_services.unit_move(
        by=by, unit=w.group_a, new_parent=w.cell_b, effective_on=dt.date(2026, 6, 1)
    )
    assert_live()
    rows = subtree_counts.stored()
    assert (w.cell_a.pk, exemplars[1].pk) not in rows  # its old cell no longer holds it
    assert rows[w.cell_b.pk, exemplars[0].pk] == (2, 0, 2, 0)
    org_services.unit_merge(
        by=by,
        source=Unit.objects.get(pk=w.group_a.pk),
        target=Unit.objects.get(pk=w.cell_a.pk),
        effective_on=dt.date(2026, 7, 1),
    )
    assert_live()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_moves_recount_only_the_units_above(db, seed, monkeypatch):
    """Units moved at random under other units (subtrees with adoptions, nested moves one
    after the other, back under an old parent): the rows stay equal to a live recount, and
    they are recounted by `rechain` along the old and new parents, never by the fallback."""
    rng = random.Random(seed)
    admin, units = random_tree(rng, 20)
    root = units[0]
    exemplars = [make_exemplar(root, f"Mô hình {i}") for i in range(6)]
    for unit in units[1:]:
        for exemplar in rng.sample(exemplars, rng.randint(0, 3)):
            Adoption.objects.create(
                exemplar=exemplar,
                unit=unit,
                started_on=dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 120)),
                status=rng.choice(list(counts.STATUSES)),
            )
    assert_live()

    def no_fallback(unit_ids):
        raise AssertionError("a move recounted every row of its exemplars")

    monkeypatch.setattr(subtree_counts, "refresh_units", no_fallback)
    # The counts per status summed per subtree (SubtreeAdoptionCounts) move the same way.
    monkeypatch.setattr(subtree_sums, "rebuild", no_fallback)

    def check():
        assert_live()
        assert subtree_sums.stored(counts.SUBTREES) == subtree_sums.live(counts.SUBTREES)

    moves = random_moves(rng, admin, units, 12, check)
    assert moves >= 8


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_overview_reads_what_grouping_gives_wherever_the_window_stands(db, seed):
    """Random trees and adoptions over two years in every status, the window's day before,
    at and after the overview's, and so many corrections that it groups live instead."""
    rng = random.Random(seed)
    root = UnitFactory(name="Đảng bộ", kind="committee")
    units = [root]
    for _ in range(25):
        parent = Unit.objects.get(pk=rng.choice(units).pk)
        units.append(UnitFactory(parent=parent))
    exemplars = [make_exemplar(root, f"Mô hình {i}") for i in range(15)]
    statuses = list(counts.STATUSES)
    for unit in units[1:]:
        for exemplar in rng.sample(exemplars, rng.randint(0, 8)):
            started = dt.date(2024, 6, 1) + dt.timedelta(days=rng.randint(0, 700))
            status = rng.choice(statuses)
            adopted = None
            if status in ("adopted", "sustained") or rng.random() < 0.2:
                adopted = started + dt.timedelta(days=rng.randint(0, 120))
            Adoption.objects.create(
                exemplar=exemplar, unit=unit, started_on=started, status=status, adopted_on=adopted
            )
    office, secretary = UserFactory(), UserFactory()
    GrantFactory(user=office, unit=root, role="office")
    branch = Unit.objects.filter(depth=2).order_by("path").first()
    GrantFactory(user=secretary, unit=branch, role="secretary")
    checks = [(root, office), (branch, office), (branch, secretary)]
    checks += [(u, office) for u in Unit.objects.filter(numchild__gt=0, depth__gt=1)]
    for window in (dt.date(2024, 1, 1), dt.date(2025, 6, 1), dt.date(2026, 3, 15)):
        subtree_counts.slide(window)
        assert_live(window)
        for today in (dt.date(2025, 6, 1), TODAY, dt.date(2026, 11, 20)):
            for unit, user in checks:
                assert spread(unit, user, today) == grouped(unit, user, today), (window, today)
    subtree_counts.slide(dt.date(2024, 1, 1))
    replication_corrections = replication.CORRECTIONS
    try:
        replication.CORRECTIONS = 0  # every correction is too many: grouped live
        for unit, user in checks:
            assert spread(unit, user, TODAY) == grouped(unit, user, TODAY)
    finally:
        replication.CORRECTIONS = replication_corrections


def test_the_overview_runs_the_same_queries_whatever_the_window(world, django_assert_num_queries):
    w = world
    office = UserFactory()
    GrantFactory(user=office, unit=w.committee, role="office")
    exemplar = make_exemplar(w.committee, "Mô hình")
    Adoption.objects.create(exemplar=exemplar, unit=w.cell_a, started_on=dt.date(2025, 9, 2))
    unit = Unit.objects.get(pk=w.committee.pk)
    replication.overview(unit, office, today=TODAY)  # the user's grants, read once
    for window in (dt.date(2025, 1, 1), replication.months_back(TODAY, 12), dt.date(2026, 1, 1)):
        subtree_counts.slide(window)
        with django_assert_num_queries(5):
            replication.overview(unit, office, today=TODAY)


def test_the_migration_fills_the_rows(world):
    w = world
    exemplar = make_exemplar(w.committee, "Mô hình")
    for unit, status in [(w.cell_a, "adopted"), (w.group_a, "dropped"), (w.cell_b, "planned")]:
        Adoption.objects.create(
            exemplar=exemplar,
            unit=unit,
            started_on=timezone.localdate() - dt.timedelta(days=30 * 14),
            status=status,
            adopted_on=timezone.localdate() - dt.timedelta(days=20),
        )
    SubtreeAdoptions.objects.all().delete()
    AdoptionWindow.objects.all().delete()
    migration = importlib.import_module("lamtheo.exemplars.migrations.0005_subtree_adoptions")
    migration.fill_subtree_counts(apps, SimpleNamespace(connection=connection))
    assert_live()
    assert subtree_counts.stored()[w.committee.pk, exemplar.pk] == (2, 1, 0, 1)


def test_a_date_given_as_text_counts_as_a_date(world):
    exemplar = make_exemplar(world.committee, "Mô hình")
    Adoption.objects.create(
        exemplar=exemplar,
        unit=world.cell_a,
        started_on="2026-05-02",
        status="adopted",
        adopted_on="2026-05-20",
    )
    assert_live()
