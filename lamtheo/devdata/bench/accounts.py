"""The provisioning benchmark (issue 11): accounts for 100,000 people in ≤ 60 s on PostgreSQL.

In an empty database: the bench_org tree (root, 10 blocs, grassroots committees, cells of ~25
people) and N people with realistic Vietnamese names (so usernames collide as in life:
thousands of "anhnt"), written in bulk, not measured. Then:

- **provision_accounts**: `lamtheo.org.accounts.provision_accounts` over the root, no emails
  (sending is the mail server's time, not ours): read and lock the people, the usernames,
  one user per person with an unusable password, the links, the counts. *Floor*: the same rows
  by two raw statements (INSERT … SELECT of the users, UPDATE … FROM of the links), measured
  after the accounts are removed again.
- **second run**: the same call again, which must create none.
- **activation codes for everyone**: `issue_codes` for all N accounts (what printing every
  cell's slips costs in codes), one HMAC each instead of a password hash.
"""

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from lamtheo.accounts.activation import issue_codes
from lamtheo.devdata.bench.org import Figure, Report, build_tree
from lamtheo.devdata.names import NameGenerator
from lamtheo.org.accounts import provision_accounts
from lamtheo.org.counts import refresh_unit_counts
from lamtheo.org.models import Person, Unit

TARGET_SECONDS = 60


def build_people(leaves: list[Unit], people: int, seed: int) -> None:
    names = NameGenerator(seed)
    batch: list[Person] = []
    for n in range(people):
        family, middle, given, gender = names.name()
        person = Person(
            full_name=f"{family} {middle} {given}", gender=gender, unit=leaves[n % len(leaves)]
        )
        person.fill_keys()
        batch.append(person)
        if len(batch) == 5000:
            Person.objects.bulk_create(batch)
            batch = []
    Person.objects.bulk_create(batch)
    refresh_unit_counts()


def _timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def _remove_accounts() -> None:
    with transaction.atomic():
        Person.objects.update(user=None)
        get_user_model().objects.all().delete()


def measure_floor() -> float:
    """Two statements: the users from the people, then the links by username."""
    now = timezone.now()

    def floor():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO auth_user (username, password, email, first_name, last_name, "
                "is_superuser, is_staff, is_active, date_joined) "
                "SELECT 'p' || id, '!', email, '', '', %s, %s, %s, %s FROM org_person",
                [False, False, True, now],
            )
            cursor.execute(
                "UPDATE org_person SET user_id = u.id FROM auth_user u "
                "WHERE u.username = 'p' || org_person.id"
            )

    seconds, _ = _timed(floor)
    return seconds


def run(*, people: int, seed: int, log=print) -> Report:
    if Unit.objects.exists() or Person.objects.exists():
        raise RuntimeError(
            "bench_accounts needs an empty database: point DATABASE_URL at a scratch "
            "database, migrate it, then run the benchmark."
        )
    leaves = build_tree(people)
    report = Report(people=people, units=Unit.objects.count(), vendor=connection.vendor)
    started = time.perf_counter()
    build_people(leaves, people, seed)
    log(f"{people} people in {time.perf_counter() - started:.1f} s (not measured)")
    root = Unit.objects.get(depth=1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    seconds, done = _timed(lambda: provision_accounts(by=None, unit=root, email=False))
    if done.created != people:
        raise RuntimeError(f"provisioning created {done.created} accounts, not {people}")
    distinct = get_user_model().objects.values("username").distinct().count()
    log(f"provisioned {done.created} in {seconds:.2f} s, {distinct} distinct usernames")
    again, second = _timed(lambda: provision_accounts(by=None, unit=root, email=False))
    if second.created:
        raise RuntimeError("the second run created accounts")
    ids = list(get_user_model().objects.values_list("pk", flat=True))
    codes, _ = _timed(lambda: issue_codes(ids, by=None))

    _remove_accounts()
    floor = measure_floor()
    report.add(
        Figure(
            "provision_accounts, whole tree",
            seconds,
            "s",
            floor=floor,
            target=f"≤ {TARGET_SECONDS} s for 100,000 on PostgreSQL",
            note=f"{people / seconds:,.0f} accounts/s",
        )
    )
    report.add(Figure("provision_accounts, second run", again, "s", note="creates none"))
    report.add(Figure("activation codes for everyone", codes, "s", note=f"{people / codes:,.0f}/s"))
    return report
