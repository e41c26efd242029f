"""Stored adoption counts per (subtree, exemplar), for the overview's "spreading fastest".

The committee's overview says how many exemplars are adopted under a unit and lists those
with the most adoptions started in the last 12 months. Grouping the subtree's adoptions per
exemplar costs 76 ms at the root of 100,000 people (200,000 adoptions) and ten times that at
1M (BENCHMARKS.md); reading one stored row per exemplar adopted under the unit costs a few.

SubtreeAdoptions has a row per (unit, exemplar) for every unit at or above a unit that
adopted the exemplar, in today's tree (closed units included, as the overview counts them):
live and taken-up adoptions, and of those the recent ones, counted from one day for every row
(AdoptionWindow). The overview's day (12 months before today) moves daily, so it corrects the
stored recent counts by the adoptions between the two days (`between`, a range of the start
and adoption date indexes); `slide` moves the window's day forward (the daily
`slide_replication_window` command) so that range stays short. Every figure read is exact
whenever the slide last ran; a missed run only makes the correction longer.

Kept in the writing transaction by Adoption.save and the delete receiver (through
counts.count_move); a writer holds a share lock on the window's row, so a slide waits for
the adoptions being written and never misses one. Recounted per exemplar for the adoptions
of units whose place in the tree changed (org.history.tree_changed) and by `refresh`, which
writes that bypass save must call (counts.refresh_adoption_counts does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connections, router, transaction
from django.db.models import Count, Q
from django.utils import timezone

from lamtheo.core.tree import STEPLEN, ancestor_paths, path_range
from lamtheo.exemplars.models import (
    TAKEN_UP,
    Adoption,
    AdoptionStatus,
    AdoptionWindow,
    SubtreeAdoptions,
)
from lamtheo.org.models import Unit

A = AdoptionStatus
LIVE = (A.PLANNED, A.PILOTING, A.ADOPTED, A.SUSTAINED)
FIGURES = ("live", "taken", "recent", "recent_taken")
BATCH = 1000
WINDOW_MONTHS = 12  # "recent": started (or taken up) in the last 12 months


def months_back(day: dt.date, months: int) -> dt.date:
    """The same day `months` months before (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30]
    last += [31, 31, 30, 31, 30, 31]
    return dt.date(year, month, min(day.day, last[month - 1]))


