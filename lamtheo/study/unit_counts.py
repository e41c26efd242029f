"""Participation and activity per unit and year (UnitParticipation, UnitActivity), kept in the
writing transaction for the years in CountedYear.

The rates page of a large subtree used to pass over every person in scope with their stays
(16–19 s at the root of a 100k city under load; BENCHMARKS.md, issue 13) and count the
period's attendance for "what the unit organised". With these rows a subtree's figure is a
sum over its units (one row per unit, year and population) plus a live pass over the
year's movers:

- **UnitParticipation** holds, per unit, year and population, for the year and each month
  (thirteen periods as columns), the definition of lamtheo.study.rates applied to the
  people with a stay in that unit (their current unit, or a past Membership) overlapping
  the period. Summing units counts twice a person with stays in two units of the subtree;
  only people with a Membership overlapping the year can have two stays. Their extra counts
  are stored per unit where two of their units meet (DoubleCount, lamtheo.study.double_counts)
  and summed in the same statement; for a period read on a day before a later change to the
  tree, `Movers` reads them (a few hundred to a few thousand people, by the membership's end)
  with all their stays, `doubles` finds who is counted twice in which periods, and
  `corrections` gives the extra counts to subtract.
- **UnitActivity** holds what each unit hosted (sessions, connection points, present or
  late, self-study recorded there): additive, so a subtree's figure is a plain sum.
- **UnitSessions** holds the published sessions each unit hosted, per kind (the dashboard's
  "sessions by kind"): additive too.

Who keeps them: a unit's participation is recounted from the facts (its people's stays and
their PersonYearParticipation) when its people change: `org.counts.people_changed` (every
write that moves people, changes their dates or status, the importer included). When only
people's months change (`participation_counts.refresh`: every attendance, self-study and
session change reaches it), their units' rows move by those people's own contributions
(`refresh_people`): each person counts in a unit's row on their own. The unit's row is
locked first either way (as org.counts does), so a recount and a move serialise.
Activity is recounted per (unit, year) when a session, a connection point or a self-study
changes, and moved by ±1 when an attendance starts or stops counting (a recount of the
whole tree's conference per check-in would cost its 100,000 rows): the recount locks its
rows first, so a delta applied by a transaction that has not committed yet lands on top.
The sessions per kind are recounted per (unit, year) when a session is created, published,
cancelled, moved (to another host, day or kind) or deleted, the units' rows locked first.

Beside each of the three, its sums over every unit's subtree in today's tree, in shards
(SubtreeParticipation, SubtreeActivity, SubtreeSessions; lamtheo.org.subtree_sums): every
write above moves them by the change of its rows, in the same transaction, and the readers
below take them wherever they hold the tree the period reads.

A year becomes counted when `rebuild` writes it (`manage.py rebuild_aggregates`); the rates
of other years are counted live (lamtheo.study.rates). Writes that bypass the services
(bulk_create, QuerySet.update, raw SQL) must call `rebuild` afterwards.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.db import connections, router, transaction
from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.signals import post_delete, post_init, post_save
from django.utils import timezone

from lamtheo.core.replica import read_connection
from lamtheo.core.tree import path_range
from lamtheo.org import history, subtree_sums
from lamtheo.org.counts import people_changed
from lamtheo.org.models import Membership, Person, Unit, UnitPeriod
from lamtheo.study.models import (
    PARTICIPATION_TOTALS,
    PERIODS,
    TOOK_PART,
    Attendance,
    ConnectionPoint,
    CountedYear,
    DoubleCount,
    DoubleTree,
    PersonYearParticipation,
    SelfStudy,
    SessionStatus,
    StudySession,
    SubtreeActivity,
    SubtreeDoubleCount,
    SubtreeParticipation,
    SubtreeSessions,
    UnitActivity,
    UnitParticipation,
    UnitSessions,
    period_column,
)
from lamtheo.study.rates import (
    MEMBER_STATUSES,
    local_bounds,
    month_bounds,
    qualifying_sessions,
    year_bounds,
)

UNIT_BATCH = 200
PERSON_BATCH = 2000
TOTALS = PARTICIPATION_TOTALS
ACTIVITY = ("sessions", "points", "attendances", "self_study")
SESSION_FIELDS = ("status", "counts_for_participation", "starts_at", "unit_id", "kind")
# The fields UnitActivity depends on (the first four) and UnitSessions (these indexes).
KIND_FIELDS = (0, 2, 3, 4)
COLUMNS = tuple(period_column(name, month) for month in PERIODS for name in TOTALS)
# UnitParticipation summed over each subtree of today's tree (SubtreeParticipation).
SUBTREES = subtree_sums.Kept(UnitParticipation, SubtreeParticipation, ("year", "members"), COLUMNS)
ACTIVITY_SUMS = subtree_sums.Kept(UnitActivity, SubtreeActivity, ("year",), ACTIVITY)
SESSIONS_SUMS = subtree_sums.Kept(UnitSessions, SubtreeSessions, ("year", "kind"), ("sessions",))
# The movers' double counts summed the same way (kept by lamtheo.study.double_counts).
DOUBLE_SUMS = subtree_sums.Kept(
    DoubleCount, SubtreeDoubleCount, ("year", "members", "tree"), COLUMNS
)
KEPT = (SUBTREES, ACTIVITY_SUMS, SESSIONS_SUMS, DOUBLE_SUMS)


def periods(year: int) -> list[tuple[int, dt.date, dt.date, int]]:
    """(month, first day, last day, mask of PersonYearParticipation bits); month 0 the year."""
    found = [(0, *year_bounds(year), (1 << 12) - 1)]
    for month in range(1, 13):
        found.append((month, *month_bounds(year, month), 1 << (month - 1)))
    return found


def counted_years(using: str | None = None) -> set[int]:
    using = using or router.db_for_read(CountedYear)
    return set(CountedYear.objects.using(using).values_list("year", flat=True))


# -- participation per unit ------------------------------------------------------------------


def stays_of(*, unit_ids=None, person_ids=None, using: str | None = None) -> list[tuple]:
    """(person, unit, since, until, current, party_status, joined_on) of every stay in the
    units (or of the people; everything when both are None). One query: the current stays
    and the past ones, each marked, in a UNION ALL."""
    using = using or router.db_for_read(Person)
    people = Person.objects.using(using).order_by()
    past = Membership.objects.using(using).order_by()
    if unit_ids is not None:
        people, past = people.filter(unit_id__in=unit_ids), past.filter(unit_id__in=unit_ids)
    if person_ids is not None:
        people, past = people.filter(pk__in=person_ids), past.filter(person_id__in=person_ids)
    current = people.annotate(current=Value(1)).values_list(
        "pk", "unit_id", "unit_since", "left_on", "current", "party_status", "joined_on"
    )
    before = past.annotate(current=Value(0)).values_list(
        "person_id",
        "unit_id",
        "started_on",
        "ended_on",
        "current",
        "person__party_status",
        "person__joined_on",
    )
    return [
        (pk, unit_id, since, until, bool(now), status, joined)
        for pk, unit_id, since, until, now, status, joined in current.union(before, all=True)
    ]


def overlaps(stay: tuple, start: dt.date, end: dt.date) -> bool:
    """The stay overlaps [start, end], as lamtheo.study.rates reads stays (the day someone
    leaves still counts; a past period's end is the first day in the next unit)."""
    _person, _unit, since, until, current, _status, _joined = stay
    if since is not None and since > end:
        return False
    if current:
        return until is None or until >= start
    return until > start


def is_member(stay: tuple, end: dt.date) -> bool:
    *_, status, joined = stay
    return status in MEMBER_STATUSES and (joined is None or joined <= end)


def flags(bits: tuple[int, int], mask: int) -> tuple[int, ...]:
    """The contribution of one person to TOTALS for a period: 1/0 each."""
    via_session, via_self_study = bool(bits[0] & mask), bool(bits[1] & mask)
    return (
        1,
        int(via_session or via_self_study),
        int(via_session),
        int(via_self_study),
        int(via_self_study and not via_session),
    )


def months_of(year: int, person_ids, using: str | None = None) -> dict[int, tuple[int, int]]:
    using = using or router.db_for_read(PersonYearParticipation)
    rows = PersonYearParticipation.objects.using(using).filter(year=year)
    if isinstance(person_ids, QuerySet):  # a subquery: one query even when it finds nobody
        rows = rows.filter(person_id__in=person_ids)
    elif person_ids is not None:
        rows = rows.filter(person_id__in=list(person_ids))
    return {pk: (a, b) for pk, a, b in rows.values_list("person_id", "sessions", "self_study")}


def count_stays(stays: list[tuple], year: int, bits: dict[int, tuple[int, int]]) -> dict:
    """{(unit, month, members): [TOTALS]} of the stays for the year's periods: each person
    once per unit and period."""
    seen: dict[tuple, set[int]] = defaultdict(set)
    first, last = year_bounds(year)
    spans = periods(year)
    for stay in stays:
        if not overlaps(stay, first, last):
            continue
        person, unit = stay[0], stay[1]
        for month, start, end, _mask in spans:
            if overlaps(stay, start, end):
                seen[(unit, month, False)].add(person)
                if is_member(stay, end):
                    seen[(unit, month, True)].add(person)
    masks = {month: mask for month, _s, _e, mask in spans}
    found = {}
    for key, people in seen.items():
        sums = [0] * len(TOTALS)
        for person in people:
            for i, n in enumerate(flags(bits.get(person, (0, 0)), masks[key[1]])):
                sums[i] += n
        found[key] = sums
    return found


def live_rows(year: int, unit_ids: Iterable[int] | None = None, *, using=None) -> dict:
    """{(unit, month, members): (TOTALS)} counted from the facts for the units (all when None)."""
    ids = None if unit_ids is None else sorted(set(unit_ids))
    stays = stays_of(unit_ids=ids, using=using)
    people = None if ids is None else {stay[0] for stay in stays}
    bits = months_of(year, people, using)
    return {key: tuple(v) for key, v in count_stays(stays, year, bits).items()}


def stored_rows(year: int, unit_ids: Iterable[int] | None = None) -> dict:
    """{(unit, month, members): (TOTALS)} of the stored rows, as `live_rows` gives them (a
    period with nobody in scope left out)."""
    rows = UnitParticipation.objects.filter(year=year)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    found = {}
    for row in rows:
        for month in PERIODS:
            values = tuple(getattr(row, period_column(name, month)) for name in TOTALS)
            if values[0]:
                found[(row.unit_id, month, row.members)] = values
    return found


def _participation_rows(year: int, counted: dict) -> list[UnitParticipation]:
    """`count_stays`'s {(unit, month, members): [TOTALS]} as one row per (unit, members)."""
    columns: dict[tuple[int, bool], dict[str, int]] = defaultdict(dict)
    for (unit, month, members), values in counted.items():
        for name, value in zip(TOTALS, values, strict=True):
            columns[(unit, members)][period_column(name, month)] = value
    return [
        UnitParticipation(unit_id=unit, year=year, members=members, **values)
        for (unit, members), values in sorted(columns.items())
    ]


def _lock_units(ids: list[int], using: str) -> None:
    if connections[using].features.has_select_for_update:
        list(
            Unit.objects.using(using)
            .filter(pk__in=ids)
            .select_for_update(no_key=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def refresh_units(unit_ids: Iterable[int], years=None, *, using: str | None = None) -> None:
    """Recount the units' participation of the counted years (all of them when None), and
    move the subtrees' sums by the change."""
    ids = sorted({pk for pk in unit_ids if pk is not None})
    using = using or router.db_for_write(UnitParticipation)
    wanted = counted_years(using) if years is None else set(years) & counted_years(using)
    if not ids or not wanted:
        return
    with transaction.atomic(using=using):
        _lock_units(ids, using)
        changes: dict[tuple, list[int]] = {}
        # A few hundred units at a time: their people's ids go in IN lists (SQLite's limit).
        for i in range(0, len(ids), UNIT_BATCH):
            changes.update(_refresh_batch(ids[i : i + UNIT_BATCH], wanted, using))
        # Once, in one order, after every batch: see subtree_sums.add.
        subtree_sums.add(SUBTREES, changes, using=using)


def _stored_columns(year: int, ids: list[int], using: str) -> dict[tuple, tuple]:
    rows = UnitParticipation.objects.using(using).filter(year=year, unit_id__in=ids)
    return {
        (unit, year, members): tuple(values)
        for unit, members, *values in rows.values_list("unit_id", "members", *COLUMNS)
    }


def _refresh_batch(ids: list[int], wanted: set[int], using: str) -> dict[tuple, list[int]]:
    """Recount the units' rows; {(unit, year, members): the change of COLUMNS}."""
    stays = stays_of(unit_ids=ids, using=using)
    people = {stay[0] for stay in stays}
    changes = {}
    for year in sorted(wanted):
        rows = _participation_rows(year, count_stays(stays, year, months_of(year, people, using)))
        before = _stored_columns(year, ids, using)
        UnitParticipation.objects.using(using).filter(year=year, unit_id__in=ids).delete()
        UnitParticipation.objects.using(using).bulk_create(rows, batch_size=500)
        after = {
            (row.unit_id, year, row.members): tuple(getattr(row, c) for c in COLUMNS)
            for row in rows
        }
        changes.update(subtree_sums.delta(before, after))
    return changes


def refresh_people(
    year: int,
    before: dict[int, tuple[int, int]],
    after: dict[int, tuple[int, int]],
    *,
    using: str | None = None,
) -> None:
    """The people's months of a counted year changed from `before` to `after` ({person:
    (sessions, self_study)} as PersonYearParticipation holds them; missing: none), their
    stays did not: move the rows of the units they stayed in that year by the change, and
    the sums above (the caller checked that the year is counted).

    Each person counts in a unit's row on their own (`count_stays`), so a unit's row moves
    by the change of its people's contributions: one check-in no longer recounts its whole
    unit from its people's facts (38 statements per check-in: BENCHMARKS.md). The units are
    locked first, as `refresh_units` does, so a recount of the same unit comes wholly
    before or after this change."""
    using = using or router.db_for_write(UnitParticipation)
    ids = sorted(pk for pk in before.keys() | after.keys() if before.get(pk) != after.get(pk))
    if not ids:
        return
    from lamtheo.study import double_counts

    first, last = year_bounds(year)
    moved: list[tuple] = []
    changes: dict[tuple, list[int]] = {}
    width = len(TOTALS)
    for i in range(0, len(ids), PERSON_BATCH):  # a session of the whole tree: 100,000 people
        stays = stays_of(person_ids=ids[i : i + PERSON_BATCH], using=using)
        old, new = count_stays(stays, year, before), count_stays(stays, year, after)
        for unit, month, members in old.keys() | new.keys():
            was, now = old.get((unit, month, members)), new.get((unit, month, members))
            was, now = was or [0] * width, now or [0] * width
            row = changes.setdefault((unit, year, members), [0] * len(COLUMNS))
            for j in range(width):
                row[month * width + j] += now[j] - was[j]
        movers_ = {
            stay[0] for stay in stays if overlaps(stay, first, last) and not stay[4]
        }  # a past period in the year: the only way to two stays
        moved += [stay for stay in stays if stay[0] in movers_]
    changes = {key: values for key, values in changes.items() if any(values)}
    with transaction.atomic(using=using):
        _lock_units(sorted({key[0] for key in changes}), using)
        subtree_sums.add_rows(
            connections[using],
            UnitParticipation,
            ("unit_id", "year", "members"),
            COLUMNS,
            sorted(changes.items()),
        )
        subtree_sums.add(SUBTREES, changes, using=using)
        # Their months changed, not their stays: only the movers can have rows.
        double_counts.write(year, {stay[0] for stay in moved}, moved, using=using)


def on_people_changed(sender, unit_ids=None, **kwargs) -> None:
    """org.counts: people of these units changed. A status or a joining date also changes
    the figures of their past units, so those are recounted too."""
    if unit_ids is None:
        # Every unit: a repair or a bulk load after direct writes (refresh_unit_counts(),
        # rebuild_aggregates), which must rebuild these rows too, once, after the months.
        return
    from lamtheo.study import double_counts

    years = counted_years()
    if not years:
        return
    ids = set(unit_ids)
    ids |= set(Membership.objects.filter(person__unit_id__in=ids).values_list("unit_id", flat=True))
    using = router.db_for_write(UnitParticipation)
    refresh_units(ids, using=using)
    moved = double_counts.people_of(sorted(ids), years, using=using)
    double_counts.refresh_people(moved, years, using=using)


def on_tree_changed(sender, unit_ids, moved_from=None, **kwargs) -> None:
    """org.history: these units moved, closed or opened again. Their figures stay theirs,
    but the subtrees above their old and new places sum other units now, and the double
    counts of the people with stays in them are stored where their units meet, which may
    have changed."""
    from lamtheo.study import double_counts

    years = counted_years()
    if years:
        using = router.db_for_write(UnitParticipation)
        for kept in KEPT:
            subtree_sums.on_moved(kept, moved_from, using=using)
        moved = double_counts.people_of(list(unit_ids), years, using=using)
        double_counts.refresh_people(moved, years, using=using)


# -- the movers, counted live ------------------------------------------------------------------


def movers(year: int, units=None, *, using: str | None = None) -> QuerySet:
    """The ids of the people with a past period overlapping the year (the only people who can
    have two stays in it) in one of `units` (a Q on the membership; all when None)."""
    first, last = year_bounds(year)
    using = using or router.db_for_read(Membership)
    moved = Membership.objects.using(using).filter(ended_on__gt=first).exclude(started_on__gt=last)
    if units is not None:
        moved = moved.filter(units)
    return moved.values("person_id")


def _months(low: int, high: int) -> int:
    """Bits of months low..high (1–12; none when low > high), bit m for month m."""
    low, high = max(low, 1), min(high, 12)
    return ((1 << (high + 1)) - (1 << low)) if low <= high else 0


def marks(stays: list[tuple], year: int) -> list[tuple[int, int, int, int]]:
    """(person, unit, periods overlapped, periods as a member) per stay, as bits (bit 0 the
    year, bit m month m): the conditions of `overlaps` and `is_member` by month number."""
    found = []
    for person, unit, since, until, current, status, joined in stays:
        low = 1 if since is None or since.year < year else 13 if since.year > year else since.month
        if until is None or until.year > year:
            high = 12
        elif until.year < year:
            high = 0
        else:
            high = until.month - (0 if current or until.day > 1 else 1)
        spans = _months(low, high)
        if spans:
            spans |= 1
        member = 0
        if status in MEMBER_STATUSES:
            if joined is None or joined.year < year:
                member = _months(1, 12) | 1
            elif joined.year == year:
                member = _months(joined.month, 12) | 1
        found.append((person, unit, spans, member))
    return found


def doubles(
    marked: list[tuple[int, int, int, int]], in_scope, members: bool, key=None
) -> list[tuple[int, object, list[int]]]:
    """(person, group, [extra counts per period 0–12]) of the people counted in more than
    one unit of the subtree (or of a group of it) in some period: per period, the units of
    the subtree they are counted in − 1. `marked` comes from `marks`; `in_scope` says
    whether a unit id belongs to the subtree; `key` gives a unit's group (a branch), None
    for the whole subtree. One pass over the stays for all thirteen periods."""
    units_of: dict[tuple, dict[int, int]] = defaultdict(dict)
    for person, unit, spans, member in marked:
        bits = spans & member if members else spans
        if not bits or not in_scope(unit):
            continue
        held = units_of[(person, key(unit) if key else None)]
        held[unit] = held.get(unit, 0) | bits
    found = []
    for (person, group), units in units_of.items():
        if len(units) < 2:
            continue
        seen = twice = 0
        for bits in units.values():
            twice |= seen & bits
            seen |= bits
        if not twice:  # moved: in one unit, then in the other, never both in one period
            continue
        extras = [0] * len(PERIODS)
        for period in PERIODS:
            if twice & (1 << period):
                extras[period] = sum(1 for bits in units.values() if bits & (1 << period)) - 1
        found.append((person, group, extras))
    return found


def corrections(
    doubled: list[tuple[int, object, list[int]]],
    bits: dict[int, tuple[int, int]],
    year: int,
    month: int,
) -> dict:
    """{group: [TOTALS]} to subtract from the sum over units for one period: per person
    counted twice (`doubles`), the extra counts times their contribution."""
    mask = periods(year)[month][3]
    found: dict = defaultdict(lambda: [0] * len(TOTALS))
    for person, group, extras in doubled:
        extra = extras[month]
        if extra:
            for i, n in enumerate(flags(bits.get(person, (0, 0)), mask)):
                found[group][i] += extra * n
    return found


# -- activity per unit -------------------------------------------------------------------------


def live_activity(year: int, unit_ids: Iterable[int] | None = None, *, using=None) -> dict:
    """{unit: (ACTIVITY)} counted from the facts (four queries); units with nothing left out."""
    using = using or router.db_for_read(StudySession)
    start, end = year_bounds(year)
    hosted = qualifying_sessions(start, end).using(using)
    studied = SelfStudy.objects.using(using).filter(studied_on__gte=start, studied_on__lte=end)
    if unit_ids is not None:
        ids = list(unit_ids)
        hosted, studied = hosted.filter(unit_id__in=ids), studied.filter(unit_id__in=ids)
    found: dict[int, list[int]] = defaultdict(lambda: [0] * len(ACTIVITY))
    parts = [
        hosted.values_list("unit_id"),
        ConnectionPoint.objects.using(using)
        .filter(session__in=hosted.values("pk"))
        .values_list("session__unit_id"),
        Attendance.objects.using(using)
        .filter(session__in=hosted.values("pk"), status__in=TOOK_PART)
        .values_list("session__unit_id"),
        studied.values_list("unit_id"),
    ]
    for i, part in enumerate(parts):
        for unit, n in part.annotate(n=Count("pk")).order_by():
            if unit is not None:
                found[unit][i] = n
    return {unit: tuple(v) for unit, v in found.items() if any(v)}


def stored_activity(year: int) -> dict:
    return {
        unit: tuple(v)
        for unit, *v in UnitActivity.objects.filter(year=year).values_list("unit_id", *ACTIVITY)
        if any(v)
    }


def refresh_activity(keys: Iterable[tuple[int, int]], *, using: str | None = None) -> None:
    """Recount the (unit, year) pairs of counted years. Their rows are created and locked
    first, so an attendance delta of a transaction still open lands after the recount."""
    using = using or router.db_for_write(UnitActivity)
    years = counted_years(using)
    wanted = sorted({(u, y) for u, y in keys if u is not None and y in years})
    if not wanted:
        return
    rows = UnitActivity.objects.using(using)
    with transaction.atomic(using=using):
        rows.bulk_create(
            [UnitActivity(unit_id=u, year=y) for u, y in wanted], ignore_conflicts=True
        )
        for year in sorted({y for _u, y in wanted}):
            ids = [u for u, y in wanted if y == year]
            locked = rows.filter(year=year, unit_id__in=ids)
            if connections[using].features.has_select_for_update:
                locked = locked.select_for_update()
            before = {
                (unit, year): tuple(values)
                for unit, *values in locked.order_by("pk").values_list("unit_id", *ACTIVITY)
            }
            fresh = live_activity(year, ids, using=using)
            after = {}
            for unit in ids:
                values = fresh.get(unit, (0,) * len(ACTIVITY))
                after[(unit, year)] = values
                rows.filter(year=year, unit_id=unit).update(
                    **dict(zip(ACTIVITY, values, strict=True))
                )
            subtree_sums.add(ACTIVITY_SUMS, subtree_sums.delta(before, after), using=using)


def move_attendance(
    unit_id: int, year: int, delta: int, *, using: str | None = None, counted=None
) -> None:
    """One attendance started (+1) or stopped (-1) counting at a session the unit hosted
    (`counted`: the counted years when the caller has read them)."""
    using = using or router.db_for_write(UnitActivity)
    if not delta or year not in (counted_years(using) if counted is None else counted):
        return
    connection = connections[using]
    table = connection.ops.quote_name(UnitActivity._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (unit_id, year, sessions, points, attendances, self_study) "
            f"VALUES (%s, %s, 0, 0, %s, 0) ON CONFLICT (year, unit_id) DO UPDATE SET "
            f"attendances = {table}.attendances + excluded.attendances",
            [unit_id, year, delta],
        )
    subtree_sums.add(ACTIVITY_SUMS, {(unit_id, year): (0, 0, delta, 0)}, using=using)


def _qualifying(session_ids, using, known=None) -> dict[int, tuple[int, int]]:
    """{session id: (host unit, local year)} of the sessions whose attendance counts; those
    in `known` (the session the writer holds, read in its transaction) are not read again."""
    found = {}
    if known is not None and known.pk in session_ids:
        if known.status == SessionStatus.PUBLISHED and known.counts_for_participation:
            found[known.pk] = (known.unit_id, timezone.localtime(known.starts_at).year)
        session_ids = set(session_ids) - {known.pk}
    if not session_ids:
        return found
    rows = StudySession.objects.using(using).filter(
        pk__in=session_ids, status=SessionStatus.PUBLISHED, counts_for_participation=True
    )
    for pk, unit_id, starts_at in rows.values_list("pk", "unit_id", "starts_at"):
        found[pk] = (unit_id, timezone.localtime(starts_at).year)
    return found


def attendance_changed(
    before: tuple, after: tuple, *, using: str | None = None, session=None
) -> None:
    """(session, status) of one attendance before and after a write (None, None: absent);
    `session`: the attendance's session when the writer holds it."""
    using = using or router.db_for_write(UnitActivity)
    counting = [
        (session, sign)
        for (session, status), sign in ((before, -1), (after, +1))
        if session is not None and status in TOOK_PART
    ]
    counted = counted_years(using) if counting else set()
    if not counted:
        return
    hosts = _qualifying({s for s, _sign in counting}, using, session)
    for session, sign in counting:
        if session in hosts:
            move_attendance(*hosts[session], sign, using=using, counted=counted)


# -- published sessions per unit and kind ------------------------------------------------------


def live_sessions(year: int, unit_ids: Iterable[int] | None = None, *, using=None) -> dict:
    """{(unit, kind): published sessions starting in the year} counted from the facts (one
    query)."""
    using = using or router.db_for_read(StudySession)
    start, end = local_bounds(*year_bounds(year))
    rows = StudySession.objects.using(using).filter(
        status=SessionStatus.PUBLISHED, starts_at__gte=start, starts_at__lt=end
    )
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    return {
        (unit, kind): n
        for unit, kind, n in rows.values_list("unit_id", "kind").annotate(n=Count("pk")).order_by()
    }


def stored_sessions(year: int) -> dict:
    return {
        (unit, kind): n
        for unit, kind, n in UnitSessions.objects.filter(year=year).values_list(
            "unit_id", "kind", "sessions"
        )
    }


def _write_sessions(year: int, rows: dict, using: str) -> None:
    UnitSessions.objects.using(using).bulk_create(
        [
            UnitSessions(unit_id=unit, year=year, kind=kind, sessions=n)
            for (unit, kind), n in sorted(rows.items())
            if n
        ],
        batch_size=5000,
    )


def refresh_sessions(keys: Iterable[tuple[int, int]], *, using: str | None = None) -> None:
    """Recount the published sessions per kind of the (unit, year) pairs of counted years. The
    units' rows are locked first (as `refresh_units` does), so concurrent recounts of a unit
    serialise and the later one reads what the earlier one committed."""
    using = using or router.db_for_write(UnitSessions)
    years = counted_years(using)
    wanted = sorted({(u, y) for u, y in keys if u is not None and y in years})
    if not wanted:
        return
    with transaction.atomic(using=using):
        _lock_units(sorted({u for u, _y in wanted}), using)
        changes = {}
        for year in sorted({y for _u, y in wanted}):
            ids = [u for u, y in wanted if y == year]
            stored = UnitSessions.objects.using(using).filter(year=year, unit_id__in=ids)
            before = {
                (unit, year, kind): (n,)
                for unit, kind, n in stored.values_list("unit_id", "kind", "sessions")
            }
            stored.delete()
            fresh = live_sessions(year, ids, using=using)
            _write_sessions(year, fresh, using)
            after = {(unit, year, kind): (n,) for (unit, kind), n in fresh.items()}
            changes.update(subtree_sums.delta(before, after))
        subtree_sums.add(SESSIONS_SUMS, changes, using=using)


# -- rebuilding --------------------------------------------------------------------------------


def _years_with_facts() -> set[int]:
    years = {timezone.localdate().year}
    for day in SelfStudy.objects.dates("studied_on", "year"):
        years.add(day.year)
    for moment in StudySession.objects.datetimes("starts_at", "year"):
        years.add(timezone.localtime(moment).year)
    return years


def rebuild_participation(years: Iterable[int] | None = None) -> int:
    years = sorted(counted_years() if years is None else years)
    stays = stays_of()
    written = 0
    for year in years:
        rows = count_stays(stays, year, months_of(year, None))
        UnitParticipation.objects.filter(year=year).delete()
        made = _participation_rows(year, rows)
        UnitParticipation.objects.bulk_create(made, batch_size=500)
        subtree_sums.rebuild(SUBTREES, year=year)
        written += len(made)
    return written


@transaction.atomic
def rebuild(years: Iterable[int] | None = None) -> int:
    """Write the rows of the years (every year with facts and this one when None) again from
    the facts, and count those years from now on (bulk loads, repairs; nothing else writing).
    Needs PersonYearParticipation up to date (participation_counts.rebuild first)."""
    from lamtheo.study import double_counts

    years = sorted(_years_with_facts() if years is None else set(years))
    CountedYear.objects.bulk_create([CountedYear(year=y) for y in years], ignore_conflicts=True)
    written = rebuild_participation(years)
    written += double_counts.rebuild(years)
    for year in years:
        UnitActivity.objects.filter(year=year).delete()
        UnitActivity.objects.bulk_create(
            [
                UnitActivity(unit_id=unit, year=year, **dict(zip(ACTIVITY, v, strict=True)))
                for unit, v in sorted(live_activity(year).items())
            ],
            batch_size=5000,
        )
        UnitSessions.objects.filter(year=year).delete()
        _write_sessions(year, live_sessions(year), router.db_for_write(UnitSessions))
        subtree_sums.rebuild(ACTIVITY_SUMS, year=year)
        subtree_sums.rebuild(SESSIONS_SUMS, year=year)
        subtree_sums.rebuild(DOUBLE_SUMS, year=year)
    return written


# -- the receivers (wired in StudyConfig.ready) ----------------------------------------------


def remember_session(sender, instance, **kwargs):
    loaded = instance.__dict__
    instance._activity_state = tuple(loaded.get(name) for name in SESSION_FIELDS)


def _session_keys(state) -> set[tuple[int, int]]:
    starts_at, unit_id = state[2], state[3]
    if starts_at is None or unit_id is None:
        return set()
    return {(unit_id, timezone.localtime(starts_at).year)}


def _kind_state(state) -> tuple:
    return tuple(state[i] for i in KIND_FIELDS)


def on_session_saved(sender, instance, created, raw=False, using=None, **kwargs):
    state = tuple(getattr(instance, name) for name in SESSION_FIELDS)
    before = getattr(instance, "_activity_state", None)
    remember_session(sender, instance)
    if raw or (not created and before == state):
        return
    keys = _session_keys(state) | (_session_keys(before) if before and not created else set())
    # The units' rows first, then UnitActivity's: the order an attendance takes them in
    # (participation_counts recounts the person's units, then the host's activity moves).
    if created or before is None or _kind_state(before) != _kind_state(state):
        refresh_sessions(keys, using=using)
    if created or before is None or before[:4] != state[:4]:
        refresh_activity(keys, using=using)


def on_session_deleted(sender, instance, using=None, **kwargs):
    keys = _session_keys(tuple(getattr(instance, n) for n in SESSION_FIELDS))
    refresh_sessions(keys, using=using)
    refresh_activity(keys, using=using)


def on_point_changed(sender, instance, using=None, raw=False, **kwargs):
    if raw:
        return
    session = StudySession.objects.using(using).filter(pk=instance.session_id).first()
    if session is not None:
        refresh_activity(
            _session_keys((None, None, session.starts_at, session.unit_id)), using=using
        )


def remember_self_study(sender, instance, **kwargs):
    loaded = instance.__dict__
    instance._activity_key = (loaded.get("unit_id"), loaded.get("studied_on"))


def on_self_study_changed(sender, instance, using=None, raw=False, **kwargs):
    if raw:
        return
    keys = set()
    for unit_id, day in {
        (instance.unit_id, instance.studied_on),
        getattr(instance, "_activity_key", (None, None)),
    }:
        if unit_id is not None and day is not None:
            keys.add((unit_id, day.year))
    remember_self_study(sender, instance)
    refresh_activity(keys, using=using)


def remember_attendance(sender, instance, **kwargs):
    loaded = instance.__dict__
    instance._activity_key = (loaded.get("session_id"), loaded.get("status"))


def on_attendance_saved(sender, instance, created, raw=False, using=None, **kwargs):
    if raw:
        return
    # A new record's post_init saw the values it was built with: nothing counted before.
    before = (None, None) if created else getattr(instance, "_activity_key", (None, None))
    after = (instance.session_id, instance.status)
    remember_attendance(sender, instance)
    if before != after:
        session = instance.session if Attendance.session.is_cached(instance) else None
        attendance_changed(before, after, using=using, session=session)


def on_attendance_deleted(sender, instance, using=None, **kwargs):
    before = getattr(instance, "_activity_key", (instance.session_id, instance.status))
    attendance_changed(before, (None, None), using=using)


def connect() -> None:
    people_changed.connect(on_people_changed, sender=Unit, dispatch_uid="study-unit-people")
    history.tree_changed.connect(on_tree_changed, sender=Unit, dispatch_uid="study-unit-tree")
    post_init.connect(remember_session, sender=StudySession, dispatch_uid="study-unit-s-init")
    post_save.connect(on_session_saved, sender=StudySession, dispatch_uid="study-unit-s-saved")
    post_delete.connect(on_session_deleted, sender=StudySession, dispatch_uid="study-unit-s-del")
    post_save.connect(on_point_changed, sender=ConnectionPoint, dispatch_uid="study-unit-p-saved")
    post_delete.connect(on_point_changed, sender=ConnectionPoint, dispatch_uid="study-unit-p-del")
    post_init.connect(remember_self_study, sender=SelfStudy, dispatch_uid="study-unit-x-init")
    post_save.connect(on_self_study_changed, sender=SelfStudy, dispatch_uid="study-unit-x-saved")
    post_delete.connect(on_self_study_changed, sender=SelfStudy, dispatch_uid="study-unit-x-del")
    post_init.connect(remember_attendance, sender=Attendance, dispatch_uid="study-unit-a-init")
    post_save.connect(on_attendance_saved, sender=Attendance, dispatch_uid="study-unit-a-saved")
    post_delete.connect(on_attendance_deleted, sender=Attendance, dispatch_uid="study-unit-a-del")


# -- reading: a subtree's figures from the stored rows -------------------------------------------


class Movers:
    """How a subtree's double counts are taken off for a year's periods. A period that reads
    today's tree, or the tree of a day since which nothing in it began or ended, takes them
    from the stored rows (DoubleCount, lamtheo.study.double_counts) in `subtree_totals`'s
    statement. Any other period counts them live: the subtree's movers of the year with all
    their stays and months, where their units were in the tree (today's paths; each day's
    id_path), and `doubles` in Python (five queries, run only then). Two queries, and the
    unit's own periods when a period reads an ended day."""

    def __init__(self, unit: Unit, year: int):
        self.unit, self.year = unit, year
        self.day_of = tree_days(unit, year)
        self.last_change = history.last_change()
        self._doubled: dict[tuple, list] = {}

    def stored(self, day: dt.date | None) -> bool:
        """Whether the periods read on the tree of `day` take the stored double counts."""
        return day is None or self.last_change is None or day >= self.last_change

    @cached_property
    def _own_periods(self) -> list[tuple]:
        return list(
            UnitPeriod.objects.filter(unit=self.unit).values_list(
                "valid_from", "valid_to", "id_path"
            )
        )

    def own_path(self, day: dt.date | None) -> str | None:
        """The unit's path today (day None) or its id_path on the day."""
        if day is None:
            return self.unit.path
        for start, end, id_path in self._own_periods:
            if start <= day < end:
                return id_path
        return None

    @cached_property
    def _live(self) -> _LiveMovers:
        return _LiveMovers(self.unit, self.year, self.day_of)

    def correction(self, month: int, members: bool, day, length: int | None = None) -> dict:
        """{group: [TOTALS]} to subtract for the period `month` on the tree of `day` (see
        `corrections`), counted live; the double counts are found once per tree, population
        and grouping."""
        live = self._live
        found = self._doubled.get((day, members, length))
        if found is None:
            key = None
            if length is not None:

                def key(unit_id):
                    return live.path(unit_id, day)[:length]

            found = doubles(live.marked, live.scope(day), members, key)
            self._doubled[(day, members, length)] = found
        return corrections(found, live.bits, self.year, month)


class _LiveMovers:
    """The subtree's movers of the year with all their stays and months, and where their
    units were in the tree on the days the periods read."""

    def __init__(self, unit: Unit, year: int, day_of: dict):
        self.unit = unit
        # A person counted twice in the subtree has a past period in one of its units, on
        # one of the days the page reads the tree of (the months' and the year's).
        units = Q()
        for day in set(day_of.values()):
            units |= Q(unit_id__in=_unit_set(unit, day))
        moved = movers(year, units)
        self.stays = stays_of(person_ids=moved)
        self.marked = marks(self.stays, year)
        ids = {stay[1] for stay in self.stays} | {unit.pk}
        self.bits = months_of(year, moved)
        self.paths = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "path"))
        self.periods: dict[int, list[tuple]] = defaultdict(list)
        for unit_id, start, end, id_path in UnitPeriod.objects.filter(unit_id__in=ids).values_list(
            "unit_id", "valid_from", "valid_to", "id_path"
        ):
            self.periods[unit_id].append((start, end, id_path))

    def path(self, unit_id: int, day: dt.date | None) -> str | None:
        """The unit's path today (day None) or its id_path on the day."""
        if day is None:
            return self.paths.get(unit_id)
        for start, end, id_path in self.periods.get(unit_id, ()):
            if start <= day < end:
                return id_path
        return None

    def scope(self, day: dt.date | None):
        own = self.path(self.unit.pk, day)
        known: dict[int, bool] = {}

        def in_scope(unit_id: int) -> bool:
            if unit_id not in known:
                path = self.path(unit_id, day)
                known[unit_id] = own is not None and path is not None and path.startswith(own)
            return known[unit_id]

        return in_scope


def tree_days(unit: Unit, year: int) -> dict[int, dt.date | None]:
    """{period (0: the year, 1–12): the day whose tree it reads}, the days of the periods
    between which nothing in the tree changed merged into one (the last of them), so that a
    year without a reorganisation reads one or two trees instead of thirteen. One query."""
    first, last = year_bounds(year)
    changes = set()
    for start, end in UnitPeriod.objects.filter(
        Q(valid_from__gt=first, valid_from__lte=last) | Q(valid_to__gt=first, valid_to__lte=last)
    ).values_list("valid_from", "valid_to"):
        changes.update({start, end})
    days = {month: history.reference_day(unit, end) for month, _s, end, _m in periods(year)}
    merged: dict[dt.date, dt.date] = {}
    for day in sorted({d for d in days.values() if d is not None}, reverse=True):
        # The latest day of a run with no change in (day, that latest day].
        later = [d for d in merged.values() if d > day]
        top = min(later) if later else None
        if top is not None and not any(day < c <= top for c in changes):
            merged[day] = top
        else:
            merged[day] = day
    return {month: None if day is None else merged[day] for month, day in days.items()}


def _unit_set(unit: Unit, day: dt.date | None):
    if day is None:
        low, high = path_range(unit.path)
        return Unit.objects.filter(path__gte=low, path__lt=high).values("pk")
    return history.subtree_ids_of(unit, day)


SUMS = {name: Sum(name) for name in TOTALS}


def _minus(sums, correction) -> list[int]:
    return [int(a or 0) - b for a, b in zip(sums, correction, strict=True)]


@dataclass
class SubtreeTotals:
    months: dict[int, list[int]]  # month 1–12: [TOTALS]
    year: list[int]
    branches: dict[str, list[int]]  # the year's, per branch


def subtree_totals(
    unit: Unit,
    year: int,
    members: bool,
    movers_: Movers,
    length: int | None,
    names: tuple[str, ...] = TOTALS,
) -> SubtreeTotals:
    """The subtree's months, year and branches of `length` characters (no branches when
    None), from its units' rows in one statement (one part per tree read: one or two), less
    the movers' double counts (stored rows in the same statement, or counted live).

    Each part joins the rows (one per unit, the periods as columns) to the units in the
    subtree on its day (today's paths, or the id_paths valid that day, both as an index
    range from the unit's own path), sums the columns of the periods that read that tree
    (zeros for the others, so that the parts line up) and groups them per branch: ~11 rows
    per part come back. A tree whose double counts are stored has a second part summing
    the DoubleCount rows of the subtree's units the same way. Only the TOTALS in `names`
    are summed (the others come back as zeros): the root of a 1M tree sums 40,000 rows."""
    connection = read_connection(UnitParticipation)  # a replica's, on the heavy pages
    quote = connection.ops.quote_name
    tables = {
        1: quote(UnitParticipation._meta.db_table),
        -1: quote(DoubleCount._meta.db_table),
    }
    by_day: dict = defaultdict(list)
    for month in PERIODS:
        by_day[movers_.day_of[month]].append(month)
    parts, params, read = [], [], []
    for day, months in by_day.items():
        own = movers_.own_path(day)
        if own is None:
            continue
        low, high = path_range(own)
        sums = ", ".join(
            f"SUM(p.{period_column(name, month)})" if month in months and name in names else "0"
            for month in PERIODS
            for name in TOTALS
        )
        if day is None:
            units, unit_id, step = quote(Unit._meta.db_table), "u.id", Unit.steplen
            in_range = "u.path >= %s AND u.path < %s"
            branch, range_params = "u.path", [low, high]
        else:
            units, unit_id, step = quote(UnitPeriod._meta.db_table), "u.unit_id", history.ID_STEP
            in_range = (
                "u.valid_from <= %s AND u.valid_to > %s AND u.id_path >= %s AND u.id_path < %s"
            )
            branch = "u.id_path"
            range_params = [*(connection.ops.adapt_datefield_value(day),) * 2, low, high]
        # Below the root, PostgreSQL reads the units' rows one by one through the (year,
        # members, unit) index: the hash join it prefers reads the year's rows of the whole
        # tree (a bloc's 4,000 of 40,000 units at 1M people: 15 ms instead of 25–40). The
        # root reads them all anyway, and SQLite always loops over the units.
        by_index = connection.vendor == "postgresql" and len(own) > step
        if length is None:  # the months and the year only: one row
            select, select_params, group = "''", [], ""
        else:
            select, select_params, group = f"SUBSTR({branch}, 1, %s)", [length], " GROUP BY 2"
        signs = [(1, "", [])]
        if movers_.stored(day):
            # The subtree's sums (SubtreeParticipation, SubtreeDoubleCount) instead of its
            # units' rows.
            tree = DoubleTree.TODAY if day is None else DoubleTree.OPEN
            for sign, kept, where, key in (
                (1, SUBTREES, "s.year = %s AND s.members = %s", (year, members)),
                (
                    -1,
                    DOUBLE_SUMS,
                    "s.year = %s AND s.members = %s AND s.tree IN (%s, %s)",
                    (year, members, DoubleTree.BOTH.value, tree.value),
                ),
            ):
                part, part_params = _sums_part(
                    connection, kept, where, key, movers_.unit, day, months, names, length
                )
                parts.append(part)
                params += [len(read), *part_params]
                read.append((months, sign))
            signs = []
        for sign, where, where_params in signs:
            rows = f"p.year = %s AND p.members = %s{where}"
            rows_params = [year, members, *where_params]
            if by_index:
                # OFFSET 0 keeps the subquery whole, so the planner cannot flatten it back
                # into the hash join.
                source = (
                    f"{units} u CROSS JOIN LATERAL (SELECT * FROM {tables[sign]} p "
                    f"WHERE p.unit_id = {unit_id} AND {rows} OFFSET 0) p WHERE {in_range}"
                )
                source_params = [*rows_params, *range_params]
            else:
                source = (
                    f"{tables[sign]} p JOIN {units} u ON {unit_id} = p.unit_id AND {in_range} "
                    f"WHERE {rows}"
                )
                source_params = [*range_params, *rows_params]
            parts.append(f"SELECT %s, {select}, {sums} FROM {source}{group}")
            params += [len(read), *select_params, *source_params]
            read.append((months, sign))
    found: dict[tuple, list[int]] = {}
    stored_fixes: dict[tuple, list[int]] = {}
    if parts:
        width = len(TOTALS)
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for part, branch, *values in cursor.fetchall():
                months, sign = read[part]
                for month in months:
                    sums = [int(v or 0) for v in values[month * width : (month + 1) * width]]
                    if sums[0]:  # nobody in scope: as if no row had been stored
                        (found if sign > 0 else stored_fixes)[(branch, month)] = sums
    zero = [0] * len(TOTALS)
    kept = [int(name in names) for name in TOTALS]

    def fix(month: int) -> list[int]:
        day = movers_.day_of[month]
        if movers_.stored(day):
            return _total(v for (_b, m), v in stored_fixes.items() if m == month)
        live = movers_.correction(month, members, day).get(None, zero)
        return [n * k for n, k in zip(live, kept, strict=True)]

    months = {}
    for month in range(1, 13):
        stored = _total(v for (_b, m), v in found.items() if m == month)
        months[month] = _minus(stored, fix(month))
    whole = _minus(_total(v for (_b, m), v in found.items() if m == 0), fix(0))
    branches = {}
    if length is not None:
        branches = {b: v for (b, m), v in found.items() if m == 0}
        if movers_.stored(movers_.day_of[0]):
            # A pair meeting at the unit itself spans two branches: in none of them.
            fixes = {b: v for (b, m), v in stored_fixes.items() if m == 0 and len(b) == length}
        else:
            fixes = movers_.correction(0, members, movers_.day_of[0], length)
        for branch, values in fixes.items():
            branches[branch] = _minus(branches.get(branch, zero), values)
    return SubtreeTotals(months, whole, branches)


def _sums_part(
    connection, kept, where: str, key, unit: Unit, day, months, names, length
) -> tuple[str, list]:
    """A part of `subtree_totals` from the subtree sums (org.subtree_sums) of `kept`'s rows
    kept by `where` (SQL on `s`, parameters `key`), for a tree that they hold (today's, or
    a day since which nothing in it began or ended: Movers.stored), grouped by branch as
    the other parts are. Parameters: all but the first (the part's number)."""
    quote = connection.ops.quote_name
    sql, params = subtree_sums.by_branch_sql(
        kept,
        connection,
        unit,
        [period_column(name, month) for month in months for name in TOTALS if name in names],
        [
            f"SUM(r.{quote(period_column(name, month))})"
            if month in months and name in names
            else "0"
            for month in PERIODS
            for name in TOTALS
        ],
        where,
        key,
        length=length,
        day=day,
    )
    return f"SELECT %s, x.* FROM ({sql}) x", params


def _total(rows) -> list[int]:
    found = [0] * len(TOTALS)
    for values in rows:
        found = [a + b for a, b in zip(found, values, strict=True)]
    return found


def _subtree_sums(kept, unit: Unit, year: int, day, keys: tuple[str, ...] = ()) -> list[tuple]:
    """(*keys, *values) of the subtree's sums of a year, grouped by `keys` (one query)."""
    connection = read_connection(kept.rows)  # a replica's, on the heavy pages
    quote = connection.ops.quote_name
    source, params = subtree_sums.rows_sql(
        kept, connection, unit, (*keys, *kept.values), "s.year = %s", [year], past=day is not None
    )
    grouped = ", ".join(f"r.{quote(k)}" for k in keys)
    sums = ", ".join(f"SUM(r.{quote(v)})" for v in kept.values)
    sql = f"SELECT {grouped + ', ' if keys else ''}{sums} FROM ({source}) r"
    if keys:
        sql += f" GROUP BY {grouped}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def activity_totals(unit: Unit, year: int, last_change: dt.date | None = None) -> list[int]:
    """[ACTIVITY] of the subtree for the year (one query; `last_change` is
    org.history.last_change(), read when None: one more)."""
    day = history.reference_day(unit, year_bounds(year)[1])
    if day is not None and last_change is None:
        last_change = history.last_change()
    if subtree_sums.summed_on(day, last_change):
        (row,) = _subtree_sums(ACTIVITY_SUMS, unit, year, day)
        return [int(n or 0) for n in row]
    stored = UnitActivity.objects.filter(year=year, unit_id__in=_unit_set(unit, day)).aggregate(
        **{name: Sum(name) for name in ACTIVITY}
    )
    return [int(stored[name] or 0) for name in ACTIVITY]


def sessions_by_kind(unit: Unit, year: int, counted: bool) -> dict[str, int]:
    """{kind: published sessions the subtree hosted in the year}, over the units of the tree
    the year's figures read (as `activity_totals`): a sum of the stored rows of a counted
    year, else counted live. One query, two on a past year's tree."""
    day = history.reference_day(unit, year_bounds(year)[1])
    if counted and subtree_sums.summed_on(day, None if day is None else history.last_change()):
        rows = _subtree_sums(SESSIONS_SUMS, unit, year, day, ("kind",))
        return {kind: int(n or 0) for kind, n in rows if n}
    units = _unit_set(unit, day)
    if counted:
        rows = UnitSessions.objects.filter(year=year, unit_id__in=units).values_list("kind")
        rows = rows.annotate(n=Sum("sessions"))
    else:
        start, end = local_bounds(*year_bounds(year))
        rows = StudySession.objects.filter(
            unit_id__in=units,
            status=SessionStatus.PUBLISHED,
            starts_at__gte=start,
            starts_at__lt=end,
        ).values_list("kind")
        rows = rows.annotate(n=Count("pk"))
    return {kind: int(n or 0) for kind, n in rows.order_by()}
