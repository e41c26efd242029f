"""Every dashboard URL as every role: the dashboard, its JSON and its workbook are read by those
whose grants cover the unit (404 outside the scope, 403 for a member's own unit); the home page
and "my tasks" by everyone signed in. The lead's completeness test collects MATRIX."""

from __future__ import annotations

import pytest

from tests.access import check, parametrize_matrix

EVERYONE = [302, 200, 200, 200, 200, 200, 200]
REDIRECTED = [302, 302, 302, 302, 302, 302, 302]
COVERING_CELL_A = [302, 403, 404, 200, 200, 200, 200]
COVERING_COMMITTEE = [302, 404, 404, 404, 200, 200, 200]

MATRIX = [
    ("home", "/", EVERYONE),
    ("home", "/?year=2025", EVERYONE),
    ("home", "/?unit={cell_a}&year=2025", REDIRECTED),
    ("home", "/?year=abc", [302, 200, 404, 404, 404, 404, 404]),  # a member: cards
    ("my-cards", "/my/", EVERYONE),
    ("unit-dashboard", "/dashboard/{committee}/", COVERING_COMMITTEE),
    ("unit-dashboard", "/dashboard/{cell_a}/?year=2025&kind=group", COVERING_CELL_A),
    ("unit-dashboard", "/dashboard/{cell_a}/?kind=nonsense", COVERING_CELL_A),
    ("unit-dashboard", "/dashboard/{cell_a}/?year=12", [302, 403, 404, 404, 404, 404, 404]),
    ("dashboard-data", "/dashboard/{committee}/data/", COVERING_COMMITTEE),
    ("dashboard-data", "/dashboard/{cell_a}/data/?year=2026", COVERING_CELL_A),
    ("dashboard-export", "/dashboard/{committee}/export/", COVERING_COMMITTEE),
    ("dashboard-export", "/dashboard/{cell_a}/export/", COVERING_CELL_A),
]


@pytest.fixture
def ids(world, year, commit):
    commit()
    return {"committee": world.committee.pk, "cell_a": world.cell_a.pk}


@parametrize_matrix(MATRIX)
def test_access(client, world, ids, role_index, role, name, template, expected):
    check(client, world, role_index, role, template.format(**ids), expected)


def test_an_office_sees_the_dashboard_and_a_member_their_cards(client, world, ids, login):
    page = login(world.office).get("/")
    assert page.templates[0].name == "dashboard/dashboard.html"
    assert page.context["unit"] == world.committee
    page = login(world.secretary).get("/")
    assert page.context["unit"] == world.cell_a  # a cell secretary: their cell
    page = login(world.member).get("/")
    assert page.templates[0].name == "dashboard/home.html"


def test_an_unknown_kind_is_said_and_the_cells_shown(client, world, ids, login):
    page = login(world.office).get(f"/dashboard/{world.committee.pk}/?kind=nonsense")
    assert page.context["board"].kind == "cell"
    assert "Không có loại đơn vị này" in page.content.decode()
