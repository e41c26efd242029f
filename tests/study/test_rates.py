"""The participation rate (lamtheo.study.rates): the one definition, through its functions.

Everything here is computed from dates and whole numbers, so the same tests run on SQLite and
PostgreSQL (DATABASE_URL) and must give the same numbers. The helpers at the top (`at`,
`held`, `studied`) are shared by the page and export tests.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from decimal import Decimal

import pytest

from lamtheo.accounts.scoping import scope_of
from lamtheo.org import services as org_services
from lamtheo.org.models import Membership, Person, Unit
from lamtheo.study import attendance, rate_people, rates
from lamtheo.study.models import (
    TOOK_PART,
    Attendance,
    ConnectionPoint,
    Invitation,
    SelfStudy,
    StudySession,
)
from tests.factories import PersonFactory, UnitFactory

TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
MEMBERS = rates.Population.MEMBERS
EVERYONE = rates.Population.EVERYONE
YEAR = 2025
Y_START, Y_END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


def at(year, month, day, hour=8, minute=0) -> dt.datetime:
    """A moment in Hà Nội time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


def held(
    unit,
    when,
    marks=None,
    *,
    title="Sinh hoạt chi bộ",
    status="published",
    counts=True,
    kind="cell_meeting",
    points=(),
    place="",
):
    """A session hosted by `unit` at `when`; `marks` maps people to an attendance status (None:
    invited, not recorded). `points` are (name, unit) connection points; a mark may be
    (status, point index) to record where the person followed it from."""
    session = StudySession.objects.create(
        unit=unit,
        title=title,
        kind=kind,
        starts_at=when,
        ends_at=when + dt.timedelta(hours=2),
        status=status,
        counts_for_participation=counts,
        place=place,
    )
    made = [
        ConnectionPoint.objects.create(session=session, name=name, unit=point_unit)
        for name, point_unit in points
    ]
    for person, mark in (marks or {}).items():
        point = None
        if isinstance(mark, tuple):
            mark, index = mark
            point = made[index]
        Invitation.objects.create(session=session, person=person, unit=person.unit, point=point)
        if mark:
            Attendance.objects.create(
                session=session,
                person=person,
                unit=person.unit,
                status=mark,
                method="manual",
                point=point,
                checked_in_at=when + dt.timedelta(minutes=5) if mark in TOOK_PART else None,
            )
    return session


def studied(person, day, material="Tài liệu chuyên đề năm 2025", minutes=None):
    return SelfStudy.objects.create(
        person=person, unit=person.unit, studied_on=day, material=material, minutes=minutes
    )


def year_totals(unit, population=MEMBERS) -> rates.Totals:
    return rates.participation(unit, Y_START, Y_END, population)


def month_totals(unit, month, population=MEMBERS) -> rates.Totals:
    return rates.participation(unit, *rates.month_bounds(YEAR, month), population)


def in_scope(unit, start=Y_START, end=Y_END, population=MEMBERS) -> set[str]:
    people = rates.people_in_scope(unit, start, end, population)
    return set(people.values_list("full_name", flat=True))


# -- the rate itself ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "part,whole,expected",
    [
        (0, 0, None),
        (0, 5, Decimal("0.0")),
        (5, 5, Decimal("100.0")),
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (1, 8, Decimal("12.5")),
        (1, 16, Decimal("6.3")),  # 6.25: half up
        (1999, 2000, Decimal("99.9")),  # 99.95 would round to 100.0: never without everyone
        (1, 20000, Decimal("0.1")),  # 0.005: never 0.0 when someone took part
        (19999, 20000, Decimal("99.9")),
    ],
)
def test_rate_one_decimal_half_up_100_only_when_all(part, whole, expected):
    assert rates.rate(part, whole) == expected
    if expected is not None:
        assert str(expected) == str(rates.rate(part, whole))  # one decimal, always


