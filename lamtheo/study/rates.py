"""Participation rates: who took part in study, per unit subtree and period. ONE definition.

For a unit U (with every unit under it), a period [start, end] (whole days, Asia/Ho_Chi_Minh)
and a population:

- **Population.** "members": full and probationary Party members (party_status) who had
  joined the Party by the end of the period (joined_on empty or ≤ end), so that a 2023 figure
  does not count as members people who joined in 2024; "everyone": members, outstanding
  non-members and workers alike.
- **People in scope (the denominator):** the distinct people of the population who belonged
  to U at some time in the period:
  - their current unit (Person.unit) is in U, they were there by the end of the period
    (unit_since empty or ≤ end) and had not left before it began (left_on empty or ≥ start;
    the day someone leaves still counts, as an office held ends on that day); or
  - they have a past period (Membership) in a unit of U that overlaps the period: started_on
    empty or ≤ end, and ended_on > start (ended_on is the day of the transfer, the first
    day in the next unit).
  A person who moved between two units in the period counts in both (and once in a unit
  above both).
- **Took part (the numerator):** those people who, in the period, were marked present or
  late at a session that is published, counts towards participation
  (StudySession.counts_for_participation) and starts in the period, or recorded a self-study
  (SelfStudy) dated in the period. Excused and absent do not count as taking part, nor do
  draft or cancelled sessions or those marked as not counting.
  **Membership decides who counts for U, not where they took part:** the unit kept on the
  attendance record (the unit of the time) is not used, so a person counts for U with
  whatever they took part in during the period, in U or elsewhere (a member sent to another
  unit's conference took part).
- **Rate** = took part ÷ people in scope, as a percentage with one decimal, rounded half up
  with integers (`rate`), except that it reads 100.0 only when everyone took part and 0.0
  only when nobody did. No rate when nobody is in scope.

The page states the same in Vietnamese (`definition()`); change both together.

Every function runs a fixed number of queries, whatever the number of rows, and computes
with integers and date/time comparisons only (month boundaries are computed here, in the
project's time zone), so SQLite and PostgreSQL give the same numbers. The per-person part is
built once with the ORM (`people_in_scope`, `_took_part`); the outer count per pair of flags
is written once in SQL (`_grouped`), because the ORM cannot group over such a subquery.

The people behind the numbers (never present, evidence) are listed by lamtheo.study.rate_people
from the same definition; one session's counts are in lamtheo.study.attendance.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection, models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.core.replica import read_connection
from lamtheo.core.tree import path_range
from lamtheo.org import history
from lamtheo.org.models import Membership, PartyStatus, Person, Unit
from lamtheo.study.models import (
    TOOK_PART,
    Attendance,
    ConnectionPoint,
    CountedYear,
    PersonYearParticipation,
    SelfStudy,
    SessionStatus,
    StudySession,
)

MEMBER_STATUSES = (PartyStatus.OFFICIAL, PartyStatus.PROBATIONARY)


class Population(models.TextChoices):
    MEMBERS = "members", gettext_lazy("Party members")
    EVERYONE = "everyone", gettext_lazy("Party members and workers")


def definition(population: str) -> list[str]:
    """The definition in the reader's language, sentence by sentence (the page shows it)."""
    if population == Population.MEMBERS:
        who = _(
            "People counted: full and probationary Party members (those who had joined the "
            "Party by the end of the period) who belonged to the unit or a unit under it at "
            "any time in the period, including those who moved in, moved out or left during "
            "it."
        )
    else:
        who = _(
            "People counted: everyone, Party members, outstanding non-members and workers, who "
            "belonged to the unit or a unit under it at any time in the period, including "
            "those who moved in, moved out or left during it."
        )
    return [
        who,
        _(
            "Took part: was marked present or late at a published study session or meeting "
            "that counts towards participation and took place in the period, wherever it was "
            "held, or recorded a self-study of a document dated in the period."
        ),
        _(
            "Excused and absent do not count as taking part; cancelled sessions and sessions "
            "marked as not counting are left out."
        ),
        _(
            "Rate = people who took part ÷ people counted, as a percentage with one decimal. "
            "It reads 100 percent only when every one of them took part."
        ),
        _(
            "Someone who moved between units during the period counts in each of them; a "
            "unit above counts them once."
        ),
    ]


