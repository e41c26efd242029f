"""The dashboard's figures: one source of truth (the JSON, the page's tables and the features'
own pages agree for the same unit and year) and a fixed number of queries whatever the rows."""

from __future__ import annotations

import datetime as dt
import io
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html as lxml_html
from openpyxl import load_workbook

from lamtheo.awards.models import AwardForm
from lamtheo.dashboard import figures
from lamtheo.evaluation import services as evaluation_services
from lamtheo.evaluation.models import MemberReview
from lamtheo.org import services as org_services
from lamtheo.org.models import Unit
from lamtheo.programs import counts as progress_counts
from lamtheo.study import services as study_services
from lamtheo.study import unit_counts
from lamtheo.study.models import SessionKind
from tests.awards.conftest import decided, round_, term  # noqa: F401
from tests.evaluation.conftest import colleague, evaluation_round, non_member, proposed  # noqa: F401
from tests.exemplars.test_replication import spread, tree  # noqa: F401
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _json(client, unit, year):
    response = client.get(f"/dashboard/{unit.pk}/data/?year={year}")
    assert response.status_code == 200
    return {chart["key"]: chart for chart in response.json()["charts"]}, response.json()


def _tables(client, unit, year) -> dict[str, list[list[str]]]:
    """Each figure's table on the page: rows of cells as text."""
    page = client.get(f"/dashboard/{unit.pk}/?year={year}")
    assert page.status_code == 200
    document = lxml_html.fromstring(page.content.decode())
    tables = {}
    for section in document.xpath("//section[contains(@class, 'dashboard-figure')]"):
        key = section.get("id").removeprefix("figure-")
        tables[key] = [
            [" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")]
            for row in section.xpath(".//tbody/tr")
        ]
    return tables


def _number(text: str) -> int:
    return int(re.sub(r"\D", "", text) or 0)


def _assert_tables_equal_json(tables, charts):
    for key, chart in charts.items():
        rows = tables[key]
        if not chart["labels"]:
            continue
        assert [unescape(r[0]) for r in rows] == chart["labels"], key
        for i, row in enumerate(rows):
            assert [_number(v) for v in row[1:]] == [s["values"][i] for s in chart["series"]], key


def test_registrations_equal_the_rollup_page_and_the_tables(world, login, commit, year):
    commit()
    commit(content_area="ethics")
    client = login(world.office)
    charts, data = _json(client, world.committee, 2026)
    rollup = client.get(f"/registrations/rollup/{world.committee.pk}/?year={year.pk}").context[
        "rollup"
    ]
    total = rollup.total
    assert charts["steps"]["series"][0]["values"] == [
        total.registered,
        total.approved,
        total.self_assessed,
        total.evaluated,
        total.not_registered,
    ]
    assert charts["units"]["labels"] == [row.unit.name for row in rollup.rows]
    assert charts["units"]["series"][1]["values"] == [row.registered for row in rollup.rows]
    # By content area: the stored per-unit columns, equal to the commitments counted live.
    areas = dict(
        zip(charts["areas"]["labels"], charts["areas"]["series"][0]["values"], strict=True)
    )
    assert sum(areas.values()) == 2
    live = progress_counts.live_rows(year)
    assert sum(row["area_ethics"] for row in live.values()) == 1
    assert data["totals"]["registered"] == total.registered
    # The drill-down opens a unit's own dashboard.
    assert charts["units"]["links"][0].startswith("/dashboard/")
    _assert_tables_equal_json(_tables(client, world.committee, 2026), charts)


def test_ranks_equal_the_evaluation_round_page(world, login, evaluation_round):  # noqa: F811
    review = MemberReview.objects.get(round=evaluation_round, person=world.person_a)
    review = proposed(world, review, "htt")
    evaluation_services.member_decide(by=world.office, review=review, version=None, rank="htt")
    client = login(world.office)
    charts, _data = _json(client, world.committee, 2025)
    overview = client.get(f"/evaluation/rounds/{evaluation_round.pk}/").context["overview"]
    assert charts["ranks"]["series"][0]["values"] == overview.total.rank_row()
    assert charts["ranks"]["series"][0]["values"][1] == 1  # one HTT
    assert charts["ranks"]["series"][1]["values"] == overview.total.org_row()
    _assert_tables_equal_json(_tables(client, world.committee, 2025), charts)


