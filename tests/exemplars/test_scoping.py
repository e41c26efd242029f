"""Child rows of exemplars and standards (events, figures, versions) are seen exactly where
their parent is: declared once (`parent = ...`), not re-filtered by each view."""

from __future__ import annotations

import datetime as dt

from lamtheo.exemplars.models import ExemplarEvent, Figure, StandardVersion
from lamtheo.exemplars.services.standards import version_adopt
from tests.exemplars.test_exemplar_services import make_published, new_model


def _adopt(world, unit, by):
    return version_adopt(
        by=by,
        unit=unit,
        kind="ethics",
        text="Chuẩn mực đạo đức",
        adopted_on=dt.date(2026, 1, 5),
        adopted_by="Hội nghị chi bộ",
        title="Chuẩn mực",
    )


def test_standard_versions_follow_their_standard(world):
    cell_a = _adopt(world, world.cell_a, world.secretary)
    committee = _adopt(world, world.committee, world.office)
    seen = {
        role: set(StandardVersion.objects.visible_to(getattr(world, role)))
        for role in ("member", "secretary", "other_secretary", "office")
    }
    # A member reads the standards of their unit and of the units above it.
    assert seen["member"] == {cell_a, committee}
    assert seen["secretary"] == {cell_a, committee}
    assert seen["other_secretary"] == {committee}
    assert seen["office"] == {cell_a, committee}
    assert not StandardVersion.objects.visible_to(None).exists()
    # Acting: only where the grant allows it.
    changeable = StandardVersion.objects.visible_to(world.secretary, "standard.change")
    assert set(changeable) == {cell_a}


def test_an_exemplars_events_and_figures_follow_it(world):
    draft = new_model(
        world,
        title="Nháp",
        figures=[{"label": "Hồ sơ", "before": 5, "after": 2, "measure": "ngày"}],
    )
    published = make_published(
        world,
        title="Đã công bố",
        figures=[{"label": "Hộ", "before": 1, "after": 9, "measure": "hộ"}],
    )
    for model in (ExemplarEvent, Figure):
        mine = set(model.objects.filter(exemplar=draft))
        public = set(model.objects.filter(exemplar=published))
        assert mine and public, model
        assert set(model.objects.visible_to(world.secretary)) == mine | public, model
        # Outside cell A, and signed out, only the published exemplar's rows.
        assert set(model.objects.visible_to(world.other_secretary)) == public, model
        assert set(model.objects.visible_to(None)) == public, model