# -- the definition, as querysets ------------------------------------------------------------


def local_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[midnight of start, midnight after end) in the project's time zone."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return (
        dt.datetime.combine(start, dt.time(), tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=tz),
    )


def _population_q(population: str, end: dt.date, prefix: str = "") -> Q:
    if population == Population.MEMBERS:
        return Q(**{f"{prefix}party_status__in": MEMBER_STATUSES}) & (
            Q(**{f"{prefix}joined_on__isnull": True}) | Q(**{f"{prefix}joined_on__lte": end})
        )
    if population != Population.EVERYONE:
        raise ValueError(f"unknown population {population!r}")
    return Q()


def _units_q(unit: Unit, end: dt.date, prefix: str = "") -> Q:
    """The units of U: today's subtree while the period runs; once it has ended, the subtree
    on its reference day (org.history), so that later moves and mergers do not change it."""
    return history.units_q(unit, end, prefix)


def _branch(unit: Unit, end: dt.date, length: int):
    """The branch of a row's unit under U (see `_units_q`): a path prefix of `length`
    characters today, or of the id_path on the reference day."""
    day = history.reference_day(unit, end)
    if day is None:
        return Substr("unit__path", 1, length)
    return history.branch_of(day, length)


def _current_q(unit: Unit, start: dt.date, end: dt.date) -> Q:
    """People whose current unit is in U and who were there at some time in the period."""
    return (
        _units_q(unit, end)
        & (Q(unit_since__isnull=True) | Q(unit_since__lte=end))
        & (Q(left_on__isnull=True) | Q(left_on__gte=start))
    )


def _past(unit: Unit, start: dt.date, end: dt.date):
    """Past periods (Membership) in a unit of U that overlap the period."""
    return Membership.objects.filter(
        _units_q(unit, end),
        Q(started_on__isnull=True) | Q(started_on__lte=end),
        ended_on__gt=start,
    )


def people_in_scope(unit: Unit, start: dt.date, end: dt.date, population: str):
    """The denominator: people of the population who belonged to U at some time in the period."""
    # A UNION of the two kinds of stay, not an OR: each side walks the subtree's units by
    # index, so the cost follows the subtree (an OR of the path range and the past periods
    # made PostgreSQL scan every person of the tree; BENCHMARKS.md, issue 13).
    current = Person.objects.filter(_current_q(unit, start, end)).values("pk")
    past = _past(unit, start, end).values("person_id")
    return Person.objects.filter(_population_q(population, end), pk__in=current.union(past))


def qualifying_sessions(start: dt.date, end: dt.date):
    """Sessions whose attendance counts: published, counting, starting in the period."""
    t0, t1 = local_bounds(start, end)
    return StudySession.objects.filter(
        status=SessionStatus.PUBLISHED,
        counts_for_participation=True,
        starts_at__gte=t0,
        starts_at__lt=t1,
    )


def whole_months(start: dt.date, end: dt.date) -> int:
    """The months of [start, end] as bits (month m: bit m-1) when the period is whole months
    of one year, else 0."""
    if start.year != end.year or start.day != 1 or start > end:
        return 0
    if end != month_bounds(end.year, end.month)[1]:
        return 0
    return sum(1 << (month - 1) for month in range(start.month, end.month + 1))


def _took_part(start: dt.date, end: dt.date, person=None) -> tuple[Exists, Exists]:
    """(took part in a session, recorded a self-study) in the period, for OuterRef `person`."""
    person = person or OuterRef("pk")
    mask = whole_months(start, end)
    if mask:
        # Whole months of one year (a month, a quarter, the year): the stored months.
        taken = PersonYearParticipation.objects.filter(person=person, year=start.year)
        return (
            Exists(taken.alias(hit=F("sessions").bitand(mask)).filter(hit__gt=0)),
            Exists(taken.alias(hit=F("self_study").bitand(mask)).filter(hit__gt=0)),
        )
    t0, t1 = local_bounds(start, end)
    attended = Attendance.objects.filter(
        person=person,
        status__in=TOOK_PART,
        session__status=SessionStatus.PUBLISHED,
        session__counts_for_participation=True,
        session__starts_at__gte=t0,
        session__starts_at__lt=t1,
    )
    studied = SelfStudy.objects.filter(person=person, studied_on__gte=start, studied_on__lte=end)
    return Exists(attended), Exists(studied)


