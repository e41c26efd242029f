"""Participation, activity and published sessions per kind per unit and year
(lamtheo.study.unit_counts): equal to a live recount after every service call (attendance,
self-study, sessions, transfers, status changes, leaving), on random data (hypothesis), and
repaired by rebuild; and the rates page read from
them (sums over the subtree's units less the movers' double counts) equal to the live
definition of lamtheo.study.rates for every unit of the tree, both populations, a running and
an ended year."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from lamtheo.org import services as org_services
from lamtheo.org import subtree_sums
from lamtheo.org.models import PartyStatus, Unit
from lamtheo.study import checkin, double_counts, rates, services, unit_counts
from lamtheo.study.models import (
    Attendance,
    CountedYear,
    DoubleCount,
    DoubleTree,
    Invitation,
    SelfStudy,
    SessionKind,
    UnitParticipation,
    UnitSessions,
)
from tests.factories import PersonFactory, UnitFactory
from tests.study.test_rates import at, held, studied

YEARS = (2025, 2026)


def live_page(unit, year, population) -> rates.YearPage:
    start, end = rates.year_bounds(year)
    return rates.YearPage(
        rates.participation(unit, start, end, population),
        rates.participation_by_month(unit, year, population),
        rates.participation_by_child(unit, start, end, population),
        rates.activity(unit, start, end),
    )


def assert_live() -> None:
    for kept in unit_counts.KEPT:
        assert subtree_sums.stored(kept) == subtree_sums.live(kept), kept.sums
    for year in YEARS:
        assert unit_counts.stored_rows(year) == unit_counts.live_rows(year), year
        assert double_counts.stored(year) == double_counts.live(year), year
        assert unit_counts.stored_activity(year) == unit_counts.live_activity(year), year
        assert unit_counts.stored_sessions(year) == unit_counts.live_sessions(year), year
        for unit in Unit.objects.all():
            for population in rates.Population.values:
                stored = rates.year_page(unit, year, population)
                assert stored == live_page(unit, year, population), (unit, year, population)
                # The dashboard's months: two of the totals, the same figures.
                names = ("people", "took_part")
                total, months = rates.year_months(unit, year, population, True, names)
                assert (total.people, total.took_part) == (
                    stored.totals.people,
                    stored.totals.took_part,
                )
                assert [(m.totals.people, m.totals.took_part) for m in months] == [
                    (m.totals.people, m.totals.took_part) for m in stored.months
                ]


@pytest.fixture
def counted(world):
    unit_counts.rebuild(YEARS)
    assert set(CountedYear.objects.values_list("year", flat=True)) == set(YEARS)
    return world


def test_service_calls_keep_the_units(counted):
    world = counted
    a, b = world.person_a, world.person_b
    march = held(world.cell_a, at(2025, 3, 10), {a: None, b: None}, points=[("B", world.cell_b)])
    assert_live()
    services.roll_call(by=world.secretary, session=march, marks={a.pk: "present", b.pk: "absent"})
    assert_live()
    services.record_attendance(session=march, person=b, status="late", method="manual")
    assert_live()
    services.self_study_record(
        by=world.office, person=a, studied_on=dt.date(2025, 12, 31), material="Chuyên đề"
    )
    assert_live()
    # b moves to cell A in June, then out of the committee's cells: counted in both, once above.
    org_services.person_transfer(
        by=world.office, person=b, unit=world.cell_a, effective_on=dt.date(2025, 6, 1)
    )
    assert_live()
    org_services.person_transfer(
        by=world.office, person=b, unit=world.group_a, effective_on=dt.date(2025, 9, 1)
    )
    assert_live()
    org_services.person_update(by=world.office, person=a, party_status=PartyStatus.MASS)
    assert_live()
    org_services.person_update(
        by=world.office, person=b, party_status=PartyStatus.OFFICIAL, joined_on=dt.date(2025, 7, 2)
    )
    assert_live()
    org_services.person_leave(by=world.office, person=a, left_on=dt.date(2026, 2, 1), reason="x")
    assert_live()
    services.session_cancel(by=world.office, session=march)
    assert_live()
    this_year = held(world.committee, at(2026, 1, 5), {a: "present", b: "late"})
    assert_live()
    Attendance.objects.get(session=this_year, person=b).delete()
    assert_live()


def test_tree_changes_keep_the_double_counts(counted):
    """The movers' double counts are stored where their units meet in the tree: moving a
    unit, closing one, reopening it and a merger write them again for the people with stays
    there, and a period read on a day before a change is counted live."""
    world = counted
    a, b = world.person_a, world.person_b
    c = PersonFactory(unit=world.cell_a)
    group_b = UnitFactory(parent=world.cell_b, code="TDB1", name="Tổ đảng B1", kind="group")
    by = world.admin
    for person, unit, on in [
        (a, world.group_a, dt.date(2025, 3, 1)),
        (a, world.cell_b, dt.date(2025, 8, 1)),
        (c, group_b, dt.date(2025, 5, 1)),
        (b, world.group_a, dt.date(2026, 2, 1)),
    ]:
        person.refresh_from_db()
        org_services.person_transfer(by=by, person=person, unit=unit, effective_on=on)
    held(world.cell_a, at(2025, 2, 10), {a: "present", c: "present"})
    held(world.group_a, at(2025, 4, 10), {a: "present"})
    held(group_b, at(2025, 9, 10), {c: "late"})
    held(world.cell_b, at(2026, 1, 10), {b: "present", a: "present"})
    assert double_counts.stored(2025)  # a and c are counted in two units of the committee
    assert_live()
    org_services.unit_move(
        by=by, unit=world.group_a, new_parent=world.cell_b, effective_on=dt.date(2026, 6, 1)
    )
    movers = unit_counts.Movers(Unit.objects.get(pk=world.committee.pk), 2026)
    assert not movers.stored(movers.day_of[1])  # January reads the tree before the move
    assert movers.stored(movers.day_of[0])  # the year reads today's
    assert_live()
    # c leaves the group for the cell in August, and the group closes that month: August
    # reads the tree of a day after the closure, where the group is not.
    c.refresh_from_db()
    org_services.person_transfer(
        by=by, person=c, unit=world.cell_a, effective_on=dt.date(2026, 8, 5)
    )
    org_services.unit_close(by=by, unit=group_b, closed_on=dt.date(2026, 8, 10))
    # Counted twice in today's tree, which keeps the closed group; once in the open units'.
    assert {key[3] for key in double_counts.stored(2026) if key[0] == c.pk} == {DoubleTree.TODAY}
    assert_live()
    org_services.unit_reopen(
        by=by, unit=Unit.objects.get(pk=group_b.pk), effective_on=dt.date(2026, 9, 1)
    )
    assert_live()
    org_services.unit_merge(
        by=by,
        source=Unit.objects.get(pk=world.group_a.pk),
        target=Unit.objects.get(pk=world.cell_a.pk),
        effective_on=dt.date(2026, 10, 1),
    )
    assert_live()


def test_session_services_keep_the_sessions_per_kind(counted):
    """Published sessions per (unit, year, kind): a draft is not counted, publishing counts
    it, a change of kind or of day (into the next year) moves it, cancelling and deleting
    take it off."""
    world = counted
    start = at(2025, 12, 31, 9)
    session = services.session_create(
        by=world.office,
        unit=world.cell_a,
        title="Hội nghị quán triệt",
        kind="briefing",
        format="in_person",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Hội trường",
    )
    assert unit_counts.stored_sessions(2025) == {}
    services.audience_set(by=world.office, session=session, units=[world.cell_a])
    session = services.session_publish(by=world.office, session=session)
    assert unit_counts.stored_sessions(2025) == {(world.cell_a.pk, "briefing"): 1}
    assert_live()
    session = services.session_update(by=world.office, session=session, kind="thematic")
    assert unit_counts.stored_sessions(2025) == {(world.cell_a.pk, "thematic"): 1}
    later = at(2026, 1, 2, 9)
    session = services.session_update(
        by=world.office, session=session, starts_at=later, ends_at=later + dt.timedelta(hours=1)
    )
    assert unit_counts.stored_sessions(2025) == {}
    assert unit_counts.stored_sessions(2026) == {(world.cell_a.pk, "thematic"): 1}
    other = held(world.cell_b, at(2026, 3, 1), {world.person_b: "present"}, kind="other")
    assert_live()
    services.session_cancel(by=world.office, session=session)
    assert unit_counts.stored_sessions(2026) == {(world.cell_b.pk, "other"): 1}
    other.delete()
    assert unit_counts.stored_sessions(2026) == {}
    assert_live()


def test_the_migration_fills_the_counted_years(counted):
    """Sessions already published when study 0007 runs are written for the counted years."""
    import importlib

    from django.apps import apps

    world = counted
    held(world.cell_a, at(2025, 5, 1), {}, kind="briefing")
    held(world.cell_b, at(2026, 1, 1, 0, 30), {}, kind="thematic")
    held(world.cell_b, at(2026, 2, 1), {}, status="draft")
    expected = {year: unit_counts.stored_sessions(year) for year in YEARS}
    assert expected[2026] == {(world.cell_b.pk, "thematic"): 1}
    UnitSessions.objects.all().delete()
    migration = importlib.import_module("lamtheo.study.migrations.0007_unit_sessions")
    migration.fill(apps, connection.schema_editor())
    assert {year: unit_counts.stored_sessions(year) for year in YEARS} == expected
    assert_live()


def test_the_migration_fills_the_double_counts_of_the_counted_years(counted):
    """A deployment upgraded with counted years gets their double counts from study 0011."""
    import importlib

    from django.apps import apps

    world = counted
    org_services.person_transfer(
        by=world.office, person=world.person_a, unit=world.cell_b, effective_on=dt.date(2025, 6, 1)
    )
    expected = {year: double_counts.stored(year) for year in YEARS}
    assert expected[2025]
    DoubleCount.objects.all().delete()
    migration = importlib.import_module("lamtheo.study.migrations.0011_double_counts")
    migration.fill(apps, connection.schema_editor())
    assert {year: double_counts.stored(year) for year in YEARS} == expected
    assert_live()


def test_a_check_in_over_an_absence_is_counted(counted):
    """The check-in's conditional UPDATE (absent → present) bypasses save: it moves the host's
    attendance count itself."""
    world = counted
    b = world.person_b
    now = timezone.now()
    session = held(world.cell_b, now - dt.timedelta(minutes=5), {b: None})
    session.format = "online"
    session.save()
    services.roll_call(by=world.office, session=session, marks={b.pk: "absent"})
    invitation = Invitation.objects.get(session=session, person=b)
    outcome = checkin.check_in_by_link(checkin.online_token(invitation), now)
    assert Attendance.objects.get(session=session).status in ("present", "late"), outcome
    assert_live()


def test_the_year_reads_the_stored_rows(counted, django_assert_num_queries):
    world = counted
    a, b = world.person_a, world.person_b
    held(world.cell_a, at(2025, 3, 10), {a: "present", b: "present"})
    # A fixed number of queries whatever the tree: the counted year, the tree's changes in the
    # year, its last change, the unit's own periods, the subtree's rows less its stored
    # double counts, the children, the activity.
    for unit in (world.committee, world.cell_a):
        with django_assert_num_queries(7):
            page = rates.year_page(unit, 2025, rates.Population.MEMBERS)
    assert page.totals.took_part == 1
    # The stored rows, not the facts, are what the page reads: a stale row shows.
    UnitParticipation.objects.filter(unit=world.cell_a, year=2025, members=True).update(people_0=99)
    assert rates.year_page(world.cell_a, 2025, rates.Population.MEMBERS).totals.people == 99
    unit_counts.rebuild(YEARS)
    assert_live()


def test_a_year_not_counted_is_read_live(world):
    held(world.cell_a, at(2025, 3, 10), {world.person_a: "present"})
    assert not CountedYear.objects.exists()
    assert rates.year_page(world.committee, 2025, "members") == live_page(
        world.committee, 2025, "members"
    )


def test_rebuild_repairs_bulk_writes(counted):
    world = counted
    session = held(world.cell_a, at(2025, 4, 2), {world.person_a: "present"})
    SelfStudy.objects.bulk_create(
        [
            SelfStudy(
                person=world.person_b,
                unit=world.cell_b,
                studied_on=dt.date(2025, 5, 5),
                material="Tài liệu",
            )
        ]
    )
    Attendance.objects.filter(session=session).update(status="absent")
    assert unit_counts.stored_activity(2025) != unit_counts.live_activity(2025)
    from lamtheo.study import participation_counts

    participation_counts.rebuild()
    unit_counts.rebuild(YEARS)
    assert_live()


operation = st.tuples(
    st.sampled_from(
        ["mark", "unmark", "session", "host", "drop", "study", "unstudy", "move", "status"]
    ),
    st.integers(0, 4),  # person
    st.integers(0, 3),  # session, or unit
    st.sampled_from(["present", "late", "excused", "absent"]),
    st.integers(0, 400),  # days from 2025-01-01
)


def test_random_writes_keep_the_units(counted):
    world = counted
    people = [world.person_a, world.person_b] + [PersonFactory(unit=world.cell_b) for _ in "xyz"]
    org_services.person_update(by=world.office, person=people[2], party_status=PartyStatus.MASS)
    units = [world.committee, world.cell_a, world.group_a, world.cell_b]
    sessions = [
        held(world.cell_a, at(2025, 1, 1, 0, 30), {}),
        held(world.cell_b, at(2025, 7, 15), {}),
        held(world.committee, at(2025, 12, 31, 23, 30), {}),
        held(world.group_a, at(2026, 2, 3), {}),
    ]
    moved_on = {p.pk: dt.date(2025, 1, 1) for p in people}

    @hypothesis_settings(
        max_examples=10,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
        deadline=None,
    )
    @given(st.lists(operation, max_size=6))
    def run(ops):
        for kind, p, s, status, days in ops:
            person, session = people[p], sessions[s]
            person.refresh_from_db()
            day = dt.date(2025, 1, 1) + dt.timedelta(days=days)
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
                session.kind = SessionKind.values[days % len(SessionKind.values)]
                session.save()
            elif kind == "host":  # another host, another day (2025 or 2026)
                session.refresh_from_db()
                session.unit = units[p % len(units)]
                session.starts_at = at(2025, 1, 1, 0, 30) + dt.timedelta(days=days)
                session.ends_at = session.starts_at + dt.timedelta(hours=2)
                session.save()
            elif kind == "drop":  # deleted with its attendance; a new one takes its place
                session.delete()
                sessions[s] = held(units[p % len(units)], at(2025, 1, 1) + dt.timedelta(days), {})
            elif kind == "study":
                studied(person, day)
            elif kind == "unstudy":
                for entry in SelfStudy.objects.filter(person=person)[:1]:
                    entry.delete()
            elif kind == "move":
                on = max(day, moved_on[person.pk])
                if units[s].pk != person.unit_id and (
                    person.unit_since is None or on >= person.unit_since
                ):
                    org_services.person_transfer(
                        by=world.office, person=person, unit=units[s], effective_on=on
                    )
                    moved_on[person.pk] = on
            else:
                org_services.person_update(
                    by=world.office,
                    person=person,
                    party_status=[PartyStatus.OFFICIAL, PartyStatus.MASS][days % 2],
                    joined_on=day if days % 3 else None,
                )
        assert_live()

    run()


def test_the_page_of_a_counted_year_runs_a_fixed_number_of_queries(counted, login):
    world = counted
    client = login(world.office)
    urls = [f"/study/rates/{world.committee.pk}/?year={year}" for year in YEARS]
    small = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        small.append(len(queries))
    for i in range(6):
        person = PersonFactory(unit=[world.cell_a, world.cell_b, world.group_a][i % 3])
        if person.unit != world.cell_b:  # movers: counted live, in a fixed number of queries
            org_services.person_transfer(
                by=world.office, person=person, unit=world.cell_b, effective_on=dt.date(2025, 5, 1)
            )
        held(person.unit, at(2025, 2 + i, 3), {person: "present"})
    for url, count in zip(urls, small, strict=True):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len(queries) == count, url
        assert (
            response.context["totals"]
            == live_page(world.committee, int(url[-4:]), "members").totals
        )


@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_person_move_the_units_rows_once(counted):
    """Two transactions record the same person's study in the same month at once
    (PostgreSQL, real threads). The second waits for the first's lock on the person, then
    must read the months the first wrote: read with the lock, in that statement's snapshot,
    it saw none, and the unit's row counted the person twice in the month."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time")
    person = counted.person_a
    # The first waits here holding the person's lock until the barrier gives up; the second
    # is held by that lock inside its recount, never reaches the barrier, and goes on once
    # the first has committed.
    meet = threading.Barrier(2, timeout=3)
    errors = []

    def study(day: dt.date) -> None:
        try:
            with transaction.atomic():
                studied(person, day)
                with contextlib.suppress(threading.BrokenBarrierError):
                    meet.wait()
        except Exception as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=study, args=(dt.date(2026, 3, d),)) for d in (5, 6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert SelfStudy.objects.filter(person=person).count() == 2
    assert_live()
