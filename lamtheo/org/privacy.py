"""Minimisation by role: who sees a person's card number, phone, email and birth date in full.

One rule, here, for every page and export that shows people (the person page and its change
history, the people lists, search, the features' exports): a reader sees these columns in full
only where their work needs them, and masked (on pages) or left out (in exports) elsewhere.

The table below is the project's reading of "whose work needs it" (Nghị định 13/2023/NĐ-CP,
art. 3: data limited to what the purpose needs); it is a decision, not a rule from a source:

- the person themselves, an administrator, and the committee office over the person's unit
  (they keep the records): everything;
- a secretary, for the people of the unit their role is on and of the party groups directly
  under it (the cell they hold meetings of, call and print registration forms for):
  everything; for the people of units further down (a committee secretary reading a cell):
  nothing in full;
- an inspector: nothing in full (inspection reads conduct and results, not contacts or card
  numbers; when a case needs them, the office provides them).

Masked values keep enough to recognise a known value (last two digits, year of birth, the
first letter and the domain of an email) without disclosing it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

from lamtheo.accounts.scoping import Role, scope_of
from lamtheo.core import tree
from lamtheo.core.tree import subtree_q

CARD = "party_card_number"
PHONE = "phone"
EMAIL = "email"
BIRTH = "birth_date"
SENSITIVE = (CARD, PHONE, EMAIL, BIRTH)

# How far each role's grant shows each column in full.
SUBTREE = "subtree"  # every unit under the grant
OWN_UNIT = "own_unit"  # the grant's own unit and the party groups directly under it
NEVER = "never"

RULES: dict[str, dict[str, str]] = {
    Role.OFFICE: dict.fromkeys(SENSITIVE, SUBTREE),
    Role.SECRETARY: dict.fromkeys(SENSITIVE, OWN_UNIT),
    Role.INSPECTOR: dict.fromkeys(SENSITIVE, NEVER),
}

GROUP_KIND = "group"
MASK = "•"


def _reaches(reach: str, grant_path: str, unit_path: str, unit_kind: str) -> bool:
    if reach == SUBTREE:
        return unit_path.startswith(grant_path)
    if reach == OWN_UNIT:
        return unit_path == grant_path or (
            unit_kind == GROUP_KIND and tree.parent_path(unit_path) == grant_path
        )
    return False


class Reader:
    """What one user may see in full; built once per request or export from their scope."""

    def __init__(self, user):
        self.scope = scope_of(user)

    @classmethod
    def of(cls, request) -> Reader:
        """The request's reader, made once."""
        reader = getattr(request, "_privacy_reader", None)
        if reader is None:
            reader = request._privacy_reader = cls(request.user)
        return reader

    def full_fields(self, person) -> frozenset[str]:
        """The sensitive columns of `person` (with `unit` loaded) this reader sees in full."""
        scope = self.scope
        if scope.is_admin or (scope.person_id is not None and scope.person_id == person.pk):
            return frozenset(SENSITIVE)
        return self.full_fields_in(person.unit.path, person.unit.kind)

    def full_fields_in(self, unit_path: str, unit_kind: str) -> frozenset[str]:
        """The sensitive columns shown in full for the people of one unit (not oneself)."""
        if self.scope.is_admin:
            return frozenset(SENSITIVE)
        shown = set()
        for grant_path, role in self.scope.grants:
            rules = RULES.get(role, {})
            shown.update(
                name
                for name in SENSITIVE
                if _reaches(rules.get(name, NEVER), grant_path, unit_path, unit_kind)
            )
        return frozenset(shown)

    def sees(self, person, name: str) -> bool:
        return name in self.full_fields(person)

    def value(self, person, name: str):
        """The value of `name` for display: itself, or masked."""
        value = getattr(person, name)
        if not value or name not in SENSITIVE or self.sees(person, name):
            return value
        return mask(name, value)

    def export_value(self, person, name: str):
        """The value for an export: itself, or empty (a masked value is no use in a file)."""
        if name in SENSITIVE and not self.sees(person, name):
            return ""
        return getattr(person, name)

    def export_columns(self, units: Iterable[tuple[str, str]], names: Iterable[str]) -> list[str]:
        """Of `names`, those this reader sees in full for the people of at least one of
        `units` ((path, kind) pairs): an export carries only those columns, and leaves empty
        the cells of the people whose value the reader may not see (`export_value`)."""
        names = list(names)
        seen: set[str] = set()
        for path, kind in units:
            seen |= self.full_fields_in(path, kind)
            if seen.issuperset(names):
                break
        return [n for n in names if n not in SENSITIVE or n in seen]

    def full_q(self, name: str, prefix: str = "unit") -> Q:
        """The people (through `prefix`, their unit) whose `name` this reader sees in full,
        as a condition: a search by card or phone digits looks only there, since a search is
        a way to read them."""
        scope = self.scope
        if scope.is_admin:
            return Q()
        q = Q(pk=scope.person_id) if scope.person_id else Q(pk__in=[])
        for grant_path, role in scope.grants:
            reach = RULES.get(role, {}).get(name, NEVER)
            if reach == SUBTREE:
                q |= subtree_q([grant_path], prefix=f"{prefix}__path")
            elif reach == OWN_UNIT:
                q |= Q(**{f"{prefix}__path": grant_path}) | Q(
                    **{
                        f"{prefix}__kind": GROUP_KIND,
                        f"{prefix}__path__startswith": grant_path,
                        f"{prefix}__depth": len(grant_path) // tree.STEPLEN + 1,
                    }
                )
        return q


def mask(name: str, value) -> str:
    if name == BIRTH:
        year = value.year if isinstance(value, dt.date) else str(value)[-4:]
        return f"{MASK * 2}/{MASK * 2}/{year}"
    if name == EMAIL:
        local, _at, domain = str(value).partition("@")
        return f"{local[:1]}{MASK * 3}@{domain}" if domain else MASK * 3
    text = str(value)
    return MASK * max(len(text) - 2, 2) + text[-2:]
