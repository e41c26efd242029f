"""Reads that need thought: counts per subtree, pages of people, tree levels.

Each function runs a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.db.models.functions import Substr

from lamtheo.org.models import PartyStatus, Person, Position, Unit, subtree_q


def people_counts_by_child(parent: Unit, child_paths: list[str]) -> dict[str, int]:
    """Current people in each child's subtree, in one grouped query: {child path: count}."""
    if not child_paths:
        return {}
    rows = (
        Person.objects.current()
        .in_subtree(parent)
        .filter(unit__depth__gt=parent.depth)
        .annotate(branch=Substr("unit__path", 1, len(parent.path) + Unit.steplen))
        .values("branch")
        .annotate(n=Count("id"))
        .order_by()
    )
    wanted = set(child_paths)
    return {row["branch"]: row["n"] for row in rows if row["branch"] in wanted}


def people_counts_by_root(paths: list[str]) -> dict[str, int]:
    """Current people in each of several subtrees (each a separate root), in one query."""
    if not paths:
        return {}
    aggregates = {
        f"n{i}": Count("id", filter=subtree_q([path], prefix="unit__path"))
        for i, path in enumerate(paths)
    }
    counts = Person.objects.current().filter(subtree_q(paths, prefix="unit__path"))
    result = counts.aggregate(**aggregates)
    return {path: result[f"n{i}"] for i, path in enumerate(paths)}


def status_counts(people) -> dict:
    """{"total": n, "rows": [(status, label, n), ...]} for a people queryset, in one query."""
    aggregates = {
        status.value: Count("id", filter=Q(party_status=status)) for status in PartyStatus
    }
    result = people.aggregate(total=Count("id"), **aggregates)
    return {
        "total": result["total"],
        "rows": [(status.value, status.label, result[status.value]) for status in PartyStatus],
    }


def children_with_counts(unit: Unit, user, include_closed: bool = False) -> list[Unit]:
    """Visible children of `unit`, in Vietnamese name order, each with `.people_count`."""
    children = Unit.objects.visible_to(user).subtree_of(unit).filter(depth=unit.depth + 1)
    if not include_closed:
        children = children.active()
    children = list(children.order_by("sort_key"))
    counts = people_counts_by_child(unit, [c.path for c in children])
    for child in children:
        child.people_count = counts.get(child.path, 0)
    return children


def office_holders(unit: Unit, user) -> list[Position]:
    positions = list(
        Position.objects.visible_to(user).current().filter(unit=unit).select_related("person")
    )
    positions.sort(key=lambda p: (p.rank, p.person.sort_key))
    return positions


def people_page(people, page_number, per_page: int) -> Page:
    """One page of people in Vietnamese order (given name first) with their unit loaded."""
    ordered = people.select_related("unit").order_by("sort_key", "id")
    return Paginator(ordered, per_page).get_page(page_number)


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
