"""The stored exemplars per (unit, status) and their sums per subtree: kept equal to a live
GROUP BY by every step of the workflow, by direct saves and deletes, by a tree move; rebuilt
and filled by the migration to the same rows; and the subtree's figure the dashboard reads."""

from __future__ import annotations

import datetime as dt
import importlib
import io
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from lamtheo.exemplars import counts
from lamtheo.exemplars.models import Exemplar, ExemplarCounts, SubtreeExemplarCounts
from lamtheo.exemplars.services.exemplars import (
    exemplar_create,
    exemplar_propose,
    exemplar_publish,
    exemplar_recognise,
    exemplar_reject,
    exemplar_return,
    exemplar_withdraw,
)
from lamtheo.org import services as org_services
from lamtheo.org import subtree_sums

STORY = {
    "title": "Mô hình “Mỗi tuần một việc tốt”",
    "field": "social",
    "actions": "Mỗi tuần chi bộ chọn một việc tốt.",
    "results": "52 việc tốt trong năm.",
}
SHOWN = ["recognised", "published"]


def assert_live():
    assert counts.stored_exemplar_counts() == counts.live_exemplar_counts()
    assert subtree_sums.stored(counts.EXEMPLARS) == subtree_sums.live(counts.EXEMPLARS)


def shown_in(unit) -> int:
    """The recognised and published exemplars of the subtree, from the exemplars."""
    return sum(
        1
        for e in Exemplar.objects.select_related("unit")
        if e.status in SHOWN and e.unit.path.startswith(unit.path)
    )


def new_model(world, unit, title):
    return exemplar_create(by=world.office, unit=unit, kind="model", **{**STORY, "title": title})


def test_every_workflow_step_moves_the_counts(world):
    w = world
    a = new_model(w, w.cell_a, "Mô hình A")
    b = new_model(w, w.group_a, "Mô hình B")
    c = new_model(w, w.cell_b, "Mô hình C")
    assert_live()
    assert counts.stored_exemplar_counts()[(w.cell_a.pk,)][0] == 1  # a draft

    def step(service, exemplar, **kw):
        moved = service(by=w.office, exemplar=exemplar, version=exemplar.version, **kw)
        assert_live()
        return moved

    a = step(exemplar_propose, a)
    a = step(exemplar_return, a, reason="Bổ sung số liệu.")
    a = step(exemplar_propose, a)
    a = step(exemplar_recognise, a)
    a = step(exemplar_publish, a)
    b = step(exemplar_propose, b)
    b = step(exemplar_recognise, b)
    c = step(exemplar_propose, c)
    c = step(exemplar_reject, c, reason="Chưa đủ kết quả.")
    assert counts.exemplars_in(w.committee, SHOWN) == shown_in(w.committee) == 2
    assert counts.exemplars_in(w.cell_a, SHOWN) == shown_in(w.cell_a) == 2
    assert counts.exemplars_in(w.cell_b, SHOWN) == 0
    a = step(exemplar_withdraw, a, reason="Không còn duy trì.")
    assert counts.exemplars_in(w.committee, SHOWN) == 1
    # A refused step and a stale page change nothing.
    before = counts.stored_exemplar_counts()
    with pytest.raises(ValidationError):
        exemplar_publish(by=w.office, exemplar=c, version=c.version)
    with pytest.raises(ValidationError):
        exemplar_recognise(by=w.office, exemplar=b, version=1)
    assert counts.stored_exemplar_counts() == before
    assert_live()


def test_direct_saves_deletes_and_a_tree_move_are_counted(world):
    w = world
    exemplar = Exemplar.objects.create(
        kind="model", unit=w.group_a, status="published", published_at=timezone.now(), **STORY
    )
    assert_live()
    exemplar.status = "withdrawn"
    exemplar.save()
    exemplar.save(update_fields=["title"])  # not a counted field
    assert_live()
    # Read without its status, then moved: its unit is counted again.
    partial = Exemplar.objects.only("pk").get(pk=exemplar.pk)
    partial.status = "recognised"
    partial.save()
    assert_live()
    # Moved to another unit.
    exemplar.refresh_from_db()
    exemplar.unit = w.cell_b
    exemplar.save()
    assert_live()
    assert counts.exemplars_in(w.cell_b, SHOWN) == 1
    # The unit under cell B moves with its exemplar to cell A.
    exemplar.unit = w.group_a
    exemplar.save()
    org_services.unit_move(
        by=w.admin, unit=w.group_a, new_parent=w.cell_b, effective_on=dt.date(2026, 6, 1)
    )
    assert_live()
    assert counts.exemplars_in(w.cell_b, SHOWN) == 1
    assert counts.exemplars_in(w.cell_a, SHOWN) == 0
    Exemplar.objects.filter(pk=exemplar.pk).delete()
    assert_live()
    assert counts.exemplars_in(w.committee, SHOWN) == 0


def test_a_rebuild_and_the_migration_write_the_same_rows(world):
    w = world
    for unit, status in [(w.cell_a, "published"), (w.group_a, "draft"), (w.cell_b, "recognised")]:
        Exemplar.objects.create(kind="model", unit=unit, status=status, **STORY)
    kept = sorted(ExemplarCounts.objects.values_list("unit_id", *counts.EXEMPLAR_STATUSES))
    sums = subtree_sums.stored(counts.EXEMPLARS)
    assert kept and sums
    counts.refresh_exemplar_counts()
    assert sorted(ExemplarCounts.objects.values_list("unit_id", *counts.EXEMPLAR_STATUSES)) == kept
    assert subtree_sums.stored(counts.EXEMPLARS) == sums
    ExemplarCounts.objects.all().delete()
    SubtreeExemplarCounts.objects.all().delete()
    migration = importlib.import_module("lamtheo.exemplars.migrations.0007_exemplar_counts")
    migration.fill(apps, SimpleNamespace(connection=connection))
    assert sorted(ExemplarCounts.objects.values_list("unit_id", *counts.EXEMPLAR_STATUSES)) == kept
    assert subtree_sums.stored(counts.EXEMPLARS) == sums
    assert_live()
    # A repair after direct SQL: the command every aggregate is rebuilt by.
    ExemplarCounts.objects.filter(unit=w.cell_a).update(published=5)
    SubtreeExemplarCounts.objects.all().delete()
    call_command("rebuild_aggregates", stdout=io.StringIO())
    assert subtree_sums.stored(counts.EXEMPLARS) == sums
    assert_live()
