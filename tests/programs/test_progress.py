"""Progress rollup, progress table and the reminders hook, against a hand-made world.

committee
├── cell_a: Nguyễn Văn Quang (2 submitted), Trần Thị Bình (approved), Lê Văn An (nothing)
│   └── group_a: Phạm Thị Ánh (returned), Hoàng Đức Dương (a draft only)
└── cell_b: Trần Thị Ánh (evaluated), Đỗ Minh Chính (withdrawn only)
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lamtheo.programs import queries, services
from lamtheo.programs.models import Commitment, CommitmentEvent
from tests.factories import PersonFactory
from tests.programs.conftest import TODAY


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def cells(world, year, commit):
    secretary, office = world.secretary, world.office
    people = {
        "quang": world.person_a,
        "binh": PersonFactory(unit=world.cell_a, full_name="Trần Thị Bình"),
        "an": PersonFactory(unit=world.cell_a, full_name="Lê Văn An"),
        "anh_g": PersonFactory(unit=world.group_a, full_name="Phạm Thị Ánh"),
        "duong": PersonFactory(unit=world.group_a, full_name="Hoàng Đức Dương"),
        "anh_b": world.person_b,
        "chinh": PersonFactory(unit=world.cell_b, full_name="Đỗ Minh Chính"),
    }
    quang = [commit(), commit()]
    binh = commit(person=people["binh"], by=secretary)
    services.commitment_approve(by=secretary, commitment=binh, version=None)
    anh_g = commit(person=people["anh_g"], by=secretary)
    services.commitment_return(
        by=secretary, commitment=anh_g, version=None, comment="Cần cụ thể hơn"
    )
    commit(person=people["duong"], by=secretary, submit=False)
    anh_b = commit(person=people["anh_b"], by=office)
    services.commitment_approve(by=office, commitment=anh_b, version=None)
    services.commitment_evaluate(by=office, commitment=anh_b, version=None, outcome="met")
    chinh = commit(person=people["chinh"], by=office)
    services.commitment_withdraw(by=office, commitment=chinh, version=chinh.version)
    # Submitted on TODAY, returned two days later (services stamp the real clock).
    Commitment.objects.filter(pk__in=[c.pk for c in quang]).update(submitted_at=at(TODAY))
    CommitmentEvent.objects.filter(commitment=anh_g, action="returned").update(
        at=at(TODAY + dt.timedelta(days=2))
    )
    return people


def by_unit(rollup):
    return {row.unit.code if not row.direct else f"{row.unit.code}*": row for row in rollup.rows}


def test_rollup_per_child_unit_of_the_committee(world, year, cells):
    rollup = queries.progress_rollup(year, world.committee, world.office)
    rows = by_unit(rollup)
    assert set(rows) == {"CBA", "CBB"}
    a, b = rows["CBA"], rows["CBB"]
    assert (a.people, a.registered, a.not_registered) == (5, 3, 2)
    assert (a.waiting, a.returned, a.approved, a.self_assessed, a.evaluated) == (1, 1, 1, 0, 0)
    assert (a.not_self_assessed, a.not_evaluated) == (1, 1)
    assert a.statuses == {
        "draft": 1,
        "submitted": 2,
        "returned": 1,
        "approved": 1,
        "self_assessed": 0,
        "evaluated": 0,
    }
    assert (b.people, b.registered, b.approved, b.self_assessed, b.evaluated) == (2, 1, 1, 1, 1)
    assert b.statuses["evaluated"] == 1 and sum(b.statuses.values()) == 1  # withdrawn not listed
    assert (a.registered_rate, b.registered_rate, b.evaluated_rate) == (60, 50, 50)
    # Laggards first: B has registered half its people, A three in five.
    assert [row.unit.code for row in rollup.rows] == ["CBB", "CBA"]
    total = rollup.total
    assert (total.people, total.registered, total.waiting, total.evaluated) == (7, 4, 1, 1)
    assert total.statuses["submitted"] == 2


def test_rollup_of_a_cell_has_its_group_and_its_direct_people(world, year, cells):
    rows = by_unit(queries.progress_rollup(year, world.cell_a, world.secretary))
    assert set(rows) == {"TDA1", "CBA*"}
    group, direct = rows["TDA1"], rows["CBA*"]
    assert (group.people, group.registered, group.returned, group.statuses["draft"]) == (2, 1, 1, 1)
    assert (direct.people, direct.registered, direct.waiting, direct.approved) == (3, 2, 1, 1)


def test_rollup_counts_where_the_commitment_was_made(world, year, cells):
    # Bình moves to cell B: her approved commitment still counts in cell A, where she made it.
    binh = cells["binh"]
    binh.unit = world.cell_b
    binh.save()
    from lamtheo.org.counts import refresh_unit_counts

    refresh_unit_counts([world.cell_a.pk, world.cell_b.pk])
    rows = by_unit(queries.progress_rollup(year, world.committee, world.office))
    assert (rows["CBA"].people, rows["CBA"].registered) == (4, 3)
    assert (rows["CBB"].people, rows["CBB"].registered) == (3, 1)


def test_minimum_of_two_commitments(world, year, cells):
    year.min_commitments = 2
    year.save()
    a = by_unit(queries.progress_rollup(year, world.committee, world.office))["CBA"]
    assert (a.registered, a.approved, a.waiting) == (1, 0, 1)  # only Quang has two


def test_progress_needs_a_grant_covering_the_unit(world, year, cells):
    with pytest.raises(PermissionDenied):
        queries.progress_rollup(year, world.cell_a, world.member)
    with pytest.raises(PermissionDenied):
        queries.progress_table(year, world.cell_a, world.other_secretary)


def names(table):
    return [row.person.full_name for row in table.rows]


def test_table_lists_current_people_in_vietnamese_order_with_flags(world, year, cells):
    table = queries.progress_table(year, world.cell_a, world.secretary)
    assert names(table) == [
        "Lê Văn An",
        "Phạm Thị Ánh",
        "Trần Thị Bình",
        "Hoàng Đức Dương",
        "Nguyễn Văn Quang",
    ]
    flags = {row.person.full_name: row.flags for row in table.rows}
    assert flags["Lê Văn An"] == {"not_registered"}
    assert flags["Phạm Thị Ánh"] == {"returned"}
    assert flags["Trần Thị Bình"] == {"not_self_assessed", "not_evaluated"}
    assert flags["Hoàng Đức Dương"] == {"not_registered"}
    assert flags["Nguyễn Văn Quang"] == {"waiting"}
    quang = next(r for r in table.rows if r.person.pk == world.person_a.pk)
    assert [c["status"] for c in quang.commitments] == ["submitted", "submitted"]
    assert table.page.paginator.count == 5
    assert table.totals.step_counts() == {
        "not_registered": 2,
        "waiting": 1,
        "returned": 1,
        "not_self_assessed": 1,
        "not_evaluated": 1,
        "evaluated": 0,
    }


@pytest.mark.parametrize(
    "step,expected",
    [
        ("not_registered", ["Lê Văn An", "Đỗ Minh Chính", "Hoàng Đức Dương"]),
        ("waiting", ["Nguyễn Văn Quang"]),
        ("returned", ["Phạm Thị Ánh"]),
        ("not_self_assessed", ["Trần Thị Bình"]),
        ("not_evaluated", ["Trần Thị Bình"]),
        ("evaluated", ["Trần Thị Ánh"]),
    ],
)
def test_table_filters_by_step_and_counts_agree(world, year, cells, step, expected):
    table = queries.progress_table(year, world.committee, world.office, step=step)
    assert names(table) == expected
    assert table.step == step
    assert table.page.paginator.count == len(expected) == table.totals.step_counts()[step]


def test_table_pages_by_fifty(world, year, cells):
    for i in range(60):
        PersonFactory(unit=world.group_a, full_name=f"Vũ Văn Số{i:02d}")
    first = queries.progress_table(year, world.cell_a, world.secretary, page=1)
    second = queries.progress_table(year, world.cell_a, world.secretary, page=2)
    assert len(first.rows) == 50 and len(second.rows) == 15
    assert first.page.paginator.count == 65 and first.page.paginator.num_pages == 2


def test_table_and_rollup_run_a_fixed_number_of_queries(
    world, year, cells, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(fn):
        world.office.__dict__.pop("_lamtheo_scope", None)
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return len(ctx.captured_queries)

    table = lambda: queries.progress_table(year, world.committee, world.office)  # noqa: E731
    rollup = lambda: queries.progress_rollup(year, world.committee, world.office)  # noqa: E731
    few = (count(table), count(rollup))
    for i in range(30):
        person = PersonFactory(unit=world.cell_b, full_name=f"Vũ Văn Số{i:02d}")
        services.commitment_create(
            by=world.office, year=year, person=person, submit=True, today=TODAY, **_commitment()
        )
    assert (count(table), count(rollup)) == few


def _commitment():
    from tests.programs.conftest import COMMITMENT

    return COMMITMENT


# -- the reminders hook ----------------------------------------------------------------------


def steps(entries):
    return sorted(
        (e.step, e.person.full_name if e.person else e.unit.name, e.since, len(e.commitments))
        for e in entries
    )


def test_late_register_only_after_registration_closes(world, year, cells):
    closes = year.registration_closes
    assert [e for e in queries.late(world.cell_a, closes) if e.step == "register"] == []
    late = [
        e for e in queries.late(world.cell_a, closes + dt.timedelta(days=1)) if e.step == "register"
    ]
    assert steps(late) == [
        ("register", "Hoàng Đức Dương", closes + dt.timedelta(days=1), 0),
        ("register", "Lê Văn An", closes + dt.timedelta(days=1), 0),
    ]
    everyone = queries.late(world.committee, closes + dt.timedelta(days=1))
    assert "Đỗ Minh Chính" in {e.person.full_name for e in everyone if e.step == "register"}


def test_late_resubmit_from_the_day_it_was_returned(world, year, cells):
    returned = TODAY + dt.timedelta(days=2)
    assert not [
        e
        for e in queries.late(world.cell_a, returned - dt.timedelta(days=1))
        if e.step == "resubmit"
    ]
    late = [e for e in queries.late(world.cell_a, returned) if e.step == "resubmit"]
    assert steps(late) == [("resubmit", "Phạm Thị Ánh", returned, 1)]


def test_late_approve_after_fourteen_days_or_a_week_after_closing(world, year, cells):
    # Submitted on 10/02: late from 25/02 (waiting more than 14 days).
    assert not [e for e in queries.late(world.cell_a, dt.date(2026, 2, 24)) if e.step == "approve"]
    late = [e for e in queries.late(world.cell_a, dt.date(2026, 2, 25)) if e.step == "approve"]
    assert steps(late) == [("approve", "Nguyễn Văn Quang", dt.date(2026, 2, 25), 2)]
    # Submitted on 30/03, the day before registration closes: late a week after closing.
    Commitment.objects.filter(person=world.person_a).update(submitted_at=at(dt.date(2026, 3, 30)))
    assert not [e for e in queries.late(world.cell_a, dt.date(2026, 4, 7)) if e.step == "approve"]
    late = [e for e in queries.late(world.cell_a, dt.date(2026, 4, 8)) if e.step == "approve"]
    assert [e.since for e in late] == [dt.date(2026, 4, 8)]


def test_late_self_assess_and_evaluate_after_their_deadlines(world, year, cells):
    closes, deadline = year.self_assessment_closes, year.evaluation_deadline
    on_close = {e.step for e in queries.late(world.cell_a, closes)}
    assert "self_assess" not in on_close and "evaluate" not in on_close
    after = [
        e
        for e in queries.late(world.cell_a, closes + dt.timedelta(days=1))
        if e.step in ("self_assess", "evaluate")
    ]
    assert steps(after) == [("self_assess", "Trần Thị Bình", closes + dt.timedelta(days=1), 1)]
    after = [
        e
        for e in queries.late(world.cell_a, deadline + dt.timedelta(days=1))
        if e.step in ("self_assess", "evaluate")
    ]
    assert steps(after) == [
        ("evaluate", "Trần Thị Bình", deadline + dt.timedelta(days=1), 1),
        ("self_assess", "Trần Thị Bình", closes + dt.timedelta(days=1), 1),
    ]


def test_late_follows_the_year_status(world, year, cells):
    on = dt.date(2026, 4, 15)
    assert {e.step for e in queries.late(world.cell_a, on)} == {"register", "resubmit", "approve"}
    services.year_advance(by=world.office, year=year)  # under evaluation
    assert {e.step for e in queries.late(world.cell_a, on)} == {"approve"}
    year.refresh_from_db()
    services.year_advance(by=world.office, year=year)  # closed
    assert queries.late(world.cell_a, on) == []
    assert queries.late(world.cell_a, on, year=year) == []


def test_late_lists_collective_commitments_by_their_unit(world, year, cells):
    collective = services.commitment_create(
        by=world.secretary,
        year=year,
        unit=world.group_a,
        submit=True,
        today=TODAY,
        **_commitment(),
    )
    Commitment.objects.filter(pk=collective.pk).update(submitted_at=at(TODAY))
    late = [e for e in queries.late(world.cell_a, dt.date(2026, 3, 1)) if e.step == "approve"]
    assert steps(late) == [
        ("approve", "Nguyễn Văn Quang", dt.date(2026, 2, 25), 2),
        ("approve", "Tổ đảng A1", dt.date(2026, 2, 25), 1),
    ]
    (entry,) = [e for e in late if e.person is None]
    assert entry.unit == world.group_a and entry.commitments == (collective.pk,)


def test_late_runs_a_fixed_number_of_queries(world, year, cells, django_assert_num_queries):
    on = dt.date(2026, 4, 15)
    with django_assert_num_queries(3):
        queries.late(world.committee, on)
    for i in range(20):
        PersonFactory(unit=world.cell_b, full_name=f"Vũ Văn Số{i:02d}")
    with django_assert_num_queries(3):
        assert len(queries.late(world.committee, on)) > 20


def test_late_covers_programmes_run_inside_the_unit(world, year, cells):
    from tests.programs.conftest import WINDOWS

    inner = services.program_create(
        by=world.office,
        unit=world.cell_b,
        name="Chương trình của Chi bộ B",
        start_year=2026,
        end_year=2026,
    )
    inner_year = services.year_create(by=world.office, program=inner, year=2026, **WINDOWS)
    services.year_advance(by=world.office, year=inner_year)
    on = year.registration_closes + dt.timedelta(days=1)
    by_year = {}
    for entry in queries.late(world.committee, on):
        if entry.step == "register":
            by_year.setdefault(entry.year.pk, set()).add(entry.person.full_name)
    assert by_year[inner_year.pk] == {"Trần Thị Ánh", "Đỗ Minh Chính"}
    assert "Lê Văn An" in by_year[year.pk] and "Trần Thị Ánh" not in by_year[year.pk]
    assert {e.year.pk for e in queries.late(world.cell_a, on)} == {year.pk}
