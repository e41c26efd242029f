"""The demo committee: the article's Đảng bộ Khối doanh nghiệp quận Đống Đa, re-created.

`build_plan()` decides everything (units, people, offices, history, accounts) from a fixed seed
and fixed dates, without touching the database; `load_demo()` writes what is missing, matching
units by code, people by personal code or party card number, users by username, so running it
twice changes nothing. Organisational changes go through `lamtheo.org.services`, as a user's
would, so the history pages show them.

The demo is set in the article's time (sơ kết of 14/3/2023, programme 2021–2026). Districts
(quận) were abolished on 1/7/2025; the committee keeps the name the article gives it, and its
history says so. People are "as of" REFERENCE_DATE (30/6/2025), the last day of the districts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from lamtheo.accounts.models import Grant, Role
from lamtheo.core.models import SiteNotice
from lamtheo.devdata import names
from lamtheo.devdata.data.org import (
    CELL_TERM_START,
    DEPUTY,
    GROUP_LEADER,
    INSPECTION_CHAIR,
    INSPECTION_DEPUTY,
    INSPECTION_MEMBER,
    LEAVES,
    LEFT_REASON,
    MEMBER,
    MERGE,
    MERGED_SOURCE,
    NNCS,
    OFFICE,
    ROOT_CODE,
    ROOT_NOTE,
    ROOT_TERM_START,
    SECRETARY,
    STANDING,
    SUB_COMMITTEE_TERM_START,
    TERM_NOTE,
    THC,
    THC_VP,
    TRANSFER,
    UNITS,
    D,
    UnitSpec,
)
from lamtheo.devdata.data.reform import NOTICE_BODY, NOTICE_TITLE
from lamtheo.devdata.demo import reform, story
from lamtheo.devdata.demo.notify import load_notify
from lamtheo.devdata.demo_reminders import load_reminders
from lamtheo.devdata.names import FakePerson, NameGenerator
from lamtheo.org import services
from lamtheo.org.counts import refresh_unit_counts
from lamtheo.org.models import (
    Person,
    Position,
    Unit,
    UnitChange,
    UnitChangeKind,
    UnitKind,
)

SEED = 20230314
REFERENCE_DATE = names.REFERENCE_DATE
PASSWORD = "demo12345"
PERSON_CODE = "DBKDN-{:04d}"


@dataclass
class PlannedPerson:
    code: str
    unit: str  # unit code
    fake: FakePerson
    unit_since: dt.date
    cell: str  # the cell (or sub-committee child cell) the person belongs to
    index: int  # position in the cell's list

    def fields(self) -> dict:
        return {**self.fake.as_fields(), "code": self.code, "unit_since": self.unit_since}


@dataclass(frozen=True)
class PlannedPosition:
    person: str  # person code
    unit: str  # unit code
    title: str
    started_on: dt.date
    ended_on: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class PlannedUser:
    username: str
    role: str | None  # a Role, or None for a member without a grant
    unit: str | None  # unit code of the grant
    person: str | None  # person code to link
    is_staff: bool = False


@dataclass
class Plan:
    units: list[tuple[UnitSpec, str | None]]  # (spec, parent code), parents first
    people: list[PlannedPerson]
    positions: list[PlannedPosition]
    users: list[PlannedUser]
    transfer: tuple[str, str, dt.date, str]  # (person code, to unit, date, reason)
    leaves: list[tuple[str, dt.date]]  # (person code, left on)

    def person(self, code: str) -> PlannedPerson:
        return next(p for p in self.people if p.code == code)


def _flatten(spec: UnitSpec, parent: str | None = None):
    yield spec, parent
    for child in spec.children:
        yield from _flatten(child, spec.code)


def _date_between(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    if high <= low:
        return low
    return dt.date.fromordinal(rng.randint(low.toordinal(), high.toordinal()))


def build_plan(seed: int = SEED) -> Plan:
    """Everything the demo contains, decided from `seed` alone (no database, no today())."""
    gen = NameGenerator(seed, today=REFERENCE_DATE)
    rng = random.Random(f"lamtheo-demo:{seed}")
    units = list(_flatten(UNITS))
    people: list[PlannedPerson] = []
    positions: list[PlannedPosition] = []
    officers: dict[str, list[PlannedPerson]] = {}  # cell code -> secretary, deputy, members

    def term_start(unit_kind: str) -> dt.date:
        if unit_kind in (UnitKind.COMMITTEE, UnitKind.GRASSROOTS_COMMITTEE):
            return ROOT_TERM_START
        if unit_kind == UnitKind.SUB_COMMITTEE:
            return SUB_COMMITTEE_TERM_START
        return CELL_TERM_START

    def add_position(person, unit_code, unit_kind, title, ended_on=None, note=TERM_NOTE):
        start = max(term_start(unit_kind), person.unit_since)
        if person.fake.official_on and person.fake.official_on > start:
            # An office holder was a full member when taking office: their joining moves
            # back (without a draw, so nothing else in the plan shifts).
            joined = max(
                names.add_years(person.fake.birth_date, 18),
                min(names.add_years(person.fake.birth_date, 25), names.add_years(start, -3)),
            )
            person.fake = dataclasses.replace(
                person.fake, joined_on=joined, official_on=names.add_years(joined, 1)
            )
        positions.append(PlannedPosition(person.code, unit_code, title, start, ended_on, note))

    for spec, _parent in units:
        if not spec.size:
            continue
        ended_on = MERGE[2] if spec.code == MERGED_SOURCE else None
        last_since = MERGE[2] - dt.timedelta(days=60) if ended_on else REFERENCE_DATE
        cell_people = []
        for i in range(spec.size):
            level = "head" if i == 0 else "deputy" if i in (1, *spec.titles) else "staff"
            status = names.OFFICIAL if (spec.all_official or i < 3) else None
            fixed = spec.fixed.get(i)
            fake = gen.person(
                sector=spec.sector,
                level=level,
                status=status,
                gender=fixed[3] if fixed else None,
            )
            if fixed:
                fake = dataclasses.replace(fake, family=fixed[0], middle=fixed[1], given=fixed[2])
            if i in spec.titles:
                fake = dataclasses.replace(fake, job_title=spec.titles[i])
            # Worked there from 22 (or the cell's founding); office holders before the 2020 term.
            earliest = max(spec.opened_on, names.add_years(fake.birth_date, 22))
            latest = last_since if level == "staff" else min(last_since, D(2019, 12, 31))
            if fake.job_title == names.RETIRED_TITLE:  # stayed in the cell after retiring
                latest = min(latest, names.add_years(fake.birth_date, 58))
            since = _date_between(rng, earliest, latest)
            person = PlannedPerson(
                PERSON_CODE.format(len(people) + 1), spec.code, fake, since, spec.code, i
            )
            people.append(person)
            cell_people.append(person)

        # Party groups: members are spread over the groups, non-members stay in the cell.
        groups = [child for child in spec.children if child.kind == UnitKind.GROUP]
        if groups:
            members = [p for p in cell_people if p.fake.is_member]
            for n, person in enumerate(members):
                person.unit = groups[n % len(groups)].code
            for group in groups:
                leader = next(
                    p
                    for p in members
                    if p.unit == group.code and p.index >= 2 and p.fake.party_status == "official"
                )
                add_position(leader, group.code, UnitKind.GROUP, GROUP_LEADER, ended_on)

        # Chi bộ officers (QĐ 29-QĐ/TW): a secretary; with 9 or more full members a chi ủy of
        # 3 (5 from 20) with a deputy secretary.
        order = spec.officers or tuple(range(spec.size))
        officials = [
            cell_people[i] for i in order if cell_people[i].fake.party_status == names.OFFICIAL
        ]
        officers[spec.code] = officials[:5]
        n_official = sum(p.fake.party_status == names.OFFICIAL for p in cell_people)
        add_position(officials[0], spec.code, spec.kind, SECRETARY, ended_on)
        if n_official >= 9:
            add_position(officials[1], spec.code, spec.kind, DEPUTY, ended_on)
            for member in officials[2 : 5 if n_official >= 20 else 3]:
                add_position(member, spec.code, spec.kind, MEMBER, ended_on)

    def sec(cell: str) -> PlannedPerson:
        return officers[cell][0]

    def dep(cell: str) -> PlannedPerson:
        return officers[cell][1]

    office = [p for p in people if p.cell == OFFICE]
    thc_vp = [p for p in people if p.cell == THC_VP]

    # Đảng ủy bộ phận Truyền hình Cáp: the general director and a deputy lead it; the three
    # cell secretaries sit on it.
    thc = UnitKind.SUB_COMMITTEE
    add_position(thc_vp[0], THC, thc, SECRETARY)
    add_position(thc_vp[1], THC, thc, DEPUTY)
    for cell in (THC_VP, "DD-THC-KT", "DD-THC-KD"):
        add_position(sec(cell), THC, thc, MEMBER)

    # The committee (Ban Chấp hành Đảng bộ Khối, 11 members) and its inspection committee.
    root = UnitKind.GRASSROOTS_COMMITTEE
    add_position(office[0], ROOT_CODE, root, SECRETARY, note=f"Quận ủy viên; {TERM_NOTE}")
    add_position(office[1], ROOT_CODE, root, DEPUTY)
    add_position(office[1], ROOT_CODE, root, INSPECTION_CHAIR)
    add_position(thc_vp[0], ROOT_CODE, root, STANDING)
    for person in (office[2], office[4], *(sec(c) for c in ("DD-XDKL", "DD-BVTL", "DD-NHSH"))):
        add_position(person, ROOT_CODE, root, MEMBER)
    for cell in ("DD-MTDD", "DD-TCDNTH", "DD-DPOCD"):
        add_position(sec(cell), ROOT_CODE, root, MEMBER)
    add_position(office[3], ROOT_CODE, root, INSPECTION_DEPUTY)
    add_position(office[6], ROOT_CODE, root, INSPECTION_MEMBER)
    for cell in ("DD-BVTL", "DD-NHSH"):
        add_position(dep(cell), ROOT_CODE, root, INSPECTION_MEMBER)

    holders = {p.person for p in positions}

    def plain_member(cell: str, before: dt.date = REFERENCE_DATE) -> PlannedPerson:
        """The first full member of `cell` who holds no office (and was there before `before`)."""
        return next(
            p
            for p in people
            if p.cell == cell
            and p.fake.party_status == names.OFFICIAL
            and p.code not in holders
            and p.fake.job_title != names.RETIRED_TITLE
            and p.unit_since < before
        )

    mover = plain_member(TRANSFER[0], TRANSFER[2])
    leavers = [plain_member(cell, left_on) for cell, left_on in LEAVES]
    member = next(
        p
        for p in people
        if p.cell == NNCS
        and p.fake.party_status == names.OFFICIAL
        and p.code not in holders
        and p is not mover
    )
    # The accounts belong to invented people, so that they can go on after 2025 (the demo
    # gives the three real people of the article no post after the bloc ends): the cell's
    # deputy secretary, its secretary from the 2025 congress; an inspection officer.
    users = [
        PlannedUser("admin", Role.ADMIN, None, None, is_staff=True),
        PlannedUser("vanphong", Role.OFFICE, ROOT_CODE, office[5].code),
        PlannedUser("bithu", Role.SECRETARY, NNCS, dep(NNCS).code),
        PlannedUser("kiemtra", Role.INSPECTOR, ROOT_CODE, office[3].code),
        PlannedUser("dangvien", None, None, member.code),
    ]
    return Plan(
        units=units,
        people=people,
        positions=positions,
        users=users,
        transfer=(mover.code, TRANSFER[1], TRANSFER[2], TRANSFER[3]),
        leaves=[(p.code, left_on) for p, (_unit, left_on) in zip(leavers, LEAVES, strict=True)],
    )


DIGEST_FIELDS = (
    "code",
    "full_name",
    "gender",
    "birth_date",
    "party_status",
    "joined_on",
    "official_on",
    "party_card_number",
    "phone",
    "job_title",
)


def digest(people) -> str:
    """A fingerprint of people (Person rows or PlannedPerson): names, dates, numbers, jobs."""
    rows = []
    for p in people:
        values = p.fields() if isinstance(p, PlannedPerson) else vars(p)
        rows.append("|".join(str(values[name] or "") for name in DIGEST_FIELDS))
    return hashlib.sha256("\n".join(sorted(rows)).encode()).hexdigest()


@dataclass
class Result:
    units: int = 0
    people: int = 0
    positions: int = 0
    users: int = 0
    changes: int = 0
    announcements: int = 0
    accounts: list[tuple[str, str | None, Unit | None, Person | None, bool]] = field(
        default_factory=list
    )  # (username, role, unit, person, created)

    @property
    def created_anything(self) -> bool:
        return bool(self.units or self.people or self.positions or self.users or self.changes)


@transaction.atomic
def load_demo(seed: int = SEED) -> Result:
    """Write the demo into the database; what already exists is left as it is."""
    plan = build_plan(seed)
    result = Result()
    User = get_user_model()
    password = None
    created_users = set()

    def get_user(username: str, is_staff: bool = False):
        nonlocal password
        user = User.objects.filter(username=username).first()
        if user is None:
            password = password or make_password(PASSWORD)  # hashing is slow: once
            user = User(username=username, password=password)
            user.is_staff = user.is_superuser = is_staff
            user.save()
            created_users.add(username)
            result.users += 1
        return user, username in created_users

    admin, _ = get_user("admin", is_staff=True)
    Grant.objects.get_or_create(user=admin, unit=None, role=Role.ADMIN)

    # Units, parents first. A parent is re-read before each child: treebeard computes the new
    # path from the parent's child count.
    units: dict[str, Unit] = {u.code: u for u in Unit.objects.filter(code__in=_codes(plan))}
    for spec, parent_code in plan.units:
        if spec.code in units:
            continue
        parent = Unit.objects.get(pk=units[parent_code].pk) if parent_code else None
        unit = services.unit_create(
            by=admin,
            parent=parent,
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            opened_on=spec.opened_on,
        )
        if parent is None:
            UnitChange.objects.filter(unit=unit, kind=UnitChangeKind.CREATED).update(note=ROOT_NOTE)
            reform.insert_committees_above(admin, unit)
        units[spec.code] = unit
        result.units += 1

    # People: match by code or party card number; create the rest in bulk, with history.
    codes = {p.code for p in plan.people}
    cards = {p.fake.party_card_number for p in plan.people if p.fake.party_card_number}
    existing_codes = set(Person.objects.filter(code__in=codes).values_list("code", flat=True))
    existing_cards = set(
        Person.objects.filter(party_card_number__in=cards).values_list(
            "party_card_number", flat=True
        )
    )
    new_people = []
    for planned in plan.people:
        if planned.code in existing_codes or planned.fake.party_card_number in existing_cards:
            continue
        person = Person(unit=units[planned.unit], **planned.fields())
        person.fill_keys()
        new_people.append(person)
    if new_people:
        bulk_create_with_history(new_people, Person, batch_size=500)
        result.people = len(new_people)
        refresh_unit_counts({p.unit_id for p in new_people})
    people = {p.code: p for p in Person.objects.filter(code__in=codes)}

    # Offices held, matched by (person, unit, office).
    held = set(
        Position.objects.filter(person__in=people.values()).values_list(
            "person__code", "unit__code", "title"
        )
    )
    new_positions = [
        Position(
            person=people[p.person],
            unit=units[p.unit],
            title=p.title,
            started_on=p.started_on,
            ended_on=p.ended_on,
            note=p.note,
        )
        for p in plan.positions
        if p.person in people and (p.person, p.unit, p.title) not in held
    ]
    if new_positions:
        bulk_create_with_history(new_positions, Position, batch_size=500)
        result.positions = len(new_positions)

    # A little history, each step only if it has not happened yet.
    for spec, _parent in plan.units:
        unit = units[spec.code]
        if spec.renamed and unit.name == spec.name:
            effective_on, new_name, note = spec.renamed
            units[spec.code] = services.unit_update(
                by=admin,
                unit=unit,
                name=new_name,
                kind=unit.kind,
                code=unit.code,
                effective_on=effective_on,
                note=note,
            )
            result.changes += 1

    mover_code, to_code, moved_on, reason = plan.transfer
    mover = people.get(mover_code)
    if mover and mover.unit_id != units[to_code].pk and not mover.memberships.exists():
        services.person_transfer(
            by=admin, person=mover, unit=units[to_code], effective_on=moved_on, reason=reason
        )
        result.changes += 1

    for code, left_on in plan.leaves:
        person = people.get(code)
        if person and person.left_on is None:
            services.person_leave(by=admin, person=person, left_on=left_on, reason=LEFT_REASON)
            result.changes += 1

    source_code, target_code, merged_on, note = MERGE
    source = Unit.objects.get(pk=units[source_code].pk)
    if source.closed_on is None:
        services.unit_merge(
            by=admin, source=source, target=units[target_code], effective_on=merged_on, note=note
        )
        result.changes += 1

    # Sign-ins: one shared password hash; a person is linked only if nobody else is.
    people = {p.code: p for p in Person.objects.filter(code__in=codes)}
    for planned in plan.users:
        user, created = get_user(planned.username, planned.is_staff)
        unit = units[planned.unit] if planned.unit else None
        if planned.role and planned.role != Role.ADMIN:
            Grant.objects.get_or_create(user=user, unit=unit, role=planned.role)
        person = people.get(planned.person) if planned.person else None
        if (
            person is not None
            and person.user_id is None
            and not Person.objects.filter(user=user).exists()
        ):
            person.user = user
            person.save(update_fields=["user", "updated_at"])
        elif person is not None and person.user_id != user.pk:
            person = None
        result.accounts.append((planned.username, planned.role, unit, person, created))
    # Then the story, year by year, with the reform between 2025 and 2026 (demo/story.py),
    # and the announcements of "today".
    result.story = story.run(admin)
    result.announcements = load_notify(settings.SITE_URL)
    # The reminders of the story's morning, after the announcements: those mark some of the
    # demo users' inboxes read, which must not take the reminders with them.
    load_reminders()
    result.changes += sum(result.story.get("reform", [0]))
    # What the demo invents, on the sign-in page every visitor sees first.
    SiteNotice.objects.get_or_create(title=NOTICE_TITLE, defaults={"body": NOTICE_BODY})
    # The sign-ins as they are now: the latest grant (the reform added the successor's).
    latest = {
        g.user.username: g.unit for g in Grant.objects.select_related("user", "unit").order_by("pk")
    }
    result.accounts = [
        (username, role, latest.get(username, unit), person, created)
        for username, role, unit, person, created in result.accounts
    ]
    return result


def _codes(plan: Plan) -> list[str]:
    return [spec.code for spec, _parent in plan.units]
