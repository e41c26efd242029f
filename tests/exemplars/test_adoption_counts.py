"""The stored adoption counts per (unit, status): kept equal to a live GROUP BY by every
service write (and by direct creates and deletes), rebuilt from scratch to the same table, filled
by the migration; and the overview read from them gives what grouping the adoptions gave."""

from __future__ import annotations

import datetime as dt
import importlib
import random
from collections import Counter, defaultdict
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from lamtheo.core.tree import ancestor_paths, subtree_q
from lamtheo.exemplars import counts, replication
from lamtheo.exemplars.models import (
    TAKEN_UP,
    Adoption,
    AdoptionCounts,
    Exemplar,
    SubtreeAdoptionCounts,
)
from lamtheo.exemplars.services import adoptions as services
from lamtheo.org import subtree_sums
from lamtheo.org.counts import TOTAL
from lamtheo.org.models import Unit
from tests.factories import GrantFactory, UnitFactory, UserFactory

TODAY = dt.date(2026, 6, 1)
STARTED = dt.date(2026, 1, 10)


def make_exemplar(unit, title):
    return Exemplar.objects.create(
        kind="model",
        title=title,
        unit=unit,
        subject_unit=unit,
        field="social",
        actions="…",
        status="published",
        published_at=timezone.now() - dt.timedelta(days=300),
    )


def assert_counts_are_live():
    assert counts.stored_counts() == counts.live_counts()
    assert subtree_sums.stored(counts.SUBTREES) == subtree_sums.live(counts.SUBTREES)


def test_counts_follow_every_service_write(world):
    w = world
    by = w.admin
    exemplars = [make_exemplar(w.committee, f"Mô hình {i}") for i in range(4)]
    assert_counts_are_live()
    made = {}
    for i, exemplar in enumerate(exemplars):
        for unit in (w.cell_a, w.group_a, w.cell_b):
            made[i, unit.code] = services.adoption_create(
                by=by, exemplar=exemplar, unit=unit, started_on=STARTED, today=TODAY
            )
            assert_counts_are_live()
    assert counts.stored_counts()[w.cell_a.pk] == {
        "planned": 4,
        "piloting": 0,
        "adopted": 0,
        "sustained": 0,
        "dropped": 0,
    }

    def move(adoption, status, **kw):
        kw.setdefault("reason", "Không hợp." if status == "dropped" else "")
        moved = services.adoption_move(
            by=by, adoption=adoption, status=status, version=None, today=TODAY, **kw
        )
        assert moved.status == status
        assert_counts_are_live()
        return moved

    # Every move in the flow, drops and resumes included.
    walks = [
        ("planned", "piloting", "adopted", "sustained", "dropped", "planned", "adopted"),
        ("planned", "adopted", "dropped", "piloting", "dropped", "piloting", "adopted"),
        ("planned", "dropped", "planned", "piloting", "adopted", "dropped"),
        ("planned", "piloting", "dropped"),
    ]
    adoptions = list(made.values())
    for n, walk in enumerate(walks):
        for adoption in adoptions[n::4]:
            for status in walk[1:]:
                adoption = move(adoption, status)
    # Writes that do not change the status leave the counts alone; so does a refused one.
    adoption = Adoption.objects.filter(status="adopted").first()
    adoption = services.adoption_update(
        by=by, adoption=adoption, version=None, adaptation="Cho tổ dân phố 5."
    )
    adoption = services.adoption_results(
        by=by, adoption=adoption, version=None, indicator="Hộ được giúp", result=9
    )
    services.adoption_verify(by=by, adoption=adoption, version=None)
    before = counts.stored_counts()
    with pytest.raises(ValidationError):
        services.adoption_move(
            by=by, adoption=adoption, status="planned", version=None, today=TODAY
        )
    with pytest.raises(ValidationError):  # a stale page
        services.adoption_move(by=by, adoption=adoption, status="sustained", version=1, today=TODAY)
    assert counts.stored_counts() == before
    assert_counts_are_live()
    # One row per unit, and the table the same as a rebuild gives.
    table = sorted(AdoptionCounts.objects.values_list("unit_id", *counts.STATUSES))
    assert [row[0] for row in table] == sorted([w.cell_a.pk, w.group_a.pk, w.cell_b.pk])
    counts.refresh_adoption_counts()
    assert sorted(AdoptionCounts.objects.values_list("unit_id", *counts.STATUSES)) == table


