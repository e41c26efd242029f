"""The printed documents and the XLSX export as every role: 404 outside the scope, 403 for a
member on their own unit's list (they see the unit page, not its people)."""

from __future__ import annotations

import pytest

from tests.access import check, parametrize_matrix

OWN_CELL_LIST = [302, 403, 404, 200, 200, 200, 200]

MATRIX = [
    # (url name, path template, expected statuses in ROLES order)
    (
        "registration-form-docx",
        "/registrations/people/{person_a}/form.docx?year={year}",
        [302, 200, 404, 200, 200, 200, 200],
    ),
    (
        "registration-form-docx",
        "/registrations/people/{person_b}/form.docx",
        [302, 404, 200, 404, 200, 200, 200],
    ),
    ("unit-list-docx", "/registrations/units/{cell_a}/list.docx?year={year}", OWN_CELL_LIST),
    (
        "unit-list-docx",
        "/registrations/units/{committee}/list.docx",
        [302, 404, 404, 404, 200, 200, 200],
    ),
    ("unit-list-xlsx", "/registrations/units/{cell_a}/list.xlsx?year={year}", OWN_CELL_LIST),
    (
        "unit-list-xlsx",
        "/registrations/units/{group_a}/list.xlsx",
        [302, 404, 404, 200, 200, 200, 200],
    ),
    (
        "unit-list-xlsx",
        "/registrations/units/{cell_b}/list.xlsx",
        [302, 404, 200, 404, 200, 200, 200],
    ),
]


@pytest.fixture
def ids(world, year):
    return {
        "committee": world.committee.pk,
        "cell_a": world.cell_a.pk,
        "cell_b": world.cell_b.pk,
        "group_a": world.group_a.pk,
        "person_a": world.person_a.pk,
        "person_b": world.person_b.pk,
        "year": year.pk,
    }


@parametrize_matrix(MATRIX)
def test_get_as_role(client, world, ids, role_index, role, name, template, expected):
    response = check(client, world, role_index, role, template.format(**ids), expected)
    if response.status_code == 200:
        assert response["Content-Disposition"].startswith("attachment; filename=")


@pytest.mark.parametrize(
    "path",
    [
        "/registrations/people/{person_a}/form.docx",
        "/registrations/units/{cell_a}/list.docx",
        "/registrations/units/{cell_a}/list.xlsx",
    ],
)
def test_only_get(client, world, ids, path):
    client.force_login(world.office, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(path.format(**ids)).status_code == 405


def test_a_year_of_a_programme_out_of_sight_is_not_found(client, world, ids):
    """A year whose programme the user cannot see answers 404, even with a visible person."""
    from lamtheo.programs import services
    from tests.factories import UnitFactory
    from tests.programs.conftest import WINDOWS

    other = UnitFactory(code="KHAC", name="Đảng bộ khác", kind="committee")
    program = services.program_create(
        by=world.admin, unit=other, name="Chương trình khác", start_year=2026, end_year=2026
    )
    hidden = services.year_create(by=world.admin, program=program, year=2026, **WINDOWS)
    client.force_login(world.secretary, backend="django.contrib.auth.backends.ModelBackend")
    url = f"/registrations/people/{world.person_a.pk}/form.docx?year={hidden.pk}"
    assert client.get(url).status_code == 404
