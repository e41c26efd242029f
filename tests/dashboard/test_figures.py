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
from lamtheo.programs import counts as progress_counts
from lamtheo.study import services as study_services
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


def test_participation_and_sessions_equal_the_rates_page(world, login):
    """Nobody moved: the stored months of the people now in the unit are the rates page's
    people who took part, month by month (population "everyone")."""
    this_year = timezone.localdate().year
    start = timezone.make_aware(dt.datetime(this_year, 1, 10, 8, 0))
    session = study_services.session_create(
        by=world.office,
        unit=world.cell_a,
        title="Sinh hoạt chi bộ tháng 1",
        kind="cell_meeting",
        format="in_person",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Phòng họp",
    )
    study_services.audience_set(by=world.office, session=session, units=[world.cell_a])
    session = study_services.session_publish(by=world.office, session=session)
    study_services.record_attendance(
        session=session, person=world.person_a, status="present", method="manual"
    )
    study_services.self_study_record(
        by=world.office,
        person=world.person_b,
        studied_on=dt.date(this_year, 1, 3),
        material="Kết luận 01-KL/TW",
    )
    client = login(world.office)
    charts, data = _json(client, world.committee, this_year)
    page = client.get(f"/study/rates/{world.committee.pk}/?year={this_year}&population=everyone")
    months = [m["row"].totals.took_part for m in page.context["months"]]
    assert charts["participation"]["series"][0]["values"] == months
    assert months[0] == 2
    sessions = dict(
        zip(charts["sessions"]["labels"], charts["sessions"]["series"][0]["values"], strict=True)
    )
    assert sum(sessions.values()) == 1 == data["totals"]["sessions"]
    assert data["totals"]["took_part"] == 2
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


@pytest.mark.parametrize("who", ["office", "secretary"])
def test_the_dashboard_runs_a_fixed_number_of_queries(
    world, login, commit, year, who, django_assert_num_queries
):
    commit()
    client = login(getattr(world, who))
    url = "/?year=2026"
    client.get(url)  # warm: session, scope
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    unit = world.committee if who == "office" else world.cell_a
    _grow(world, year, unit, 0, 3)
    with django_assert_num_queries(len(few)):
        assert client.get(url).status_code == 200
    data_url = f"/dashboard/{unit.pk}/data/"
    with CaptureQueriesContext(connection) as json_few:
        client.get(data_url + "?year=2026")
    _grow(world, year, unit, 3, 2)
    with django_assert_num_queries(len(json_few)):
        client.get(data_url + "?year=2026")