def test_direct_writes_and_deletes_are_counted(world):
    w = world
    exemplar = make_exemplar(w.committee, "Mô hình")
    adoption = Adoption.objects.create(
        exemplar=exemplar, unit=w.cell_a, started_on=STARTED, status="adopted"
    )
    Adoption.objects.create(exemplar=exemplar, unit=w.cell_b, started_on=STARTED)
    assert_counts_are_live()
    adoption.status = "sustained"
    adoption.save()
    adoption.save()
    assert_counts_are_live()
    # Reloaded with the status deferred, then moved: the unit is recounted.
    partial = Adoption.objects.only("pk").get(pk=adoption.pk)
    partial.status = "dropped"
    partial.save()
    assert_counts_are_live()
    adoption.refresh_from_db()
    adoption.status = "planned"
    adoption.save(update_fields=["status"])
    assert_counts_are_live()
    Adoption.objects.filter(unit=w.cell_b).delete()
    adoption.delete()
    assert_counts_are_live()
    assert counts.stored_counts() == {}


def test_the_rebuild_repairs_bulk_writes(world):
    w = world
    exemplars = [make_exemplar(w.committee, f"Mô hình {i}") for i in range(3)]
    services.adoption_create(
        by=w.admin, exemplar=exemplars[0], unit=w.cell_a, started_on=STARTED, today=TODAY
    )
    Adoption.objects.bulk_create(
        [
            Adoption(exemplar=e, unit=u, started_on=STARTED, status=s)
            for e, u, s in [
                (exemplars[1], w.cell_a, "adopted"),
                (exemplars[2], w.cell_a, "dropped"),
                (exemplars[1], w.group_a, "piloting"),
                (exemplars[2], w.cell_b, "sustained"),
            ]
        ]
    )
    assert counts.stored_counts() != counts.live_counts()
    counts.refresh_adoption_counts([w.cell_a.pk])
    assert counts.stored_counts([w.cell_a.pk]) == counts.live_counts([w.cell_a.pk])
    assert counts.stored_counts() != counts.live_counts()
    counts.refresh_adoption_counts()
    assert_counts_are_live()
    # After a rebuild the services go on counting from it.
    adoption = Adoption.objects.get(unit=w.group_a)
    services.adoption_move(by=w.admin, adoption=adoption, status="adopted", version=None)
    assert_counts_are_live()


def test_the_migration_fills_the_counts_from_the_adoptions(world):
    w = world
    exemplar = make_exemplar(w.committee, "Mô hình")
    for unit, status in [(w.cell_a, "adopted"), (w.group_a, "dropped"), (w.cell_b, "planned")]:
        Adoption.objects.create(exemplar=exemplar, unit=unit, started_on=STARTED, status=status)
    AdoptionCounts.objects.all().delete()
    SubtreeAdoptionCounts.objects.all().delete()
    migration = importlib.import_module("lamtheo.exemplars.migrations.0002_adoption_counts")
    migration.fill_counts(apps, SimpleNamespace(connection=connection))
    # exemplars 0006 sums them per subtree.
    sums = importlib.import_module("lamtheo.exemplars.migrations.0006_subtree_adoption_counts")
    sums.fill(apps, SimpleNamespace(connection=connection))
    assert SubtreeAdoptionCounts.objects.filter(unit=w.committee).exists()
    assert_counts_are_live()


# -- the overview read from the counts, against grouping the adoptions -----------------------


