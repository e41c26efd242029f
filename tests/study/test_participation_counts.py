"""The months each person took part in per year (PersonYearParticipation,
lamtheo.study.participation_counts): equal to a live recount after every service call and
direct write that touches attendance, self-study or a session's counting, on random data
(hypothesis), rebuilt and filled by the migration; and the rates read from them agree with
the facts (tests/study/test_rates.py checks the definition on random data)."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from lamtheo.study import checkin, participation_counts, services
from lamtheo.study.models import Attendance, Invitation, PersonYearParticipation, SelfStudy
from tests.factories import PersonFactory
from tests.study.test_rates import at, held, studied

YEARS = (2024, 2025, 2026)


def assert_live() -> None:
    for year in YEARS:
        stored = participation_counts.stored_rows(year)
        assert stored == participation_counts.live_rows(year), year


def test_service_calls_keep_the_months(world):
    a, b = world.person_a, world.person_b
    march = held(world.cell_a, at(2025, 3, 10), {a: None, b: None})
    assert_live()
    changed = services.roll_call(
        by=world.secretary, session=march, marks={a.pk: "present", b.pk: "absent"}
    )
    assert changed and participation_counts.stored_rows(2025) == {a.pk: (1 << 2, 0)}
    assert_live()
    services.roll_call(by=world.secretary, session=march, marks={a.pk: "excused"})
    assert_live()
    assert participation_counts.stored_rows(2025) == {}
    services.record_attendance(session=march, person=b, status="late", method="manual")
    assert_live()
    services.self_study_record(
        by=world.office, person=a, studied_on=dt.date(2025, 12, 31), material="Chuyên đề"
    )
    assert participation_counts.stored_rows(2025)[a.pk] == (0, 1 << 11)
    assert_live()
    # Cancelling the session takes its attendance out of everyone's months.
    services.session_cancel(by=world.office, session=march)
    assert_live()
    assert b.pk not in participation_counts.stored_rows(2025)


def test_a_check_in_over_an_absence_is_counted(world):
    """The check-in's conditional UPDATE (absent → present) bypasses save: it recounts."""
    now = timezone.now()
    session = held(world.cell_b, now - dt.timedelta(minutes=5), {world.person_b: None})
    session.format = "online"
    session.save()
    services.roll_call(by=world.office, session=session, marks={world.person_b.pk: "absent"})
    invitation = Invitation.objects.get(session=session, person=world.person_b)
    outcome = checkin.check_in_by_link(checkin.online_token(invitation), now)
    assert Attendance.objects.get(session=session).status in ("present", "late"), outcome
    year = timezone.localtime(session.starts_at).year
    assert world.person_b.pk in participation_counts.stored_rows(year)
    assert participation_counts.stored_rows(year) == participation_counts.live_rows(year)


def test_direct_writes_moves_and_deletes(world):
    a = world.person_a
    session = held(world.cell_a, at(2025, 1, 31, 23, 30), {a: "present"})  # local January
    assert participation_counts.stored_rows(2025) == {a.pk: (1, 0)}
    session.starts_at, session.ends_at = at(2024, 12, 31, 20), at(2024, 12, 31, 22)
    session.save()
    assert_live()
    assert participation_counts.stored_rows(2024) == {a.pk: (1 << 11, 0)}
    session.counts_for_participation = False
    session.save(update_fields=["counts_for_participation"])
    assert_live()
    entry = studied(a, dt.date(2025, 6, 15))
    entry.studied_on = dt.date(2026, 2, 1)
    entry.save()
    assert_live()
    entry.delete()
    Attendance.objects.filter(session=session).delete()
    assert_live()
    assert not PersonYearParticipation.objects.exists()


def test_rebuild_and_the_migration_repair_bulk_writes(world):
    a, b = world.person_a, world.person_b
    session = held(world.cell_a, at(2025, 4, 2), {a: "present"})
    SelfStudy.objects.bulk_create(
        [SelfStudy(person=b, unit=b.unit, studied_on=dt.date(2025, 5, 5), material="Tài liệu")]
    )
    Attendance.objects.filter(session=session).update(status="late")  # still taking part
    assert participation_counts.stored_rows(2025) != participation_counts.live_rows(2025)
    participation_counts.rebuild()
    assert_live()
    expected = participation_counts.stored_rows(2025)
    PersonYearParticipation.objects.all().delete()
    migration = importlib.import_module("lamtheo.study.migrations.0005_person_year_participation")
    migration.fill(apps, SimpleNamespace(connection=connection))
    assert participation_counts.stored_rows(2025) == expected


operation = st.tuples(
    st.sampled_from(["mark", "unmark", "session", "study", "unstudy"]),
    st.integers(0, 4),  # person
    st.integers(0, 3),  # session
    st.sampled_from(["present", "late", "excused", "absent"]),
    st.integers(0, 400),  # days from 2024-11-01
)


@pytest.mark.django_db
def test_random_writes_keep_the_months(world):
    people = [world.person_a, world.person_b] + [PersonFactory(unit=world.cell_a) for _ in "xyz"]
    sessions = [
        held(world.cell_a, at(2024, 12, 31, 23), {}),
        held(world.cell_a, at(2025, 3, 1, 0, 30), {}),
        held(world.cell_b, at(2025, 7, 15), {}),
        held(world.committee, at(2025, 12, 31, 23, 30), {}),
    ]

    @hypothesis_settings(
        max_examples=40,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(st.lists(operation, max_size=10))
    def run(ops):
        for kind, p, s, status, days in ops:
            person, session = people[p], sessions[s]
            if kind == "mark":
                record = Attendance.objects.filter(session=session, person=person).first()
                if record is None:
                    Attendance.objects.create(
                        session=session, person=person, unit=person.unit, status=status
                    )
                else:
                    record.status = status
                    record.save()
            elif kind == "unmark":
                for record in Attendance.objects.filter(session=session, person=person):
                    record.delete()
            elif kind == "session":
                session.refresh_from_db()
                session.status = ["published", "cancelled", "draft"][days % 3]
                session.counts_for_participation = days % 4 != 0
                shift = dt.timedelta(days=days % 40 - 20)
                session.starts_at, session.ends_at = (
                    session.starts_at + shift,
                    session.ends_at + shift,
                )
                session.save()
            elif kind == "study":
                studied(person, dt.date(2024, 11, 1) + dt.timedelta(days=days))
            else:
                for entry in SelfStudy.objects.filter(person=person)[:1]:
                    entry.delete()
            assert_live()

    run()
