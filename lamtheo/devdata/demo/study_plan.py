"""The demo's sessions planned: who, where and when, before anything is written.

`plan_2023` re-creates the year the article tells (conferences, monthly cell meetings, thematic
study); `plan_2026` the sessions of the current year, held and upcoming.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from lamtheo.devdata.data.study import (
    BRIEFINGS,
    CELL_AGENDA,
    CELLS,
    HALL,
    KEY_CADRE_TITLE,
    MAIN_POINT,
    MEMBER_STATUSES,
    MONTH_TOPICS,
    NNCS,
    ONLINE_TITLE,
    POINT_CELLS,
    REVIEW_TITLE,
    THC,
    THEMATIC_TOPIC,
    THEME_2023_SHORT,
    D,
)
from lamtheo.org.models import (
    Membership,
    Person,
    Position,
    PositionTitle,
    Unit,
)
from lamtheo.study.models import (
    SessionFormat,
    SessionKind,
)


def tz():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz())


def workday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


class World:
    """The committee's people and units, and where everyone was on a given day."""

    def __init__(self, root: Unit):
        self.root = root
        self.units = {u.pk: u for u in Unit.objects.subtree_of(root)}
        self.by_code = {u.code: u for u in self.units.values()}
        self.cells = sorted(
            (u for u in self.units.values() if u.kind in CELLS), key=lambda u: u.path
        )
        # Each unit's cell (a party group belongs to the cell above it).
        self.cell_of = {}
        for unit in self.units.values():
            for cell in self.cells:
                if unit.path.startswith(cell.path):
                    self.cell_of[unit.pk] = cell
        # Sorted in Python, so that SQLite and PostgreSQL (whatever its collation) agree.
        self.people = sorted(Person.objects.in_subtree(root), key=lambda p: (p.code, p.pk))
        self.periods = defaultdict(list)
        for m in Membership.objects.filter(person__in=self.people).order_by("ended_on", "pk"):
            self.periods[m.person_id].append(m)
        # People who were ever in each cell (now or in a past period), for the cells' meetings.
        self.ever_in = defaultdict(list)
        for person in self.people:
            cells = {self.cell_of.get(person.unit_id)}
            cells |= {self.cell_of.get(m.unit_id) for m in self.periods[person.pk]}
            for cell in cells - {None}:
                self.ever_in[cell.pk].append(person)
        self.positions = list(
            Position.objects.filter(unit__in=list(self.units)).order_by("unit__path", "pk")
        )

    def unit_on(self, person: Person, day: dt.date) -> Unit | None:
        """The unit `person` belonged to on `day`, or None if they were not in the committee."""
        for m in self.periods.get(person.pk, ()):
            if (m.started_on is None or m.started_on <= day) and day < m.ended_on:
                return self.units.get(m.unit_id)
        if person.unit_since and person.unit_since > day:
            return None
        if person.left_on and person.left_on < day:
            return None
        return self.units.get(person.unit_id)

    @staticmethod
    def member_on(person: Person, day: dt.date) -> bool:
        return person.party_status in MEMBER_STATUSES and (
            person.joined_on is None or person.joined_on <= day
        )

    def holders_on(self, day: dt.date, titles=None) -> list[Person]:
        """People holding an office (of `titles`) on `day`, in the order of the people list."""
        ids = {
            p.person_id
            for p in self.positions
            if (p.started_on is None or p.started_on <= day)
            and (p.ended_on is None or p.ended_on >= day)
            and (titles is None or p.title in titles)
        }
        return [p for p in self.people if p.pk in ids and self.unit_on(p, day)]

    def secretary_of(self, unit: Unit, day: dt.date) -> Person | None:
        for p in self.positions:
            if (
                p.unit_id == unit.pk
                and p.title == PositionTitle.SECRETARY
                and (p.started_on is None or p.started_on <= day)
                and (p.ended_on is None or p.ended_on >= day)
            ):
                return next((x for x in self.people if x.pk == p.person_id), None)
        return None


