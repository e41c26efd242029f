"""Who issues and signs a unit's documents: the nearest cell or committee of a unit (a party
group issues nothing itself), the body above it, and its secretary on a date.

It gives the documents kit its plain inputs (`letterhead`, `secretary_signature`), so the
kit knows no unit. The names are today's names of the units: names as they were on the
document's date come with the dated history of units (issue 12).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from lamtheo.documents.layout import Letterhead, Signature
from lamtheo.org.models import Person, Position, PositionTitle, Unit, UnitKind

CELLS = (UnitKind.CELL, UnitKind.GRASSROOTS_CELL)
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

    unit: Unit  # the unit the document is about
    body: Unit  # the issuing cell or committee (the unit itself unless it is a party group)
    parent: Unit | None
    secretary_name: str = ""
    has_committee: bool = False  # a chi ủy: a deputy secretary or committee members

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

    def letterhead(self, day: dt.date, number: str = "") -> Letterhead:
        return Letterhead(
            issuer=self.body.name,
            upper_body=self.parent.name if self.parent else "",
            number=number,
            date=day,
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
        title = "Chi ủy viên" if position.unit.kind in CELLS else "Ủy viên Ban Chấp hành"
    else:
        title = POSITION_TEXT.get(position.title, position.get_title_display())
    return f"{title} {position.unit.name}"


def issuer_of(
    unit: Unit, person: Person | None = None, on: dt.date | None = None
) -> tuple[Issuer, list[str]]:
    """(Issuer of `unit` on the day `on`, the offices `person` holds that day) in two queries."""
    chain = list(Unit.objects.filter(path__in=unit.ancestor_paths()).order_by("path"))
    body_index = max(
        (i for i, u in enumerate(chain) if u.kind != UnitKind.GROUP), default=len(chain) - 1
    )
    body = chain[body_index]
    parent = chain[body_index - 1] if body_index else None
    issuer = Issuer(unit=unit, body=body, parent=parent)
    on = on or timezone.localdate()
    q = Q(unit=body)
    if person is not None:
        q |= Q(person=person)
    offices = []
    for position in (
        Position.objects.filter(q).current(on).select_related("person", "unit").order_by("id")
    ):
        if position.unit_id == body.pk:
            if position.title == PositionTitle.SECRETARY:
                issuer.secretary_name = position.person.full_name
            elif position.title in (
                PositionTitle.DEPUTY_SECRETARY,
                PositionTitle.COMMITTEE_MEMBER,
                PositionTitle.STANDING_MEMBER,
            ):
                issuer.has_committee = True
        if person is not None and position.person_id == person.pk:
            offices.append(office_text(position))
    return issuer, offices
