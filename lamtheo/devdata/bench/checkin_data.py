"""The data of the check-in load test (lamtheo.devdata.bench.checkin): an empty database filled
with a tree, people with accounts, a session running now and signed-in cookies; and the floor,
the same attendance rows written in one statement.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.db import connection, transaction

BENCH_HOST_USER = "bench-checkin-host"
USER_PREFIX = "bench-"


def database_url_for_server() -> str | None:
    """A DATABASE_URL naming the database this process uses (the test database in tests);
    None when another process cannot open it (in-memory SQLite)."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = quote(db.get("USER") or "", safe="")
        password = quote(db.get("PASSWORD") or "", safe="")
        auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
        host = db.get("HOST") or "127.0.0.1"
        port = db.get("PORT") or 5432
        return f"postgres://{auth}{host}:{port}/{quote(str(db['NAME']), safe='')}"
    if connection.vendor == "sqlite":
        name = str(db.get("NAME") or "")
        if not name or name == ":memory:" or "mode=memory" in name:
            return None
        return f"sqlite:///{Path(name).resolve()}"
    return None


def ensure_empty() -> None:
    from django.contrib.auth import get_user_model

    from lamtheo.org.models import Person, Unit
    from lamtheo.study.models import StudySession

    if (
        Unit.objects.exists()
        or Person.objects.exists()
        or StudySession.objects.exists()
        or get_user_model().objects.exists()
    ):
        raise RuntimeError(
            "bench_checkin needs an empty database: point DATABASE_URL at a scratch database, "
            "migrate it, then run the benchmark."
        )


@dataclass
class Data:
    session: object
    # (person id, unit id, session cookie) per person.
    people: list[tuple[int, int, str]]


def build(people: int, seed: int, log=print, *, counted: bool = True) -> Data:
    """Tree, people with accounts, a session running now, invitations, session cookies.

    `counted`: the running year is counted per unit (lamtheo.study.unit_counts), as after
    `rebuild_aggregates` on a deployed site, so that every check-in also moves its units'
    rows and the sums of every unit above them."""
    import datetime as dt

    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.base import VALID_KEY_CHARS
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from lamtheo.accounts.models import Grant, Role
    from lamtheo.devdata.bench.org import build_tree
    from lamtheo.devdata.names import NameGenerator
    from lamtheo.org.counts import refresh_unit_counts
    from lamtheo.org.models import Person, Unit
    from lamtheo.study import participation_counts, services, unit_counts

    started = time.perf_counter()
    leaves = build_tree(people)
    User = get_user_model()
    password = make_password(None)  # unusable: these users are signed in by cookie only
    users = User.objects.bulk_create(
        [User(username=f"{USER_PREFIX}{i:06d}", password=password) for i in range(people)],
        batch_size=2000,
    )
    rng = random.Random(seed)
    rows = []
    for i, (fake, user) in enumerate(zip(NameGenerator(seed).people(people), users, strict=True)):
        person = Person(
            full_name=fake.full_name,
            gender=fake.gender,
            birth_date=fake.birth_date,
            party_status="official",
            unit=leaves[rng.randrange(len(leaves)) if i >= len(leaves) else i],
            unit_since=dt.date(2020, 1, 1),
            user_id=user.pk,
        )
        person.fill_keys()
        rows.append(person)
    Person.objects.bulk_create(rows, batch_size=2000)
    refresh_unit_counts([leaf.pk for leaf in leaves])
    log(f"data: {Unit.objects.count():,} units, {people:,} people with accounts")

    host = User.objects.create(username=BENCH_HOST_USER, password=password)
    root = Unit.objects.get(depth=1)
    Grant.objects.create(user=host, unit=root, role=Role.OFFICE)
    now = timezone.now()
    if counted:
        participation_counts.rebuild()
        unit_counts.rebuild([timezone.localdate().year])
    session = services.session_create(
        by=host,
        unit=root,
        title="Hội nghị quán triệt chuyên đề năm 2026 (benchmark)",
        kind="key_cadre",
        format="in_person",
        starts_at=now - dt.timedelta(minutes=5),
        ends_at=now + dt.timedelta(hours=3),
        place="Hội trường",
    )
    services.audience_set(by=host, session=session, units=[root])
    session = services.session_publish(by=host, session=session)

    store = SessionStore()
    backend = "django.contrib.auth.backends.ModelBackend"
    expire = now + dt.timedelta(days=1)
    cookies, sessions = {}, []
    for user in users:
        key = get_random_string(32, VALID_KEY_CHARS)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(session_key=key, session_data=store.encode(data), expire_date=expire)
        )
        cookies[user.pk] = key
    Session.objects.bulk_create(sessions, batch_size=2000)
    people_rows = [
        (pk, unit_id, cookies[user_id])
        for pk, unit_id, user_id in Person.objects.filter(user__isnull=False)
        .exclude(user=host)
        .values_list("pk", "unit_id", "user_id")
    ]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(
        f"session, {len(people_rows):,} invitations and cookies "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return Data(session=session, people=people_rows)


# -- the floor -------------------------------------------------------------------------------

_COLUMNS = "session_id, person_id, unit_id, status, method, checked_in_at, updated_at"
_INSERT = f"INSERT INTO study_attendance ({_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s)"


def measure_bulk_floor(data: Data) -> float:
    """Seconds to write the N attendance rows with one COPY / executemany (rolled back)."""
    from django.utils import timezone

    now = timezone.now()
    rows = [
        (data.session.pk, pk, unit_id, "present", "qr", now, now) for pk, unit_id, _ in data.people
    ]
    with transaction.atomic():
        with connection.cursor() as cursor:
            started = time.perf_counter()
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY study_attendance ({_COLUMNS}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(_INSERT, rows)
            elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def measure_row_floor(data: Data, sample: int = 500) -> float:
    """Milliseconds per check-in written as one INSERT committed on its own (median of a
    sample), the database work a check-in cannot avoid; the rows are deleted after."""
    from django.utils import timezone

    times = []
    with connection.cursor() as cursor:
        for pk, unit_id, _ in data.people[:sample]:
            now = timezone.now()
            started = time.perf_counter()
            cursor.execute(_INSERT, [data.session.pk, pk, unit_id, "present", "qr", now, now])
            times.append((time.perf_counter() - started) * 1000)
        cursor.execute("DELETE FROM study_attendance WHERE session_id = %s", [data.session.pk])
    return statistics.median(times)
