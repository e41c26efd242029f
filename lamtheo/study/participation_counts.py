"""The months each person took part in, per year (PersonYearParticipation), kept in the writing
transaction.

A rate over whole months (a month, a year: what the rates page shows) asks, per person in
scope, "did they take part in these months": with these rows that is one row per person and
a bit test, instead of probing their attendance of every year (13 rows a year each in a city
of Party cells) and joining each to its session. The bits are the definition of
lamtheo.study.rates: present or late at a published session counting towards participation
that started in the month (Asia/Ho_Chi_Minh), or a self-study dated in the month.

A write recounts the person's year: their Person row is locked first (SELECT … FOR NO KEY
UPDATE on PostgreSQL), then the year is counted from the facts and written (or its row
deleted when nothing is left), so concurrent writers serialise and the last count sees every
committed fact (as lamtheo.programs.counts does per unit).

Who calls `refresh`: receivers on Attendance and SelfStudy (save, delete), and on
StudySession when its status, its counting or its start changes (each attendee's year);
lamtheo.study.checkin after its conditional UPDATE. Writes that bypass save (bulk_create,
QuerySet.update, raw SQL: the demo, the benchmarks) must call `rebuild` afterwards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connections, router, transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.utils import timezone

from lamtheo.study import unit_counts
from lamtheo.study.models import (
    TOOK_PART,
    Attendance,
    PersonYearParticipation,
    SelfStudy,
    SessionStatus,
    StudySession,
)
from lamtheo.study.rates import local_bounds
from lamtheo.study.rates import month_bounds as bounds_of

BATCH = 500
SESSION_FIELDS = {"status", "counts_for_participation", "starts_at"}
ATTENDANCE_FIELDS = {"status", "person", "person_id", "session", "session_id"}
SELF_STUDY_FIELDS = {"person", "person_id", "studied_on"}


def month_bounds(year: int) -> list[tuple[dt.date, dt.date, dt.datetime, dt.datetime]]:
    """(first day, last day, local midnight starting it, local midnight after it) per month."""
    found = []
    for month in range(1, 13):
        start, end = bounds_of(year, month)
        found.append((start, end, *local_bounds(start, end)))
    return found


def _months_sql(year: int, where: str, where_params: list, connection) -> tuple[str, list]:
    """(person_id, sessions bits, self-study bits) of the year for the people matching `where`
    (SQL on a person_id column), in one statement."""
    ops = connection.ops
    quote = ops.quote_name
    months = month_bounds(year)
    session_bits, session_params, study_bits, study_params = [], [], [], []
    for m, (start, end, t0, t1) in enumerate(months):
        session_bits.append(
            f"MAX(CASE WHEN s.starts_at >= %s AND s.starts_at < %s THEN {1 << m} ELSE 0 END)"
        )
        session_params += [ops.adapt_datetimefield_value(t0), ops.adapt_datetimefield_value(t1)]
        study_bits.append(
            f"MAX(CASE WHEN x.studied_on >= %s AND x.studied_on <= %s THEN {1 << m} ELSE 0 END)"
        )
        study_params += [ops.adapt_datefield_value(start), ops.adapt_datefield_value(end)]
    statuses = ", ".join(["%s"] * len(TOOK_PART))
    sql = (
        f"SELECT person_id, SUM(a), SUM(b) FROM ("
        f"SELECT a.person_id, {' + '.join(session_bits)} AS a, 0 AS b "
        f"FROM {quote(Attendance._meta.db_table)} a "
        f"JOIN {quote(StudySession._meta.db_table)} s ON s.id = a.session_id "
        f"WHERE a.status IN ({statuses}) AND s.status = %s AND s.counts_for_participation = %s "
        f"AND s.starts_at >= %s AND s.starts_at < %s AND {where.format(column='a.person_id')} "
        f"GROUP BY a.person_id "
        f"UNION ALL SELECT x.person_id, 0, {' + '.join(study_bits)} "
        f"FROM {quote(SelfStudy._meta.db_table)} x "
        f"WHERE x.studied_on >= %s AND x.studied_on <= %s "
        f"AND {where.format(column='x.person_id')} GROUP BY x.person_id"
        f") f GROUP BY person_id"
    )
    return sql, [
        *session_params,
        *TOOK_PART,
        SessionStatus.PUBLISHED,
        True,
        ops.adapt_datetimefield_value(months[0][2]),
        ops.adapt_datetimefield_value(months[-1][3]),
        *where_params,
        *study_params,
        ops.adapt_datefield_value(months[0][0]),
        ops.adapt_datefield_value(months[-1][1]),
        *where_params,
    ]


def live_rows(year: int, person_ids: Iterable[int] | None = None, *, using=None):
    """{person id: (sessions bits, self-study bits)} of the year from the facts; people who
    took part in nothing are left out."""
    using = using or router.db_for_read(Attendance)
    connection = connections[using]
    where, params = "1 = 1", []
    if person_ids is not None:
        ids = list(person_ids)
        if not ids:
            return {}
        where = "{column} IN (" + ", ".join(["%s"] * len(ids)) + ")"
        params = ids
    sql, sql_params = _months_sql(year, where, params, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, sql_params)
        return {
            person_id: (int(a or 0), int(b or 0)) for person_id, a, b in cursor.fetchall() if a or b
        }


def stored_rows(year: int, person_ids: Iterable[int] | None = None):
    rows = PersonYearParticipation.objects.filter(year=year)
    if person_ids is not None:
        rows = rows.filter(person_id__in=list(person_ids))
    return {
        person_id: (a, b)
        for person_id, a, b in rows.values_list("person_id", "sessions", "self_study")
        if a or b
    }


def refresh(year: int, person_ids: Iterable[int], *, using: str | None = None) -> None:
    """Recount the people's rows of the year in the caller's transaction (see the module)."""
    ids = sorted({pk for pk in person_ids if pk is not None})
    if not ids:
        return
    using = using or router.db_for_write(PersonYearParticipation)
    connection = connections[using]
    quote = connection.ops.quote_name
    table = quote(PersonYearParticipation._meta.db_table)
    people = quote(PersonYearParticipation._meta.get_field("person").related_model._meta.db_table)
    before: dict[int, tuple[int, int]] = {}
    after: dict[int, tuple[int, int]] = {}
    counted = year in unit_counts.counted_years(using)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for i in range(0, len(ids), BATCH):
            batch = ids[i : i + BATCH]
            marks = ", ".join(["%s"] * len(batch))
            if connection.features.has_select_for_update:
                # The people's rows serialise the recounts (NO KEY UPDATE: inserts that only
                # reference them are not held up); nothing is inserted before the count, so a
                # person being deleted leaves no row behind.
                cursor.execute(
                    f"SELECT id FROM {people} WHERE id IN ({marks}) ORDER BY id FOR NO KEY UPDATE",
                    batch,
                )
            if counted:
                # What their units' rows count now, read by a statement of its own after the
                # locks: joined to the locking statement, it would come from that statement's
                # snapshot, taken before a writer of the same person that it waited for
                # committed, and the units' rows would move by that writer's change twice.
                before.update(unit_counts.months_of(year, batch, using))
            fresh = live_rows(year, batch, using=using)
            after.update(fresh)
            gone = [pk for pk in batch if pk not in fresh]
            if gone:
                cursor.execute(
                    f"DELETE FROM {table} WHERE year = %s AND person_id IN "
                    f"({', '.join(['%s'] * len(gone))})",
                    [year, *gone],
                )
            if fresh:
                cursor.execute(
                    f"INSERT INTO {table} (person_id, year, sessions, self_study) VALUES "
                    + ", ".join(["(%s, %s, %s, %s)"] * len(fresh))
                    + " ON CONFLICT (person_id, year) DO UPDATE SET "
                    "sessions = excluded.sessions, self_study = excluded.self_study",
                    [x for pk, (a, b) in sorted(fresh.items()) for x in (pk, year, a, b)],
                )
        if counted:  # the units they stayed in count them: moved in the same transaction
            unit_counts.refresh_people(year, before, after, using=using)


def _years_with_facts() -> set[int]:
    years = set()
    for day in SelfStudy.objects.dates("studied_on", "year"):
        years.add(day.year)
    for moment in StudySession.objects.datetimes("starts_at", "year"):
        years.update({moment.year - 1, moment.year, moment.year + 1})  # local time may differ
    return years


@transaction.atomic
def rebuild() -> int:
    """Write every row again from the facts (bulk loads, repairs; nothing else writing)."""
    PersonYearParticipation.objects.all().delete()
    written = 0
    for year in sorted(_years_with_facts()):
        rows = [
            PersonYearParticipation(person_id=pk, year=year, sessions=a, self_study=b)
            for pk, (a, b) in sorted(live_rows(year).items())
        ]
        PersonYearParticipation.objects.bulk_create(rows, batch_size=2000)
        written += len(rows)
    return written


# -- the receivers (wired in StudyConfig.ready) ----------------------------------------------


def _year_of(moment: dt.datetime | None) -> int | None:
    return timezone.localtime(moment).year if moment else None


def remember_attendance(sender, instance, **kwargs):
    loaded = instance.__dict__
    instance._participation_key = (loaded.get("person_id"), loaded.get("session_id"))


def _attendance_changed(instance, using) -> None:
    keys = {(instance.person_id, instance.session_id)}
    keys.add(getattr(instance, "_participation_key", (None, None)))
    sessions = {session_id for _person, session_id in keys if session_id is not None}
    starts = {}
    if Attendance.session.is_cached(instance):
        starts[instance.session_id] = instance.session.starts_at
    missing = sessions - set(starts)
    if missing:
        starts.update(
            StudySession.objects.using(using).filter(pk__in=missing).values_list("pk", "starts_at")
        )
    for person_id, session_id in keys:
        year = _year_of(starts.get(session_id))
        if person_id is not None and year is not None:
            refresh(year, [person_id], using=using)


def on_attendance_saved(sender, instance, update_fields=None, raw=False, using=None, **kwargs):
    if raw or (update_fields is not None and not ATTENDANCE_FIELDS & set(update_fields)):
        return
    _attendance_changed(instance, using)
    remember_attendance(sender, instance)


def on_attendance_deleted(sender, instance, using=None, **kwargs):
    _attendance_changed(instance, using)


def remember_self_study(sender, instance, **kwargs):
    loaded = instance.__dict__
    instance._participation_key = (loaded.get("person_id"), loaded.get("studied_on"))


def _self_study_changed(instance, using) -> None:
    for person_id, day in {
        (instance.person_id, instance.studied_on),
        getattr(instance, "_participation_key", (None, None)),
    }:
        if person_id is not None and day is not None:
            refresh(day.year, [person_id], using=using)


def on_self_study_saved(sender, instance, update_fields=None, raw=False, using=None, **kwargs):
    if raw or (update_fields is not None and not SELF_STUDY_FIELDS & set(update_fields)):
        return
    _self_study_changed(instance, using)
    remember_self_study(sender, instance)


def on_self_study_deleted(sender, instance, using=None, **kwargs):
    _self_study_changed(instance, using)


def remember_session(sender, instance, **kwargs):
    loaded = instance.__dict__
    instance._participation_state = tuple(loaded.get(name) for name in sorted(SESSION_FIELDS))


def on_session_saved(sender, instance, created, update_fields=None, raw=False, using=None, **kw):
    """A session published, cancelled, made (not) counting or moved: its attendees' years."""
    state = tuple(getattr(instance, name) for name in sorted(SESSION_FIELDS))
    before = getattr(instance, "_participation_state", None)
    remember_session(sender, instance)
    if raw or created or before == state:
        return
    people = list(
        Attendance.objects.using(using)
        .filter(session=instance, status__in=TOOK_PART)
        .values_list("person_id", flat=True)
    )
    if not people:
        return
    old_start = dict(zip(sorted(SESSION_FIELDS), before or (), strict=False)).get("starts_at")
    for year in {_year_of(instance.starts_at), _year_of(old_start)} - {None}:
        refresh(year, people, using=using)


def connect() -> None:
    post_init.connect(remember_attendance, sender=Attendance, dispatch_uid="study-att-init")
    post_save.connect(on_attendance_saved, sender=Attendance, dispatch_uid="study-att-saved")
    post_delete.connect(on_attendance_deleted, sender=Attendance, dispatch_uid="study-att-del")
    post_init.connect(remember_self_study, sender=SelfStudy, dispatch_uid="study-self-init")
    post_save.connect(on_self_study_saved, sender=SelfStudy, dispatch_uid="study-self-saved")
    post_delete.connect(on_self_study_deleted, sender=SelfStudy, dispatch_uid="study-self-del")
    post_init.connect(remember_session, sender=StudySession, dispatch_uid="study-session-init")
    post_save.connect(on_session_saved, sender=StudySession, dispatch_uid="study-session-saved")
