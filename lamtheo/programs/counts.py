"""Stored progress per (programme year, unit): UnitProgress, kept in the writing transaction.

The rollup, the progress table's totals and the review report read a subtree's progress as a
sum over its units' rows (a few thousand rows at 100k people, 40,000 at 1M) instead of
grouping the year's commitments live (180,000 rows at 100k, 1.8 M at 1M; PERF-FLOOR a, b).

A unit's row is the same statement the rollup used to run, restricted to that unit: the
personal commitments of the year made in the unit, grouped per person, the step predicates
(`queries.progress.PREDICATES`) summed. Rather than moving one commitment's delta (a person's
step depends on all their commitments in the unit), a write recounts the unit it touched:
the row is locked first (SELECT … FOR UPDATE on PostgreSQL; SQLite has one writer), so the
recount, a new statement, sees every transaction that committed before; the (year, unit,
person, status) index answers it from a few dozen index entries.

Who calls `refresh`: the receivers below, on every Commitment save that may change its year,
unit, person or status, and every delete; and `rebuild` of the year on a ProgramYear save that
changes its fewest commitments (it moves "registered"). Writes that bypass save
(bulk_create, QuerySet.update, raw SQL: the demo, the benchmarks) must call `rebuild`
afterwards; `manage.py rebuild_aggregates` does it for every year.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, router, transaction
from django.db.models.signals import post_delete, post_init, post_save

from lamtheo.core import counter_rows
from lamtheo.org import counts as org_counts
from lamtheo.org import history, subtree_sums
from lamtheo.org.models import Unit
from lamtheo.programs import standing
from lamtheo.programs.models import (
    COUNTING,
    Commitment,
    ContentArea,
    ProgramYear,
    SubtreeProgress,
    UnitProgress,
)
from lamtheo.programs.queries.progress import PREDICATES, STATUSES

STEP_COLUMNS: tuple[str, ...] = tuple(PREDICATES)
STATUS_COLUMNS: tuple[str, ...] = tuple(f"n_{status}" for status in STATUSES)
AREA_COLUMNS: tuple[str, ...] = tuple(f"area_{area}" for area in ContentArea.values)
COLUMNS = STEP_COLUMNS + STATUS_COLUMNS + AREA_COLUMNS
# UnitProgress summed over each subtree of today's tree (SubtreeProgress).
SUBTREES = subtree_sums.Kept(UnitProgress, SubtreeProgress, ("year_id",), COLUMNS)
# The fields whose change can move a commitment in the stored rows.
COUNTED_FIELDS = {
    "year",
    "year_id",
    "unit",
    "unit_id",
    "person",
    "person_id",
    "status",
    "content_area",
}


def per_unit_sql(where: str) -> str:
    """SELECT year_id, unit_id, COLUMNS… over the personal commitments matching `where` (SQL
    on programs_commitment's columns): grouped per (year, unit, person) with a count per
    status, then per (year, unit) with the step predicates against the year's fewest."""
    counts = ", ".join(
        f"SUM(CASE WHEN status = '{status}' THEN 1 ELSE 0 END) AS n_{status}" for status in STATUSES
    )
    steps = [
        f"SUM(CASE WHEN {sql.replace('%s', 'y.min_commitments')} THEN 1 ELSE 0 END)"
        for sql in PREDICATES.values()
    ]
    counting = ", ".join(f"'{status}'" for status in COUNTING)
    areas = ", ".join(
        f"SUM(CASE WHEN content_area = '{area}' AND status IN ({counting}) THEN 1 ELSE 0 END) "
        f"AS area_{area}"
        for area in ContentArea.values
    )
    sums = ", ".join([*steps, *(f"SUM({column})" for column in STATUS_COLUMNS + AREA_COLUMNS)])
    commitments = Commitment._meta.db_table
    years = ProgramYear._meta.db_table
    return (
        f"SELECT p.year_id, p.unit_id, {sums} FROM (SELECT year_id, unit_id, person_id, "
        f"{counts}, {areas} FROM {commitments} WHERE person_id IS NOT NULL AND ({where}) "
        f"GROUP BY year_id, unit_id, person_id) p JOIN {years} y ON y.id = p.year_id "
        f"GROUP BY p.year_id, p.unit_id"
    )


def live_rows(year: ProgramYear, unit_ids: Iterable[int] | None = None, *, using=None):
    """{unit id: {column: n}} counted from the commitments (one statement), for the given
    units of the year (all when None); units without counted commitments are left out."""
    using = using or router.db_for_read(Commitment)
    where, params = "year_id = %s", [year.pk]
    if unit_ids is not None:
        ids = list(unit_ids)
        if not ids:
            return {}
        where += f" AND unit_id IN ({', '.join(['%s'] * len(ids))})"
        params += ids
    with connections[using].cursor() as cursor:
        cursor.execute(per_unit_sql(where), params)
        # A unit whose commitments are all withdrawn counts nothing: left out, as stored.
        return {
            unit_id: dict(zip(COLUMNS, (int(v or 0) for v in values), strict=True))
            for _year_id, unit_id, *values in cursor.fetchall()
            if any(values)
        }


def stored_rows(year: ProgramYear, unit_ids: Iterable[int] | None = None):
    """The stored rows in live_rows' shape (rows of all zeros left out)."""
    rows = UnitProgress.objects.filter(year=year)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    return {
        unit_id: dict(zip(COLUMNS, values, strict=True))
        for unit_id, *values in rows.values_list("unit_id", *COLUMNS)
        if any(values)
    }


def refresh(year: ProgramYear, unit_ids: Iterable[int], *, using: str | None = None) -> None:
    """Recount the year's rows of the given units from the commitments, in the caller's
    transaction (core.counter_rows: rows made sure of, locked in unit order, written), and
    where the units stand in the year's list of units to chase first (programs.standing,
    whose lock on the units comes first)."""
    unit_ids = list(unit_ids)
    standing.lock_units(unit_ids, using=using)
    counter_rows.refresh(
        UnitProgress,
        "year_id",
        year.pk,
        unit_ids,
        COLUMNS,
        lambda batch: live_rows(year, batch, using=using),
        using=using,
        changed=lambda moved: subtree_sums.add(SUBTREES, moved, using=using),
    )
    standing.recompute(unit_ids, [year.pk], using=using, prune=False)


@transaction.atomic
def rebuild(years: Iterable[ProgramYear] | None = None) -> int:
    """Write the rows of the given years (all when None) again from the commitments: delete,
    then one INSERT … SELECT; and the people per unit on those years' last days
    (org.counts.count_year_ends), which a year's figures read once it has ended. For bulk
    loads and repairs; run it while nothing else writes commitments or people. Returns the
    number of progress rows written."""
    if years is None:
        org_counts.count_year_ends(ProgramYear.objects.values_list("year", flat=True))
    else:
        org_counts.count_year_ends(year.year for year in years)
    rows = UnitProgress.objects.all()
    where, params = "1 = 1", []
    if years is not None:
        ids = [year.pk for year in years]
        if not ids:
            return 0
        rows = rows.filter(year_id__in=ids)
        where, params = f"year_id IN ({', '.join(['%s'] * len(ids))})", ids
    rows.delete()
    using = router.db_for_write(UnitProgress)
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {UnitProgress._meta.db_table} (year_id, unit_id, {', '.join(COLUMNS)}) "
            + per_unit_sql(where),
            params,
        )
        written = cursor.rowcount
    if years is None:
        subtree_sums.rebuild(SUBTREES, using=using)
    for year in years or ():
        subtree_sums.rebuild(SUBTREES, using=using, year_id=year.pk)
    standing.rebuild(years, using=using)
    return written


