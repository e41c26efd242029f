"""Stored people counts per unit, and subtree totals read from them.

Counting the people of a large subtree live costs 60–90 ms at 100k people and ten times that
at 1M (PERF-FLOOR a, b); summing four integers over the subtree's units costs a few ms. Every
write that changes who is currently in a unit calls `refresh_unit_counts` for the units it
touched, inside the same transaction, so the counts never disagree with the people.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Substr

from lamtheo.org.models import PartyStatus, Person, Unit, subtree_q

COUNT_FIELDS = {status.value: f"{status.value}_count" for status in PartyStatus}
# All current people directly in a unit.
TOTAL = F("official_count") + F("probationary_count") + F("elite_mass_count") + F("mass_count")


def refresh_unit_counts(unit_ids: Iterable[int] | None = None) -> None:
    """Recount the current people of the given units (all units when None), in one UPDATE."""
    units = Unit.objects.all()
    if unit_ids is not None:
        ids = {pk for pk in unit_ids if pk is not None}
        if not ids:
            return
        units = units.filter(pk__in=ids)
    people = Person.objects.filter(unit=OuterRef("pk"), left_on__isnull=True)
    units.update(
        **{
            field: Coalesce(
                Subquery(
                    people.filter(party_status=status)
                    .order_by()
                    .values("unit")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            )
            for status, field in COUNT_FIELDS.items()
        }
    )


def _sums(prefix: str = "") -> dict:
    return {status: Sum(f"{prefix}{field}") for status, field in COUNT_FIELDS.items()}


def _with_total(row: dict) -> dict:
    counts = {status: row.get(status) or 0 for status in COUNT_FIELDS}
    counts["total"] = sum(counts.values())
    return counts


def subtree_counts(unit: Unit) -> dict:
    """{"official": n, …, "total": n} for the current people of the unit's whole subtree."""
    return _with_total(Unit.objects.subtree_of(unit).aggregate(**_sums()))


def counts_by_root(paths: list[str]) -> dict[str, int]:
    """Total current people under each of several subtree roots, in one query."""
    if not paths:
        return {}
    aggregates = {
        f"n{i}": Coalesce(Sum(TOTAL, filter=subtree_q([path])), Value(0))
        for i, path in enumerate(paths)
    }
    result = Unit.objects.filter(subtree_q(paths)).aggregate(**aggregates)
    return {path: result[f"n{i}"] for i, path in enumerate(paths)}


def counts_by_child(parent: Unit) -> dict[str, int]:
    """Total current people under each child of `parent`: {child path: n}, in one query."""
    rows = (
        Unit.objects.subtree_of(parent)
        .filter(depth__gt=parent.depth)
        .annotate(branch=Substr("path", 1, len(parent.path) + Unit.steplen))
        .values("branch")
        .annotate(n=Sum(TOTAL))
        .order_by()
    )
    return {row["branch"]: row["n"] or 0 for row in rows}


def status_totals(units) -> dict:
    """Per-status and total current people over a queryset of units."""
    return _with_total(units.aggregate(**_sums()))


def live_counts(people) -> dict:
    """The same shape as subtree_counts, counted from a people queryset (for partial scopes)."""
    aggregates = {status: Count("pk", filter=Q(party_status=status)) for status in COUNT_FIELDS}
    return _with_total(people.aggregate(**aggregates))
