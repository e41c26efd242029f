"""Stored adoption counts per unit and status (AdoptionCounts), for the committee's overview;
and the exemplars each unit proposed, per status (ExemplarCounts), for the dashboards.

Grouping all of a large subtree's adoptions per (unit, status) costs 80–100 ms at 200,000
adoptions; reading one row per unit costs a few ms. Adoption.save moves the adoption in the
counts inside the writing transaction (the services write through it, and so does
Adoption.objects.create); a delete does through a post_delete receiver. Writes that bypass
save — bulk_create (the benchmark), QuerySet.update of status or unit, raw SQL — must call
`refresh_adoption_counts` afterwards, in the same transaction when they can.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, router, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from lamtheo.exemplars import subtree_counts
from lamtheo.exemplars.models import (
    Adoption,
    AdoptionCounts,
    AdoptionStatus,
    Exemplar,
    ExemplarCounts,
    ExemplarStatus,
    SubtreeAdoptionCounts,
    SubtreeExemplarCounts,
)
from lamtheo.org import subtree_sums

BATCH = 1000
STATUSES: tuple[str, ...] = tuple(AdoptionStatus.values)  # also the counts' column names
# The counts summed over each subtree of today's tree (SubtreeAdoptionCounts).
SUBTREES = subtree_sums.Kept(AdoptionCounts, SubtreeAdoptionCounts, (), STATUSES)
EXEMPLAR_STATUSES: tuple[str, ...] = tuple(ExemplarStatus.values)  # ExemplarCounts' columns
EXEMPLARS = subtree_sums.Kept(ExemplarCounts, SubtreeExemplarCounts, (), EXEMPLAR_STATUSES)


def _upsert_sql(connection) -> str:
    quote = connection.ops.quote_name
    table = quote(AdoptionCounts._meta.db_table)
    columns = ", ".join(quote(s) for s in STATUSES)
    marks = ", ".join(["%s"] * (len(STATUSES) + 1))
    assignments = ", ".join(
        f"{quote(s)} = {table}.{quote(s)} + excluded.{quote(s)}" for s in STATUSES
    )
    # INSERT … ON CONFLICT DO UPDATE: SQLite 3.24+ and PostgreSQL agree. Relative, so two
    # transactions counting in the same unit serialise on its row and both count.
    return (
        f"INSERT INTO {table} ({quote('unit_id')}, {columns}) VALUES ({marks}) "
        f"ON CONFLICT ({quote('unit_id')}) DO UPDATE SET {assignments}"
    )


def count_move(before: tuple | None, after: tuple | None, *, using: str | None = None) -> None:
    """Move one adoption in the counts, per unit and per (subtree, exemplar): −1 as it was
    (`before`: the values of Adoption.COUNTED), +1 as it is; None for a new (or deleted)
    adoption. One statement per unit touched here, three more for the subtrees."""
    subtree_counts.move(before, after, using=using)
    deltas: dict[int, dict[str, int]] = {}
    for point, step in ((before, -1), (after, 1)):
        if point is not None:
            unit_id, status = point[:2]
            deltas.setdefault(unit_id, dict.fromkeys(STATUSES, 0))[status] += step
    using = using or router.db_for_write(AdoptionCounts)
    connection = connections[using]
    sql = _upsert_sql(connection)
    with connection.cursor() as cursor:
        for unit_id, delta in sorted(deltas.items()):
            if any(delta.values()):
                cursor.execute(sql, [unit_id, *(delta[s] for s in STATUSES)])
    moved = {(unit_id,): [delta[s] for s in STATUSES] for unit_id, delta in deltas.items()}
    subtree_sums.add(SUBTREES, moved, using=using)


def live_counts(unit_ids: Iterable[int] | None = None) -> dict[int, dict[str, int]]:
    """{unit id: {status: n}} counted from the adoptions themselves (one GROUP BY), for the
    units given (all when None); units without adoptions are left out."""
    rows = Adoption.objects.all()
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    found: dict[int, dict[str, int]] = {}
    for unit_id, status, n in (
        rows.values_list("unit_id", "status").annotate(n=Count("pk")).order_by()
    ):
        found.setdefault(unit_id, dict.fromkeys(STATUSES, 0))[status] = n
    return found


def stored_counts(unit_ids: Iterable[int] | None = None) -> dict[int, dict[str, int]]:
    """The stored counts in the same shape as live_counts (rows of all zeros left out)."""
    rows = AdoptionCounts.objects.all()
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    found = {}
    for unit_id, *ns in rows.values_list("unit_id", *STATUSES):
        if any(ns):
            found[unit_id] = dict(zip(STATUSES, ns, strict=True))
    return found


@transaction.atomic
def refresh_adoption_counts(unit_ids: Iterable[int] | None = None) -> None:
    """Recount the adoptions of the given units (all units when None) from scratch: one
    GROUP BY, then the units' rows deleted and written again; and the subtree counts of the
    exemplars they adopted (subtree_counts.refresh; all of them, the window moved to today's,
    when None). For bulk loads and repairs; run it while nothing else writes adoptions."""
    if unit_ids is None:
        AdoptionCounts.objects.all().delete()
        fresh = live_counts()
        today = timezone.localdate()
        subtree_counts.refresh(
            since=subtree_counts.months_back(today, subtree_counts.WINDOW_MONTHS)
        )
    else:
        subtree_counts.refresh_units(unit_ids)
        ids = sorted({pk for pk in unit_ids if pk is not None})
        fresh, before = {}, {}
        for i in range(0, len(ids), BATCH):
            batch = ids[i : i + BATCH]
            before.update(stored_counts(batch))
            AdoptionCounts.objects.filter(unit_id__in=batch).delete()
            fresh.update(live_counts(batch))
    AdoptionCounts.objects.bulk_create(
        [AdoptionCounts(unit_id=unit_id, **ns) for unit_id, ns in sorted(fresh.items())],
        batch_size=BATCH,
    )
    if unit_ids is None:
        subtree_sums.rebuild(SUBTREES)
    else:

        def figures(counts: dict) -> dict:
            return {(unit_id,): [ns[s] for s in STATUSES] for unit_id, ns in counts.items()}

        subtree_sums.add(SUBTREES, subtree_sums.delta(figures(before), figures(fresh)))


# -- the exemplars each unit proposed ---------------------------------------------------------


def _exemplar_changes(before: tuple | None, after: tuple | None) -> dict[tuple, list[int]]:
    changes: dict[tuple, list[int]] = {}
    for point, step in ((before, -1), (after, 1)):
        if point is not None:
            unit_id, status = point
            row = changes.setdefault((unit_id,), [0] * len(EXEMPLAR_STATUSES))
            row[EXEMPLAR_STATUSES.index(status)] += step
    return {key: values for key, values in changes.items() if any(values)}


def move_exemplar(before: tuple | None, after: tuple | None, *, using: str | None = None):
    """Move one exemplar in the counts and their subtree sums: −1 as it was ((unit id,
    status), None for a new one), +1 as it is (None: deleted). Two statements and one for
    the units above."""
    changes = _exemplar_changes(before, after)
    if not changes:
        return
    using = using or router.db_for_write(ExemplarCounts)
    with transaction.atomic(using=using, savepoint=False):
        subtree_sums.add_rows(
            connections[using],
            ExemplarCounts,
            ("unit_id",),
            EXEMPLAR_STATUSES,
            sorted(changes.items()),
        )
        subtree_sums.add(EXEMPLARS, changes, using=using)


def live_exemplar_counts(unit_ids: Iterable[int] | None = None, *, using=None) -> dict:
    """{(unit id,): [n per status]} counted from the exemplars (one GROUP BY)."""
    rows = Exemplar.objects.using(using or router.db_for_read(Exemplar)).order_by()
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    found: dict[tuple, list[int]] = {}
    for unit_id, status, n in rows.values_list("unit_id", "status").annotate(n=Count("pk")):
        found.setdefault((unit_id,), [0] * len(EXEMPLAR_STATUSES))[
            EXEMPLAR_STATUSES.index(status)
        ] = n
    return found


def stored_exemplar_counts(unit_ids: Iterable[int] | None = None, *, using=None) -> dict:
    """The stored counts in live_exemplar_counts' shape (rows of zeros left out)."""
    rows = ExemplarCounts.objects.using(using or router.db_for_read(ExemplarCounts))
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    return {
        (unit_id,): list(ns)
        for unit_id, *ns in rows.values_list("unit_id", *EXEMPLAR_STATUSES)
        if any(ns)
    }


