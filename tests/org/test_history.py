"""The tree as it was (org.history): a reorganisation leaves a past period's figures alone.

A generated committee gets a 2023 programme year (registrations) and 2023 study (sessions,
attendance, self-study); then it is reorganised through the services, effective 01/07/2025
(a rename, a move out, a merger, a move in from another committee, a new cell with people).
Every page and document for 2023 must give the same figures and names as before. Runs on
SQLite and PostgreSQL alike (DATABASE_URL).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from docx import Document

from lamtheo.accounts.scoping import scope_of
from lamtheo.exemplars.models import Adoption, Campaign, CampaignEntry, Exemplar
from lamtheo.org import history, issuers
from lamtheo.org import reorganise as reorg
from lamtheo.org import services as org
from lamtheo.org.counts import count_year_ends
from lamtheo.org.models import OPEN_END, Person, Position, Unit, UnitPeriod
from lamtheo.programs import services as programs
from lamtheo.programs.models import Commitment, ProgramYear
from lamtheo.programs.queries import progress_rollup
from lamtheo.study import rates
from tests.factories import GrantFactory, PersonFactory, UnitFactory, UserFactory
from tests.study.test_rates import at, held, studied

REFORM = dt.date(2025, 7, 1)
WINDOWS_2023 = {
    "registration_opens": dt.date(2023, 1, 5),
    "registration_closes": dt.date(2023, 3, 31),
    "self_assessment_opens": dt.date(2023, 11, 1),
    "self_assessment_closes": dt.date(2023, 12, 10),
    "evaluation_deadline": dt.date(2023, 12, 25),
}


@pytest.fixture
def committee(db):
    """A bloc committee with four cells (one with a party group) of five people each, and
    another committee with one cell; 2023 registrations and study in every cell."""
    admin = UserFactory(username="admin", is_staff=True)
    GrantFactory(user=admin, unit=None, role="admin")
    bloc = UnitFactory(code="K", name="Đảng bộ Khối", kind="committee")
    other = UnitFactory(code="P", name="Đảng bộ phường", kind="committee")
    cells = {
        code: UnitFactory(parent=bloc, code=code, name=f"Chi bộ {code}", kind="grassroots_cell")
        for code in ("C1", "C2", "C3", "C4")
    }
    cells["G4"] = UnitFactory(parent=cells["C4"], code="G4", name="Tổ đảng G4", kind="group")
    cells["P1"] = UnitFactory(parent=other, code="P1", name="Chi bộ P1", kind="grassroots_cell")
    office = UserFactory(username="vanphong")
    GrantFactory(user=office, unit=bloc, role="office")
    program = programs.program_create(
        by=admin,
        unit=bloc,
        name="Thực hiện Kết luận 01-KL/TW",
        start_year=2021,
        end_year=2026,
        basis="Kết luận số 01-KL/TW",
    )
    year = ProgramYear.objects.create(
        program=program, year=2023, status="closed", theme="Năm 2023", **WINDOWS_2023
    )
    people = {}
    for i, (code, unit) in enumerate(cells.items()):
        unit = Unit.objects.get(pk=unit.pk)
        crowd = [PersonFactory(unit=unit, unit_since=dt.date(2020, 1, 1)) for _ in range(5)]
        people[code] = crowd
        # Registrations: all but one per cell (i of them twice), statuses varying.
        for n, person in enumerate(crowd[:-1]):
            for _k in range(1 + (n < i % 3)):
                Commitment.objects.create(
                    year=year,
                    person=person,
                    unit=unit,
                    content_area="advisory",
                    action="Hoàn thành đúng hạn",
                    expected_result="12/12",
                    status=("evaluated", "self_assessed", "approved")[(n + i) % 3],
                    submitted_at=at(2023, 2, 1),
                )
        # Study: a session with 3 (or 2) present, a self-study by the last person.
        marks = dict.fromkeys(crowd[: 3 - i % 2], "present") | {crowd[3]: "absent"}
        held(unit, at(2023, 3 + i, 5), marks)
        studied(crowd[4], dt.date(2023, 9, 1 + i))
    # Office holders in 2023: the bloc's secretary and each cell's (C1's registered too).
    term = {"started_on": dt.date(2020, 6, 1), "ended_on": dt.date(2025, 6, 30)}
    bloc_secretary = people["C4"][4]
    Person.objects.filter(pk=bloc_secretary.pk).update(full_name="Vũ Mạnh Chiến")
    Position.objects.create(person=bloc_secretary, unit=bloc, title="secretary", **term)
    for code in ("C1", "C2", "C3", "C4"):
        Position.objects.create(person=people[code][0], unit=cells[code], title="secretary", **term)
    Unit.objects.filter(pk=bloc.pk).update(place="Đống Đa")
    UnitPeriod.objects.filter(unit=bloc).update(place="Đống Đa")  # its place since it opened
    # A 2023 campaign of the bloc with an entry of every cell.
    campaign = Campaign.objects.create(
        unit=bloc, title="Thi đua 2023", status="closed",
        starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2023, 12, 31),
    )  # fmt: skip
    for code in ("C1", "C2", "C3", "C4"):
        CampaignEntry.objects.create(campaign=campaign, unit=cells[code], targets="100%",
                                     result=f"Kết quả {code}")  # fmt: skip
    # 2023 replication: a model of C1 adopted by C1 and C4, piloted by C2; P1 (of the other
    # committee in 2023, moved into the bloc in 2025) adopted it too.
    model = Exemplar.objects.create(
        kind="model", title="Dân vận khéo", unit=cells["C1"], subject_unit=cells["C1"],
        field="social", actions="…", status="published",
        published_at=timezone.make_aware(dt.datetime(2022, 12, 1)),
    )  # fmt: skip
    for code, status, started in [
        ("C1", "adopted", dt.date(2023, 1, 10)),
        ("C4", "adopted", dt.date(2023, 4, 10)),
        ("C2", "piloting", dt.date(2023, 9, 1)),
        ("P1", "adopted", dt.date(2023, 5, 2)),
    ]:
        adopted = dt.date(2023, 10, 1) if status == "adopted" else None
        adoption = Adoption.objects.create(exemplar=model, unit=cells[code], status=status,
                                           started_on=started, adopted_on=adopted)  # fmt: skip
        adoption.events.create(action="created", from_state="", to_state=status,
                               at=timezone.make_aware(dt.datetime(2023, 10, 2)))  # fmt: skip
    return {
        "admin": admin,
        "office": office,
        "bloc": Unit.objects.get(pk=bloc.pk),
        "other": Unit.objects.get(pk=other.pk),
        "cells": cells,
        "people": people,
        "year": year,
        "campaign": campaign,
    }


def _docx_text(response) -> str:
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for t in document.tables for row in t.rows for cell in row.cells]
    return "\n".join([*cells, *(p.text for p in document.paragraphs)])


def _docx_rows(response) -> list[list[str]]:
    document = Document(io.BytesIO(response.content))
    return [[cell.text for cell in row.cells] for t in document.tables for row in t.rows]


def snapshot(client, c) -> dict:
    """Every figure and name of the bloc's 2023 pages and documents, as the bloc's office."""
    bloc, year = c["bloc"], c["year"]
    client.force_login(c["office"], backend="django.contrib.auth.backends.ModelBackend")
    rollup = client.get(f"/registrations/rollup/{bloc.pk}/?year={year.pk}").context["rollup"]
    table = client.get(f"/registrations/units/{bloc.pk}/?year={year.pk}").context["table"]
    study = client.get(f"/study/rates/{bloc.pk}/?year=2023").context
    docx = client.get(f"/registrations/units/{bloc.pk}/list.docx?year={year.pk}")
    assert docx.status_code == 200
    secretary = c["people"]["C1"][0]  # C1's secretary, whose form C1 cannot confirm itself
    form = client.get(f"/registrations/people/{secretary.pk}/form.docx?year={year.pk}")
    assert form.status_code == 200
    replication = client.get(f"/exemplars/overview/{bloc.pk}/?year=2023").context["data"]
    campaign = client.get(f"/campaigns/{c['campaign'].pk}/").context
    results = client.get(f"/campaigns/{c['campaign'].pk}/results.xlsx")
    assert results.status_code == 200

    def progress(p):
        return (p.people, p.registered, p.approved, p.evaluated, p.not_registered, p.status_list)

    return {
        "rollup": [(p.unit.name, p.direct, *progress(p)) for p in rollup.rows],
        "rollup_total": progress(rollup.total),
        "table_totals": progress(table.totals),
        "table_people": [row.person.full_name for row in table.rows],
        "rates": study["totals"],
        "rates_children": [(row.unit.name, row.totals) for row in study["children"]],
        "list_rows": _docx_rows(docx)[1:],  # below the letterhead: the list itself
        "list_text": _docx_text(docx),  # letterhead, date, place and signer too
        "form_text": _docx_text(form),
        "campaign": [(e.unit.name, e.result) for e in campaign["entries"]],
        "results": _xlsx_rows(results),
        "replication": (
            replication.unit.name,
            [
                getattr(replication.totals, f)
                for f in (
                    "units",
                    "people",
                    "live",
                    "taken_up",
                    "adopting_units",
                    "nothing",
                    "reach",
                )
            ],
            replication.by_status,
            [(b.name, b.units, b.people, b.live, b.taken_up) for b in replication.branches],
            [row[2:] for row in replication.nothing],
        ),  # fmt: skip
    }


def _xlsx_rows(response) -> list[tuple]:
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def reorganise(c) -> None:
    """Effective 01/07/2025: a city committee inserted above the bloc and the bloc renamed;
    C1 renamed; C2 moved to the ward; C3 merged into C1; C4 transferred to the ward with a
    handover record; P1 moved into the bloc; a new cell C5 with people; G4 moved from C4 to
    C1; new secretaries from the new term."""
    admin, bloc, cells = c["admin"], c["bloc"], c["cells"]
    reorg.insert_above(
        by=admin,
        unit=bloc,
        code="TU",
        name="Đảng bộ Thành phố",
        kind="committee",
        effective_on=REFORM,
    )
    # Its documents are issued in Hà Nội from then (the district is gone).
    org.unit_update(by=admin, unit=Unit.objects.get(pk=bloc.pk), name="Đảng bộ Doanh nghiệp",
                    kind="committee", code="K", effective_on=REFORM, place="Hà Nội")  # fmt: skip
    for code in ("C1", "C2", "C4"):
        Position.objects.create(person=c["people"][code][1], unit=cells[code], title="secretary",
                                started_on=REFORM)  # fmt: skip
    org.unit_update(
        by=admin, unit=cells["C1"], name="Chi bộ Công ty Một", kind="grassroots_cell", code="C1",
        effective_on=REFORM,
    )  # fmt: skip
    org.unit_move(by=admin, unit=cells["C2"], new_parent=c["other"], effective_on=REFORM)
    org.unit_merge(by=admin, source=cells["C3"], target=cells["C1"], effective_on=REFORM)
    org.unit_move(by=admin, unit=cells["P1"], new_parent=bloc, effective_on=REFORM)
    org.unit_move(by=admin, unit=cells["G4"], new_parent=cells["C1"], effective_on=REFORM)
    reorg.transfer_cells(
        by=admin,
        cells=[Unit.objects.get(pk=cells["C4"].pk)],
        target=c["other"],
        effective_on=REFORM,
    )
    new = org.unit_create(
        by=admin, parent=bloc, code="C5", name="Chi bộ C5", kind="grassroots_cell",
        opened_on=REFORM,
    )  # fmt: skip
    for _ in range(4):
        PersonFactory(unit=new, unit_since=REFORM)


def test_a_reorganisation_leaves_2023_figures_and_names_alone(client, committee):
    before = snapshot(client, committee)
    # The figures are not trivially empty: 25 people, 20 registered, 2023 study in each cell.
    assert before["rollup_total"][:2] == (25, 20)
    assert before["rates"].people == 25 and before["rates"].took_part > 10
    assert sorted(row[0] for row in before["rollup"]) == sorted(
        ["Chi bộ C1", "Chi bộ C2", "Chi bộ C3", "Chi bộ C4"]
    )
    # The 2023 papers: dated, named, placed and signed as in 2023.
    assert (
        "ĐẢNG ỦY KHỐI" in before["list_text"]
        and "Đống Đa, ngày 31 tháng 12 năm 2023" in (before["list_text"])
    )
    assert "Vũ Mạnh Chiến" in before["list_text"]
    # C1's secretary's own form is confirmed by the bloc committee, not by the secretary.
    assert "T/M ĐẢNG ỦY" in before["form_text"] and "Vũ Mạnh Chiến" in before["form_text"]
    assert sorted(name for name, _r in before["campaign"]) == [f"Chi bộ C{i}" for i in range(1, 5)]
    # 2023 replication: C1, C2 and C4 (not P1, elsewhere then); 6 units, 25 people.
    assert before["replication"][1][:4] == [6, 25, 3, 2]
    reorganise(committee)
    after = snapshot(client, committee)
    assert after == before


def test_a_document_prints_the_place_of_its_day(committee):
    bloc = committee["bloc"]
    reorganise(committee)
    assert issuers.issuer_of(bloc, on=dt.date(2023, 12, 31))[0].place == "Đống Đa"
    assert issuers.issuer_of(bloc, on=REFORM)[0].place == "Hà Nội"
    # A cell without a place of its own takes its committee's of the day.
    cell = committee["cells"]["C1"]
    assert issuers.issuer_of(cell, on=dt.date(2023, 12, 31))[0].place == "Đống Đa"
    assert issuers.issuer_of(cell, on=REFORM)[0].place == "Hà Nội"
    assert Unit.objects.get(pk=bloc.pk).place == "Hà Nội"


def test_the_current_tree_reads_the_reorganisation(committee):
    reorganise(committee)
    bloc = committee["bloc"]
    today = {u.code for u in Unit.objects.subtree_of(bloc)}
    assert today == {"K", "C1", "C3", "G4", "P1", "C5"}  # C3 closed, still there
    periods = history.subtree_periods(history.id_path_on(bloc, REFORM), REFORM)
    assert {p.unit.code for p in periods} == {"K", "C1", "G4", "P1", "C5"}
    before = history.subtree_periods(
        history.id_path_on(bloc, dt.date(2023, 12, 31)), dt.date(2023, 12, 31)
    )
    assert {p.unit.code for p in before} == {"K", "C1", "C2", "C3", "C4", "G4"}
    names = dict(
        UnitPeriod.objects.filter(unit=committee["cells"]["C1"]).values_list("valid_to", "name")
    )
    assert names == {REFORM: "Chi bộ C1", OPEN_END: "Chi bộ Công ty Một"}


def test_a_change_cannot_take_effect_before_the_last_one(committee):
    reorganise(committee)
    admin, cells = committee["admin"], committee["cells"]
    with pytest.raises(ValidationError, match="01/07/2025"):
        org.unit_move(
            by=admin, unit=cells["C1"], new_parent=committee["other"],
            effective_on=dt.date(2025, 1, 1),
        )  # fmt: skip
    # Nothing written: C1 is still under the bloc, today and in its periods.
    c1 = Unit.objects.get(pk=cells["C1"].pk)
    assert c1.path.startswith(committee["bloc"].path)
    assert UnitPeriod.objects.filter(unit=c1).count() == 2


def test_a_new_unit_and_an_import_get_their_first_period(committee):
    unit = Unit.objects.get(code="C4")
    period = UnitPeriod.objects.get(unit=unit)
    assert (period.valid_from, period.valid_to, period.depth) == (
        dt.date(1, 1, 1),
        OPEN_END,
        2,
    )
    assert period.id_path == history.step(committee["bloc"].pk) + history.step(unit.pk)
    assert history.fill_missing() == 0  # every unit already has one


def test_past_period_queries_are_fixed_in_number(committee, django_assert_num_queries):
    bloc, year, office = committee["bloc"], committee["year"], committee["office"]
    reorganise(committee)
    scope_of(office)  # the reader's grants, read once per request
    start, end = dt.date(2023, 1, 1), dt.date(2023, 12, 31)

    def run(rollup_queries):
        # The bloc's place that day, its children then, the people per child that day (stored
        # per unit for a counted year's last day; else a failed read of them and the people
        # still there / moved on since, counted live), the tree's last change (whether the
        # subtree sums hold that day's tree: not after this reorganisation) and the grouped
        # commitments.
        with django_assert_num_queries(rollup_queries):
            progress_rollup(year, bloc, office)
        with django_assert_num_queries(1):
            rates.participation(bloc, start, end, "members")
        with django_assert_num_queries(2):
            rates.participation_by_child(bloc, start, end, "members")

    run(7)
    for _ in range(10):
        PersonFactory(unit=Unit.objects.get(code="C4"), unit_since=dt.date(2021, 1, 1))
    run(7)
    count_year_ends([2023])
    run(5)
    for _ in range(10):
        PersonFactory(unit=Unit.objects.get(code="C4"), unit_since=dt.date(2021, 1, 1))
    run(5)