def flagged_people(unit: Unit, start: dt.date, end: dt.date, population: str):
    """People in scope, each with `via_session` and `via_self_study`."""
    via_session, via_self_study = _took_part(start, end)
    return people_in_scope(unit, start, end, population).annotate(
        via_session=via_session, via_self_study=via_self_study
    )


# -- totals ----------------------------------------------------------------------------------


def rate(part: int, whole: int) -> Decimal | None:
    """part ÷ whole as a percentage with one decimal, rounded half up with integers; 100.0
    only when part == whole and 0.0 only when part == 0."""
    if not whole:
        return None
    tenths = (2000 * part + whole) // (2 * whole)
    if part < whole:
        tenths = min(tenths, 999)
    if part > 0:
        tenths = max(tenths, 1)
    return Decimal(tenths).scaleb(-1)


@dataclass(frozen=True)
class Totals:
    """Participation of the people in scope of one unit and period."""

    people: int = 0
    took_part: int = 0
    sessions: int = 0  # took part in at least one session
    self_study: int = 0  # recorded at least one self-study
    self_study_only: int = 0  # self-study and no session

    @property
    def never(self) -> int:
        return self.people - self.took_part

    @property
    def sessions_only(self) -> int:
        return self.took_part - self.self_study

    @property
    def rate(self) -> Decimal | None:
        return rate(self.took_part, self.people)


# Rows (…, via_session, via_self_study) are counted per pair of flags and summed up in Python:
# PostgreSQL would copy each EXISTS into every SUM(CASE …) that names it and run it again
# (two to three times per person; BENCHMARKS.md, issue 4).
_FLAGS = "f.via_session, f.via_self_study"


def _grouped(sql: str, params, keys: tuple[str, ...] = ()) -> dict[tuple, Totals]:
    """{key values: Totals} of the flagged rows of `sql`, grouped by the columns `keys`."""
    columns = ", ".join([*(f"f.{k}" for k in keys), _FLAGS])
    found: dict[tuple, list[int]] = {}
    with read_connection(Person).cursor() as cursor:
        cursor.execute(f"SELECT {columns}, COUNT(*) FROM ({sql}) f GROUP BY {columns}", params)
        for *key, via_session, via_self_study, n in cursor.fetchall():
            sums = found.setdefault(tuple(key), [0, 0, 0, 0, 0])
            sums[0] += n
            if via_session or via_self_study:
                sums[1] += n
            if via_session:
                sums[2] += n
            if via_self_study:
                sums[3] += n
                if not via_session:
                    sums[4] += n
    return {key: Totals(*sums) for key, sums in found.items()}


def _flag_sql(unit, start, end, population) -> tuple[str, tuple]:
    query = flagged_people(unit, start, end, population).values(
        "pk", "via_session", "via_self_study"
    )
    return query.order_by().query.sql_with_params()


def participation(unit: Unit, start: dt.date, end: dt.date, population: str) -> Totals:
    """The unit's participation in the period (one query)."""
    sql, params = _flag_sql(unit, start, end, population)
    return _grouped(sql, params).get((), Totals())


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


@dataclass(frozen=True)
class MonthRow:
    month: int
    start: dt.date
    end: dt.date
    totals: Totals


def participation_by_month(unit: Unit, year: int, population: str) -> list[MonthRow]:
    """Twelve rows, each the definition applied to one calendar month, in one statement and
    one pass over the subtree's people (`_by_month_sql`)."""
    bounds = [month_bounds(year, month) for month in range(1, 13)]
    sql, params = _by_month_sql(unit, bounds, population)
    with read_connection(Person).cursor() as cursor:
        cursor.execute(sql, params)
        values = [int(v or 0) for v in cursor.fetchone()]
    return [
        MonthRow(month, start, end, Totals(*values[5 * (month - 1) : 5 * month]))
        for month, (start, end) in enumerate(bounds, start=1)
    ]


