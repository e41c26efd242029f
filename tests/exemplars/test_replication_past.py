"""The replication overview of a year that has ended reads the tree as it stood at its end
(org.history): a reorganisation that moves cells away leaves the old committee's figures of
that year as they were, adoptions count in their status of that day, and the page runs a
fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lamtheo.exemplars import replication
from lamtheo.exemplars.models import Adoption, Exemplar
from lamtheo.org import reorganise
from lamtheo.org.models import Unit
from tests.factories import PersonFactory, UnitFactory

REFORM = dt.date(2025, 7, 1)


def _exemplar(unit, title):
    return Exemplar.objects.create(
        kind="model",
        title=title,
        unit=unit,
        subject_unit=unit,
        field="social",
        actions="…",
        status="published",
        published_at=timezone.make_aware(dt.datetime(2022, 10, 1)),
    )


def _adopt(exemplar, unit, status, started, adopted=None):
    adoption = Adoption.objects.create(
        exemplar=exemplar, unit=unit, status=status, started_on=started, adopted_on=adopted
    )
    at = timezone.make_aware(dt.datetime.combine(started, dt.time(9)))
    adoption.events.create(action="created", from_state="", to_state=status, at=at)
    return adoption


@pytest.fixture
def story(world):
    """2023: cell A adopted “Dân vận khéo” of cell B, cell C piloted it, cell D nothing;
    people in each cell."""
    cell_c = UnitFactory(parent=world.committee, code="CBC", name="Chi bộ C")
    cell_d = UnitFactory(parent=world.committee, code="CBD", name="Chi bộ D")
    for unit, n in [(world.cell_a, 3), (world.cell_b, 2), (cell_c, 4), (cell_d, 1)]:
        for _ in range(n):
            PersonFactory(unit=unit)
    model = _exemplar(world.cell_b, "Dân vận khéo")
    _adopt(model, world.cell_a, "adopted", dt.date(2023, 3, 1), dt.date(2023, 5, 1))
    piloting = _adopt(model, cell_c, "piloting", dt.date(2023, 6, 1))
    world.cell_c, world.cell_d, world.model, world.piloting = cell_c, cell_d, model, piloting
    return world


def _figures(data) -> dict:
    t = data.totals
    return {
        "name": data.unit.name,
        "totals": (t.units, t.people, t.live, t.taken_up, t.adopting_units, t.nothing, t.reach),
        "by_status": data.by_status,
        "branches": [
            (b.name, b.units, b.people, b.live, b.taken_up, b.nothing) for b in data.branches
        ],
        "nothing": [row[2:] for row in data.nothing],
        "fastest": [(f["exemplar"].title, f["recent"], f["live"]) for f in data.fastest],
    }


def test_a_past_year_keeps_its_figures_after_cells_move_away(story):
    w = story
    before = _figures(replication.overview(w.committee, w.office, year=2023))
    assert before["totals"] == (6, 4 + 3 + 4 + 1, 2, 1, 2, 2, 4)
    assert before["by_status"]["adopted"] == 1 and before["by_status"]["piloting"] == 1
    ward = UnitFactory(code="PDD", name="Đảng bộ phường Đống Đa", kind="committee")
    reorganise.transfer_cells(
        by=w.admin, cells=[w.cell_a, w.cell_c], target=ward, effective_on=REFORM
    )
    from lamtheo.org.services import unit_update

    unit_update(by=w.admin, unit=Unit.objects.get(pk=w.committee.pk), name="Đảng bộ Khối mới",
                kind=w.committee.kind, code="DUK", effective_on=REFORM)  # fmt: skip
    # Cell C took the model up since: 2023 still counts it as piloting.
    piloting = Adoption.objects.get(pk=w.piloting.pk)
    piloting.status, piloting.adopted_on = "adopted", dt.date(2025, 9, 1)
    piloting.save()
    piloting.events.create(action="adopted", from_state="piloting", to_state="adopted")
    committee = Unit.objects.get(pk=w.committee.pk)
    after = _figures(replication.overview(committee, w.office, year=2023))
    assert after == before
    assert after["name"] == "Đảng bộ Khối doanh nghiệp"  # its name then
    # Today the moved cells count with the ward, not with the committee.
    today = replication.overview(committee, w.office)
    assert today.day is None and today.totals.units == 3 and today.totals.live == 0
    # The ward's 2023: itself only, without the cells that joined it later.
    ward_2023 = replication.overview(ward, w.admin, year=2023).totals
    assert (ward_2023.units, ward_2023.live, ward_2023.people) == (1, 0, 0)


def test_a_running_year_reads_today(story):
    this_year = timezone.localdate().year
    data = replication.overview(story.committee, story.office, year=this_year)
    assert data.day is None and data.totals.units == 6


def test_the_page_of_a_past_year(story, login):
    w = story
    client = login(w.office)
    page = client.get(f"/exemplars/overview/{w.committee.pk}/?year=2023")
    assert page.status_code == 200 and page.context["data"].day == dt.date(2023, 12, 31)
    body = page.content.decode()
    assert "theo tổ chức tại ngày 31/12/2023" in body
    assert f"/exemplars/overview/{w.cell_a.pk}/?year=2023" in body
    assert client.get(f"/exemplars/overview/{w.committee.pk}/?year=abc").status_code == 404
    assert client.get(f"/exemplars/overview/{w.committee.pk}/?year=99999").status_code == 404
    # A cell moved since to a committee the office does not cover: named, not linked.
    ward = UnitFactory(code="PDX", name="Đảng bộ phường Láng Hạ", kind="committee")
    reorganise.transfer_cells(by=w.admin, cells=[w.cell_c], target=ward, effective_on=REFORM)
    body = client.get(f"/exemplars/overview/{w.committee.pk}/?year=2023").content.decode()
    assert "Chi bộ C" in body and f"/exemplars/overview/{w.cell_c.pk}/" not in body
    assert f"/exemplars/overview/{w.cell_a.pk}/?year=2023" in body
    # A committee that did not exist then: said so, no figures.
    ward = UnitFactory(code="PDD", name="Đảng bộ phường Đống Đa", kind="committee",
                       opened_on=REFORM)  # fmt: skip
    admin = login(w.admin).get(f"/exemplars/overview/{ward.pk}/?year=2023")
    assert "chưa có trong cây tổ chức" in admin.content.decode()
    # Outside the grants: refused as today.
    assert login(w.secretary).get(
        f"/exemplars/overview/{w.committee.pk}/?year=2023"
    ).status_code in (403, 404)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_page_of_a_past_year_runs_a_fixed_number_of_queries(story, login):
    w = story
    client = login(w.office)
    url = f"/exemplars/overview/{w.committee.pk}/?year=2023"
    few = _count(client, url)
    for i in range(4):
        unit = UnitFactory(parent=w.committee, code=f"CBX{i}", name=f"Chi bộ thêm {i}")
        PersonFactory(unit=unit)
        other = _exemplar(unit, f"Mô hình thêm {i}")
        _adopt(other, w.cell_d, "piloting", dt.date(2023, 4, 1 + i))
        _adopt(w.model, unit, "adopted", dt.date(2023, 2, 1), dt.date(2023, 8, 1))
    assert _count(client, url) == few