def test_commendations_equal_the_awards_overview(world, login, decided):  # noqa: F811
    client = login(world.office)
    charts, data = _json(client, world.committee, 2022)
    counts = client.get("/awards/overview/?year=2022").context["counts"]
    by_label = {label: n for (_year, label, n) in counts}
    shown = dict(
        zip(charts["awards"]["labels"], charts["awards"]["series"][0]["values"], strict=True)
    )
    assert {k: v for k, v in shown.items() if v} == by_label
    assert shown[str(AwardForm.MERIT.label)] == 1
    assert data["totals"]["commendations"] == 2
    # A cell's dashboard counts only its own people's commendations.
    cell_charts, _ = _json(client, world.cell_a, 2022)
    assert sum(cell_charts["awards"]["series"][0]["values"]) == 1
    _assert_tables_equal_json(_tables(client, world.committee, 2022), charts)


@pytest.fixture
def replicated(tree, spread):  # noqa: F811
    return tree


def test_replication_equals_the_overview_page(replicated, login):
    world = replicated
    client = login(world.office)
    this_year = timezone.localdate().year
    charts, data = _json(client, world.committee, this_year)
    overview = client.get(f"/exemplars/overview/{world.committee.pk}/").context["data"]
    assert charts["replication"]["series"][0]["values"] == list(overview.by_status.values())
    assert data["totals"]["exemplars"] == 2
    _assert_tables_equal_json(_tables(client, world.committee, this_year), charts)


def _session(world, unit, when, kind="cell_meeting"):
    session = study_services.session_create(
        by=world.office,
        unit=unit,
        title="Sinh hoạt chi bộ",
        kind=kind,
        format="in_person",
        starts_at=when,
        ends_at=when + dt.timedelta(hours=2),
        place="Phòng họp",
    )
    study_services.audience_set(by=world.office, session=session, units=[unit])
    return study_services.session_publish(by=world.office, session=session)


@pytest.mark.parametrize("counted", [False, True], ids=["live", "counted"])
def test_participation_and_sessions_equal_the_rates_page(world, login, counted):
    """The months and the year's total are the rates page's (population "everyone"), read
    from the stored per-unit rows of a counted year or live otherwise: people count where
    they were in the month, so a mover counts in each unit they were in (once above both),
    and someone who has since left the committee still counts in its earlier months."""
    this_year = timezone.localdate().year
    if counted:
        unit_counts.rebuild([this_year])
    a, b = world.person_a, world.person_b
    c = PersonFactory(unit=world.cell_b, full_name="Lê Văn Cường")
    elsewhere = UnitFactory(code="KHAC", name="Đảng bộ khác", kind="grassroots_committee")
    moment = timezone.make_aware(dt.datetime(this_year, 1, 10, 8, 0))
    january = _session(world, world.cell_a, moment)
    study_services.record_attendance(session=january, person=a, status="present", method="manual")
    study_services.self_study_record(
        by=world.office, person=b, studied_on=dt.date(this_year, 1, 3), material="Kết luận 01"
    )
    study_services.self_study_record(
        by=world.office, person=c, studied_on=dt.date(this_year, 2, 5), material="Kết luận 01"
    )
    # b moves from cell B to cell A, c out of the committee, on 1 March.
    march = dt.date(this_year, 3, 1)
    org_services.person_transfer(by=world.office, person=b, unit=world.cell_a, effective_on=march)
    org_services.person_transfer(by=world.admin, person=c, unit=elsewhere, effective_on=march)
    april = _session(world, world.cell_a, moment + dt.timedelta(days=90), kind="thematic")
    study_services.record_attendance(session=april, person=b, status="present", method="manual")
    _session(world, world.cell_b, moment + dt.timedelta(days=91))
    client = login(world.office)
    for unit in (world.committee, world.cell_a, world.cell_b):
        charts, data = _json(client, unit, this_year)
        page = client.get(f"/study/rates/{unit.pk}/?year={this_year}&population=everyone")
        months = [m["row"].totals.took_part for m in page.context["months"]]
        assert charts["participation"]["series"][0]["values"] == months, unit
        assert data["totals"]["took_part"] == page.context["totals"].took_part, unit
        live = unit_counts.sessions_by_kind(unit, this_year, counted=False)
        shown = dict(
            zip(
                charts["sessions"]["labels"],
                charts["sessions"]["series"][0]["values"],
                strict=True,
            )
        )
        assert shown == {str(kind.label): live.get(kind.value, 0) for kind in SessionKind}
        assert data["totals"]["sessions"] == sum(live.values())
    # The committee: a and b in January, c in February (now elsewhere), b in April.
    charts, data = _json(client, world.committee, this_year)
    assert charts["participation"]["series"][0]["values"][:4] == [2, 1, 0, 1]
    # The table and tooltips name the month; the phone's axis shows its number only.
    assert charts["participation"]["labels"][4] == "Tháng 5"
    assert charts["participation"]["axis_labels"] == [str(m) for m in range(1, 13)]
    assert data["totals"]["took_part"] == 3
    assert data["totals"]["sessions"] == 3
    # Cell B: b in January (before moving out), c in February; cell A: a, and b in April.
    cell_b, _data = _json(client, world.cell_b, this_year)
    assert cell_b["participation"]["series"][0]["values"][:4] == [1, 1, 0, 0]
    cell_a, _data = _json(client, world.cell_a, this_year)
    assert cell_a["participation"]["series"][0]["values"][:4] == [1, 0, 0, 1]
    _assert_tables_equal_json(_tables(client, world.committee, this_year), charts)


