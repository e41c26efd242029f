"""Reads that need thought: tree levels with counts, pages of people, a person's history.

Each function runs a fixed number of queries whatever the number of rows. Counts of current
people come from the stored per-unit counts (org.counts) wherever the user's grants cover
the whole subtree; they are counted live only for searches and partial scopes.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

from lamtheo.accounts.scoping import get_visible_or_404, require, scope_of
from lamtheo.org import counts
from lamtheo.org.models import Person, Position, PositionTitle, Unit


class CountedPaginator(Paginator):
    """A paginator told its count, so it does not run COUNT(*) over a large subtree."""

    def __init__(self, object_list, per_page, *, count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return super().count if self._known_count is None else self._known_count


def with_people_counts(units: list[Unit], by_path: dict[str, int]) -> list[Unit]:
    for unit in units:
        unit.people_count = by_path.get(unit.path, 0)
    return units


def children_with_counts(unit: Unit, user, include_closed: bool = False) -> list[Unit]:
    """Visible children of `unit`, in Vietnamese name order, each with `.people_count`."""
    children = Unit.objects.visible_to(user).subtree_of(unit).filter(depth=unit.depth + 1)
    if not include_closed:
        children = children.active()
    children = list(children.order_by("sort_key"))
    return with_people_counts(children, counts.counts_by_child(unit))


def roots_with_counts(user) -> list[Unit]:
    """The tops of the user's scope (the roots for an administrator), with people counts."""
    roots = list(Unit.objects.tops_for(user).order_by("sort_key"))
    return with_people_counts(roots, counts.counts_by_root([u.path for u in roots]))


def unit_to_act_in(user, action: str, unit_id: int | None = None, *, own_first=False) -> Unit:
    """The unit a "new …" page acts in, the one rule for all of them: the unit asked for
    (`unit_id`, from ?unit=; 404 when the user does not see it, 403 when they may not do
    `action` there); else, with `own_first`, the user's own unit if they may act there; else
    the top open unit of where they may (a root for an administrator). 403 when nowhere."""
    if unit_id is not None:
        unit = get_visible_or_404(Unit.objects, user, pk=unit_id)
        require(user, action, unit)
        return unit
    scope = scope_of(user)
    if own_first and scope.person_unit_id and scope.can(action, scope.person_unit_path):
        return Unit.objects.get(pk=scope.person_unit_id)
    unit = Unit.objects.tops_for(user, action).active().order_by("depth", "path").first()
    if unit is None:
        raise PermissionDenied
    return unit


def unit_to_read(user, pk) -> Unit:
    """The unit of a page about its whole subtree (its people's lists, progress, rates), the
    one rule for all of them: 404 when the user does not see it, 403 when their grants do not
    cover it (a member sees their own unit's record, not its people's). One query, and the
    user's scope (read once per request)."""
    unit = get_visible_or_404(Unit.objects, user, pk=pk)
    if not scope_of(user).covers(unit.path):
        raise PermissionDenied
    return unit


def ancestors(unit: Unit, user) -> list[Unit]:
    """The units above `unit` that the user sees, top first: the breadcrumbs of a unit's
    pages. One query."""
    above = unit.ancestor_paths()[:-1]
    return list(Unit.objects.visible_to(user).filter(path__in=above).order_by("depth"))


def own_person(user) -> Person | None:
    """The person the user's account stands for, with their unit; None when the account is
    not linked to one. One query when it is, none otherwise."""
    person_id = scope_of(user).person_id
    if person_id is None:
        return None
    return Person.objects.visible_to(user).select_related("unit").filter(pk=person_id).first()


def office_holders(unit: Unit, user) -> list[Position]:
    positions = list(
        Position.objects.visible_to(user).current().filter(unit=unit).select_related("person")
    )
    positions.sort(key=lambda p: (p.rank, p.person.sort_key))
    return positions


def secretaries(units, on=None):
    """The current secretaries of `units` (ids, or a queryset of unit ids), as a Person
    queryset: whom a reminder about a unit that lags goes to. Not scoped: for the system's own
    messages, never for a page."""
    return Person.objects.current().filter(
        pk__in=Position.objects.current(on)
        .filter(unit_id__in=units, title=PositionTitle.SECRETARY)
        .values("person_id")
    )


def people_page(people, page_number, per_page: int, count: int | None = None) -> Page:
    """One page of people in Vietnamese order (given name first) with their unit loaded."""
    ordered = people.select_related("unit").order_by("sort_key", "id")
    return CountedPaginator(ordered, per_page, count=count).get_page(page_number)


def person_history(person: Person, limit: int) -> list[dict]:
    """The newest `limit` changes to a person, each with readable (field, old, new) triples.

    Two queries: the history rows (with who made them) and the names of units they mention.
    """
    records = list(
        person.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    entries = []
    unit_ids = {person.unit_id}  # never empty, so the query always runs: a fixed count
    for record, older in zip(records, [*records[1:], None], strict=False):
        changes = record.diff_against(older).changes if older is not None else None
        entries.append({"record": record, "changes": changes})
        for change in changes or []:
            if change.field == "unit":
                unit_ids.update({change.old, change.new})
    units = dict(Unit.objects.filter(pk__in=unit_ids - {None}).values_list("pk", "name"))
    for entry in entries[:limit]:
        if entry["changes"] is None:
            continue
        entry["changes"] = [
            (
                Person._meta.get_field(change.field).verbose_name,
                _display(change.field, change.old, units),
                _display(change.field, change.new, units),
            )
            for change in entry["changes"]
        ]
    return entries[:limit]


def _display(field_name: str, value, units: dict) -> str:
    if value in (None, ""):
        return "—"
    if field_name == "unit":
        return units.get(value, str(value))
    field = Person._meta.get_field(field_name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)