@dataclass
class Planned:
    """A session to write, with who is invited (person → unit then) and from where."""

    host: Unit
    title: str
    kind: str
    start: dt.datetime
    minutes: int
    place: str
    invitees: dict[int, int]  # person id → unit id then
    audience_units: list[Unit] = field(default_factory=list)
    audience_people: list[Person] = field(default_factory=list)
    members_only: bool = False
    format: str = SessionFormat.IN_PERSON
    topic: str = ""
    agenda: str = ""
    counts: bool = True
    cancelled: bool = False
    workers_weaker: bool = False  # workers attend less (not their own cell's meeting)
    points: dict[str, Unit] = field(default_factory=dict)  # name → unit of a connection point
    online_link: str = ""
    bulk: bool = False  # attendance written in bulk (see STEP_BY_STEP)
    draft: bool = False  # planned, not published yet


def cell_day(index: int, month: int) -> dt.date:
    """Each cell meets on its own day of the month, a working day between the 4th and 18th."""
    return workday(D(2023, month, 4 + (index * 5 + month) % 14))


def place(unit: Unit) -> str:
    name = unit.name.removeprefix("Chi bộ ").removeprefix("Đảng bộ bộ phận ")
    return f"Phòng họp {name}"


def plan_2023(world: World) -> list[Planned]:
    plans: list[Planned] = []
    root = world.root

    def everyone_on(day: dt.date, within: Unit | None = None) -> dict[int, int]:
        invitees = {}
        for person in world.people:
            unit = world.unit_on(person, day)
            if unit is None or (within is not None and not unit.path.startswith(within.path)):
                continue
            invitees[person.pk] = unit.pk
        return invitees

    def holders(day: dt.date, titles=None) -> tuple[list[Person], dict[int, int]]:
        people = world.holders_on(day, titles)
        return people, {p.pk: world.unit_on(p, day).pk for p in people}

    day = D(2023, 2, 7)
    people, invitees = holders(day)
    plans.append(
        Planned(
            root,
            KEY_CADRE_TITLE,
            SessionKind.KEY_CADRE_CONFERENCE,
            at(day, 8),
            210,
            HALL,
            invitees,
            audience_people=people,
            topic="Quán triệt chuyên đề năm 2023: " + THEME_2023_SHORT,
            agenda="\n".join(
                [
                    "1. Quán triệt chuyên đề năm 2023",
                    "2. Triển khai kế hoạch thực hiện Kết luận 01-KL/TW năm 2023",
                    "3. Hướng dẫn xây dựng bản đăng ký làm theo năm 2023",
                    "4. Thảo luận",
                ]
            ),
        )
    )
    day = D(2023, 3, 14)
    people, invitees = holders(day)
    plans.append(
        Planned(
            root,
            REVIEW_TITLE,
            SessionKind.KEY_CADRE_CONFERENCE,
            at(day, 8),
            210,
            HALL,
            invitees,
            audience_people=people,
            topic="Sơ kết 02 năm thực hiện Kết luận 01-KL/TW giai đoạn 2021–2023; biểu dương "
            "05 tập thể, 05 cá nhân tiêu biểu",
            agenda="\n".join(
                [
                    "1. Báo cáo sơ kết 02 năm thực hiện Kết luận 01-KL/TW",
                    "2. Tham luận của các chi bộ, đảng bộ bộ phận",
                    "3. Biểu dương, khen thưởng tập thể, cá nhân tiêu biểu",
                    "4. Phát biểu chỉ đạo của đồng chí Bí thư Đảng ủy Khối",
                ]
            ),
        )
    )
    day = D(2023, 5, 16)
    points = {MAIN_POINT: root}
    for code, name in POINT_CELLS.items():
        if code in world.by_code:
            points[name] = world.by_code[code]
    plans.append(
        Planned(
            root,
            ONLINE_TITLE,
            SessionKind.THEMATIC_STUDY,
            at(day, 8),
            180,
            f"{HALL} (điểm cầu chính) và {len(points) - 1:02d} điểm cầu tại các chi bộ",
            everyone_on(day),
            audience_units=[root],
            format=SessionFormat.HYBRID,
            topic="Quán triệt nội dung chuyên đề năm 2023; các điểm cầu liên hệ thực tiễn tại "
            "cơ quan, doanh nghiệp trong Khối",
            agenda="\n".join(
                [
                    "1. Báo cáo viên trình bày chuyên đề năm 2023",
                    "2. Các điểm cầu trao đổi, liên hệ thực tiễn",
                    "3. Triển khai học tập tại các chi bộ",
                ]
            ),
            workers_weaker=True,
            points=points,
            online_link="https://meet.example.org/dbkdn-dd-chuyen-de-2023",
        )
    )
    briefing_titles = (PositionTitle.SECRETARY, PositionTitle.DEPUTY_SECRETARY)
    for day, quarter in BRIEFINGS:
        people = [
            p
            for p in world.holders_on(day)
            if any(
                pos.person_id == p.pk
                and (pos.title in briefing_titles or pos.unit_id == root.pk)
                and (pos.started_on is None or pos.started_on <= day)
                and (pos.ended_on is None or pos.ended_on >= day)
                for pos in world.positions
            )
        ]
        plans.append(
            Planned(
                root,
                f"Hội nghị giao ban công tác xây dựng Đảng {quarter}",
                SessionKind.BRIEFING,
                at(day, 14),
                150,
                HALL,
                {p.pk: world.unit_on(p, day).pk for p in people},
                audience_people=people,
                topic="Kết quả thực hiện Kết luận 01-KL/TW và chuyên đề năm 2023 trong quý",
            )
        )
    # Every cell's monthly meeting, for its members on the day.
    for index, cell in enumerate(world.cells):
        if cell.opened_on and cell.opened_on > D(2023, 12, 31):
            continue
        for month in range(1, 13):
            day = cell_day(index, month)
            invitees = {
                p.pk: unit.pk
                for p in world.ever_in[cell.pk]
                if (unit := world.unit_on(p, day))
                and world.cell_of.get(unit.pk) == cell
                and world.member_on(p, day)
            }
            plans.append(
                Planned(
                    cell,
                    f"Sinh hoạt chi bộ thường kỳ tháng {month}/2023",
                    SessionKind.CELL_MEETING,
                    at(day, 14, 30 if index % 3 == 0 else 0),
                    120,
                    place(cell),
                    invitees,
                    audience_units=[cell],
                    members_only=True,
                    topic=MONTH_TOPICS[month],
                    agenda=CELL_AGENDA,
                )
            )
    # The 2023 theme in every cell, for members and workers.
    for index, cell in enumerate(world.cells):
        day = workday(D(2023, 6, 12) + dt.timedelta(days=(index * 4) % 70))
        cancelled = cell.code == "DD-HTXKT"
        if cancelled:
            day = D(2023, 7, 20)
        title = f"Học tập chuyên đề năm 2023 tại {cell.name.removeprefix('Chi bộ ')}"
        plans.append(
            Planned(
                cell,
                title + (" (hoãn do mưa bão)" if cancelled else ""),
                SessionKind.THEMATIC_STUDY,
                at(day, 8, 30),
                150,
                place(cell),
                everyone_on(day, cell),
                audience_units=[cell],
                topic=THEMATIC_TOPIC,
                agenda="1. Giới thiệu chuyên đề năm 2023\n2. Trao đổi, liên hệ với nhiệm vụ của "
                "đơn vị\n3. Đăng ký việc làm cụ thể",
                cancelled=cancelled,
                workers_weaker=True,
            )
        )
        if cancelled:
            day = D(2023, 8, 3)
            plans.append(
                Planned(
                    cell,
                    title,
                    SessionKind.THEMATIC_STUDY,
                    at(day, 8, 30),
                    150,
                    place(cell),
                    everyone_on(day, cell),
                    audience_units=[cell],
                    topic=THEMATIC_TOPIC,
                    workers_weaker=True,
                )
            )
    thc = world.by_code.get(THC)
    if thc is not None:
        day = D(2023, 7, 14)
        plans.append(
            Planned(
                thc,
                "Hội nghị sơ kết công tác chuyên môn 6 tháng đầu năm 2023",
                SessionKind.OTHER,
                at(day, 8),
                180,
                "Hội trường Truyền hình Cáp Hà Nội",
                everyone_on(day, thc),
                audience_units=[thc],
                topic="Kết quả sản xuất, kinh doanh 6 tháng đầu năm; nhiệm vụ 6 tháng cuối năm",
                counts=False,
            )
        )
    plans.sort(key=lambda p: (p.start, p.host.path))
    return plans