def test_a_cell_secretary_sees_their_cell(world, login, commit, year):
    commit()
    client = login(world.secretary)
    page = client.get("/")
    assert page.context["unit"] == world.cell_a
    assert page.context["board"].totals["registered"] == 1


def test_the_units_to_chase_first_are_the_least_registered(world, login, commit, year):
    commit()  # cell A: person_a registered; cell B: nobody
    board = figures.dashboard(world.committee, world.office, year=2026)
    assert [row.name for row in board.late] == ["Chi bộ B", "Chi bộ A"]
    assert [row.rate for row in board.late] == [0, 100]
    groups = figures.dashboard(world.committee, world.office, year=2026, kind="group")
    assert groups.late == []  # group A1 has nobody


def test_the_workbook_has_a_sheet_per_figure(world, login, commit, year):

    commit()
    response = login(world.office).get(f"/dashboard/{world.committee.pk}/export/?year=2026")
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 10
    assert book.sheetnames[0].startswith("1. Đăng ký làm theo")
    assert book.sheetnames[-1] == "Đơn vị cần đôn đốc"


def _grow(world, year, parent, start, n):
    """n more units with people and registrations under `parent`."""
    from lamtheo.programs import services as program_services

    kind = "group" if parent.kind == "cell" else "cell"
    for i in range(start, start + n):
        cell = UnitFactory(parent=parent, code=f"X{i}", name=f"Đơn vị X{i}", kind=kind)
        person = PersonFactory(unit=cell)
        program_services.commitment_create(
            by=world.office,
            year=year,
            person=person,
            submit=True,
            content_area="ethics",
            action="Giữ gìn phẩm chất đạo đức",
            expected_result="Không vi phạm",
            due_on=dt.date(2026, 12, 1),
        )


def _moves(world, unit, year):
    """Movers of the year inside the unit and out of it, with attendance and sessions of
    several kinds (counted live on the dashboard of a counted year: the movers)."""
    cells = list(Unit.objects.subtree_of(unit).exclude(pk=unit.pk).order_by("path")) or [unit]
    for i, cell in enumerate(cells):
        person = PersonFactory(unit=cell)
        session = _session(
            world,
            cell,
            timezone.make_aware(dt.datetime(year, 1 + i % 2, 5 + i, 8, 0)),
            kind=["briefing", "thematic", "other"][i % 3],
        )
        study_services.record_attendance(
            session=session, person=person, status="present", method="manual"
        )
        target = cells[(i + 1) % len(cells)]
        if target != cell:
            org_services.person_transfer(
                by=world.admin, person=person, unit=target, effective_on=dt.date(year, 2, 1)
            )


@pytest.mark.parametrize("counted", [False, True], ids=["live", "counted"])
@pytest.mark.parametrize("who", ["office", "secretary"])
def test_the_dashboard_runs_a_fixed_number_of_queries(
    world, login, commit, year, who, counted, django_assert_num_queries
):
    """The same number of queries with more units, people, sessions and movers; a counted
    year reads the stored rows (five more queries than the live count: the movers)."""
    if counted:
        unit_counts.rebuild([2026])
    commit()
    client = login(getattr(world, who))
    url = "/?year=2026"
    client.get(url)  # warm: session, scope
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    unit = world.committee if who == "office" else world.cell_a
    _grow(world, year, unit, 0, 3)
    _moves(world, unit, 2026)
    with django_assert_num_queries(len(few)):
        assert client.get(url).status_code == 200
    data_url = f"/dashboard/{unit.pk}/data/"
    with CaptureQueriesContext(connection) as json_few:
        client.get(data_url + "?year=2026")
    _grow(world, year, unit, 3, 2)
    _moves(world, unit, 2026)
    with django_assert_num_queries(len(json_few)):
        client.get(data_url + "?year=2026")
    # Pinned: whether the year is counted (one query), then participation live in two
    # statements, or from the stored rows in four (the tree's changes in the year, its last
    # change, the unit's own periods, the rows less the stored double counts); the sessions
    # in one either way.
    assert len(json_few) == (23 if counted else 21)
