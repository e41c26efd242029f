"""Replication reads: one exemplar's spread, the units tree, a unit's adoptions and
suggestions, the committee's overview; and their pages run a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lamtheo.exemplars import replication
from lamtheo.exemplars.models import Adoption, Exemplar
from tests.factories import PersonFactory, UnitFactory

TODAY = timezone.localdate()


def exemplar(unit, title, days_ago=300, status="published", **fields):
    return Exemplar.objects.create(
        kind="model",
        title=title,
        unit=unit,
        subject_unit=unit,
        field="social",
        actions="…",
        status=status,
        published_at=timezone.now() - dt.timedelta(days=days_ago),
        **fields,
    )


def adoption(exemplar, unit, status="planned", started_days_ago=100, adopted_after=None, **kw):
    started = TODAY - dt.timedelta(days=started_days_ago)
    adopted_on = None
    if adopted_after is not None:
        # The day of publication is Vietnam's (UTC+7), as the spread counts it.
        published = timezone.localtime(exemplar.published_at).date()
        adopted_on = published + dt.timedelta(days=adopted_after)
    return Adoption.objects.create(
        exemplar=exemplar,
        unit=unit,
        status=status,
        started_on=started,
        adopted_on=adopted_on,
        **kw,
    )


@pytest.fixture
def tree(world):
    """committee > cell_a > group_a, cell_b, cell_c, cell_d > group_d; people in each."""
    cell_c = UnitFactory(parent=world.committee, code="CBC", name="Chi bộ C")
    cell_d = UnitFactory(parent=world.committee, code="CBD", name="Chi bộ D")
    group_d = UnitFactory(parent=cell_d, code="TDD1", name="Tổ đảng D1", kind="group")
    for unit, n in [
        (world.cell_a, 3),  # + person_a
        (world.group_a, 2),
        (world.cell_b, 4),  # + person_b
        (cell_c, 5),
        (cell_d, 1),
        (group_d, 2),
    ]:
        for _ in range(n):
            PersonFactory(unit=unit)
    world.cell_c, world.cell_d, world.group_d = cell_c, cell_d, group_d
    for unit in (world.committee, world.cell_a, world.cell_b, cell_c, cell_d, group_d):
        unit.refresh_from_db()
    return world


@pytest.fixture
def spread(tree):
    """“Dân vận khéo” of cell B: adopted by cell A (and group A1 under it), cell C piloting,
    group D1 dropped. “Sổ tay số” of cell C, adapted from it, adopted by cell B."""
    w = tree
    source = exemplar(w.cell_b, "Dân vận khéo", days_ago=300)
    adoption(
        source,
        w.cell_a,
        "adopted",
        started_days_ago=200,
        adopted_after=40,
        indicator="Hộ được giúp",
        baseline=Decimal(3),
        result=Decimal(9),
        verified_at=timezone.now(),
    )
    adoption(source, w.group_a, "sustained", started_days_ago=150, adopted_after=80)
    adoption(source, w.cell_c, "piloting", started_days_ago=30)
    adoption(source, w.group_d, "dropped", started_days_ago=400, dropped_reason="Không hợp.")
    digital = exemplar(w.cell_c, "Sổ tay số", days_ago=90, adapted_from=source)
    adoption(digital, w.cell_b, "adopted", started_days_ago=60, adopted_after=20)
    return source, digital


def test_exemplar_spread(spread, tree):
    source, digital = spread
    data = replication.exemplar_spread(source, tree.office)
    assert data.by_status == {
        "planned": 0,
        "piloting": 1,
        "adopted": 1,
        "sustained": 1,
        "dropped": 1,
    }
    assert (data.live_units, data.taken_up_units) == (3, 2)
    # Cell A's subtree (4 + 2 people) once, though group A1 adopted too; cell C's 5.
    assert data.reach == 6 + 5
    assert data.reach_taken_up == 6
    assert data.median_days == 60 and data.fastest_days == 40
    assert (data.with_results, data.verified) == (1, 1)
    assert [a.unit.name for a in data.adoptions] == [
        "Chi bộ C",
        "Chi bộ A",
        "Tổ đảng A1",
        "Tổ đảng D1",
    ]
    assert [a.people for a in data.adoptions] == [5, 6, 2, 2]
    assert data.adaptations == [digital] and data.ancestors == []
    assert replication.exemplar_spread(digital, tree.office).ancestors == [source]


def test_spread_tree_marks_adopting_units(spread, tree):
    source, _ = spread
    nodes = replication.spread_tree(source, tree.office, tree.committee)
    by_name = {n.name: n for n in nodes}
    assert list(by_name) == [
        "Đảng bộ Khối doanh nghiệp",
        "Chi bộ A",
        "Tổ đảng A1",
        "Chi bộ B",
        "Chi bộ C",
        "Chi bộ D",
        "Tổ đảng D1",
    ]
    assert by_name["Chi bộ A"].status == "adopted"
    assert (by_name["Chi bộ A"].live_below, by_name["Chi bộ A"].taken_below) == (2, 2)
    assert by_name["Đảng bộ Khối doanh nghiệp"].live_below == 3
    assert by_name["Chi bộ B"].status is None and by_name["Chi bộ B"].live_below == 0
    assert by_name["Tổ đảng D1"].status == "dropped" and by_name["Chi bộ D"].live_below == 0


def test_unit_suggestions_are_what_siblings_use_and_it_does_not(spread, tree):
    source, digital = spread
    w = tree
    popular = exemplar(w.committee, "Cà phê sáng thứ Hai")
    for unit in (w.cell_b, w.cell_c, w.group_d):
        adoption(popular, unit, "adopted", adopted_after=10)
    exemplar(w.cell_b, "Chưa công bố", status="proposed")
    gone = exemplar(w.cell_b, "Bỏ dở")
    adoption(gone, w.cell_c, "dropped", dropped_reason="…")
    own = exemplar(w.cell_d, "Của chi bộ D")
    adoption(own, w.cell_b, "planned")
    data = replication.unit_replication(w.cell_d, w.office)
    titles = [s["title"] for s in data.suggestions]
    # Group D1 is under cell D itself: only cell B and C count for “Cà phê”.
    assert titles == ["Dân vận khéo", "Cà phê sáng thứ Hai", "Sổ tay số"]
    assert [s["units"] for s in data.suggestions] == [3, 2, 1]
    assert data.siblings == 3
    assert [(e.title, e.live) for e in data.own_exemplars] == [("Của chi bộ D", 1)]
    cell_a = replication.unit_replication(w.cell_a, w.office)
    assert [a.exemplar.title for a in cell_a.adoptions] == ["Dân vận khéo"]
    assert "Dân vận khéo" not in [s["title"] for s in cell_a.suggestions]
    assert replication.unit_replication(w.committee, w.office).suggestions == []


def test_overview(spread, tree):
    source, digital = spread
    w = tree
    data = replication.overview(w.committee, w.office, today=TODAY)
    t = data.totals
    assert (t.units, t.live, t.taken_up, t.adopting_units) == (7, 4, 3, 4)
    # Cell D and group D1 (only a dropped adoption) adopt nothing; the committee does (below).
    assert t.nothing == 2
    assert [row[2:] for row in data.nothing] == [("Chi bộ D", 2)]
    assert t.people == 4 + 2 + 5 + 5 + 1 + 2
    # Cell A's subtree and cell B have taken something up.
    assert t.reach == 6 + 5
    assert data.exemplars_adopted == 2
    assert [f["exemplar"].title for f in data.fastest] == ["Dân vận khéo", "Sổ tay số"]
    assert data.fastest[0]["recent"] == 3 and data.fastest[0]["live"] == 3
    branches = {b.name: b for b in data.branches}
    assert data.branches[0].name == "Chi bộ D"
    assert (branches["Chi bộ A"].units, branches["Chi bộ A"].live) == (2, 2)
    assert branches["Chi bộ D"].coverage == 0


def test_a_party_group_adopts_with_its_cell(spread, tree):
    # Cell D takes a model up; group D1 under it (its own adoption dropped) adopts with it.
    w = tree
    source, _digital = spread
    other = exemplar(w.cell_b, "Ngày thứ Bảy tình nguyện", days_ago=100)
    adoption(other, w.cell_d, "adopted", started_days_ago=60, adopted_after=20)
    data = replication.overview(w.committee, w.office, today=TODAY)
    assert data.totals.nothing == 0 and data.nothing == []


def test_overview_of_a_cell_adopting_nothing(tree):
    data = replication.overview(tree.cell_b, tree.office, today=TODAY)
    assert data.totals.nothing == 1 and [row[2] for row in data.nothing] == ["Chi bộ B"]
    assert data.fastest == [] and data.branches == []


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = [
    ("office", "/exemplars/{source}/replication/"),
    ("office", "/exemplars/{source}/replication/tree/"),
    ("office", "/exemplars/units/{cell_d}/replication/"),
    ("secretary", "/exemplars/units/{cell_a}/replication/"),
    ("office", "/exemplars/overview/{committee}/"),
    ("secretary", "/exemplars/adoptions/{adoption}/"),
]


@pytest.mark.parametrize("role,template", PAGES)
def test_pages_run_a_fixed_number_of_queries(spread, tree, login, role, template):
    source, _ = spread
    w = tree
    ids = {
        "source": source.pk,
        "cell_a": w.cell_a.pk,
        "cell_d": w.cell_d.pk,
        "committee": w.committee.pk,
        "adoption": Adoption.objects.get(exemplar=source, unit=w.cell_a).pk,
    }
    url = template.format(**ids)
    client = login(getattr(w, role))
    few = _count(client, url)
    # More of everything: units, people, exemplars, adoptions, events.
    more = [UnitFactory(parent=w.committee, name=f"Chi bộ thêm {i}") for i in range(4)]
    for i, unit in enumerate(more):
        PersonFactory(unit=unit)
        other = exemplar(unit, f"Mô hình thêm {i}")
        adoption(other, w.cell_a, "adopted", adopted_after=5)
        adoption(other, w.cell_d, "piloting")
        adoption(source, unit, "adopted", adopted_after=30 + i)
    first = Adoption.objects.get(pk=ids["adoption"])
    first.events.create(action="edited", actor=w.secretary)
    first.events.create(action="results", actor=w.secretary)
    assert _count(client, url) == few


def test_an_adoption_links_its_units_page_only_for_those_who_may_open_it(spread, tree, login):
    source, _ = spread
    w = tree
    adoption = Adoption.objects.get(exemplar=source, unit=w.cell_c)
    page_of_unit = f"/exemplars/units/{w.cell_c.pk}/replication/"
    url = f"/exemplars/adoptions/{adoption.pk}/"
    assert page_of_unit in login(w.office).get(url).content.decode()
    # Replication is public, so a member of cell A reads the adoption, but not cell C's page.
    member_view = login(w.member).get(url)
    assert member_view.status_code == 200 and page_of_unit not in member_view.content.decode()
    assert login(w.member).get(page_of_unit).status_code == 404
