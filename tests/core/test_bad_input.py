"""Query strings that answered 500 in the audit (issue 10 §7) answer 404: an address that
cannot exist. tests/demo/test_fuzz.py looks for the ones nobody listed."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/study/?month=9999-12",
        "/study/?month=0001-01",
        "/study/?month=0-1",
        "/study/?month=2026-13",
        "/study/?month=٢٠٢٦-١",
        "/campaigns/?year=0",
        "/campaigns/?year=99999999999999999999",
        "/campaigns/?year=²",
        "/registrations/review/?year=99999999999999999999",
        "/exemplars/?unit=99999999999999999999",
    ],
)
def test_an_impossible_query_is_not_found(client, world, login, url):
    assert login(world.admin).get(url).status_code == 404


def test_a_possible_month_and_year_still_filter(client, world, login):
    client = login(world.admin)
    assert client.get("/study/?month=2026-12").status_code == 200
    assert client.get("/campaigns/?year=2026").status_code == 200


def test_a_start_in_year_one_is_refused_with_a_message(client, world, login):
    """The audit's 01/01/0001: a session's start (a time) and a campaign's (a date)."""
    client = login(world.admin)
    response = client.post(
        f"/study/new/?unit={world.committee.pk}",
        {"title": "Học tập chuyên đề", "starts_at": "01/01/0001 08:00"},
    )
    assert response.status_code == 200
    assert "Nhập ngày trong khoảng từ 01/01/1900 đến 31/12/9998" in response.content.decode()
    response = client.post(
        "/campaigns/new/",
        {"name": "Phong trào", "starts_on": "01/01/0001", "ends_on": "31/12/9999"},
    )
    assert response.status_code == 200
    assert "Nhập ngày trong khoảng từ 01/01/1900 đến 31/12/9998" in response.content.decode()


@pytest.mark.parametrize("url", ["/search/?q=%00", "/search/?q=a%00b", "/people/?q%00=1"])
def test_a_nul_in_the_query_is_refused_with_a_message(client, world, login, url):
    """The fuzz test's find: a NUL read straight from request.GET reached PostgreSQL (a 500)."""
    response = login(world.admin).get(url)
    assert response.status_code == 400
    assert "ký tự không được phép (NUL)" in response.content.decode()


def test_a_nul_in_a_form_field_is_refused_and_changes_nothing(client, world, login):
    client = login(world.admin)
    unit = world.cell_a
    response = client.post(f"/units/{unit.pk}/edit/", {"name": "Chi bộ\x00 B", "code": "CBB"})
    assert response.status_code == 400
    unit.refresh_from_db()
    assert unit.name == "Chi bộ A"


def test_a_search_without_a_nul_still_answers(client, world, login):
    assert login(world.admin).get("/search/?q=chi").status_code == 200


@pytest.mark.parametrize("value", ["²", "١٢", "99999999999999999999"])
def test_a_number_that_is_no_id_is_not_found(client, world, login, value):
    """isdigit() passes "²", which int() refuses: CI's fuzz found a 500 on the list's DOCX."""
    client = login(world.admin)
    committee = world.committee.pk
    assert client.get(f"/registrations/units/{committee}/list.docx?year={value}").status_code == 404
    assert client.get(f"/dien-hinh/?unit={value}").status_code == 404


def test_a_version_that_is_no_number_counts_as_stale(rf):
    """posted_version read "²" with int() (a 500); now it is no version, so the change is
    refused as made on a stale page."""
    from lamtheo.core.views import posted_version

    assert posted_version(rf.post("/", {"version": "²"})) == 0
    assert posted_version(rf.post("/", {"version": "7"})) == 7
