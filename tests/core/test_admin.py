"""The Django admin shows what the services change and changes none of it: people, units,
programme years, sessions, commitments and exemplars are read-only there, and audit rows
(workflow events, history) cannot be deleted by anyone."""

from __future__ import annotations

import pytest

from lamtheo.exemplars.services.exemplars import exemplar_create
from lamtheo.study.models import StudySession
from tests.programs.conftest import commit, program, year  # noqa: F401 - fixtures
from tests.study.conftest import session  # noqa: F401 - fixture


@pytest.fixture
def superuser(world, login):
    """The administrator with every Django permission: what the admin refuses here it refuses
    to anyone."""
    world.admin.is_superuser = True
    world.admin.save(update_fields=["is_superuser"])
    return login(world.admin)


@pytest.fixture
def rows(world, year, commit, session):  # noqa: F811 - fixtures
    commitment = commit()
    event = commitment.events.first()
    exemplar = exemplar_create(
        by=world.secretary,
        unit=world.cell_a,
        kind="model",
        title="Mô hình",
        field="social",
        actions="Làm",
        results="Tốt",
    )
    return {
        "org/person": world.person_a,
        "org/unit": world.cell_a,
        "programs/programyear": year,
        "programs/commitment": commitment,
        "programs/commitmentevent": event,
        "study/studysession": session,
        "exemplars/exemplar": exemplar,
    }


def test_the_admin_shows_and_does_not_change(world, superuser, rows):
    client = superuser
    for model, row in rows.items():
        change = f"/admin/{model}/{row.pk}/change/"
        page = client.get(change)
        assert page.status_code == 200, model  # shown
        assert 'name="_save"' not in page.content.decode(), model
        assert client.post(change, {}).status_code == 403, model
        assert client.get(f"/admin/{model}/add/").status_code == 403, model
        assert client.post(f"/admin/{model}/{row.pk}/delete/", {"post": "yes"}).status_code == 403
        assert type(row).objects.filter(pk=row.pk).exists(), model
    assert StudySession.objects.count() == 1


def test_history_cannot_be_reverted_from_the_admin(world, superuser):
    page = superuser.get(f"/admin/org/unit/{world.cell_a.pk}/history/")
    assert page.status_code == 200
    history = world.cell_a.history.first()
    revert = f"/admin/org/unit/{world.cell_a.pk}/history/{history.history_id}/"
    response = superuser.post(revert, {"name": "Đổi tên", "code": "CBA", "kind": "cell"})
    assert response.status_code in (200, 403) and 'name="_save"' not in response.content.decode()
    world.cell_a.refresh_from_db()
    assert world.cell_a.name == "Chi bộ A"
