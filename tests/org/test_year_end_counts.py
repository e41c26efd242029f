"""People per unit on the last day of each counted year (org.YearEndCount): equal to a live
recount after every service that moves people or changes their dates, backdated ones and
random sequences included; counted when a programme year is created and by
rebuild_aggregates; a status change leaves them alone; and a past year's rollup reads them
with the same figures as counted live, in fewer queries. Their sums over the subtrees
(SubtreeYearEndCount) equal a recount after the same steps, are filled by org 0019, and a past
rollup reads them while the tree has not changed since the year's last day."""

from __future__ import annotations

import datetime as dt
import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from lamtheo.org import counts, history, subtree_sums
from lamtheo.org import services as org_services
from lamtheo.org.models import (
    CountedYearEnd,
    Membership,
    Person,
    SubtreeYearEndCount,
    Unit,
    YearEndCount,
)
from lamtheo.programs import queries
from lamtheo.programs import services as program_services
from lamtheo.programs.models import Program
from tests.factories import PersonFactory

YEARS = (2023, 2024, 2025, 2026)


def stored(year: int) -> dict[int, int]:
    rows = YearEndCount.objects.filter(year=year).values_list("unit_id", "people")
    return {unit_id: n for unit_id, n in rows if n}


def live(year: int) -> dict[int, int]:
    """The definition, written out: current people there since then who had not left, and
    past memberships spanning the day."""
    day = dt.date(year, 12, 31)
    found: dict[int, int] = {}
    for unit_id in Person.objects.filter(history.current_on_q(day)).values_list(
        "unit_id", flat=True
    ):
        found[unit_id] = found.get(unit_id, 0) + 1
    for unit_id in Membership.objects.filter(history.past_on_q(day)).values_list(
        "unit_id", flat=True
    ):
        found[unit_id] = found.get(unit_id, 0) + 1
    return found


def assert_live() -> None:
    for year in YEARS:
        assert stored(year) == live(year), year
    assert subtree_sums.stored(counts.YEAR_ENDS) == subtree_sums.live(counts.YEAR_ENDS)


@pytest.fixture
def counted(world):
    counts.count_year_ends(YEARS)
    assert_live()
    return world


def test_backdated_writes_keep_every_year_end(counted):
    world = counted
    admin = world.admin
    new = org_services.person_create(
        by=admin, unit=world.cell_a, full_name="Lê Văn Tám", unit_since=dt.date(2024, 3, 1)
    )
    assert_live()
    assert stored(2023).get(world.cell_a.pk) == 1  # person_a only
    assert stored(2024)[world.cell_a.pk] == 2
    org_services.person_transfer(
        by=admin, person=new, unit=world.cell_b, effective_on=dt.date(2025, 6, 1)
    )
    assert_live()
    assert (stored(2024)[world.cell_a.pk], stored(2025)[world.cell_b.pk]) == (2, 2)
    org_services.person_leave(
        by=admin, person=world.person_b, left_on=dt.date(2024, 5, 1), reason="Chuyển sinh hoạt"
    )
    assert_live()
    assert stored(2023)[world.cell_b.pk] == 1
    assert stored(2025)[world.cell_b.pk] == 1
    org_services.unit_merge(
        by=admin, source=world.cell_b, target=world.cell_a, effective_on=dt.date(2026, 2, 1)
    )
    assert_live()
    assert world.cell_b.pk not in stored(2026)
    assert stored(2025)[world.cell_b.pk] == 1


def test_a_status_change_does_not_touch_them(counted):
    with CaptureQueriesContext(connection) as queries_run:
        org_services.person_update(
            by=counted.admin, person=counted.person_a, party_status="probationary"
        )
    assert not [q for q in queries_run if YearEndCount._meta.db_table in q["sql"]]
    assert_live()


WINDOWS_2025 = {
    "registration_opens": dt.date(2025, 1, 5),
    "registration_closes": dt.date(2025, 2, 28),
    "self_assessment_opens": dt.date(2025, 11, 1),
    "self_assessment_closes": dt.date(2025, 11, 30),
    "evaluation_deadline": dt.date(2025, 12, 20),
}


def program_year_2025(world):
    program = Program.objects.create(
        unit=world.committee, name="Chuyên đề", start_year=2021, end_year=2026
    )
    return program_services.year_create(by=world.office, program=program, year=2025, **WINDOWS_2025)


def test_a_year_is_counted_from_its_first_programme_year(world):
    assert not CountedYearEnd.objects.exists()
    program_year_2025(world)
    assert list(CountedYearEnd.objects.values_list("year", flat=True)) == [2025]
    assert stored(2025) == live(2025) == {world.cell_a.pk: 1, world.cell_b.pk: 1}


def test_rebuild_aggregates_writes_them_again(counted):
    YearEndCount.objects.filter(year=2025).update(people=99)
    call_command("rebuild_aggregates", stdout=io.StringIO())
    assert_live()


