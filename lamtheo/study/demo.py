"""The demo's study sessions: the committee's year 2023, and a few sessions of 2026–2027.

2023 re-creates the ways of study the article lists ("hội nghị cán bộ chủ chốt, hội nghị giao
ban và các đợt sinh hoạt chi bộ ... trực tiếp kết hợp trực tuyến, tự nghiên cứu tài liệu"):

- 07/02 the key-cadre conference on the 2023 theme and plan (office holders, in person);
- 14/03 the conference of the article: the two-year review (sơ kết) of Kết luận 01-KL/TW;
- 16/05 the conference on the 2023 theme, in person at the committee's hall and online from
  connection points at five cells, for everyone (members and workers);
- four quarterly briefings (giao ban) of cell secretaries and committee members;
- the monthly meeting (sinh hoạt chi bộ) of every cell for its members: 12 × 22;
- a study session on the 2023 theme in every cell for members and workers (June–August),
  one of them first cancelled (a storm) and held two weeks later;
- a professional review of the Truyền hình Cáp sub-committee that does not count towards
  participation (attendance is recorded all the same);
- self-study: about a third of the meetings someone missed are made up by studying the
  meeting's document, and a few workers study the theme's booklet; one member of the In và
  Bao bì Hàng Bột cell, on sick leave all year, is excused from everything and takes part by
  self-study only.

Attendance is realistic and decided by a fixed seed: most present (checked in up to a quarter
of an hour before the start), some late, a few excused with a reason the secretary approved,
a few absent, a few people at the online conference never recorded; a few people are often
away. People are invited as they were on the session's day: the 36 who joined a cell during
2023 from the day they joined, members who joined the Party in 2023 to cell meetings from
that day, the member who moved from the Hướng nghiệp và Hòa nhập cell to Nghề nghiệp và Cuộc
sống on 01/09/2023 in each cell for its months, the cell merged in 2024 and the two people
who left in 2024–2025 as they were. Nobody left during 2023 in the demo's organisation.

**The 2023 rate (lamtheo.study.rates.participation of the committee, 01/01–31/12/2023).**
Members: 279 of 279 took part, 100.0 %. The article says "tỷ lệ cán bộ, đảng viên tham gia
học tập đạt 100%", and the demo keeps that claim, reached the way a committee reaches it:
278 members were present or late at one session at least (a member misses a meeting now and
then, rarely all of them), 95 also studied on their own, and one (the member on sick leave)
took part by self-study only. (The loader would also give the year's documents to a member
with no session to go to, one who came in at the very end of the year; with this seed there
is none.) Everyone (members, outstanding non-members and workers): 356 of 367, 97.0 %: non-members
come only to the conference and their cell's study session, and eleven of them (workers,
outstanding non-members, four who joined the Party in 2024) took part in nothing in 2023,
which the rates page lists. The same numbers on SQLite and PostgreSQL (PINNED_2023,
tests/study/test_demo_study.py); change them only with the data.

2026 (the data's "today" is 25/11/2026, DATA_TODAY of the programme demo): held, the
conference on the 2026 theme (19/05, hybrid, five cells' connection points, the programme
year's theme), the third-quarter briefing (08/10) and the November meeting of the Nghề nghiệp
và Cuộc sống cell (10/11); published and upcoming, that cell's December (08/12) and January
2027 (12/01/2027) meetings and the committee's hybrid conference closing five years of Kết
luận 01-KL/TW (15/12); and a draft, the key-cadre conference of 07/01/2027, not published
yet. The committee's 2026 rate so far is 307 of 334 members. Dates are fixed: whether these
read as past or future depends on the real date the demo is opened (they were chosen around
27/11/2026); sessions planned ahead are dated as created a few days before DATA_TODAY, so
nothing is stamped in the future.

Written through lamtheo.study.services as people would: the office (vanphong) plans the
committee's sessions and every cell's (it may, for the whole tree), the secretary of Nghề
nghiệp và Cuộc sống (bithu) plans and records the cell's own; connection points with
`points_set`; attendance with `record_attendance` at a time inside the session; self-study
with `self_study_record`. Written directly, because no service does it or the service
refuses the past: the invitations of 2023 sessions are re-filed to the audience as it was on
the day, with the unit of the time (publishing invites the audience as it is now; the 2026
sessions keep the invitations publishing stored); the excuses of past sessions (an excuse is
asked before the session starts); and a last step that dates every record back to its day
(the services stamp "now"). One exception, for speed: attendance at the sessions hosted by
the cells other than the demo users' two (STEP_BY_STEP), and at the 2026 conference, is
written in bulk, with the rows `record_attendance` would have written; the committee's
conferences and briefings of 2023 and the two cells' sessions (about 1,000 records) go
through the service one by one. All 300 sessions and the self-study go through the
services. It adds about 3 s to load_demo on SQLite. Running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model

from lamtheo.org.models import (
    Membership,
    PartyStatus,
    Person,
    Position,
    PositionTitle,
    Unit,
    UnitKind,
)
from lamtheo.programs.demo import DATA_TODAY, _update_rows
from lamtheo.programs.models import ProgramYear
from lamtheo.study import services
from lamtheo.study.models import (
    TOOK_PART,
    Attendance,
    AttendanceStatus,
    CheckInMethod,
    ConnectionPoint,
    Excuse,
    ExcuseStatus,
    Invitation,
    SelfStudy,
    SessionFormat,
    SessionKind,
    StudySession,
)

SEED = 20230314
D = dt.date
ROOT_CODE = "DBKDN-DD"
NNCS = "DD-TCNNCS"
THC = "DD-THC"
HALL = "Hội trường Đảng ủy Khối doanh nghiệp quận Đống Đa"
CELLS = (UnitKind.CELL, UnitKind.GRASSROOTS_CELL)
MEMBER_STATUSES = (PartyStatus.OFFICIAL, PartyStatus.PROBATIONARY)
USERNAMES = ("vanphong", "bithu")
# Cell meetings of these cells (the demo users') record attendance through the services one
# by one; the other cells' are written in bulk with the same rows (see load_study).
STEP_BY_STEP = ("DD-TCNNCS", "DD-CQDU")

# The committee's 2023 participation (lamtheo.study.rates), pinned by the tests.
# population → (took part, people counted, rate).
PINNED_2023 = {"members": (279, 279, "100.0"), "everyone": (356, 367, "97.0")}

KEY_CADRE_TITLE = (
    "Hội nghị cán bộ chủ chốt quán triệt chuyên đề năm 2023 và triển khai kế hoạch thực hiện "
    "Kết luận 01-KL/TW năm 2023"
)
REVIEW_TITLE = (
    "Hội nghị sơ kết 02 năm thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị"
)
ONLINE_TITLE = (
    "Hội nghị trực tiếp kết hợp trực tuyến học tập, quán triệt chuyên đề năm 2023 về học tập "
    "và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
)
THEME_2023_SHORT = (
    "tư tưởng dân là gốc, dựa vào dân để xây dựng Đảng và hệ thống chính trị trong sạch, vững mạnh"
)
THEMATIC_TOPIC = (
    "Học tập chuyên đề năm 2023 cho cán bộ, đảng viên và người lao động; liên hệ với nhiệm vụ "
    "của đơn vị"
)
CELL_AGENDA = "\n".join(
    [
        "1. Thông tin thời sự, tình hình nhiệm vụ chính trị của đơn vị",
        "2. Kiểm điểm việc thực hiện nghị quyết tháng trước",
        "3. Học tập, trao đổi nội dung chuyên đề",
        "4. Thảo luận, thống nhất nghị quyết tháng",
    ]
)
MONTH_TOPICS = {
    1: "Tổng kết công tác xây dựng Đảng năm 2022; phương hướng, nhiệm vụ năm 2023",
    2: "Kỷ niệm 93 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 – 03/02/2023)",
    3: "Quán triệt kết quả sơ kết 02 năm thực hiện Kết luận 01-KL/TW",
    4: "Đăng ký, cam kết việc làm theo Bác năm 2023 của đảng viên",
    5: "Kỷ niệm 133 năm Ngày sinh Chủ tịch Hồ Chí Minh; trao đổi chuyên đề năm 2023",
    6: "Liên hệ chuyên đề năm 2023 với nhiệm vụ chuyên môn của đơn vị",
    7: "Sơ kết 6 tháng đầu năm; kiểm tra việc thực hiện bản đăng ký làm theo",
    8: "Kỷ niệm 78 năm Cách mạng Tháng Tám và Quốc khánh 2/9",
    9: "Kỷ niệm 54 năm thực hiện Di chúc của Chủ tịch Hồ Chí Minh",
    10: "Nêu gương của cán bộ, đảng viên trong thực hiện nhiệm vụ",
    11: "Tự đánh giá kết quả thực hiện bản đăng ký làm theo năm 2023",
    12: "Kiểm điểm, tự phê bình và phê bình; đánh giá, xếp loại đảng viên năm 2023",
}
# Connection points of the online conference, besides the committee's hall: cells (by code).
POINT_CELLS = {
    THC: "Điểm cầu Truyền hình Cáp Hà Nội",
    "DD-BVTL": "Điểm cầu Bệnh viện Đa khoa Trung Liệt",
    "DD-MTDD": "Điểm cầu Công ty Cổ phần Môi trường và Dịch vụ Đô thị Đống Đa",
    "DD-XDKL": "Điểm cầu Công ty Cổ phần Xây dựng và Phát triển Đô thị Kim Liên",
    "DD-NHSH": "Điểm cầu Ngân hàng Sông Hồng Chi nhánh Đống Đa",
}
MAIN_POINT = "Điểm cầu chính: Hội trường Đảng ủy Khối"
BRIEFINGS = [
    (D(2023, 1, 12), "quý IV/2022"),
    (D(2023, 4, 6), "quý I/2023"),
    (D(2023, 7, 6), "quý II/2023"),
    (D(2023, 10, 5), "quý III/2023"),
]
LONG_LEAVE_CELL = "DD-INHB"
LONG_LEAVE_REASON = "Nghỉ điều trị bệnh dài ngày, có xác nhận của bệnh viện"
REASONS = [
    "Đi công tác tại tỉnh Quảng Ninh theo kế hoạch của đơn vị",
    "Nghỉ ốm, có giấy của cơ sở y tế",
    "Con ốm phải nằm viện",
    "Trực ca sản xuất theo lịch phân công",
    "Đi học lớp bồi dưỡng nghiệp vụ",
    "Nghỉ phép năm đã đăng ký với đơn vị",
    "Tiếp khách của đơn vị theo phân công của lãnh đạo",
    "Gia đình có việc hiếu",
    "Đi công tác tại Thành phố Hồ Chí Minh",
]
MATERIALS = [
    "Tài liệu sinh hoạt chi bộ tháng {month}/2023: {topic}",
    "Tài liệu học tập chuyên đề năm 2023 (dành cho cán bộ, đảng viên và nhân dân)",
    "Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị và tài liệu hướng dẫn thực hiện",
]
NOTES = [
    "Nắm được nội dung cốt lõi; liên hệ với việc thực hiện nhiệm vụ chuyên môn được giao.",
    "Đã ghi chép, sẽ trao đổi thêm tại buổi sinh hoạt chi bộ tháng sau.",
    "Thấy rõ trách nhiệm nêu gương của đảng viên trong cơ quan.",
    "",
]


@dataclass
class Result:
    sessions: int = 0
    invitations: int = 0
    attendance: int = 0
    excuses: int = 0
    self_study: int = 0

    @property
    def created_anything(self) -> bool:
        return bool(self.sessions)


def _tz():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=_tz())


def _workday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


class _World:
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
class _Planned:
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


class _Writer:
    def __init__(self, admin, world: _World, rng: random.Random, result: Result):
        users = {u.username: u for u in get_user_model().objects.filter(username__in=USERNAMES)}
        self.office = users.get("vanphong", admin)
        self.secretary = users.get("bithu")
        nncs = world.by_code.get(NNCS)
        self.nncs_path = nncs.path if nncs else None
        self.world = world
        self.rng = rng
        self.result = result
        self.people = {p.pk: p for p in world.people}
        # Who is often away (their attendance is lower), chosen once.
        self.often_away = {p.pk for p in world.people if rng.random() < 0.06}
        # One member on long sick leave all year: excused from everything, studies at home.
        self.long_leave = next(
            (
                p.pk
                for p in world.people
                if world.cell_of.get(p.unit_id) is world.by_code.get(LONG_LEAVE_CELL)
                and p.party_status == PartyStatus.OFFICIAL
                and (p.unit_since or D(2000, 1, 1)) < D(2023, 1, 1)
                and p.left_on is None
                and not any(pos.person_id == p.pk for pos in world.positions)
            ),
            None,
        )
        self.took_part: dict[int, list[dt.date]] = defaultdict(list)
        self.missed: list[tuple[int, dt.date, _Planned]] = []
        self.sessions: list[tuple[StudySession, _Planned]] = []
        self.excuses: list[tuple[Excuse, dt.datetime]] = []
        self.attendances: list[tuple[Attendance, dt.datetime]] = []
        self.bulk: list[Attendance] = []
        self.years = {
            y.year: y for y in ProgramYear.objects.filter(program__unit=world.root).order_by("pk")
        }
        self.year_2023 = self.years.get(2023)

    def host_user(self, unit: Unit):
        if self.secretary and self.nncs_path and unit.path.startswith(self.nncs_path):
            return self.secretary
        return self.office

    def write(self, plan: _Planned, refile: bool = True, record: bool = True) -> StudySession:
        """Create, set the audience, publish (unless a draft), then either re-file the
        invitations to `plan.invitees` (refile) or take `plan.invitees` from those publishing
        stored; then points, cancel or attendance (record)."""
        by = self.host_user(plan.host)
        year = self.years.get(plan.start.year)
        session = services.session_create(
            by=by,
            unit=plan.host,
            title=plan.title,
            kind=plan.kind,
            format=plan.format,
            program_year=year,
            topic=plan.topic,
            starts_at=plan.start,
            ends_at=plan.start + dt.timedelta(minutes=plan.minutes),
            place=plan.place,
            online_link=plan.online_link,
            agenda=plan.agenda,
            counts_for_participation=plan.counts,
        )
        services.audience_set(
            by=by,
            session=session,
            units=plan.audience_units,
            people=plan.audience_people,
            members_only=plan.members_only,
        )
        if plan.draft:
            self.result.sessions += 1
            self.sessions.append((session, plan))
            return session
        session = services.session_publish(by=by, session=session)
        if not refile:
            # In the people list's order (sorted here: the databases' collations differ).
            stored = dict(
                Invitation.objects.filter(session=session).values_list("person_id", "unit_id")
            )
            plan.invitees = {p.pk: stored[p.pk] for p in self.world.people if p.pk in stored}
        else:
            # The audience as it was on the day, with the unit of the time.
            Invitation.objects.filter(session=session).delete()
            Invitation.objects.bulk_create(
                [
                    Invitation(session=session, person_id=pk, unit_id=unit_id)
                    for pk, unit_id in plan.invitees.items()
                ]
            )
        at_point = {}
        if plan.points:
            # Each invitee follows from the point of the nearest unit above theirs.
            services.points_set(by=by, session=session, points=list(plan.points.items()))
            points = {p.pk: p for p in ConnectionPoint.objects.filter(session=session)}
            at_point = {
                pk: points.get(point_id)
                for pk, point_id in Invitation.objects.filter(session=session).values_list(
                    "person_id", "point_id"
                )
            }
        self.result.sessions += 1
        self.result.invitations += len(plan.invitees)
        self.sessions.append((session, plan))
        if plan.cancelled:
            services.session_cancel(by=by, session=session)
        elif record:
            self._attend(session, plan, by, at_point)
        return session

    def _status(self, person: Person, plan: _Planned) -> str | None:
        """present / late / excused / absent, or None: never recorded."""
        r = self.rng.random()
        if person.pk == self.long_leave:
            return AttendanceStatus.EXCUSED
        away = person.pk in self.often_away
        worker = person.party_status not in MEMBER_STATUSES
        if plan.workers_weaker and worker:
            present, late, excused, absent = (
                (0.58, 0.06, 0.12, 0.19)
                if not away
                else (
                    0.2,
                    0.05,
                    0.15,
                    0.55,
                )
            )
        elif away:
            present, late, excused, absent = 0.55, 0.05, 0.25, 0.15
        else:
            present, late, excused, absent = 0.875, 0.05, 0.055, 0.02
        if r < present:
            return AttendanceStatus.PRESENT
        if r < present + late:
            return AttendanceStatus.LATE
        if r < present + late + excused:
            return AttendanceStatus.EXCUSED
        if r < present + late + excused + absent:
            return AttendanceStatus.ABSENT
        return None

    def _attend(self, session: StudySession, plan: _Planned, by, at_point: dict) -> None:
        rng = self.rng
        day = plan.start.date()
        in_bulk = plan.bulk or (
            plan.host.pk != self.world.root.pk and not plan.host.code.startswith(STEP_BY_STEP)
        )
        for pk, unit_id in plan.invitees.items():
            person = self.people[pk]
            status = self._status(person, plan)
            if status is None and plan.kind == SessionKind.CELL_MEETING:
                status = AttendanceStatus.ABSENT  # a cell's roll call misses nobody
            if status is None:
                continue
            point = at_point.get(pk)
            if status == AttendanceStatus.PRESENT:
                at = plan.start - dt.timedelta(
                    minutes=rng.randint(0, 15), seconds=rng.randint(0, 59)
                )
            elif status == AttendanceStatus.LATE:
                at = plan.start + dt.timedelta(
                    minutes=rng.randint(8, 35), seconds=rng.randint(0, 59)
                )
            else:
                at = plan.start + dt.timedelta(minutes=rng.randint(5, 20))
            if plan.kind == SessionKind.CELL_MEETING:
                method = CheckInMethod.ROLL_CALL
            elif point is not None and point.unit_id != plan.host.pk:
                method = CheckInMethod.ROLL_CALL  # taken at the cell's point
            else:
                method = CheckInMethod.QR
            if status == AttendanceStatus.EXCUSED:
                method = CheckInMethod.MANUAL
                asked = plan.start - dt.timedelta(days=rng.randint(1, 3), hours=rng.randint(0, 6))
                excuse = Excuse(
                    session=session,
                    person=person,
                    reason=LONG_LEAVE_REASON if pk == self.long_leave else rng.choice(REASONS),
                    status=ExcuseStatus.APPROVED,
                    decided_by=by,
                    decided_at=asked + dt.timedelta(hours=rng.randint(1, 20)),
                )
                self.excuses.append((excuse, asked))
                self.result.excuses += 1
            if in_bulk:
                # The row record_attendance would write.
                record = Attendance(
                    session=session,
                    person=person,
                    unit_id=unit_id,
                    status=status,
                    method=method,
                    point=point,
                    checked_in_at=at if status in TOOK_PART else None,
                    recorded_by=by,
                )
                self.bulk.append(record)
            else:
                record, _created = services.record_attendance(
                    session=session,
                    person=person,
                    status=status,
                    method=method,
                    by=by,
                    point=point,
                    at=at,
                )
            self.attendances.append((record, at))
            self.result.attendance += 1
            if plan.counts and status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE):
                self.took_part[pk].append(day)
            elif plan.kind == SessionKind.CELL_MEETING and status in (
                AttendanceStatus.EXCUSED,
                AttendanceStatus.ABSENT,
            ):
                self.missed.append((pk, day, plan))


# -- what happens in 2023 --------------------------------------------------------------------


def _cell_day(index: int, month: int) -> dt.date:
    """Each cell meets on its own day of the month, a working day between the 4th and 18th."""
    return _workday(D(2023, month, 4 + (index * 5 + month) % 14))


def _place(unit: Unit) -> str:
    name = unit.name.removeprefix("Chi bộ ").removeprefix("Đảng bộ bộ phận ")
    return f"Phòng họp {name}"


def _plan_2023(world: _World) -> list[_Planned]:
    plans: list[_Planned] = []
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
        _Planned(
            root,
            KEY_CADRE_TITLE,
            SessionKind.KEY_CADRE_CONFERENCE,
            _at(day, 8),
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
        _Planned(
            root,
            REVIEW_TITLE,
            SessionKind.KEY_CADRE_CONFERENCE,
            _at(day, 8),
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
        _Planned(
            root,
            ONLINE_TITLE,
            SessionKind.THEMATIC_STUDY,
            _at(day, 8),
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
            _Planned(
                root,
                f"Hội nghị giao ban công tác xây dựng Đảng {quarter}",
                SessionKind.BRIEFING,
                _at(day, 14),
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
            day = _cell_day(index, month)
            invitees = {
                p.pk: unit.pk
                for p in world.ever_in[cell.pk]
                if (unit := world.unit_on(p, day))
                and world.cell_of.get(unit.pk) == cell
                and world.member_on(p, day)
            }
            plans.append(
                _Planned(
                    cell,
                    f"Sinh hoạt chi bộ thường kỳ tháng {month}/2023",
                    SessionKind.CELL_MEETING,
                    _at(day, 14, 30 if index % 3 == 0 else 0),
                    120,
                    _place(cell),
                    invitees,
                    audience_units=[cell],
                    members_only=True,
                    topic=MONTH_TOPICS[month],
                    agenda=CELL_AGENDA,
                )
            )
    # The 2023 theme in every cell, for members and workers.
    for index, cell in enumerate(world.cells):
        day = _workday(D(2023, 6, 12) + dt.timedelta(days=(index * 4) % 70))
        cancelled = cell.code == "DD-HTXKT"
        if cancelled:
            day = D(2023, 7, 20)
        title = f"Học tập chuyên đề năm 2023 tại {cell.name.removeprefix('Chi bộ ')}"
        plans.append(
            _Planned(
                cell,
                title + (" (hoãn do mưa bão)" if cancelled else ""),
                SessionKind.THEMATIC_STUDY,
                _at(day, 8, 30),
                150,
                _place(cell),
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
                _Planned(
                    cell,
                    title,
                    SessionKind.THEMATIC_STUDY,
                    _at(day, 8, 30),
                    150,
                    _place(cell),
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
            _Planned(
                thc,
                "Hội nghị sơ kết công tác chuyên môn 6 tháng đầu năm 2023",
                SessionKind.OTHER,
                _at(day, 8),
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


def _self_study(writer: _Writer, world: _World) -> list[tuple[SelfStudy, dt.date, Unit]]:
    """Some missed meetings made up by self-study; a few workers study the theme's booklet;
    every member in 2023 with nothing at all studies the year's documents."""
    rng = writer.rng
    entries = []  # (person, day, material, minutes, note)
    end = D(2023, 12, 31)
    for pk, day, plan in writer.missed:
        if rng.random() < 0.35 or pk == writer.long_leave:
            studied = min(day + dt.timedelta(days=rng.randint(2, 12)), end)
            month = plan.start.month
            material = MATERIALS[0].format(month=month, topic=MONTH_TOPICS[month])
            entries.append((pk, studied, material))
    for person in world.people:
        if person.party_status in MEMBER_STATUSES or rng.random() >= 0.08:
            continue
        if world.unit_on(person, D(2023, 9, 1)) is None:
            continue
        entries.append(
            (person.pk, D(2023, 9, 1) + dt.timedelta(days=rng.randint(0, 60)), MATERIALS[1])
        )
    for person in world.people:
        # Members of 2023 who had no session to go to (joined at the very end of the year).
        first = _first_day(world, person, D(2023, 1, 1), end)
        if (
            first is not None
            and world.member_on(person, end)
            and not writer.took_part.get(person.pk)
            and not any(e[0] == person.pk for e in entries)
        ):
            entries.append((person.pk, min(first + dt.timedelta(days=3), end), MATERIALS[2]))
    written = []
    entries.sort(key=lambda e: (e[1], world_code(writer, e[0])))
    for pk, studied, material in entries:
        person = writer.people[pk]
        study = services.self_study_record(
            by=writer.office,
            person=person,
            studied_on=studied,
            material=material,
            minutes=rng.choice((45, 60, 90, 120)),
            note=rng.choice(NOTES),
            program_year=writer.year_2023,
        )
        unit = world.unit_on(person, studied) or world.units[person.unit_id]
        written.append((study, studied, unit))
        writer.result.self_study += 1
    return written


