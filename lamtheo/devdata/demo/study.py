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
tests/demo/test_study.py); change them only with the data.

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
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from lamtheo.devdata.data.reform import DN_WARD
from lamtheo.devdata.data.study import (
    LONG_LEAVE_CELL,
    LONG_LEAVE_REASON,
    MATERIALS,
    MEMBER_STATUSES,
    MONTH_TOPICS,
    NNCS,
    NOTES,
    REASONS,
    ROOT_CODE,
    STEP_BY_STEP,
    USERNAMES,
    D,
)
from lamtheo.devdata.demo import study_years
from lamtheo.devdata.demo.common import DATA_TODAY, update_rows
from lamtheo.devdata.demo.study_plan import (
    Planned,
    World,
    at,
    first_day,
    plan_2023,
    plan_2026,
)
from lamtheo.org.models import (
    PartyStatus,
    Person,
    Unit,
)
from lamtheo.programs.models import ProgramYear
from lamtheo.study import participation_counts, services
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
    SessionKind,
    StudySession,
)

SEED = 20230314
DN_WARD_CODE = DN_WARD[0]


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


class _Writer:
    def __init__(self, admin, world: World, rng: random.Random, result: Result):
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
        self.missed: list[tuple[int, dt.date, Planned]] = []
        self.sessions: list[tuple[StudySession, Planned]] = []
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

    def write(self, plan: Planned, refile: bool = True, record: bool = True) -> StudySession:
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

    def _status(self, person: Person, plan: Planned) -> str | None:
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

    def _attend(self, session: StudySession, plan: Planned, by, at_point: dict) -> None:
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


def _self_study(writer: _Writer, world: World) -> list[tuple[SelfStudy, dt.date, Unit]]:
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
        first = first_day(world, person, D(2023, 1, 1), end)
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


# -- 2026 --------------------------------------------------------------------------------------


def load_year(admin, year: int, seed: int = SEED) -> Result:
    """The sessions of one year of the story (nothing if the year has sessions already):
    the bloc's before the reform, 2026's in the committee that took the demo users' cells."""
    result = Result()
    code = DN_WARD_CODE if year == 2026 else ROOT_CODE
    root = Unit.objects.filter(code=code).first()
    if root is None or (year < 2026 and root.closed_on is not None):
        return result
    world = World(root)
    if StudySession.objects.filter(unit__in=list(world.units), starts_at__year=year).exists():
        return result
    if year == 2023:
        rng = random.Random(f"lamtheo-study:{seed}")
    else:
        rng = random.Random(f"lamtheo-study:{seed}:{year}")
    writer = _Writer(admin, world, rng, result)
    studies = []
    if year == 2023:
        for plan in plan_2023(world):
            writer.write(plan)
        studies = _self_study(writer, world)
    elif year == 2026:
        theme_2026 = writer.years[2026].theme if 2026 in writer.years else ""
        for plan, held in plan_2026(world, theme_2026):
            writer.write(plan, refile=False, record=held)
    else:
        for plan in study_years.plan_year(world, year):
            writer.write(plan)
    Attendance.objects.bulk_create(writer.bulk, batch_size=500)
    Excuse.objects.bulk_create([e for e, _asked in writer.excuses], batch_size=500)
    _date_the_story(writer, studies)
    # The attendance written in bulk bypassed the receivers: recount the months taken part in.
    participation_counts.rebuild()
    return result


def _date_the_story(writer: _Writer, studies) -> None:
    """Stamp records with the day they happened (the services used "now")."""
    rng = writer.rng
    rows = []
    latest = at(DATA_TODAY, 17)  # nothing is dated after the data's "today"
    for session, plan in writer.sessions:
        created = at(
            plan.start.date() - dt.timedelta(days=rng.randint(12, 25)), 9, rng.randint(0, 59)
        )
        published = created + dt.timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 6))
        if published > latest:  # planned well ahead: sessions of December 2026 and 2027
            created = at(DATA_TODAY - dt.timedelta(days=rng.randint(3, 9)), 9, rng.randint(0, 59))
            published = created + dt.timedelta(days=1, hours=rng.randint(0, 6))
        if plan.draft:
            published = None
        updated = published or created
        if plan.cancelled:
            updated = plan.start - dt.timedelta(days=1, hours=3)
        rows.append((created, updated, published, session.pk))
    update_rows(StudySession, ["created_at", "updated_at", "published_at"], rows)
    update_rows(Attendance, ["updated_at"], [(at, a.pk) for a, at in writer.attendances])
    update_rows(Excuse, ["requested_at"], [(asked, e.pk) for e, asked in writer.excuses])
    update_rows(
        SelfStudy,
        ["created_at", "unit"],
        [(at(day, 20, rng.randint(0, 59)), unit.pk, s.pk) for s, day, unit in studies],
    )