def _by_month_sql(unit: Unit, bounds, population: str) -> tuple[str, list]:
    """The twelve months of `participation` in one statement: each stay in the subtree (the
    current unit, or a past period) flagged per month by the same conditions, the flags
    OR-ed per person; what they took part in from their row of PersonYearParticipation (a bit
    per month, kept by the services); then five sums per month. Each month reads its own
    tree (`_units_q`: today's while it runs, its reference day's once it has ended), as a
    unit-id subquery that the database evaluates once."""
    ops = connection.ops
    quote = ops.quote_name

    def day(value):
        return ops.adapt_datefield_value(value)

    def moment(value):
        return ops.adapt_datetimefield_value(value)

    # One unit set per distinct tree read; months that read the same tree share it.
    sets: dict[object, tuple[str, tuple]] = {}
    month_set = []
    for _start, end in bounds:
        reference = history.reference_day(unit, end)
        if reference not in sets:
            if reference is None:
                low, high = path_range(unit.path)
                ids = Unit.objects.filter(path__gte=low, path__lt=high).values("pk")
            else:
                ids = history.subtree_ids_of(unit, reference)
            sets[reference] = ids.order_by().query.sql_with_params()
        month_set.append(reference)
    members = population == Population.MEMBERS
    if not members and population != Population.EVERYONE:
        raise ValueError(f"unknown population {population!r}")

    def stay_columns(unit_column: str, since: str, until: str, until_op: str) -> tuple:
        columns, params = [], []
        for (start, end), reference in zip(bounds, month_set, strict=True):
            subtree_sql, subtree_params = sets[reference]
            joined = " AND (p.joined_on IS NULL OR p.joined_on <= %s)" if members else ""
            columns.append(
                f"CASE WHEN {unit_column} IN ({subtree_sql}) AND ({since} IS NULL OR "
                f"{since} <= %s) AND ({until_op.format(until)} %s){joined} THEN 1 ELSE 0 END"
            )
            params += [*subtree_params, day(end), day(start)] + ([day(end)] if members else [])
        return columns, params

    everywhere = " UNION ".join(sql for sql, _ in sets.values())
    everywhere_params = [x for _, params in sets.values() for x in params]
    population_sql = " AND p.party_status IN (%s, %s)" if members else ""
    population_params = list(MEMBER_STATUSES) if members else []
    person, membership = quote(Person._meta.db_table), quote(Membership._meta.db_table)
    current_columns, current_params = stay_columns(
        "p.unit_id", "p.unit_since", "p.left_on", "{0} IS NULL OR {0} >="
    )
    past_columns, past_params = stay_columns("m.unit_id", "m.started_on", "m.ended_on", "{0} >")
    names = [f"i{month}" for month in range(1, 13)]
    stays = (
        "SELECT p.id AS person_id, "
        + ", ".join(f"{c} AS {n}" for c, n in zip(current_columns, names, strict=True))
        + f" FROM {person} p WHERE p.unit_id IN ({everywhere}){population_sql}"
        f" UNION ALL SELECT m.person_id, "
        + ", ".join(f"{c} AS {n}" for c, n in zip(past_columns, names, strict=True))
        + f" FROM {membership} m JOIN {person} p ON p.id = m.person_id"
        f" WHERE m.unit_id IN ({everywhere}){population_sql}"
    )
    stays_params = [
        *current_params,
        *everywhere_params,
        *population_params,
        *past_params,
        *everywhere_params,
        *population_params,
    ]
    scope = "SELECT person_id, " + ", ".join(f"MAX({n}) AS {n}" for n in names)
    scope += f" FROM ({stays}) st GROUP BY person_id"

    # The months each person took part in, kept per (person, year) in the writing
    # transactions (lamtheo.study.participation_counts): one row per person, a bit a month.
    taken = quote(PersonYearParticipation._meta.db_table)
    sums = []
    for m in range(1, 13):
        bit = 1 << (m - 1)
        a = f"(CASE WHEN (COALESCE(t.sessions, 0) & {bit}) <> 0 THEN 1 ELSE 0 END)"
        b = f"(CASE WHEN (COALESCE(t.self_study, 0) & {bit}) <> 0 THEN 1 ELSE 0 END)"
        sums += [
            f"SUM(sc.i{m})",
            f"SUM(CASE WHEN {a} = 1 OR {b} = 1 THEN sc.i{m} ELSE 0 END)",
            f"SUM(sc.i{m} * {a})",
            f"SUM(sc.i{m} * {b})",
            f"SUM(CASE WHEN {a} = 0 THEN sc.i{m} * {b} ELSE 0 END)",
        ]
    sql = (
        f"SELECT {', '.join(sums)} FROM ({scope}) sc "
        f"LEFT JOIN {taken} t ON t.person_id = sc.person_id AND t.year = %s"
    )
    return sql, [*stays_params, bounds[0][0].year]