def world_code(writer: _Writer, pk: int) -> str:
    return writer.people[pk].code


def _first_day(world: _World, person: Person, start: dt.date, end: dt.date) -> dt.date | None:
    """The first day in [start, end] the person was in the committee, or None."""
    candidates = [start, person.unit_since] + [m.started_on for m in world.periods[person.pk]]
    for day in sorted(d for d in candidates if d and start <= d <= end):
        if world.unit_on(person, day) is not None:
            return day
    return None


# -- 2026 --------------------------------------------------------------------------------------


def _plan_2026(world: _World, theme: str) -> list[tuple[_Planned, bool]]:
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
            _Planned(
                root,
                "Hội nghị trực tiếp kết hợp trực tuyến học tập, quán triệt chuyên đề năm 2026",
                SessionKind.THEMATIC_STUDY,
                _at(D(2026, 5, 19), 8),
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
            _Planned(
                root,
                "Hội nghị giao ban công tác xây dựng Đảng quý III/2026",
                SessionKind.BRIEFING,
                _at(D(2026, 10, 8), 14),
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
                    _Planned(
                        nncs,
                        f"Sinh hoạt chi bộ thường kỳ tháng {day.month}/{day.year}",
                        SessionKind.CELL_MEETING,
                        _at(day, 14),
                        120,
                        _place(nncs),
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
            _Planned(
                root,
                "Hội nghị trực tiếp kết hợp trực tuyến tổng kết 05 năm thực hiện Kết luận 01-KL/TW "
                "và chuyên đề năm 2026",
                SessionKind.THEMATIC_STUDY,
                _at(D(2026, 12, 15), 8),
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
            _Planned(
                root,
                "Hội nghị cán bộ chủ chốt tổng kết công tác năm 2026, triển khai nhiệm vụ năm 2027",
                SessionKind.KEY_CADRE_CONFERENCE,
                _at(D(2027, 1, 7), 8),
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


def load_study(admin, seed: int = SEED) -> Result:
    """Write the demo's sessions; nothing if they are there already."""
    result = Result()
    root = Unit.objects.filter(code=ROOT_CODE).first()
    if root is None:
        return result
    if StudySession.objects.filter(unit=root, title=KEY_CADRE_TITLE).exists():
        return result
    world = _World(root)
    rng = random.Random(f"lamtheo-study:{seed}")
    writer = _Writer(admin, world, rng, result)

    for plan in _plan_2023(world):
        writer.write(plan)
    studies = _self_study(writer, world)

    theme_2026 = writer.years[2026].theme if 2026 in writer.years else ""
    for plan, held in _plan_2026(world, theme_2026):
        writer.write(plan, refile=False, record=held)

    Attendance.objects.bulk_create(writer.bulk, batch_size=500)
    Excuse.objects.bulk_create([e for e, _asked in writer.excuses], batch_size=500)
    _date_the_story(writer, studies)
    return result


def _date_the_story(writer: _Writer, studies) -> None:
    """Stamp records with the day they happened (the services used "now")."""
    rng = writer.rng
    rows = []
    latest = _at(DATA_TODAY, 17)  # nothing is dated after the data's "today"
    for session, plan in writer.sessions:
        created = _at(
            plan.start.date() - dt.timedelta(days=rng.randint(12, 25)), 9, rng.randint(0, 59)
        )
        published = created + dt.timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 6))
        if published > latest:  # planned well ahead: sessions of December 2026 and 2027
            created = _at(DATA_TODAY - dt.timedelta(days=rng.randint(3, 9)), 9, rng.randint(0, 59))
            published = created + dt.timedelta(days=1, hours=rng.randint(0, 6))
        if plan.draft:
            published = None
        updated = published or created
        if plan.cancelled:
            updated = plan.start - dt.timedelta(days=1, hours=3)
        rows.append((created, updated, published, session.pk))
    _update_rows(StudySession, ["created_at", "updated_at", "published_at"], rows)
    _update_rows(Attendance, ["updated_at"], [(at, a.pk) for a, at in writer.attendances])
    _update_rows(Excuse, ["requested_at"], [(asked, e.pk) for e, asked in writer.excuses])
    _update_rows(
        SelfStudy,
        ["created_at", "unit"],
        [(_at(day, 20, rng.randint(0, 59)), unit.pk, s.pk) for s, day, unit in studies],
    )
