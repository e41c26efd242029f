"""Programme management through the pages: programmes, years, moving a year on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lamtheo.programs.models import Program, ProgramYear
from tests.programs.conftest import WINDOWS

YEAR_POST = {
    "year": "2025",
    "theme": "  Học tập và làm theo   phong cách nêu gương ",
    "registration_opens": "05/01/2025",
    "registration_closes": "31/03/2025",
    "midyear_review_on": "",
    "self_assessment_opens": "01/11/2025",
    "self_assessment_closes": "10/12/2025",
    "evaluation_deadline": "25/12/2025",
    "min_commitments": "1",
    "max_commitments": "2",
}


def test_programmes_list_shows_years_and_who_may_change(world, program, year, login):
    page = login(world.member).get("/programs/")
    assert page.status_code == 200
    (shown,) = page.context["programs"]
    assert shown == program and not shown.can_change and not page.context["can_create"]
    assert [y.year for y in shown.years.all()] == [2026]
    office = login(world.office).get("/programs/")
    assert office.context["programs"][0].can_change and office.context["can_create"]
    assert f"/programs/{program.pk}/years/new/" in office.content.decode()


def test_office_creates_a_programme_for_its_committee(world, login):
    client = login(world.office)
    page = client.get("/programs/new/")
    assert page.status_code == 200 and page.context["unit"] == world.committee
    response = client.post(
        f"/programs/new/?unit={world.committee.pk}",
        {
            "name": " Thực hiện  Kết luận 01-KL/TW ",
            "start_year": "2021",
            "end_year": "2026",
            "basis": "Kết luận 01-KL/TW\nChỉ thị 05-CT/TW",
            "term_theme": "",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/programs/"
    program = Program.objects.get()
    assert program.name == "Thực hiện Kết luận 01-KL/TW" and program.unit == world.committee
    assert program.created_by == world.office


def test_programme_years_in_order(world, login):
    response = login(world.office).post(
        "/programs/new/", {"name": "Chương trình", "start_year": "2026", "end_year": "2021"}
    )
    assert response.status_code == 200 and response.context["form"].errors["end_year"]
    assert not Program.objects.exists()


def test_office_adds_a_year_with_vietnamese_dates(world, program, login):
    client = login(world.office)
    page = client.get(f"/programs/{program.pk}/years/new/")
    assert page.context["form"].initial["year"] == 2021
    response = client.post(f"/programs/{program.pk}/years/new/", YEAR_POST)
    created = ProgramYear.objects.get(program=program, year=2025)
    assert response.status_code == 302 and response["Location"] == f"/programs/years/{created.pk}/"
    assert created.status == "draft" and created.theme == "Học tập và làm theo phong cách nêu gương"
    assert created.registration_closes == dt.date(2025, 3, 31)
    detail = client.get(response["Location"])
    assert "31/03/2025" in detail.content.decode()


def test_year_windows_out_of_order_keep_the_input(world, program, login):
    data = {**YEAR_POST, "self_assessment_opens": "01/01/2024", "theme": "Giữ nguyên"}
    response = login(world.office).post(f"/programs/{program.pk}/years/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["self_assessment_opens"]
    assert "Giữ nguyên" in response.content.decode() and "01/01/2024" in response.content.decode()
    assert not ProgramYear.objects.exists()


def test_year_outside_the_programme_is_refused(world, program, login):
    response = login(world.office).post(
        f"/programs/{program.pk}/years/new/", {**YEAR_POST, "year": "2030"}
    )
    assert response.status_code == 200 and response.context["form"].errors["year"]


def test_edit_a_year(world, year, login):
    client = login(world.office)
    page = client.get(f"/programs/years/{year.pk}/edit/")
    assert "year" not in page.context["form"].fields
    assert 'value="31/03/2026"' in page.content.decode()
    data = {k: v for k, v in YEAR_POST.items() if k != "year"}
    data.update(
        registration_opens="05/01/2026",
        registration_closes="15/04/2026",
        self_assessment_opens="01/11/2026",
        self_assessment_closes="10/12/2026",
        evaluation_deadline="25/12/2026",
        max_commitments="3",
    )
    response = client.post(f"/programs/years/{year.pk}/edit/", data)
    assert response.status_code == 302
    year.refresh_from_db()
    assert year.registration_closes == dt.date(2026, 4, 15) and year.max_commitments == 3


def test_advance_says_what_it_does_then_does_it(world, program, login):
    client = login(world.office)
    client.post(
        f"/programs/{program.pk}/years/new/",
        {**YEAR_POST, "year": "2026"}
        | {k: v.replace("2025", "2026") for k, v in YEAR_POST.items() if k != "year"},
    )
    year = ProgramYear.objects.get(program=program, year=2026)
    url = f"/programs/years/{year.pk}/advance/"
    expected = [("open", "05/01/2026"), ("evaluating", "10/12/2026"), ("closed", "2026")]
    for status, shown in expected:
        page = client.get(url)
        assert page.status_code == 200 and shown in page.context["effect"]
        assert client.post(url).status_code == 302
        year.refresh_from_db()
        assert year.status == status
    page = client.get(url)
    assert page.context["effect"] == ""
    assert client.post(url).status_code == 200  # refused with the service's message
    assert client.get(f"/programs/years/{year.pk}/edit/").status_code == 200
    locked = client.post(
        f"/programs/years/{year.pk}/edit/",
        {k: v.replace("2025", "2026") for k, v in YEAR_POST.items() if k != "year"},
    )
    assert locked.status_code == 200 and locked.context["form"].non_field_errors()


def test_only_one_open_year_per_programme(world, program, year, login):
    client = login(world.office)
    client.post(f"/programs/{program.pk}/years/new/", YEAR_POST)
    older = ProgramYear.objects.get(year=2025)
    response = client.post(f"/programs/years/{older.pk}/advance/")
    assert response.status_code == 200 and response.context["error"]
    older.refresh_from_db()
    assert older.status == "draft"


def test_year_page_links_to_the_rollup_for_those_covering_the_committee(world, year, login):
    office = login(world.office).get(f"/programs/years/{year.pk}/")
    assert office.status_code == 200 and office.context["can_change"]
    body = office.content.decode()
    assert f"/registrations/rollup/{world.committee.pk}/?year={year.pk}" in body
    assert "31/03/2026" in body and WINDOWS["registration_closes"].year == 2026
    member = login(world.member).get(f"/programs/years/{year.pk}/")
    assert not member.context["can_change"] and not member.context["can_follow"]
    assert "/registrations/rollup/" not in member.content.decode()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/programs/", "/programs/years/{year}/"])
def test_pages_run_a_fixed_number_of_queries(world, program, year, login, url):
    from lamtheo.programs import services

    client = login(world.office)
    few = _count(client, url.format(year=year.pk))
    for start in range(2000, 2006):
        other = services.program_create(
            by=world.office,
            unit=world.committee,
            name=f"CT {start}",
            start_year=start,
            end_year=start + 1,
        )
        services.year_create(
            by=world.office,
            program=other,
            year=start,
            **{k: v.replace(year=start) if v else v for k, v in WINDOWS.items()},
        )
    many = _count(client, url.format(year=year.pk))
    assert few == many, f"{url}: {few} queries with few rows, {many} with many"