@dataclass
class ChildRow:
    unit: Unit
    totals: Totals
    direct: bool = False  # the people directly in the parent, not in a unit below it


def participation_by_child(
    unit: Unit, start: dt.date, end: dt.date, population: str
) -> list[ChildRow]:
    """One row per child unit (and one for people directly in `unit`, if any), in name order
    (two queries). Each row is the definition applied to that child: a person who belonged to
    two children in the period counts in both. A period that has ended reads the tree of its
    reference day (org.history)."""
    day, children, branches, length = _children(unit, end)
    via_session, via_self_study = _took_part(start, end)
    current = (
        Person.objects.filter(_population_q(population, end), _current_q(unit, start, end))
        .annotate(
            branch=_branch(unit, end, length),
            via_session=via_session,
            via_self_study=via_self_study,
        )
        .values("pk", "branch", "via_session", "via_self_study")
        .order_by()
    )
    past_session, past_self_study = _took_part(start, end, OuterRef("person_id"))
    past = (
        _past(unit, start, end)
        .filter(_population_q(population, end, prefix="person__"))
        .annotate(
            branch=_branch(unit, end, length),
            via_session=past_session,
            via_self_study=past_self_study,
        )
        .values("person_id", "branch", "via_session", "via_self_study")
        .order_by()
    )
    current_sql, current_params = current.query.sql_with_params()
    past_sql, past_params = past.query.sql_with_params()
    # UNION (not ALL): a person is counted once per branch.
    grouped = _grouped(
        f"{current_sql} UNION {past_sql}", [*current_params, *past_params], keys=("branch",)
    )
    found = {key[0]: totals for key, totals in grouped.items()}
    return _child_rows(unit, day, children, branches, found)


def _children(unit: Unit, end: dt.date):
    """(reference day, children, their branches, a branch's length) of the unit's rows."""
    day = history.reference_day(unit, end)
    if day:
        # The children on the day give the length of a branch; with none, every unit of the
        # subtree is the unit itself and the whole id_path is its one branch.
        children = history.children_on(unit, day)
        branches = [child.period_path for child in children]
        length = len(branches[0]) if branches else 255
    else:
        children = list(
            Unit.objects.subtree_of(unit).filter(depth=unit.depth + 1).order_by("sort_key", "pk")
        )
        branches = [child.path for child in children]
        length = len(unit.path) + Unit.steplen
    return day, children, branches, length


def _child_rows(unit, day, children, branches, found: dict[str, Totals]) -> list[ChildRow]:
    rows = []
    # The unit's own people: the one branch that is not a child's.
    own = [totals for key, totals in found.items() if key not in set(branches)]
    if own:
        rows.append(ChildRow(unit, own[0], direct=True))
    for child, branch in zip(children, branches, strict=True):
        totals = found.get(branch, Totals())
        if history.open_on(child, day) or totals.people:
            rows.append(ChildRow(child, totals))
    return rows


# -- what a unit organised -------------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    sessions: int = 0  # qualifying sessions hosted in U in the period
    points: int = 0  # their connection points
    attendances: int = 0  # present or late at them (person-times)
    self_study: int = 0  # self-study entries recorded in U in the period