def first_day(world: World, person: Person, start: dt.date, end: dt.date) -> dt.date | None:
    """The first day in [start, end] the person was in the committee, or None."""
    candidates = [start, person.unit_since] + [m.started_on for m in world.periods[person.pk]]
    for day in sorted(d for d in candidates if d and start <= d <= end):
        if world.unit_on(person, day) is not None:
            return day
    return None


def plan_2026(world: World, theme: str) -> list[tuple[Planned, bool]]:
    """(plan, held), in date order: current audiences, so publishing invites the right
    people. Held sessions get attendance; the rest are upcoming (or a draft)."""
    root = world.root
    plans = []
    topic = f"Chuyên đề năm 2026: {theme}" if theme else ""
    points = {MAIN_POINT: root}
    for code, name in POINT_CELLS.items():
        if code in world.by_code and world.by_code[code].is_active:
            points[name] = world.by_code[code]
    plans.append(
        (
            Planned(
                root,
                "Hội nghị trực tiếp kết hợp trực tuyến học tập, quán triệt chuyên đề năm 2026",
                SessionKind.THEMATIC_STUDY,
                at(D(2026, 5, 19), 8),
                180,
                f"{HALL} (điểm cầu chính) và {len(points) - 1:02d} điểm cầu tại các chi bộ",
                {},
                audience_units=[root],
                format=SessionFormat.HYBRID,
                topic=topic,
                agenda="\n".join(
                    [
                        "1. Báo cáo viên trình bày chuyên đề năm 2026",
                        "2. Các điểm cầu trao đổi, liên hệ thực tiễn",
                        "3. Triển khai học tập tại các chi bộ",
                    ]
                ),
                workers_weaker=True,
                points=points,
                online_link="https://meet.example.org/dbkdn-dd-chuyen-de-2026",
                bulk=True,
            ),
            True,
        )
    )
    secretaries = world.holders_on(D(2026, 10, 8), (PositionTitle.SECRETARY,))
    plans.append(
        (
            Planned(
                root,
                "Hội nghị giao ban công tác xây dựng Đảng quý III/2026",
                SessionKind.BRIEFING,
                at(D(2026, 10, 8), 14),
                150,
                HALL,
                {},
                audience_people=secretaries,
                topic="Kết quả thực hiện chuyên đề năm 2026 trong quý; chuẩn bị tự đánh giá bản "
                "đăng ký làm theo",
            ),
            True,
        )
    )
    nncs = world.by_code.get(NNCS)
    if nncs is not None:
        meetings = (
            (D(2026, 11, 10), "Tự đánh giá kết quả thực hiện bản đăng ký làm theo năm 2026", True),
            (
                D(2026, 12, 8),
                "Kiểm điểm, tự phê bình và phê bình; đánh giá, xếp loại đảng viên năm 2026",
                False,
            ),
            (D(2027, 1, 12), "Tổng kết năm 2026; phương hướng, nhiệm vụ năm 2027", False),
        )
        for day, month_topic, held in meetings:
            plans.append(
                (
                    Planned(
                        nncs,
                        f"Sinh hoạt chi bộ thường kỳ tháng {day.month}/{day.year}",
                        SessionKind.CELL_MEETING,
                        at(day, 14),
                        120,
                        place(nncs),
                        {},
                        audience_units=[nncs],
                        members_only=True,
                        topic=month_topic,
                        agenda=CELL_AGENDA,
                    ),
                    held,
                )
            )
    plans.append(
        (
            Planned(
                root,
                "Hội nghị trực tiếp kết hợp trực tuyến tổng kết 05 năm thực hiện Kết luận 01-KL/TW "
                "và chuyên đề năm 2026",
                SessionKind.THEMATIC_STUDY,
                at(D(2026, 12, 15), 8),
                180,
                f"{HALL} (điểm cầu chính) và {len(points) - 1:02d} điểm cầu tại các chi bộ",
                {},
                audience_units=[root],
                format=SessionFormat.HYBRID,
                topic=topic,
                points=points,
                online_link="https://meet.example.org/dbkdn-dd-tong-ket-2026",
            ),
            False,
        )
    )
    holders = world.holders_on(D(2026, 11, 25))
    plans.append(
        (
            Planned(
                root,
                "Hội nghị cán bộ chủ chốt tổng kết công tác năm 2026, triển khai nhiệm vụ năm 2027",
                SessionKind.KEY_CADRE_CONFERENCE,
                at(D(2027, 1, 7), 8),
                210,
                HALL,
                {},
                audience_people=holders,
                topic="Tổng kết việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
                "năm 2026; dự kiến chuyên đề năm 2027",
                draft=True,
            ),
            False,
        )
    )
    return plans
