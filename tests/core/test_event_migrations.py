"""The data migrations that brought the existing events into the workflow kit rebuild from
and to from each row's own history. Checked against the kit itself: the services record a
history, the states are wiped as the old tables had none, the migration's function runs on
the real database, and it must find what the services recorded."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace

from django.apps import apps
from django.db import connection

from lamtheo.exemplars.models import AdoptionEvent, ExemplarEvent
from lamtheo.exemplars.services import adoptions
from lamtheo.exemplars.services.exemplars import (
    exemplar_propose,
    exemplar_recognise,
    exemplar_return,
    exemplar_update,
)
from lamtheo.programs.models import CommitmentEvent
from tests.exemplars.test_adoptions import TODAY, make_exemplar
from tests.exemplars.test_exemplar_services import new_model
from tests.programs.conftest import commit, program, year  # noqa: F401 - fixtures

EXEMPLARS = importlib.import_module("lamtheo.exemplars.migrations.0003_workflow_events")
PROGRAMS = importlib.import_module("lamtheo.programs.migrations.0003_commitment_event_kit")
EDITOR = SimpleNamespace(connection=connection)


def _states(model):
    return list(model.objects.order_by("pk").values_list("action", "from_state", "to_state"))


def test_commitment_events_get_their_from_states(world, commit):  # noqa: F811
    from lamtheo.programs import services

    commitment = commit()  # created, submitted
    services.commitment_return(
        by=world.secretary, commitment=commitment, version=None, comment="Sửa"
    )
    recorded = _states(CommitmentEvent)
    assert recorded == [
        ("created", "", "draft"),
        ("submitted", "draft", "submitted"),
        ("returned", "submitted", "returned"),
    ]
    CommitmentEvent.objects.update(from_state="")
    PROGRAMS.fill_from_states(apps, EDITOR)
    assert _states(CommitmentEvent) == recorded


def test_exemplar_events_get_from_and_to(world):
    exemplar = new_model(world)
    exemplar = exemplar_propose(by=world.secretary, exemplar=exemplar, version=1)
    exemplar = exemplar_return(by=world.office, exemplar=exemplar, version=2, reason="Thêm")
    exemplar = exemplar_update(by=world.secretary, exemplar=exemplar, version=3, title="Mới")
    exemplar = exemplar_propose(by=world.secretary, exemplar=exemplar, version=4)
    exemplar_recognise(by=world.office, exemplar=exemplar, version=5)
    recorded = _states(ExemplarEvent)
    assert [r[2] for r in recorded] == [
        "draft",
        "proposed",
        "returned",
        "returned",
        "proposed",
        "recognised",
    ]
    ExemplarEvent.objects.update(from_state="", to_state="")
    EXEMPLARS.fill_exemplar_events(apps, EDITOR)
    assert _states(ExemplarEvent) == recorded


def test_adoption_events_get_from_and_to_through_drop_and_resume(world):
    adoption = adoptions.adoption_create(
        by=world.secretary,
        exemplar=make_exemplar(world.cell_b),
        unit=world.cell_a,
        started_on=dt.date(2026, 1, 10),
        today=TODAY,
    )
    for status, reason in (
        ("piloting", ""),
        ("dropped", "Thiếu kinh phí"),
        ("piloting", ""),  # resumed
        ("adopted", ""),
    ):
        adoption = adoptions.adoption_move(
            by=world.secretary,
            adoption=adoption,
            status=status,
            version=adoption.version,
            reason=reason,
            on=TODAY,
            today=TODAY,
        )
    adoptions.adoption_update(
        by=world.secretary, adoption=adoption, version=adoption.version, adaptation="Khác"
    )
    recorded = _states(AdoptionEvent)
    assert recorded == [
        ("created", "", "planned"),
        ("piloting", "planned", "piloting"),
        ("dropped", "piloting", "dropped"),
        ("resumed", "dropped", "piloting"),
        ("adopted", "piloting", "adopted"),
        ("edited", "adopted", "adopted"),
    ]
    AdoptionEvent.objects.update(from_state="", to_state="")
    EXEMPLARS.fill_adoption_events(apps, EDITOR)
    assert _states(AdoptionEvent) == recorded