def activity(unit: Unit, start: dt.date, end: dt.date) -> Activity:
    """Counts of the qualifying sessions the unit's subtree hosted in the period, their
    connection points and attendances (present or late), and the self-study recorded in the
    subtree, as review reports give them (one query)."""
    hosted = qualifying_sessions(start, end).filter(_units_q(unit, end))
    parts = [
        hosted.values("pk"),
        ConnectionPoint.objects.filter(session__in=hosted.values("pk")).values("pk"),
        Attendance.objects.filter(session__in=hosted.values("pk"), status__in=TOOK_PART).values(
            "pk"
        ),
        SelfStudy.objects.filter(
            _units_q(unit, end), studied_on__gte=start, studied_on__lte=end
        ).values("pk"),
    ]
    selects, params = [], []
    for i, queryset in enumerate(parts):
        sql, part_params = queryset.order_by().query.sql_with_params()
        selects.append(f"(SELECT COUNT(*) FROM ({sql}) c{i})")
        params.extend(part_params)
    with read_connection(Person).cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(selects)}", params)
        return Activity(*(int(v or 0) for v in cursor.fetchone()))


# -- the rates page of a year ----------------------------------------------------------------


@dataclass
class YearPage:
    totals: Totals
    months: list[MonthRow]
    children: list[ChildRow]
    activity: Activity


def _totals(values) -> Totals:
    return Totals(*values) if values[0] else Totals()


def is_counted(year: int) -> bool:
    """Whether the year's per-unit rows are kept (lamtheo.study.unit_counts). One query."""
    return CountedYear.objects.filter(year=year).exists()


def _month_rows(year: int, stored) -> list[MonthRow]:
    return [
        MonthRow(month, *month_bounds(year, month), _totals(stored.months[month]))
        for month in range(1, 13)
    ]


def year_page(unit: Unit, year: int, population: str) -> YearPage:
    """The year's rate, its months, the units below and what the subtree organised. From the
    per-unit rows (lamtheo.study.unit_counts) when the year is counted there: sums over the
    subtree's units, less the movers' double counts; else live from the facts (the functions
    above, which define the figures; tests/study/test_unit_counts.py checks they agree)."""
    from lamtheo.study import unit_counts  # it builds on this module's definition

    start, end = year_bounds(year)
    if population not in Population.values:
        raise ValueError(f"unknown population {population!r}")
    if not is_counted(year):
        return YearPage(
            participation(unit, start, end, population),
            participation_by_month(unit, year, population),
            participation_by_child(unit, start, end, population),
            activity(unit, start, end),
        )
    members = population == Population.MEMBERS
    movers = unit_counts.Movers(unit, year)
    day, children, branches, length = _children(unit, end)
    stored = unit_counts.subtree_totals(unit, year, members, movers, length)
    found = {branch: _totals(values) for branch, values in stored.branches.items() if values[0]}
    return YearPage(
        _totals(stored.year),
        _month_rows(year, stored),
        _child_rows(unit, day, children, branches, found),
        Activity(*unit_counts.activity_totals(unit, year, movers.last_change)),
    )


def year_months(
    unit: Unit, year: int, population: str, counted: bool, names: tuple[str, ...] | None = None
) -> tuple[Totals, list[MonthRow]]:
    """The year's totals and its twelve months, as `year_page` gives them (the same rows and
    the same movers' corrections, without the units below): for the dashboard. `counted` is
    `is_counted(year)`. Of a counted year, only the Totals fields in `names` (all when None;
    the others 0): four queries. Two otherwise, with every field."""
    from lamtheo.study import unit_counts

    if population not in Population.values:
        raise ValueError(f"unknown population {population!r}")
    if not counted:
        start, end = year_bounds(year)
        return (
            participation(unit, start, end, population),
            participation_by_month(unit, year, population),
        )
    members = population == Population.MEMBERS
    movers = unit_counts.Movers(unit, year)
    names = unit_counts.TOTALS if names is None else names
    stored = unit_counts.subtree_totals(unit, year, members, movers, None, names)
    return _totals(stored.year), _month_rows(year, stored)