def grouped_overview(unit, user, today):
    """What the overview computed before the stored counts: the adoptions grouped per (unit,
    status), the open units in Python (the previous implementation's rules, kept short)."""
    units = list(
        Unit.objects.visible_to(user, "view")
        .filter(subtree_q([unit.path]), closed_on__isnull=True)
        .values_list("pk", "path", "name", TOTAL)
    )
    path_of = {pk: path for pk, path, *_ in units}
    rows = (
        Adoption.objects.visible_to(user, "view")
        .filter(subtree_q([unit.path], prefix="unit__path"))
        .values_list("unit_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_status, counts_of = Counter(), defaultdict(Counter)
    for unit_id, status, n in rows:
        by_status[status] += n
        counts_of[path_of.get(unit_id, "")][status] += n
    live = {p for p, c in counts_of.items() if p and sum(c.values()) - c["dropped"]}
    taken = {p for p, c in counts_of.items() if p and sum(c[s] for s in TAKEN_UP)}
    active = {a for p in live for a in ancestor_paths(p)}
    step, width = Unit.steplen, len(unit.path) + Unit.steplen
    sums = defaultdict(Counter)
    nothing = []
    for pk, path, name, people in sorted(units, key=lambda r: r[1]):
        c = counts_of.get(path, Counter())
        above = [a for a in ancestor_paths(path)[:-1] if len(a) >= len(unit.path)]
        adopts_nothing = path not in active and not any(a in live for a in above)
        keys = [None] if len(path) < width else [None, path[:width]]
        for key in keys:
            s = sums[key]
            s["units"] += 1
            s["people"] += people
            s["reach"] += people if any(a in taken for a in ancestor_paths(path)) else 0
            s["adopting_units"] += path in live
            s["nothing"] += adopts_nothing
            s["live"] += sum(c.values()) - c["dropped"]
            s["taken_up"] += sum(c[x] for x in TAKEN_UP)
        if adopts_nothing and (path == unit.path or path[:-step] in active):
            size = sum(1 for _, p, _, _ in units if p.startswith(path))
            nothing.append((pk, path, name, size))
    fields = ("units", "adopting_units", "nothing", "live", "taken_up", "people", "reach")
    branches = {
        path: tuple(sums[path][f] for f in fields) for _, path, _, _ in units if len(path) == width
    }
    return {
        "totals": tuple(sums[None][f] for f in fields),
        "by_status": {s: by_status.get(s, 0) for s in counts.STATUSES},
        "branches": branches,
        "nothing": nothing[: replication.NOTHING_LISTED],
        "nothing_more": max(0, len(nothing) - replication.NOTHING_LISTED),
    }


def read_overview(unit, user, today):
    data = replication.overview(unit, user, today=today)
    fields = ("units", "adopting_units", "nothing", "live", "taken_up", "people", "reach")
    return {
        "totals": tuple(getattr(data.totals, f) for f in fields),
        "by_status": data.by_status,
        "branches": {b.path: tuple(getattr(b, f) for f in fields) for b in data.branches},
        "nothing": data.nothing,
        "nothing_more": data.nothing_more,
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_overview_from_counts_equals_grouping_the_adoptions(db, seed):
    """Random trees with closed units (some with open units under them), people, and adoptions
    in every status made through save; the office of the root and a secretary of one branch."""
    rng = random.Random(seed)
    root = UnitFactory(name="Đảng bộ", kind="committee")
    units = [root]
    for _ in range(30):
        parent = Unit.objects.get(pk=rng.choice(units).pk)
        units.append(UnitFactory(parent=parent))
    for unit in units:
        Unit.objects.filter(pk=unit.pk).update(
            official_count=rng.randint(0, 9),
            mass_count=rng.randint(0, 3),
            closed_on=TODAY if rng.random() < 0.15 and unit != root else None,
        )
    exemplars = [make_exemplar(root, f"Mô hình {i}") for i in range(6)]
    statuses = list(counts.STATUSES)
    for unit in units[1:]:
        for exemplar in rng.sample(exemplars, rng.randint(0, 3)):
            Adoption.objects.create(
                exemplar=exemplar, unit=unit, started_on=STARTED, status=rng.choice(statuses)
            )
    office, secretary = UserFactory(), UserFactory()
    GrantFactory(user=office, unit=root, role="office")
    branch = Unit.objects.filter(depth=2).order_by("path").first()
    GrantFactory(user=secretary, unit=branch, role="secretary")
    assert_counts_are_live()
    checks = [(root, office), (branch, office), (branch, secretary)]
    checks += [(u, office) for u in Unit.objects.filter(numchild__gt=0, depth__gt=1)]
    for unit, user in checks:
        unit = Unit.objects.get(pk=unit.pk)
        assert read_overview(unit, user, TODAY) == grouped_overview(unit, user, TODAY), unit
