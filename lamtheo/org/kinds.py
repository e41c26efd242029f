"""Which kind of unit may sit under which, after the Party Charter (Điều lệ Đảng, Điều 21;
Hướng dẫn 01-HD/TW item 19; DOMAIN.md §6.1), and the names a unit's committee and its members
take in documents.

- A grassroots organisation (tổ chức cơ sở đảng) is a chi bộ cơ sở or an đảng bộ cơ sở; it
  sits under a committee above grassroots level (a "Đảng bộ": a district, a bloc, a ward
  after 2025), never inside another grassroots organisation.
- An đảng bộ cơ sở has đảng bộ bộ phận and chi bộ (trực thuộc) under it; an đảng bộ bộ phận
  has chi bộ; a chi bộ, cơ sở or not, has nothing but tổ đảng; a tổ đảng has nothing.
- A top unit may be of any kind: the levels above it may be outside the system (a single
  chi bộ cơ sở using it alone).

Every write to the tree checks here: the org services, the reorganisation services, the units
import (the forms go through the services; the admin site is read-only).

A chi bộ is a chi bộ cơ sở or a chi bộ trực thuộc only by where it sits, and so is an đảng bộ
cơ sở or bộ phận: `fitting_kind` relabels a unit that moves across that line (a cell moved from
a grassroots committee to directly under a ward committee becomes a chi bộ cơ sở).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lamtheo.org.models import UnitKind

K = UnitKind
ALLOWED_UNDER: dict[str, frozenset[str]] = {
    K.COMMITTEE: frozenset({K.COMMITTEE, K.GRASSROOTS_COMMITTEE, K.GRASSROOTS_CELL}),
    K.GRASSROOTS_COMMITTEE: frozenset({K.SUB_COMMITTEE, K.CELL}),
    K.SUB_COMMITTEE: frozenset({K.CELL}),
    K.GRASSROOTS_CELL: frozenset({K.GROUP}),
    K.CELL: frozenset({K.GROUP}),
    K.GROUP: frozenset(),
}
# The same organisation at grassroots level or inside a grassroots committee.
COUNTERPART = {
    K.CELL: K.GRASSROOTS_CELL,
    K.GRASSROOTS_CELL: K.CELL,
    K.SUB_COMMITTEE: K.GRASSROOTS_COMMITTEE,
    K.GRASSROOTS_COMMITTEE: K.SUB_COMMITTEE,
}
CELLS = (K.CELL, K.GRASSROOTS_CELL)
COMMITTEES = (K.COMMITTEE, K.GRASSROOTS_COMMITTEE, K.SUB_COMMITTEE)


def _label(kind: str) -> str:
    return str(UnitKind(kind).label)


def allowed(kind: str, parent_kind: str | None) -> bool:
    return parent_kind is None or kind in ALLOWED_UNDER.get(parent_kind, ())


def place_error(name: str, kind: str, parent_name: str, parent_kind: str) -> str:
    """ "A Chi bộ cannot be under an Đảng bộ: …" with what may be there instead."""
    under = ALLOWED_UNDER.get(parent_kind, frozenset())
    if under:
        may = ", ".join(_label(k) for k in UnitKind.values if k in under)
        hint = _("only these can be under it: %(kinds)s") % {"kinds": may}
    else:
        hint = _("nothing can be under it")
    return _(
        "“%(name)s” (%(kind)s) cannot be under “%(parent)s” (%(parent_kind)s) by the Party "
        "Charter: %(hint)s."
    ) % {
        "name": name,
        "kind": _label(kind),
        "parent": parent_name,
        "parent_kind": _label(parent_kind),
        "hint": hint,
    }


def check_place(*, name: str, kind: str, parent=None, children=()) -> None:
    """Refuse a unit of `kind` under `parent` (a Unit or None) with `children` (Units)."""
    if parent is not None and not allowed(kind, parent.kind):
        raise ValidationError(place_error(name, kind, parent.name, parent.kind))
    for child in children:
        if not allowed(child.kind, kind):
            raise ValidationError(place_error(child.name, child.kind, name, kind))


def fitting_kind(kind: str, parent_kind: str | None) -> str:
    """`kind`, or its counterpart at the other level when only that one fits under the new
    parent (a chi bộ trực thuộc moved under a ward committee becomes a chi bộ cơ sở)."""
    if allowed(kind, parent_kind):
        return kind
    other = COUNTERPART.get(kind)
    if other is not None and allowed(other, parent_kind):
        return other
    return kind


# -- names for documents -----------------------------------------------------------------------


def committee_name(name: str, kind: str) -> str:
    """The name of the unit's committee: "Đảng bộ Khối X" → "Đảng ủy Khối X", "Chi bộ X" →
    "Chi ủy Chi bộ X" (a chi bộ's committee is its chi ủy), a party group has none ("")."""
    if kind in COMMITTEES:
        for prefix in ("Đảng bộ ", "đảng bộ "):
            if name.startswith(prefix):
                return "Đảng ủy " + name[len(prefix) :]
        return f"Đảng ủy {name}"
    if kind in CELLS:
        return f"Chi ủy {name}"
    return ""


def member_title(kind: str) -> str:
    """A committee member's title by the level: "Chi ủy viên" in a chi bộ, "Đảng ủy viên" in
    an đảng bộ (Ủy viên Ban Chấp hành Đảng bộ)."""
    return "Chi ủy viên" if kind in CELLS else "Đảng ủy viên"
