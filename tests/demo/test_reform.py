"""The demo after the 2025 reform: the bloc's past reads as it did, through the pages the
demo users open today; each year has its own figures; what is invented is said first."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lamtheo.devdata.data import reform
from lamtheo.devdata.data.org import NNCS, ROOT_CODE
from lamtheo.devdata.demo import org as demo
from lamtheo.devdata.demo import story
from lamtheo.org.models import Unit
from lamtheo.programs.models import Commitment, ProgramYear, YearStatus
from lamtheo.study import rates
from lamtheo.study.models import Attendance, StudySession


@pytest.fixture
def bloc(loaded, db) -> Unit:
    return Unit.objects.get(code=ROOT_CODE)


def signed_in(client, username):
    client.post("/accounts/login/", {"username": username, "password": demo.PASSWORD})
    return client


@pytest.mark.parametrize("username", ["vanphong", "kiemtra", "admin"])
def test_2023_participation_still_reads_279_of_279(bloc, client, username):
    """The office and the inspector now work for the successor and still read the bloc's
    2023 on its rates page, as the article's figure."""
    response = signed_in(client, username).get(
        f"/study/rates/{bloc.pk}/?year=2023&population=members"
    )
    assert response.status_code == 200
    totals = response.context["totals"]
    assert (totals.took_part, totals.people, totals.rate) == (279, 279, Decimal("100.0"))
    everyone = rates.participation(bloc, *rates.year_bounds(2023), rates.Population.EVERYONE)
    assert (everyone.took_part, everyone.people) == (356, 367)


def test_2023_registrations_read_as_they_were(bloc, client):
    """The 2023 rollup of the bloc: its people and cells of 2023, every person registered at
    most once, nobody who came later."""
    year = ProgramYear.objects.get(program__unit=bloc, year=2023)
    response = signed_in(client, "vanphong").get(f"/registrations/rollup/{bloc.pk}/?year={year.pk}")
    assert response.status_code == 200
    total = response.context["rollup"].total
    assert total.people == 367  # the people of 31/12/2023 (rates give the same)
    assert 0.85 * total.people <= total.registered <= total.people
    # The rows are the bloc's cells of 2023, not today's (none: they moved in 2025).
    assert len(response.context["rollup"].rows) >= 19


def test_each_past_year_can_be_asked_for_today_and_differs(bloc, client):
    signed_in(client, "vanphong")
    figures = {}
    for year in (2021, 2022, 2023, 2024, 2025):
        response = client.get(f"/study/rates/{bloc.pk}/?year={year}&population=members")
        assert response.status_code == 200
        totals = response.context["totals"]
        figures[year] = (totals.took_part, totals.people)
        assert totals.people > 150 and totals.took_part > 0.9 * totals.people, year
        program_year = ProgramYear.objects.get(program__unit=bloc, year=year)
        assert program_year.status == YearStatus.CLOSED
        assert Commitment.objects.filter(year=program_year).count() > 250, year
        assert StudySession.objects.filter(starts_at__year=year).count() > 40, year
        assert Attendance.objects.filter(session__starts_at__year=year).count() > 500, year
    assert len(set(figures.values())) == 5, figures
    # The members grew over the years: people joined the cells from 2021 to 2025.
    assert figures[2021][1] < figures[2023][1] < figures[2025][1]


def test_the_bloc_replication_of_past_years_reads_as_it_stood(bloc, client):
    """The replication overview of each year the bloc lived: its 2023 units and people, and
    adoptions that grow year by year; today the bloc (closed) has none."""
    signed_in(client, "vanphong")
    live = {}
    for year in (2022, 2023, 2024, 2025):
        response = client.get(f"/exemplars/overview/{bloc.pk}/?year={year}")
        assert response.status_code == 200
        data = response.context["data"]
        assert data.day is not None and data.unit.name == bloc.name
        live[year] = data.totals.live
        if year == 2023:
            assert data.totals.people == 367  # as the rates and the rollup of 2023
    assert live[2022] < live[2023] < live[2024] <= live[2025], live
    today = client.get(f"/exemplars/overview/{bloc.pk}/").context["data"]
    assert today.day is None and today.totals.units == 0


def test_2026_belongs_to_the_successors(loaded, db):
    years = ProgramYear.objects.filter(year=2026).select_related("program__unit")
    assert {y.program.unit.code for y in years} == set(reform.SUCCESSOR.values())
    assert all(y.status == YearStatus.OPEN for y in years)
    cell = Unit.objects.get(code=NNCS)
    assert Unit.objects.get_parent(cell).code == reform.DN_WARD[0]
    assert StudySession.objects.filter(unit=cell, starts_at__year=2026).exists()
    assert not StudySession.objects.filter(unit__code=ROOT_CODE, starts_at__year=2026).exists()


def test_the_sign_in_page_says_what_is_invented(loaded, client):
    response = client.get("/accounts/login/")
    text = response.content.decode()
    assert reform.NOTICE_TITLE in text
    for words in ("GIẢ ĐỊNH", "Vũ Mạnh Chiến", "30/6/2025", "phường nhận từng chi bộ"):
        assert words in text


def test_the_story_has_one_place_for_more_steps():
    names = [name for name, _step in story.YEAR_STEPS]
    assert names[:2] == ["programs", "study"]
    assert story.YEARS == (2021, 2022, 2023, 2024, 2025, 2026)
    assert story.REFORM_BEFORE == 2026