def refresh_exemplar_counts(
    unit_ids: Iterable[int] | None = None, *, using: str | None = None
) -> None:
    """Count the exemplars of these units (all when None) again from the exemplars, and
    their subtree sums: for bulk loads and repairs, and an exemplar saved after being read
    without its unit or status."""
    using = using or router.db_for_write(ExemplarCounts)
    rows = ExemplarCounts.objects.using(using)
    with transaction.atomic(using=using):
        if unit_ids is None:
            rows.all().delete()
            fresh = live_exemplar_counts(using=using)
        else:
            ids = sorted({pk for pk in unit_ids if pk is not None})
            before = stored_exemplar_counts(ids, using=using)
            rows.filter(unit_id__in=ids).delete()
            fresh = live_exemplar_counts(ids, using=using)
        rows.bulk_create(
            [
                ExemplarCounts(unit_id=unit_id, **dict(zip(EXEMPLAR_STATUSES, ns, strict=True)))
                for (unit_id,), ns in sorted(fresh.items())
            ],
            batch_size=BATCH,
        )
        if unit_ids is None:
            subtree_sums.rebuild(EXEMPLARS, using=using)
        else:
            subtree_sums.add(EXEMPLARS, subtree_sums.delta(before, fresh), using=using)


def exemplars_in(unit, statuses: Iterable[str]) -> int:
    """How many exemplars of these statuses the units of `unit`'s subtree (today's tree)
    proposed: the sums' at most 16 rows."""
    sums = SubtreeExemplarCounts.objects.filter(unit=unit).aggregate(
        **{status: Sum(status) for status in statuses}
    )
    return sum(int(n or 0) for n in sums.values())


def on_tree_changed(sender, unit_ids, moved_from=None, **kwargs) -> None:
    """org.history: units moved; the subtrees above their old and new places sum others."""
    subtree_sums.on_moved(SUBTREES, moved_from)
    subtree_sums.on_moved(EXEMPLARS, moved_from)