def _table(connection, model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _upsert(connection, rows: list[tuple]) -> None:
    """Add (unit id, exemplar id, *FIGURES deltas) to the stored rows: one statement, the
    keys in order so two writers lock shared rows in the same order."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = _table(connection, SubtreeAdoptions)
    columns = ", ".join(quote(c) for c in ("unit_id", "exemplar_id", *FIGURES))
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
    assignments = ", ".join(
        f"{quote(f)} = {table}.{quote(f)} + excluded.{quote(f)}" for f in FIGURES
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES {values} "
            f"ON CONFLICT ({quote('unit_id')}, {quote('exemplar_id')}) DO UPDATE SET {assignments}",
            [value for row in sorted(rows) for value in row],
        )


def window_since(using: str | None = None, *, share: bool = False) -> dt.date:
    """The window's day; with `share`, the row locked FOR SHARE until the transaction ends
    (PostgreSQL; SQLite writes one at a time anyway). Made when missing (an emptied
    database): any day will do, the readers correct from it."""
    using = using or router.db_for_write(AdoptionWindow)
    connection = connections[using]
    table = _table(connection, AdoptionWindow)
    lock = " FOR SHARE" if share and connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT since FROM {table} WHERE id = 1{lock}")
        row = cursor.fetchone()
        if row is None:
            default = timezone.localdate() - dt.timedelta(days=365)
            cursor.execute(
                f"INSERT INTO {table} (id, since) VALUES (1, %s) ON CONFLICT (id) DO NOTHING",
                [default],
            )
            cursor.execute(f"SELECT since FROM {table} WHERE id = 1{lock}")
            row = cursor.fetchone()
    since = row[0]
    return dt.date.fromisoformat(since) if isinstance(since, str) else since


def read_window() -> dt.date:
    """The window's day as a page reads it: through the router, from the database the page
    reads the rows from (a replica's on the heavy pages), so the day and the rows agree. A
    missing row (an emptied database, no rows either) reads as the day a writer would make."""
    since = AdoptionWindow.objects.values_list("since", flat=True).first()
    return since or timezone.localdate() - dt.timedelta(days=365)


def figures(status: str, started_on: dt.date, adopted_on: dt.date | None, since: dt.date):
    """The four figures one adoption adds, counted from `since`."""
    live = status in LIVE
    taken = status in TAKEN_UP
    return (
        int(live),
        int(taken),
        int(live and started_on >= since),
        int(taken and adopted_on is not None and adopted_on >= since),
    )


def move(before: tuple | None, after: tuple | None, *, using: str | None = None) -> None:
    """Move one adoption in the stored rows: −1 as it was (`before`: Adoption.COUNTED's
    values), +1 as it is; None for a new or deleted one. Three statements: the window's day,
    the units above the adoption's units, the upsert."""
    using = using or router.db_for_write(SubtreeAdoptions)
    connection = connections[using]
    since = window_since(using, share=True)
    points = [(p, step) for p, step in ((before, -1), (after, 1)) if p is not None]
    paths = dict(
        Unit.objects.using(using).filter(pk__in=[p[0] for p, _ in points]).values_list("pk", "path")
    )
    wanted = {a for path in paths.values() for a in ancestor_paths(path)}
    above = dict(Unit.objects.using(using).filter(path__in=wanted).values_list("path", "pk"))
    deltas: dict[tuple[int, int], list[int]] = {}
    for (unit_id, status, exemplar_id, started_on, adopted_on), step in points:
        adds = figures(status, started_on, adopted_on, since)
        for path in ancestor_paths(paths.get(unit_id, "")):
            row = deltas.setdefault((above[path], exemplar_id), [0, 0, 0, 0])
            for i, n in enumerate(adds):
                row[i] += step * n
    _upsert(connection, [(*key, *ns) for key, ns in deltas.items() if any(ns)])


def _expanded(connection, depth: int, where: str) -> str:
    """SELECT of (unit_id, exemplar_id, *FIGURES) per unit at or above the adoptions that
    `where` keeps (SQL over the adoption `a`), grouped. Parameters: `_recent_params`, then
    those of `where`. The units above are joined by path, one level of the adopting unit's
    path at a time."""
    adoption = _table(connection, Adoption)
    unit = _table(connection, Unit)
    live = ", ".join(["%s"] * len(LIVE))
    taken = ", ".join(["%s"] * len(TAKEN_UP))
    levels = " UNION ALL ".join(f"SELECT {n} AS n" for n in range(1, depth + 1))
    return f"""
        SELECT top.id AS unit_id, a.exemplar_id AS exemplar_id,
               SUM(CASE WHEN a.status IN ({live}) THEN 1 ELSE 0 END) AS live,
               SUM(CASE WHEN a.status IN ({taken}) THEN 1 ELSE 0 END) AS taken,
               SUM(CASE WHEN a.status IN ({live}) AND a.started_on >= %s
                        AND a.started_on < %s THEN 1 ELSE 0 END) AS recent,
               SUM(CASE WHEN a.status IN ({taken}) AND a.adopted_on >= %s
                        AND a.adopted_on < %s THEN 1 ELSE 0 END) AS recent_taken
        FROM {adoption} a
        JOIN {unit} u ON u.id = a.unit_id
        JOIN ({levels}) levels ON levels.n * {STEPLEN} <= LENGTH(u.path)
        JOIN {unit} top ON top.path = SUBSTR(u.path, 1, levels.n * {STEPLEN})
        WHERE {where}
        GROUP BY top.id, a.exemplar_id"""


def _recent_params(low: dt.date, high: dt.date) -> list:
    """The parameters of `_expanded`'s figures: recent from `low` until before `high`."""
    return [*LIVE, *TAKEN_UP, *LIVE, low, high, *TAKEN_UP, low, high]


def _depth(using: str) -> int:
    deepest = Unit.objects.using(using).order_by("-depth").values_list("depth", flat=True).first()
    return deepest or 1


def _columns(connection) -> str:
    quote = connection.ops.quote_name
    return ", ".join(quote(c) for c in ("unit_id", "exemplar_id", *FIGURES))


@transaction.atomic
def refresh(exemplar_ids: Iterable[int] | None = None, *, since: dt.date | None = None) -> None:
    """Recount the rows of the given exemplars (all when None) from their adoptions: deleted
    and written again by INSERT … SELECT. With `since` (a whole recount only), the window
    moves to that day first."""
    using = router.db_for_write(SubtreeAdoptions)
    connection = connections[using]
    if since is not None:
        if exemplar_ids is not None:
            raise ValueError("the window moves only with a whole recount")
        window_since(using)
        AdoptionWindow.objects.using(using).select_for_update().filter(pk=1).update(since=since)
    day = window_since(using, share=True)
    depth = _depth(using)
    insert = (
        f"INSERT INTO {_table(connection, SubtreeAdoptions)} ({_columns(connection)}) "
        f"SELECT unit_id, exemplar_id, {', '.join(FIGURES)} FROM ("
    )
    params = _recent_params(day, dt.date.max)
    with connection.cursor() as cursor:
        if exemplar_ids is None:
            SubtreeAdoptions.objects.using(using).all().delete()
            cursor.execute(insert + _expanded(connection, depth, "1 = 1") + ") x", params)
            return
        ids = sorted(set(exemplar_ids))
        for i in range(0, len(ids), BATCH):
            batch = ids[i : i + BATCH]
            SubtreeAdoptions.objects.using(using).filter(exemplar_id__in=batch).delete()
            where = f"a.exemplar_id IN ({', '.join(['%s'] * len(batch))})"
            cursor.execute(insert + _expanded(connection, depth, where) + ") x", params + batch)


def refresh_units(unit_ids: Iterable[int]) -> None:
    """Recount the exemplars adopted by the given units."""
    ids = sorted({pk for pk in unit_ids if pk is not None})
    exemplars = set()
    for i in range(0, len(ids), BATCH):
        exemplars.update(
            Adoption.objects.filter(unit_id__in=ids[i : i + BATCH])
            .values_list("exemplar_id", flat=True)
            .distinct()
        )
    if exemplars:
        refresh(exemplars)


@transaction.atomic
def slide(to: dt.date) -> int:
    """Move the window's day to `to`: the adoptions between the two days leave (or join) the
    recent counts of every unit above them. Returns how many adoptions that was."""
    using = router.db_for_write(SubtreeAdoptions)
    connection = connections[using]
    window_since(using)
    window = AdoptionWindow.objects.using(using).select_for_update().get(pk=1)
    if window.since == to:
        return 0
    low, high, sign = (window.since, to, -1) if to > window.since else (to, window.since, 1)
    moved = between(Adoption.objects.using(using), low, high).count()
    if moved:
        quote = connection.ops.quote_name
        table = _table(connection, SubtreeAdoptions)
        assignments = ", ".join(
            f"{quote(f)} = {table}.{quote(f)} + excluded.{quote(f)}" for f in FIGURES
        )
        where = (
            "((a.started_on >= %s AND a.started_on < %s) "
            "OR (a.adopted_on >= %s AND a.adopted_on < %s))"
        )
        # The rows exist (their adoptions are counted): only the recent figures change.
        # WHERE before ON CONFLICT: SQLite would read the ON as a join's otherwise.
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({_columns(connection)}) "
                f"SELECT unit_id, exemplar_id, 0, 0, {sign} * recent, {sign} * recent_taken "
                f"FROM ({_expanded(connection, _depth(using), where)}) x "
                "WHERE recent <> 0 OR recent_taken <> 0 "
                f"ON CONFLICT ({quote('unit_id')}, {quote('exemplar_id')}) "
                f"DO UPDATE SET {assignments}",
                [*_recent_params(low, high), low, high, low, high],
            )
    window.since = to
    window.save(update_fields=["since"])
    return moved


def between(adoptions, low: dt.date, high: dt.date):
    """The adoptions that count as recent from `low` but not from `high`: live ones started
    in [low, high), taken-up ones adopted then."""
    return adoptions.filter(
        Q(status__in=LIVE, started_on__gte=low, started_on__lt=high)
        | Q(status__in=TAKEN_UP, adopted_on__gte=low, adopted_on__lt=high)
    )


def on_tree_changed(sender, unit_ids, moved_from=None, **kwargs) -> None:
    """Units moved (or closed, or opened again; closed units stay in the rows' tree): the
    rows above the units whose parent changed are recounted (`rechain`). Where the units
    came from is not known (`moved_from` None), every row of the exemplars they adopted is
    (a committee of a 1M benchmark city: 49 s)."""
    if moved_from is None:
        refresh_units(unit_ids)
    elif moved_from:
        rechain(moved_from)


def rechain(moved_from: dict[int, int | None]) -> None:
    """After units moved to new parents ({unit id: its old parent's id}), recount the rows
    of the units whose subtree gained or lost them: those above the old parent or the new
    one but not both (in today's tree), for the exemplars adopted under the moved units.
    Deepest first, each from its own adoptions and its children's rows, which are right by
    then: units inside the moved subtrees kept theirs. A parent that itself moved is
    recounted through its own entry."""
    using = router.db_for_write(SubtreeAdoptions)
    connection = connections[using]
    moved = list(moved_from)
    known = [*moved, *(pk for pk in moved_from.values() if pk is not None)]
    path_of = dict(Unit.objects.using(using).filter(pk__in=known).values_list("pk", "path"))
    stale: set[str] = set()
    for unit_id, old_parent in moved_from.items():
        new = set(ancestor_paths(path_of[unit_id])[:-1])
        old = set(ancestor_paths(path_of[old_parent])) if old_parent in path_of else set()
        stale |= new ^ old
    units = list(
        Unit.objects.using(using).filter(path__in=stale).values_list("pk", "path", "depth")
    )
    units.sort(key=lambda row: -len(row[1]))  # the deepest first
    exemplars = sorted(
        set(
            SubtreeAdoptions.objects.using(using)
            .filter(unit_id__in=moved)
            .values_list("exemplar_id", flat=True)
        )
    )
    if not units or not exemplars:
        return
    since = window_since(using, share=True)
    table = _table(connection, SubtreeAdoptions)
    adoption = _table(connection, Adoption)
    unit_table = _table(connection, Unit)
    live = ", ".join(["%s"] * len(LIVE))
    taken = ", ".join(["%s"] * len(TAKEN_UP))
    with connection.cursor() as cursor:
        for i in range(0, len(exemplars), BATCH):
            batch = exemplars[i : i + BATCH]
            marks = ", ".join(["%s"] * len(batch))
            for pk, path, depth in units:
                low, high = path_range(path)
                SubtreeAdoptions.objects.using(using).filter(
                    unit_id=pk, exemplar_id__in=batch
                ).delete()
                cursor.execute(
                    f"INSERT INTO {table} ({_columns(connection)}) "
                    f"SELECT %s, exemplar_id, SUM(live), SUM(taken), SUM(recent), "
                    f"SUM(recent_taken) FROM ("
                    f"SELECT a.exemplar_id AS exemplar_id, "
                    f"CASE WHEN a.status IN ({live}) THEN 1 ELSE 0 END AS live, "
                    f"CASE WHEN a.status IN ({taken}) THEN 1 ELSE 0 END AS taken, "
                    f"CASE WHEN a.status IN ({live}) AND a.started_on >= %s "
                    f"THEN 1 ELSE 0 END AS recent, "
                    f"CASE WHEN a.status IN ({taken}) AND a.adopted_on >= %s "
                    f"THEN 1 ELSE 0 END AS recent_taken "
                    f"FROM {adoption} a WHERE a.unit_id = %s AND a.exemplar_id IN ({marks}) "
                    f"UNION ALL "
                    f"SELECT s.exemplar_id, s.live, s.taken, s.recent, s.recent_taken "
                    f"FROM {table} s JOIN {unit_table} c ON c.id = s.unit_id "
                    f"WHERE c.path >= %s AND c.path < %s AND c.depth = %s "
                    f"AND s.exemplar_id IN ({marks})"
                    f") x GROUP BY exemplar_id",
                    [
                        pk,
                        *LIVE,
                        *TAKEN_UP,
                        *LIVE,
                        since,
                        *TAKEN_UP,
                        since,
                        pk,
                        *batch,
                        low,
                        high,
                        depth + 1,
                        *batch,
                    ],
                )


# -- checking ----------------------------------------------------------------------------------


def stored(unit_ids: Iterable[int] | None = None) -> dict[tuple[int, int], tuple[int, ...]]:
    """{(unit id, exemplar id): FIGURES} as stored, rows of zeros left out."""
    rows = SubtreeAdoptions.objects.all()
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    return {
        (unit_id, exemplar_id): tuple(ns)
        for unit_id, exemplar_id, *ns in rows.values_list("unit_id", "exemplar_id", *FIGURES)
        if any(ns)
    }


def live(since: dt.date | None = None) -> dict[tuple[int, int], tuple[int, ...]]:
    """The same counted from the adoptions in Python, from the window's day (or `since`)."""
    since = since or window_since()
    path_of = dict(Unit.objects.values_list("pk", "path"))
    pk_of = {path: pk for pk, path in path_of.items()}
    found: dict[tuple[int, int], list[int]] = {}
    for unit_id, exemplar_id, status, started_on, adopted_on in Adoption.objects.values_list(
        "unit_id", "exemplar_id", "status", "started_on", "adopted_on"
    ):
        adds = figures(status, started_on, adopted_on, since)
        for path in ancestor_paths(path_of[unit_id]):
            row = found.setdefault((pk_of[path], exemplar_id), [0, 0, 0, 0])
            for i, n in enumerate(adds):
                row[i] += n
    return {key: tuple(ns) for key, ns in found.items() if any(ns)}


def per_exemplar_counts(adoptions, since: dt.date):
    """Rows (exemplar id, recent, recent taken, live, taken) of `adoptions` grouped live, as
    the overview read them before the stored rows (and still does for a past day)."""
    return list(
        adoptions.filter(status__in=LIVE)
        .values_list("exemplar_id")
        .annotate(
            recent=Count("pk", filter=Q(started_on__gte=since)),
            recent_taken=Count("pk", filter=Q(adopted_on__gte=since, status__in=TAKEN_UP)),
            live=Count("pk"),
            taken=Count("pk", filter=Q(status__in=TAKEN_UP)),
        )
        .order_by()
    )
