"""The access log's writers: a look at someone's record, and an export of people's records.

Every page or file that carries someone else's personal record calls one of these; the person
sees the rows on their own page (org.views.people.person_detail). One's own looks and
downloads are not logged: the log is about others.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import QuerySet

from lamtheo.accounts.scoping import scope_of
from lamtheo.org.models import AccessKind, Person, PersonAccess, PersonExport, Unit

BATCH = 2000


def log_view(*, user, person) -> None:
    if scope_of(user).person_id != person.pk:
        PersonAccess.objects.create(person=person, user=user, kind=AccessKind.VIEW)


def log_export(*, user, people: QuerySet | Iterable[int], what: str, unit: Unit | None = None):
    """Record that `user` downloaded `what` (the document's name) carrying the records of
    `people` (a queryset of people, or their ids: a list or a `values_list(..., flat=True)`
    of person ids), of `unit`: one PersonExport with the
    count, and a row per person for the person's own page."""
    if isinstance(people, QuerySet) and people.model is Person:
        people = people.values_list("pk", flat=True)
    own = scope_of(user).person_id
    ids = sorted({pk for pk in people if pk is not None and pk != own})
    if not ids:
        return None
    with transaction.atomic():
        export = PersonExport.objects.create(user=user, what=what[:120], unit=unit, count=len(ids))
        if connection.vendor == "postgresql":
            _insert_unnest(export, ids)
        else:
            PersonAccess.objects.bulk_create(
                (
                    PersonAccess(person_id=pk, user=user, kind=AccessKind.EXPORT, export=export)
                    for pk in ids
                ),
                batch_size=BATCH,
            )
    return export


def _insert_unnest(export: PersonExport, ids: list[int]) -> None:
    """The rows of a large export in one statement, the ids as one array: 100,000 model
    instances and 50 statements cost four times as much (BENCHMARKS.md)."""
    table = PersonAccess._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (person_id, user_id, kind, at, export_id) "
            "SELECT unnest(%s::bigint[]), %s, %s, %s, %s",
            [ids, export.user_id, AccessKind.EXPORT.value, export.at, export.pk],
        )