def test_month_and_year_bounds():
    assert rates.month_bounds(2024, 2) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert rates.month_bounds(2025, 12) == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert rates.year_bounds(2025) == (Y_START, Y_END)
    t0, t1 = rates.local_bounds(dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    assert t0 == at(2025, 1, 1, 0) and t1 == at(2025, 2, 1, 0)
    assert t0.utcoffset() == dt.timedelta(hours=7)


def test_unknown_population_is_refused(world):
    with pytest.raises(ValueError):
        rates.participation(world.cell_a, Y_START, Y_END, "friends")


# -- who is counted ----------------------------------------------------------------------------


def test_members_or_everyone(world):
    a = world.person_a  # full member
    probation = PersonFactory(unit=world.cell_a, full_name="Lê Thu Hà", party_status="probationary")
    elite = PersonFactory(unit=world.cell_a, full_name="Phạm Minh Dương", party_status="elite_mass")
    worker = PersonFactory(unit=world.group_a, full_name="Bùi Văn Hùng", party_status="mass")
    held(world.cell_a, at(2025, 3, 5), {a: "present", probation: "absent", worker: "late"})

    members = year_totals(world.cell_a, MEMBERS)
    assert (members.people, members.took_part, members.rate) == (2, 1, Decimal("50.0"))
    everyone = year_totals(world.cell_a, EVERYONE)
    assert (everyone.people, everyone.took_part, everyone.rate) == (4, 2, Decimal("50.0"))
    assert in_scope(world.cell_a, population=EVERYONE) == {
        a.full_name,
        probation.full_name,
        elite.full_name,
        worker.full_name,
    }
    # The committee counts the same people of cell A plus cell B's member.
    assert year_totals(world.committee, MEMBERS).people == 3


def test_joined_the_party_after_the_period_is_not_a_member_then(world):
    late_joiner = PersonFactory(
        unit=world.cell_a,
        full_name="Đỗ Thanh Bình",
        party_status="probationary",
        joined_on=dt.date(2026, 2, 3),
    )
    assert late_joiner.full_name not in in_scope(world.cell_a, population=MEMBERS)
    assert late_joiner.full_name in in_scope(world.cell_a, population=EVERYONE)
    # In 2026 they are a member.
    assert late_joiner.full_name in in_scope(
        world.cell_a, dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    )
    # Joined on the last day of the period: a member for that period.
    assert late_joiner.full_name in in_scope(world.cell_a, dt.date(2026, 2, 1), dt.date(2026, 2, 3))


def test_in_the_unit_at_some_time_in_the_period(world):
    newcomer = PersonFactory(
        unit=world.cell_a, full_name="Vũ Ngọc Lan", unit_since=dt.date(2026, 1, 5)
    )
    december = PersonFactory(
        unit=world.cell_a, full_name="Hoàng Đức Chính", unit_since=dt.date(2025, 12, 31)
    )
    gone = PersonFactory(unit=world.cell_a, full_name="Ngô Thị Yến")
    org_services.person_leave(
        by=world.office, person=gone, left_on=dt.date(2024, 12, 31), reason="x"
    )
    left_on_new_year = PersonFactory(unit=world.cell_a, full_name="Đặng Văn An")
    org_services.person_leave(
        by=world.office, person=left_on_new_year, left_on=dt.date(2025, 1, 1), reason="Nghỉ hưu"
    )
    people = in_scope(world.cell_a)
    assert newcomer.full_name not in people  # came after the period
    assert gone.full_name not in people  # left before it
    assert december.full_name in people  # came on its last day
    assert left_on_new_year.full_name in people  # left on its first day
    assert people == {world.person_a.full_name, december.full_name, left_on_new_year.full_name}
    # Month by month: December's newcomer only in December.
    rows = rates.participation_by_month(world.cell_a, YEAR, MEMBERS)
    assert [r.totals.people for r in rows] == [2] + [1] * 10 + [2]


def test_moved_between_units_counts_in_both_and_once_above(world):
    mover = PersonFactory(unit=world.cell_a, full_name="Trần Quốc Hùng")
    org_services.person_transfer(
        by=world.office, person=mover, unit=world.cell_b, effective_on=dt.date(2025, 6, 1)
    )
    held(world.cell_b, at(2025, 7, 10), {mover: "present", world.person_b: "present"})

    cell_a, cell_b = year_totals(world.cell_a), year_totals(world.cell_b)
    committee = year_totals(world.committee)
    assert mover.full_name in in_scope(world.cell_a) and mover.full_name in in_scope(world.cell_b)
    # Membership decides who counts for a unit, not where they took part: cell A counts the
    # mover's July meeting in cell B.
    assert (cell_a.people, cell_a.took_part) == (2, 1)
    assert (cell_b.people, cell_b.took_part) == (2, 2)
    assert (committee.people, committee.took_part) == (3, 2)
    children = {
        row.unit.pk: row.totals
        for row in rates.participation_by_child(world.committee, Y_START, Y_END, MEMBERS)
    }
    assert children == {world.cell_a.pk: cell_a, world.cell_b.pk: cell_b}
    assert sum(t.people for t in children.values()) == committee.people + 1

    # Month by month: in cell A until May, in cell B from June (the transfer day) on.
    a_months = [r.totals.people for r in rates.participation_by_month(world.cell_a, YEAR, MEMBERS)]
    b_months = [r.totals.people for r in rates.participation_by_month(world.cell_b, YEAR, MEMBERS)]
    assert a_months == [2] * 5 + [1] * 7
    assert b_months == [1] * 5 + [2] * 7
    assert month_totals(world.committee, 6).people == 3


def test_moved_within_a_child_counts_once_in_it(world):
    mover = PersonFactory(unit=world.cell_a, full_name="Phạm Văn Quang")
    org_services.person_transfer(
        by=world.office, person=mover, unit=world.group_a, effective_on=dt.date(2025, 4, 1)
    )
    studied(mover, dt.date(2025, 8, 1))
    rows = rates.participation_by_child(world.committee, Y_START, Y_END, MEMBERS)
    by_unit = {row.unit.pk: row.totals for row in rows}
    assert (by_unit[world.cell_a.pk].people, by_unit[world.cell_a.pk].took_part) == (2, 1)
    # Within cell A: directly in it (until April) and in group A1 (from April).
    inner = rates.participation_by_child(world.cell_a, Y_START, Y_END, MEMBERS)
    assert [(row.direct, row.unit.pk, row.totals.people) for row in inner] == [
        (True, world.cell_a.pk, 2),
        (False, world.group_a.pk, 1),
    ]


def test_moved_after_the_period_still_counts_where_they_were(world):
    org_services.person_transfer(
        by=world.office, person=world.person_a, unit=world.cell_b, effective_on=dt.date(2026, 3, 1)
    )
    assert world.person_a.full_name in in_scope(world.cell_a)
    assert world.person_a.full_name not in in_scope(world.cell_b)


# -- who took part -----------------------------------------------------------------------------


def test_excused_and_absent_do_not_take_part(world):
    worker = PersonFactory(unit=world.cell_a, party_status="mass")
    held(world.cell_a, at(2025, 3, 5), {world.person_a: "excused", worker: "absent"})
    held(world.cell_a, at(2025, 4, 5), {world.person_a: None, worker: None})
    totals = year_totals(world.cell_a, EVERYONE)
    assert (totals.people, totals.took_part, totals.never, totals.rate) == (2, 0, 2, Decimal("0.0"))
    page = rate_people.never_present(world.cell_a, Y_START, Y_END, EVERYONE)
    assert {p.pk for p in page.object_list} == {world.person_a.pk, worker.pk}


def test_late_takes_part(world):
    held(world.cell_a, at(2025, 3, 5), {world.person_a: "late"})
    assert year_totals(world.cell_a).rate == Decimal("100.0")


@pytest.mark.parametrize(
    "status,counts", [("draft", True), ("cancelled", True), ("published", False)]
)
def test_sessions_that_do_not_count(world, status, counts):
    held(world.cell_a, at(2025, 3, 5), {world.person_a: "present"}, status=status, counts=counts)
    totals = year_totals(world.cell_a)
    assert (totals.people, totals.took_part, totals.rate) == (1, 0, Decimal("0.0"))
    assert rates.activity(world.cell_a, Y_START, Y_END) == rates.Activity()


def test_self_study_counts(world):
    studied(world.person_a, dt.date(2025, 9, 30))
    studied(world.person_b, dt.date(2024, 12, 31))  # the year before
    held(world.cell_b, at(2025, 2, 1), {world.person_b: "absent"})
    totals = year_totals(world.committee)
    assert totals == rates.Totals(
        people=2, took_part=1, sessions=0, self_study=1, self_study_only=1
    )
    assert totals.sessions_only == 0 and totals.never == 1
    september = month_totals(world.committee, 9)
    assert (september.took_part, september.self_study) == (1, 1)
    assert month_totals(world.committee, 10).took_part == 0


def test_session_and_self_study_count_once(world):
    held(world.cell_a, at(2025, 3, 5), {world.person_a: "present"})
    held(world.cell_a, at(2025, 4, 5), {world.person_a: "present"})
    studied(world.person_a, dt.date(2025, 3, 6))
    totals = year_totals(world.cell_a)
    assert totals == rates.Totals(
        people=1, took_part=1, sessions=1, self_study=1, self_study_only=0
    )


def test_100_only_when_everyone_took_part(world):
    others = [PersonFactory(unit=world.cell_a) for _ in range(3)]
    marks = dict.fromkeys(others, "present")
    held(world.cell_a, at(2025, 5, 5), {**marks, world.person_a: "excused"})
    assert year_totals(world.cell_a).rate == Decimal("75.0")
    studied(world.person_a, dt.date(2025, 5, 20))
    assert year_totals(world.cell_a).rate == Decimal("100.0")


def test_no_rate_when_nobody_is_in_scope(world):
    totals = year_totals(world.group_a, EVERYONE)
    assert totals == rates.Totals() and totals.rate is None
    assert all(
        r.totals.rate is None for r in rates.participation_by_month(world.group_a, YEAR, MEMBERS)
    )
    assert rate_people.never_present(world.group_a, Y_START, Y_END, MEMBERS).paginator.count == 0
    page, rows = rate_people.evidence(world.group_a, Y_START, Y_END, MEMBERS)
    assert rows == [] and page.paginator.count == 0


def test_month_boundaries_in_local_time(world):
    # 23:30 in Hà Nội on 31 January is 16:30 UTC: January.
    held(world.cell_a, at(2025, 1, 31, 23, 30), {world.person_a: "present"})
    # 00:15 on 1 March is still 28 February in UTC: March.
    held(world.cell_b, at(2025, 3, 1, 0, 15), {world.person_b: "present"})
    # 23:30 on 31 December 2024 is the year before.
    held(world.cell_b, at(2024, 12, 31, 23, 30), {world.person_b: "present"})
    rows = rates.participation_by_month(world.committee, YEAR, MEMBERS)
    assert [r.totals.took_part for r in rows] == [1, 0, 1] + [0] * 9
    assert month_totals(world.cell_a, 1).took_part == 1
    assert month_totals(world.cell_b, 2).took_part == 0
    assert (
        rates.participation(
            world.cell_b, dt.date(2024, 12, 1), dt.date(2024, 12, 31), MEMBERS
        ).took_part
        == 1
    )
    # The same session day on the evidence list: the local day.
    _page, rows = rate_people.evidence(world.cell_a, *rates.month_bounds(YEAR, 1), MEMBERS)
    assert [item.day for item in rows[0].items] == [dt.date(2025, 1, 31)]


def test_where_they_took_part_does_not_matter(world):
    """A member of cell A sent to cell B's meeting took part (for cell A)."""
    held(world.cell_b, at(2025, 3, 5), {world.person_a: "present", world.person_b: "absent"})
    assert year_totals(world.cell_a).took_part == 1
    assert year_totals(world.cell_b).took_part == 0
    activity = rates.activity(world.cell_b, Y_START, Y_END)
    assert (activity.sessions, activity.attendances) == (1, 1)
    assert rates.activity(world.cell_a, Y_START, Y_END).sessions == 0


def test_activity_counts_what_the_subtree_organised(world):
    held(
        world.cell_a,
        at(2025, 3, 5),
        {world.person_a: ("present", 0), world.person_b: ("late", 1)},
        points=[("Hội trường Chi bộ A", world.cell_a), ("Phòng họp tầng 2", None)],
    )
    held(world.group_a, at(2025, 4, 5), {world.person_a: "excused"})
    held(world.committee, at(2025, 4, 5), {world.person_a: "present"})  # not in cell A's subtree
    held(world.cell_a, at(2025, 4, 9), {world.person_a: "present"}, status="cancelled")
    studied(world.person_a, dt.date(2025, 6, 1))
    studied(world.person_b, dt.date(2025, 6, 1))
    assert rates.activity(world.cell_a, Y_START, Y_END) == rates.Activity(
        sessions=2, points=2, attendances=2, self_study=1
    )


# -- the people behind the numbers -------------------------------------------------------------


def test_never_present_and_evidence_split_the_people(world):
    an = PersonFactory(unit=world.cell_a, full_name="Đỗ Minh An")
    yen = PersonFactory(unit=world.group_a, full_name="Nguyễn Thị Yến")
    anh = PersonFactory(unit=world.cell_a, full_name="Phạm Thị Ánh")
    held(
        world.cell_a,
        at(2025, 3, 5, 14),
        {an: ("present", 0), yen: "late", anh: "excused", world.person_a: "absent"},
        title="Học tập chuyên đề năm 2025",
        points=[("Điểm cầu Chi bộ A", world.cell_a)],
    )
    studied(yen, dt.date(2025, 2, 1), "Tác phẩm “Sửa đổi lối làm việc”", minutes=45)

    never = rate_people.never_present(world.cell_a, Y_START, Y_END, MEMBERS)
    # Vietnamese order: by given name (Ánh after An, Quang).
    assert [p.full_name for p in never.object_list] == ["Phạm Thị Ánh", "Nguyễn Văn Quang"]
    page, rows = rate_people.evidence(world.cell_a, Y_START, Y_END, MEMBERS)
    assert page.paginator.count == 2
    assert [row.person.full_name for row in rows] == ["Đỗ Minh An", "Nguyễn Thị Yến"]
    (an_item,) = rows[0].items
    assert (an_item.title, an_item.where, an_item.point, an_item.status) == (
        "Học tập chuyên đề năm 2025",
        "Chi bộ A",
        "Điểm cầu Chi bộ A",
        "present",
    )
    assert an_item.day == dt.date(2025, 3, 5) and an_item.at == at(2025, 3, 5, 14, 5)
    study, meeting = rows[1].items  # in date order
    assert study.self_study and study.title.startswith("Tác phẩm") and study.minutes == 45
    assert meeting.status == "late" and meeting.point == ""
    totals = year_totals(world.cell_a)
    assert (totals.took_part, totals.never) == (page.paginator.count, never.paginator.count)


def test_evidence_hides_what_the_reader_may_not_see(world):
    """The secretary of cell A sees that a newcomer from cell B took part there, not in what."""
    newcomer = PersonFactory(unit=world.cell_b, full_name="Lê Văn Bình")
    held(world.cell_b, at(2025, 2, 5), {newcomer: "present"}, title="Sinh hoạt chi bộ B tháng 2")
    studied(newcomer, dt.date(2025, 2, 10), "Tài liệu riêng của chi bộ B")
    org_services.person_transfer(
        by=world.office, person=newcomer, unit=world.cell_a, effective_on=dt.date(2025, 3, 1)
    )
    held(world.cell_a, at(2025, 4, 5), {newcomer: "present"}, title="Sinh hoạt chi bộ A tháng 4")

    _page, rows = rate_people.evidence(world.cell_a, Y_START, Y_END, MEMBERS, user=world.secretary)
    (row,) = rows
    assert [(e.day, e.hidden, e.title, e.where) for e in row.items] == [
        (dt.date(2025, 2, 5), True, "", ""),
        (dt.date(2025, 2, 10), True, "", ""),
        (dt.date(2025, 4, 5), False, "Sinh hoạt chi bộ A tháng 4", "Chi bộ A"),
    ]
    _page, rows = rate_people.evidence(world.cell_a, Y_START, Y_END, MEMBERS, user=world.office)
    assert not any(e.hidden for e in rows[0].items)


def test_lists_run_a_fixed_number_of_queries(world, django_assert_num_queries):
    scope_of(world.secretary)  # the reader's grants, read once per request

    def run():
        with django_assert_num_queries(1):
            rates.participation(world.committee, Y_START, Y_END, MEMBERS)
        with django_assert_num_queries(1):
            rates.participation_by_month(world.committee, YEAR, EVERYONE)
        with django_assert_num_queries(2):
            rates.participation_by_child(world.committee, Y_START, Y_END, MEMBERS)
        with django_assert_num_queries(1):
            rates.activity(world.committee, Y_START, Y_END)
        with django_assert_num_queries(2):
            list(rate_people.never_present(world.committee, Y_START, Y_END, MEMBERS).object_list)
        with django_assert_num_queries(6):
            rate_people.evidence(world.committee, Y_START, Y_END, MEMBERS, user=world.secretary)

    held(world.cell_a, at(2025, 3, 5), {world.person_a: "present"})
    studied(world.person_a, dt.date(2025, 3, 8))
    PersonFactory(unit=world.cell_b)
    run()
    people = [PersonFactory(unit=world.group_a) for _ in range(12)]
    held(world.group_a, at(2025, 6, 5), dict.fromkeys(people[:6], "present"))
    for person in people[6:9]:
        studied(person, dt.date(2025, 7, 1))
    run()


# -- one session -------------------------------------------------------------------------------


def test_counts_per_session_and_per_point(world):
    people = [PersonFactory(unit=world.cell_a) for _ in range(6)]
    session = held(
        world.committee,
        at(2025, 5, 19, 8),
        {
            people[0]: ("present", 0),
            people[1]: ("late", 0),
            people[2]: ("excused", 1),
            people[3]: ("present", 1),
            people[4]: "absent",
            people[5]: None,
            world.person_b: (None, 0),
        },
        points=[("Hội trường Đảng ủy Khối", world.committee), ("Điểm cầu Chi bộ A", world.cell_a)],
        kind="key_cadre",
    )
    counts = attendance.session_counts(session)
    table = [
        (
            row.point.name if row.point else None,
            row.invited,
            row.present,
            row.late,
            row.excused,
            row.absent,
            row.not_recorded,
            row.rate,
        )
        for row in counts.points
    ]
    assert table == [
        ("Hội trường Đảng ủy Khối", 3, 1, 1, 0, 0, 1, Decimal("66.7")),
        ("Điểm cầu Chi bộ A", 2, 1, 0, 1, 0, 0, Decimal("50.0")),
        (None, 2, 0, 0, 0, 1, 1, Decimal("0.0")),
    ]
    total = counts.total
    assert (total.invited, total.took_part, total.excused, total.absent, total.not_recorded) == (
        7,
        3,
        1,
        1,
        2,
    )
    assert total.rate == Decimal("42.9")


def test_the_check_in_point_wins_over_the_invitation(world):
    session = held(
        world.committee,
        at(2025, 5, 19),
        {world.person_a: (None, 0)},
        points=[("Hội trường", world.committee), ("Điểm cầu Chi bộ A", world.cell_a)],
    )
    Attendance.objects.create(
        session=session,
        person=world.person_a,
        unit=world.cell_a,
        status="present",
        method="qr",
        point=session.points.get(name="Điểm cầu Chi bộ A"),
        checked_in_at=at(2025, 5, 19, 8, 2),
    )
    counts = attendance.session_counts(session)
    assert [(r.point.name, r.invited, r.present) for r in counts.points] == [
        ("Hội trường", 0, 0),
        ("Điểm cầu Chi bộ A", 1, 1),
    ]
    (line,) = attendance.attendance_list(session)
    assert (line.point, line.status) == ("Điểm cầu Chi bộ A", "present")


def test_session_with_nobody_invited(world, django_assert_num_queries):
    session = held(world.cell_a, at(2025, 5, 19), points=[("Chi bộ A", world.cell_a)])
    with django_assert_num_queries(2):
        counts = attendance.session_counts(session)
    assert counts.total.invited == 0 and counts.total.rate is None
    assert [r.point.name for r in counts.points] == ["Chi bộ A"]
    assert attendance.attendance_list(session) == []


def test_attendance_list_in_vietnamese_order(world, django_assert_num_queries):
    yen = PersonFactory(unit=world.group_a, full_name="Nguyễn Thị Yến")
    an = PersonFactory(unit=world.cell_b, full_name="Đỗ Minh An")
    session = held(
        world.committee,
        at(2025, 5, 19),
        {world.person_a: "late", yen: None, an: "present", world.person_b: "excused"},
    )
    with django_assert_num_queries(1):
        lines = attendance.attendance_list(session)
    assert [(li.number, li.name, li.unit, li.status) for li in lines] == [
        (1, "Đỗ Minh An", "Chi bộ B", "present"),
        (2, "Trần Thị Ánh", "Chi bộ B", "excused"),
        (3, "Nguyễn Văn Quang", "Chi bộ A", "late"),
        (4, "Nguyễn Thị Yến", "Tổ đảng A1", ""),
    ]
    assert lines[0].checked_in_at == at(2025, 5, 19, 8, 5) and lines[3].checked_in_at is None


# -- the definition, against a plain Python reading of it -------------------------------------


def _reference(unit, start, end, population, people, memberships, sessions, attendance, studies):
    """(people in scope, took part) for `unit`, computed in Python from the docstring."""

    def inside(path):
        return path.startswith(unit.path)

    counted = set()
    for p in people.values():
        if population == MEMBERS and not (
            p["status"] in ("official", "probationary")
            and (p["joined_on"] is None or p["joined_on"] <= end)
        ):
            continue
        current = (
            inside(p["path"])
            and (p["unit_since"] is None or p["unit_since"] <= end)
            and (p["left_on"] is None or p["left_on"] >= start)
        )
        past = any(
            inside(path) and (started is None or started <= end) and ended > start
            for person_id, path, started, ended in memberships
            if person_id == p["pk"]
        )
        if current or past:
            counted.add(p["pk"])
    took = set()
    for person_id, session_id, status in attendance:
        s = sessions[session_id]
        day = s["starts_at"].astimezone(TZ).date()
        if (
            status in TOOK_PART
            and s["status"] == "published"
            and s["counts"]
            and start <= day <= end
        ):
            took.add(person_id)
    took |= {person_id for person_id, day in studies if start <= day <= end}
    return len(counted), len(counted & took)


@pytest.mark.parametrize("seed", [1, 2])
def test_random_data_agrees_with_the_definition(world, seed):
    rng = random.Random(seed)
    closed = UnitFactory(parent=world.committee, name="Chi bộ đã giải thể")
    closed.closed_on = dt.date(2025, 6, 30)
    closed.save()
    units = [world.committee, world.cell_a, world.group_a, world.cell_b, closed]
    units = [Unit.objects.get(pk=u.pk) for u in units]

    def day(lo=dt.date(2024, 11, 1), span=500):
        return lo + dt.timedelta(days=rng.randrange(span))

    for n in range(40):
        status = rng.choice(["official", "official", "probationary", "elite_mass", "mass"])
        since = day()
        person = PersonFactory(
            unit=rng.choice(units),
            full_name=f"Người Thử {n}",
            party_status=status,
            joined_on=rng.choice([None, day(dt.date(2023, 1, 1), 1200)]),
            unit_since=rng.choice([None, since]),
            left_on=rng.choice([None, None, None, day()]),
        )
        # Zero to two earlier units, each ending the day the next began.
        ended = since
        for _ in range(rng.randrange(3)):
            started = ended - dt.timedelta(days=rng.randrange(1, 200))
            Membership.objects.create(
                person=person,
                unit=rng.choice(units),
                started_on=rng.choice([started, None]),
                ended_on=ended,
            )
            ended = started
    everyone = list(Person.objects.all())
    for n in range(25):
        when = dt.datetime.combine(
            day(), dt.time(rng.choice([0, 7, 16, 17, 23]), rng.choice([0, 30])), TZ
        )
        session = StudySession.objects.create(
            unit=rng.choice(units),
            title=f"Buổi {n}",
            kind="cell_meeting",
            starts_at=when,
            ends_at=when + dt.timedelta(hours=1),
            status=rng.choice(["published", "published", "published", "draft", "cancelled"]),
            counts_for_participation=rng.random() > 0.15,
        )
        for person in rng.sample(everyone, rng.randrange(0, 12)):
            Attendance.objects.create(
                session=session,
                person=person,
                unit=person.unit,
                status=rng.choice(["present", "present", "late", "excused", "absent"]),
                method="manual",
            )
    for person in rng.sample(everyone, 10):
        studied(person, day())

    people = {
        p["pk"]: {**p, "path": p.pop("unit__path"), "status": p.pop("party_status")}
        for p in Person.objects.values(
            "pk", "party_status", "joined_on", "unit_since", "left_on", "unit__path"
        )
    }
    memberships = list(
        Membership.objects.values_list("person_id", "unit__path", "started_on", "ended_on")
    )
    sessions = {
        s["pk"]: {
            "starts_at": s["starts_at"],
            "status": s["status"],
            "counts": s["counts_for_participation"],
        }
        for s in StudySession.objects.values(
            "pk", "starts_at", "status", "counts_for_participation"
        )
    }
    attendance = list(Attendance.objects.values_list("person_id", "session_id", "status"))
    studies = list(SelfStudy.objects.values_list("person_id", "studied_on"))
    data = (people, memberships, sessions, attendance, studies)

    checked = 0
    for population in (MEMBERS, EVERYONE):
        for unit in units:
            totals = year_totals(unit, population)
            assert (totals.people, totals.took_part) == _reference(
                unit, Y_START, Y_END, population, *data
            ), (unit.name, population)
            for row in rates.participation_by_month(unit, YEAR, population):
                assert (row.totals.people, row.totals.took_part) == _reference(
                    unit, row.start, row.end, population, *data
                ), (unit.name, population, row.month)
                assert row.totals == rates.participation(unit, row.start, row.end, population)
                checked += row.totals.people
            for row in rates.participation_by_child(unit, Y_START, Y_END, population):
                if row.direct:
                    continue
                assert row.totals == year_totals(row.unit, population), (unit.name, row.unit.name)
            never = rate_people.never_present(unit, Y_START, Y_END, population, per_page=1000)
            assert never.paginator.count == totals.never
            page, _rows = rate_people.evidence(unit, Y_START, Y_END, population, per_page=1000)
            assert page.paginator.count == totals.took_part
    assert checked > 0


def test_points_host_first_then_in_vietnamese_order(world):
    session = held(
        world.committee,
        at(2025, 5, 19),
        points=[
            ("Phòng họp tầng 2", None),
            ("Điểm cầu Đống Đa", world.cell_b),
            ("Hội trường Đảng ủy Khối", world.committee),
            ("Điểm cầu Ba Đình", world.cell_a),
        ],
    )
    names = [row.point.name for row in attendance.session_counts(session).points]
    # "Đ" comes after "D" and before "E" in Vietnamese, not after "P" as in code points.
    assert names == [
        "Hội trường Đảng ủy Khối",
        "Điểm cầu Ba Đình",
        "Điểm cầu Đống Đa",
        "Phòng họp tầng 2",
    ]