# -- the receivers (wired in ProgramsConfig.ready) -------------------------------------------


def remember_key(sender, instance, **kwargs):
    """The (year, unit, person) the commitment was loaded with: a save that changes one of
    them must recount the unit it leaves too."""
    loaded = instance.__dict__
    instance._progress_key = (loaded.get("year_id"), loaded.get("unit_id"), loaded.get("person_id"))


def _keys(instance) -> set[tuple[int, int]]:
    keys = set()
    for year_id, unit_id, person_id in (
        getattr(instance, "_progress_key", (None, None, None)),
        (instance.year_id, instance.unit_id, instance.person_id),
    ):
        if year_id is not None and unit_id is not None and person_id is not None:
            keys.add((year_id, unit_id))
    return keys


def _refresh_keys(instance, using) -> None:
    by_year: dict[int, set[int]] = {}
    for year_id, unit_id in _keys(instance):
        by_year.setdefault(year_id, set()).add(unit_id)
    for year_id, unit_ids in sorted(by_year.items()):
        year = (
            instance.year
            if year_id == instance.year_id
            else ProgramYear.objects.using(using).get(pk=year_id)
        )
        refresh(year, unit_ids, using=using)


def on_saved(sender, instance, created, update_fields=None, raw=False, using=None, **kwargs):
    if raw:
        return
    if update_fields is not None and not COUNTED_FIELDS & set(update_fields):
        return
    _refresh_keys(instance, using)
    remember_key(sender, instance)


def on_deleted(sender, instance, using=None, **kwargs):
    _refresh_keys(instance, using)


def remember_fewest(sender, instance, **kwargs):
    instance._fewest = instance.__dict__.get("min_commitments")


def on_year_saved(sender, instance, created, raw=False, **kwargs):
    """Who is registered depends on the year's fewest commitments: a change recounts the
    year's rows (in the saving transaction: the service's, or the save's own)."""
    if not raw and created:
        standing.rebuild([instance])  # every open unit with people, at 0 % so far
    elif not raw and instance.min_commitments != getattr(instance, "_fewest", None):
        rebuild([instance])
    remember_fewest(sender, instance)


def on_tree_changed(sender, unit_ids, moved_from=None, **kwargs) -> None:
    """org.history: units moved; the subtrees above their old and new places sum others."""
    subtree_sums.on_moved(SUBTREES, moved_from)


def connect() -> None:
    history.tree_changed.connect(on_tree_changed, sender=Unit, dispatch_uid="programs-tree")
    history.tree_changed.connect(
        standing.on_units_changed, sender=Unit, dispatch_uid="programs-standing-tree"
    )
    history.kinds_changed.connect(
        standing.on_units_changed, sender=Unit, dispatch_uid="programs-standing-kinds"
    )
    org_counts.people_changed.connect(
        standing.on_people_changed, sender=Unit, dispatch_uid="programs-standing-people"
    )
    post_init.connect(remember_fewest, sender=ProgramYear, dispatch_uid="programs-year-fewest")
    post_save.connect(on_year_saved, sender=ProgramYear, dispatch_uid="programs-year-saved")
    post_init.connect(remember_key, sender=Commitment, dispatch_uid="programs-progress-key")
    post_save.connect(on_saved, sender=Commitment, dispatch_uid="programs-progress-saved")
    post_delete.connect(on_deleted, sender=Commitment, dispatch_uid="programs-progress-deleted")
