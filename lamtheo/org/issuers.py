"""Who issues and signs a unit's documents, as on the document's date: the nearest cell or
committee of a unit (a party group issues nothing itself), the body above it, the place and
its secretary on that day.

One place for every document (registration forms, lists, minutes): the names, the parent and
the kinds come from the dated tree (org.history, UnitPeriod) for the document's day, so a 2023
list carries the 2023 names and signer after a reorganisation; the offices are those held that
day. It gives the documents kit its plain inputs (`letterhead`, `secretary_signature`), so the
kit knows no unit.

The issuing line is the committee's name for a đảng bộ ("Đảng ủy Khối …", org.kinds), the
chi bộ's own name for a cell (its chi ủy signs "T/M CHI ỦY", a chi bộ without one "T/M CHI
BỘ"); the line above is the name of the organisation above (Hướng dẫn 36-HD/VPTW).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Q, Subquery
from django.utils import timezone

from lamtheo.documents.layout import Letterhead, Signature
from lamtheo.org import history, kinds
from lamtheo.org.models import Person, Position, PositionTitle, Unit, UnitKind, UnitPeriod

CELLS = kinds.CELLS
# Offices as a document writes them (Vietnamese whatever the interface language).
POSITION_TEXT = {
    PositionTitle.SECRETARY: "Bí thư",
    PositionTitle.DEPUTY_SECRETARY: "Phó Bí thư",
    PositionTitle.STANDING_MEMBER: "Ủy viên Ban Thường vụ",
    PositionTitle.INSPECTION_CHAIR: "Chủ nhiệm Ủy ban Kiểm tra",
    PositionTitle.INSPECTION_DEPUTY: "Phó Chủ nhiệm Ủy ban Kiểm tra",
    PositionTitle.INSPECTION_MEMBER: "Ủy viên Ủy ban Kiểm tra",
    PositionTitle.GROUP_LEADER: "Tổ trưởng",
    PositionTitle.GROUP_DEPUTY: "Tổ phó",
}
SECRETARY = "BÍ THƯ"


@dataclass
class Issuer:
    """The issuing body of the documents about `unit`, and the one above it."""

    unit: Unit  # the unit the document is about (names and kinds as on `day`)
    body: Unit  # the issuing cell or committee (the unit itself unless it is a party group)
    parent: Unit | None
    day: dt.date | None = None
    place: str = ""
    secretary_name: str = ""
    secretary_id: int | None = None  # the person holding the office that day
    has_committee: bool = False  # a chi ủy: a deputy secretary or committee members
    chain: list[Unit] = field(default_factory=list)  # root first, as on `day`

    @property
    def is_cell(self) -> bool:
        return self.body.kind in CELLS

    @property
    def approver_body(self) -> str:
        return "CHI BỘ" if self.is_cell else "ĐẢNG ỦY"

    @property
    def approver_for(self) -> str:
        """On whose behalf the secretary signs: "T/M CHI ỦY" where the cell has a committee."""
        if self.is_cell:
            return "T/M CHI ỦY" if self.has_committee else "T/M CHI BỘ"
        return "T/M ĐẢNG ỦY"

    @property
    def issuer_name(self) -> str:
        """The issuing line: the committee for a đảng bộ, the chi bộ itself for a cell."""
        if self.is_cell:
            return self.body.name
        return kinds.committee_name(self.body.name, self.body.kind) or self.body.name

    def letterhead(self, day: dt.date, number: str = "") -> Letterhead:
        return Letterhead(
            issuer=self.issuer_name,
            upper_body=self.parent.name if self.parent else "",
            number=number,
            date=day,
            place=self.place or None,
        )

    def secretary_signature(self) -> Signature:
        return Signature(title=SECRETARY, name=self.secretary_name, on_behalf=self.approver_for)

    def unit_line(self) -> str:
        """ "Tổ đảng A1, Chi bộ A" for a party group, else the unit's name."""
        if self.unit.pk != self.body.pk:
            return f"{self.unit.name}, {self.body.name}"
        return self.unit.name


def office_text(position: Position) -> str:
    """ "Bí thư Chi bộ A", "Chi ủy viên Chi bộ A" (the position's unit must be loaded)."""
    if position.title == PositionTitle.COMMITTEE_MEMBER:
        title = kinds.member_title(position.unit.kind)
    else:
        title = POSITION_TEXT.get(position.title, position.get_title_display())
    return f"{title} {position.unit.name}"


def _chain_on(unit: Unit, day: dt.date) -> list[Unit]:
    """The unit and its ancestors as on the day, root first, with the names, kinds and places
    of issue they had then (today's, when the unit was not in the tree that day). One query."""
    own = UnitPeriod.objects.filter(history.valid_on(day), unit=unit).values("id_path")[:1]
    periods = list(
        UnitPeriod.objects.filter(history.valid_on(day))
        .annotate(target=Subquery(own))
        .filter(target__startswith=F("id_path"))
        .select_related("unit")
        .order_by("depth")
    )
    if not periods:
        return list(Unit.objects.filter(path__in=unit.ancestor_paths()).order_by("path"))
    chain = []
    for period in periods:
        past = period.unit
        past.name, past.kind, past.place = period.name, period.kind, period.place
        chain.append(past)
    return chain


def issuer_of(
    unit: Unit, person: Person | None = None, on: dt.date | None = None
) -> tuple[Issuer, list[str]]:
    """(Issuer of `unit` on the day `on` (today if None), the offices `person` holds that
    day) in two queries."""
    on = on or timezone.localdate()
    chain = _chain_on(unit, on)
    body_index = max(
        (i for i, u in enumerate(chain) if u.kind != UnitKind.GROUP), default=len(chain) - 1
    )
    body = chain[body_index]
    parent = chain[body_index - 1] if body_index else None
    place = next((u.place for u in reversed(chain) if u.place), settings.DOCUMENT_PLACE)
    issuer = Issuer(unit=chain[-1], body=body, parent=parent, day=on, place=place, chain=chain)
    q = Q(unit=body)
    if person is not None:
        q |= Q(person=person)
    offices = []
    names = {u.pk: u for u in chain}
    for position in (
        Position.objects.filter(q).current(on).select_related("person", "unit").order_by("id")
    ):
        if position.unit_id in names:  # the name and kind it had on the day
            position.unit = names[position.unit_id]
        if position.unit_id == body.pk:
            if position.title == PositionTitle.SECRETARY:
                issuer.secretary_name = position.person.full_name
                issuer.secretary_id = position.person_id
            elif position.title in (
                PositionTitle.DEPUTY_SECRETARY,
                PositionTitle.COMMITTEE_MEMBER,
                PositionTitle.STANDING_MEMBER,
            ):
                issuer.has_committee = True
        if person is not None and position.person_id == person.pk:
            offices.append(office_text(position))
    return issuer, offices


def approver_of(issuer: Issuer, person: Person) -> Issuer:
    """Who confirms `person`'s own paper: the issuer, unless `person` is its secretary that
    day; then the body above signs (nobody confirms their own registration). Two more
    queries only in that case."""
    if issuer.secretary_id != person.pk or issuer.parent is None:
        return issuer
    above, _offices = issuer_of(issuer.parent, on=issuer.day)
    return above