def _people_moved_since_2025(world):
    """Three more people in 2021, one of them moved from cell B to cell A in 2026: 2025's
    programme year."""
    past = program_year_2025(world)
    for unit in (world.group_a, world.cell_b, world.cell_b):
        PersonFactory(unit=unit, unit_since=dt.date(2021, 1, 1))
    counts.count_year_ends(YEARS)
    mover = Person.objects.filter(unit=world.cell_b).first()
    org_services.person_transfer(
        by=world.admin, person=mover, unit=world.cell_a, effective_on=dt.date(2026, 1, 10)
    )
    return past


def test_a_past_rollup_reads_them_and_agrees_with_a_live_count(counted):
    """2025 figures of the committee after people moved and left in 2025 and 2026: stored and
    live give the same people per cell; the stored read spends one query, the live two more."""
    world = counted
    past = _people_moved_since_2025(world)
    org_services.person_leave(
        by=world.admin, person=world.person_a, left_on=dt.date(2025, 4, 1), reason="Từ trần"
    )
    assert_live()

    def read():
        with CaptureQueriesContext(connection) as run:
            rollup = queries.progress_rollup(past, world.committee, world.office)
        people = {row.unit.name: row.people for row in rollup.rows}
        total = queries.unit_progress(past, world.committee).people
        return people, total, len(run)

    from_rows = read()
    assert from_rows[:2] == ({"Chi bộ A": 1, "Chi bộ B": 3}, 4)
    CountedYearEnd.objects.filter(year=2025).delete()
    counted_live = read()
    assert counted_live[:2] == from_rows[:2]
    assert counted_live[2] == from_rows[2] + 2


operation = st.tuples(
    st.sampled_from(["create", "transfer", "leave"]),
    st.integers(0, 5),  # person
    st.integers(0, 3),  # unit
    st.dates(dt.date(2023, 1, 1), dt.date(2026, 12, 31)),
)


def test_random_moves_keep_every_year_end(counted):
    world = counted
    units = [world.committee, world.cell_a, world.group_a, world.cell_b]
    for unit in units:
        PersonFactory(unit=unit, unit_since=dt.date(2022, 6, 1))
    counts.count_year_ends(YEARS)

    @hypothesis_settings(
        max_examples=30,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
        deadline=None,
    )
    @given(st.lists(operation, max_size=8))
    def run(ops):
        for kind, p, u, day in ops:
            people = list(Person.objects.filter(left_on__isnull=True).order_by("pk"))
            person = people[p % len(people)] if people else None
            if kind == "create" or person is None:
                org_services.person_create(
                    by=world.admin, unit=units[u], full_name="Đỗ Thị Mai", unit_since=day
                )
            elif kind == "transfer":
                if person.unit_id != units[u].pk and day >= (person.unit_since or day):
                    org_services.person_transfer(
                        by=world.admin, person=person, unit=units[u], effective_on=day
                    )
            elif day >= (person.unit_since or day):  # no departure before joining
                org_services.person_leave(by=world.admin, person=person, left_on=day, reason="")
        assert_live()

    run()


def test_the_migration_fills_the_sums(counted):
    PersonFactory(unit=counted.group_a, unit_since=dt.date(2020, 1, 1))
    counts.count_year_ends(YEARS)
    expected = subtree_sums.stored(counts.YEAR_ENDS)
    assert expected
    SubtreeYearEndCount.objects.all().delete()
    migration = importlib.import_module("lamtheo.org.migrations.0019_subtree_year_ends")
    migration.fill(apps, connection.schema_editor())
    assert subtree_sums.stored(counts.YEAR_ENDS) == expected


def _past_people(past, world):
    with CaptureQueriesContext(connection) as run:
        rollup = queries.progress_rollup(past, world.committee, world.office)
        total = queries.unit_progress(past, world.committee).people
    people = {row.unit.name: row.people for row in rollup.rows if not row.direct}
    summed = any("subtreeyearendcount" in q["sql"].lower() for q in run.captured_queries)
    return people, total, summed


def test_a_past_rollup_reads_the_sums_while_the_tree_is_unchanged(counted):
    """2025's people per cell and in all come from the sums while nothing in the tree began
    or ended since 31/12/2025, from the units' rows once a unit has moved, and agree."""
    world = counted
    past = _people_moved_since_2025(world)
    assert_live()
    people, total, summed = _past_people(past, world)
    assert summed
    assert (people, total) == ({"Chi bộ A": 2, "Chi bộ B": 3}, 5)

    # Today the group moves under cell B: 2025's tree is no longer today's.
    org_services.unit_move(
        by=world.admin, unit=world.group_a, new_parent=world.cell_b, effective_on=dt.date.today()
    )
    assert_live()
    assert Unit.objects.get(pk=world.group_a.pk).path.startswith(
        Unit.objects.get(pk=world.cell_b.pk).path
    )
    people_after, total_after, summed = _past_people(past, world)
    assert not summed
    assert (people_after, total_after) == (people, total)
