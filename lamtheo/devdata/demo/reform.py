"""The demo's 2025 reform, through the reorganisation services (org.reorganise), as the city's
administrator would record it. Data and labels: `lamtheo.devdata.data.reform`.

- `insert_committees_above`: Đảng bộ quận Đống Đa above the bloc, then Đảng bộ thành phố Hà Nội
  above the district, both from the bloc's founding day (`insert_above`), right after the bloc
  is created, so every later change of the bloc's tree is dated after it.
- `load_reform`, once the first half of 2025 is written: the cells' congresses of the 2025–2030
  term (`new_term`, 15/5/2025, before 30/6 as KL 163-KL/TW asks; the holders are the demo's
  invented people, never the three the article names); the five wards and the Đảng bộ Doanh
  nghiệp phường Đống Đa (01/7/2025); the real office holders leave the demo's tree on
  30/6/2025; every open cell is handed over on 01/7/2025 (`transfer_cells`, one handover
  record per receiving committee); the bloc and the district are dissolved on 30/6/2025
  (`dissolve`, which ends their offices); the enterprise committee's first committee (July
  2025); the demo accounts follow their people (grants on the successor, the bloc's kept for
  its past).
- `confirm_probationers`: members admitted as dự bị are made chính thức twelve months later
  (the 2026 step; nobody in the demo is refused).
"""

from __future__ import annotations

import datetime as dt

from lamtheo.accounts.models import Grant, Role
from lamtheo.devdata import names
from lamtheo.devdata.data import reform as data
from lamtheo.devdata.data.org import NNCS, OFFICE, ROOT_CODE
from lamtheo.devdata.demo.common import DATA_TODAY
from lamtheo.org import reorganise, services
from lamtheo.org.models import (
    PartyStatus,
    Person,
    Position,
    PositionTitle,
    Unit,
    UnitChange,
    UnitKind,
)

# The three the article names: no post for them after the bloc ends.
REAL_PEOPLE = ("Vũ Mạnh Chiến", "Nguyễn Văn Quang", "Nguyễn Trung Chính")
CELL_KINDS = (UnitKind.GRASSROOTS_CELL, UnitKind.CELL, UnitKind.SUB_COMMITTEE)
ELECTED = (PositionTitle.SECRETARY, PositionTitle.DEPUTY_SECRETARY, PositionTitle.COMMITTEE_MEMBER)


def insert_committees_above(admin, bloc: Unit) -> None:
    """The district, then the city, above the bloc (nothing if the district is there)."""
    if Unit.objects.filter(code=data.DISTRICT[0]).exists():
        return
    on = bloc.opened_on
    for (code, name, kind), below in ((data.DISTRICT, bloc), (data.CITY, None)):
        below = below or Unit.objects.get(code=data.DISTRICT[0])
        above = reorganise.insert_above(
            by=admin, unit=below, code=code, name=name, kind=kind, effective_on=on, note=""
        )
        UnitChange.objects.filter(unit=above).update(note=data.ABOVE_NOTE)


def _new_term(admin, unit: Unit, people: dict[int, Person]) -> None:
    """The cell's congress: its current holders again, in the same order of office, with the
    next full member in place of a real person."""
    running = list(
        Position.objects.filter(unit=unit, title__in=ELECTED, ended_on__isnull=True).order_by("pk")
    )
    order = {t: i for i, t in enumerate(ELECTED)}
    running.sort(key=lambda p: (order[p.title], p.pk))
    holders = [people[p.person_id] for p in running if p.person_id in people]
    titles = [p.title for p in running]
    kept = [h for h in holders if h.full_name not in REAL_PEOPLE and h.is_current]
    if len(kept) < len(holders):
        taken = {h.pk for h in holders}
        spare = (
            Person.objects.in_subtree(unit)
            .current()
            .filter(party_status=PartyStatus.OFFICIAL)
            .exclude(pk__in=taken)
            .exclude(full_name__in=REAL_PEOPLE)
            .order_by("code")
        )
        kept += list(spare[: len(holders) - len(kept)])
    if not kept:
        return
    reorganise.new_term(
        by=admin,
        unit=unit,
        starts_on=data.CELL_CONGRESS,
        holders=list(zip(kept, titles, strict=False)),
    )
    Position.objects.filter(unit=unit, started_on=data.CELL_CONGRESS).update(
        note=data.TERM_2025_NOTE
    )


def load_reform(admin) -> int:
    """The reform of 2025 (nothing if the bloc is closed already); returns the changes made."""
    bloc = Unit.objects.filter(code=ROOT_CODE).first()
    if bloc is None or bloc.closed_on is not None:
        return 0
    city = Unit.objects.get(code=data.CITY[0])
    changes = 0
    people = {p.pk: p for p in Person.objects.in_subtree(bloc)}

    # Congresses of the cells (and the sub-committee), term 2025–2030.
    cells = [
        u for u in Unit.objects.subtree_of(bloc).active().order_by("path") if u.kind in CELL_KINDS
    ]
    for cell in cells:
        _new_term(admin, cell, people)
        changes += 1

    # The real people leave the demo's tree with the bloc.
    for person in Person.objects.in_subtree(bloc).current().filter(full_name__in=REAL_PEOPLE):
        if person.unit.code == OFFICE:  # Chính stays a member of his cell
            services.person_leave(
                by=admin,
                person=person,
                left_on=data.CLOSED_ON,
                reason=data.REAL_PEOPLE_LEAVE_REASON,
            )
            changes += 1

    # The wards of 01/7/2025 and the enterprise committee of phường Đống Đa.
    committees = {}
    for code, name, _formed_from in data.WARDS:
        committees[code] = services.unit_create(
            by=admin,
            parent=Unit.objects.get(pk=city.pk),
            code=code,
            name=name,
            kind=UnitKind.COMMITTEE,
            opened_on=data.TRANSFERRED_ON,
        )
    code, name, kind = data.DN_WARD
    committees[code] = services.unit_create(
        by=admin,
        parent=Unit.objects.get(pk=committees["P-DD"].pk),
        code=code,
        name=name,
        kind=kind,
        opened_on=data.TRANSFERRED_ON,
    )
    changes += len(committees)

    # Every open cell to its committee, one handover record per committee.
    by_target: dict[str, list[Unit]] = {}
    for unit in Unit.objects.get_children(Unit.objects.get(pk=bloc.pk)).active():
        by_target.setdefault(data.SUCCESSOR[unit.code], []).append(unit)
    for target_code, moving in sorted(by_target.items()):
        reorganise.transfer_cells(
            by=admin,
            cells=moving,
            target=committees[target_code],
            effective_on=data.TRANSFERRED_ON,
            note=data.HANDOVER_NOTE,
        )
        changes += len(moving)
    office = Unit.objects.get(code=OFFICE)
    services.unit_update(
        by=admin,
        unit=office,
        name=data.OFFICE_RENAMED,
        kind=office.kind,
        code=office.code,
        effective_on=data.TRANSFERRED_ON,
        note=data.HANDOVER_NOTE,
    )

    # The bloc and the district end on 30/6/2025.
    for unit in (bloc, Unit.objects.get(code=data.DISTRICT[0])):
        reorganise.dissolve(
            by=admin, unit=Unit.objects.get(pk=unit.pk), on=data.CLOSED_ON, note=data.CLOSE_NOTE
        )
        changes += 1

    _enterprise_committee(admin, committees[data.DN_WARD[0]])
    _accounts(bloc, committees[data.DN_WARD[0]])
    return changes


def _office_staff() -> list[Person]:
    return list(Person.objects.filter(unit__code=OFFICE).current().order_by("code"))


def _enterprise_committee(admin, committee: Unit) -> None:
    """Its first committee (July 2025; the people are the demo's invented ones): the bloc's
    former office staff and three cell secretaries."""
    staff = _office_staff()
    secretaries = [
        p.person
        for p in Position.objects.filter(
            unit__code__in=(NNCS, "DD-MTDD", "DD-BVTL"),
            title=PositionTitle.SECRETARY,
            ended_on__isnull=True,
        )
        .select_related("person")
        .order_by("unit__code")
    ]
    holders = [(staff[0], PositionTitle.SECRETARY), (staff[1], PositionTitle.DEPUTY_SECRETARY)]
    holders += [(p, PositionTitle.COMMITTEE_MEMBER) for p in secretaries]
    holders += [(staff[1], PositionTitle.INSPECTION_CHAIR)]
    holders += [(p, PositionTitle.INSPECTION_MEMBER) for p in (staff[2], staff[4])]
    reorganise.new_term(by=admin, unit=committee, starts_on=dt.date(2025, 7, 25), holders=holders)
    Position.objects.filter(unit=committee).update(note=data.TERM_2025_NOTE)


def _accounts(bloc: Unit, successor: Unit) -> None:
    """The office and the inspector keep their grant on the bloc (its past stays theirs to read)
    and get the same role on the committee their cell now belongs to."""
    for grant in Grant.objects.filter(unit=bloc, role__in=(Role.OFFICE, Role.INSPECTOR)):
        Grant.objects.get_or_create(user=grant.user, unit=successor, role=grant.role)


ADMITTED_ON = dt.date(2026, 5, 19)  # admissions on Bác's birthday, a common choice
ADMITTED = 3


def confirm_probationers(admin, today: dt.date = DATA_TODAY) -> int:
    """Members admitted as dự bị become chính thức twelve months later (the demo refuses
    nobody), and three outstanding non-members of the enterprise committee are admitted on
    19/5/2026, dự bị on the data's "today"; returns how many changed."""
    made = 0
    committee = Unit.objects.filter(code=data.DN_WARD[0]).first()
    if committee is not None and not Person.objects.filter(joined_on=ADMITTED_ON).exists():
        for person in (
            Person.objects.in_subtree(committee)
            .current()
            .filter(party_status=PartyStatus.ELITE_MASS, unit_since__lt=ADMITTED_ON)
            .order_by("code")[:ADMITTED]
        ):
            services.person_update(
                by=admin,
                person=person,
                party_status=PartyStatus.PROBATIONARY,
                joined_on=ADMITTED_ON,
            )
            made += 1
    for person in (
        Person.objects.current()
        .filter(party_status=PartyStatus.PROBATIONARY, joined_on__isnull=False)
        .order_by("code")
    ):
        official_on = names.add_years(person.joined_on, 1)
        if official_on <= today:
            services.person_update(
                by=admin, person=person, party_status=PartyStatus.OFFICIAL, official_on=official_on
            )
            made += 1
    return made
