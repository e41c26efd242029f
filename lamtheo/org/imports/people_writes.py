"""Step 6 of a people import: insert the new people and update the changed ones, in the
transaction the import opens.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.org.imports.common import PROGRESS_EVERY, chunks, history_user
from lamtheo.org.imports.people_columns import INDEX, NameKeys, Row
from lamtheo.org.models import Membership, Person


class PeopleWrites:
    """Mixed into the people import (lamtheo.org.imports.people) before BaseImport."""

    # -- 6. write ----------------------------------------------------------------------------
    def insert(self, rows: list[Row]) -> None:
        """New people in one go: COPY on PostgreSQL, executemany on SQLite.

        bulk_create spends ~10 s per 100k rows of this width compiling SQL in Python, more than
        the whole import budget; the rows here are already checked, so they go in raw. Their
        name parts and keys come from Person.fill_keys(), once per distinct name.
        """
        if not rows:
            return
        vendor = connection.vendor
        now = timezone.now()
        stamp = now if vendor == "postgresql" else connection.ops.adapt_datetimefield_value(now)
        fields = [f for f in Person._meta.concrete_fields if not f.primary_key]
        attnames = [f.attname for f in fields]
        defaults = {f.attname: f.get_default() for f in fields}
        defaults.update(
            created_at=stamp,
            updated_at=stamp,
            unit_since=self.today,
            imported_by_id=self.job.pk if self.job is not None else None,
        )
        keys: dict[str, NameKeys] = {}
        total = len(rows)

        def records():
            for i, r in enumerate(rows, start=1):
                k = keys.get(r.full_name)
                if k is None:
                    k = keys[r.full_name] = NameKeys()
                    k.full_name = r.full_name
                    Person.fill_keys(k)
                values = dict(defaults)
                values.update(self._values(r))
                values.update(
                    full_name=k.full_name,
                    family_name=k.family_name,
                    middle_name=k.middle_name,
                    given_name=k.given_name,
                    sort_key=k.sort_key,
                    search_key=k.search_key,
                )
                if i % PROGRESS_EVERY == 0:
                    self.progress("write", i, total)
                yield [values[a] for a in attnames]

        table = connection.ops.quote_name(Person._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        if vendor == "postgresql":
            connection.ensure_connection()
            sql = f"COPY {table} ({columns}) FROM STDIN"
            with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
                for record in records():
                    copy.write_row(record)
        elif vendor == "sqlite":
            placeholders = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
            with connection.cursor() as cursor:
                for batch in chunks(records(), 5000):
                    cursor.executemany(sql, batch)
        else:
            for batch in chunks(records(), 5000):
                Person.objects.bulk_create([Person(None, *r) for r in batch], batch_size=1000)
        self.progress("write", total, total)

    def update(self, updates: list[tuple[Row, list[str]]], source_name: str) -> None:
        if not updates:
            return
        now = timezone.now()
        by_id = {r.existing[INDEX["id"]]: (r, changes) for r, changes in updates}
        changed_fields: set[str] = {"updated_at"}
        people: list[Person] = []
        memberships: list[Membership] = []
        recorder = history_user(self.user, self.job)
        for batch in chunks(sorted(by_id)):
            for person in Person.objects.filter(pk__in=batch):
                r, changes = by_id[person.pk]
                values = self._values(r)
                if "unit_id" in changes:
                    memberships.append(
                        Membership(
                            person_id=person.pk,
                            unit_id=person.unit_id,
                            started_on=person.unit_since,
                            ended_on=self.today,
                            reason=_("Import of %(file)s") % {"file": source_name},
                            recorded_by=recorder,
                        )
                    )
                    person.unit_since = self.today
                    changed_fields.add("unit_since")
                for name in changes:
                    setattr(person, name, values[name])
                person.fill_keys()
                person.updated_at = now
                changed_fields.update(changes)
                people.append(person)
        if "full_name" in changed_fields:
            changed_fields.update(
                ("family_name", "middle_name", "given_name", "sort_key", "search_key")
            )
        # One UPDATE … WHERE id = %s per person, sent with executemany: Django's bulk_update
        # builds a CASE per field and row and costs milliseconds per row.
        fields = [Person._meta.get_field(name) for name in sorted(changed_fields)]
        quote = connection.ops.quote_name
        sql = "UPDATE {} SET {} WHERE {} = %s".format(
            quote(Person._meta.db_table),
            ", ".join(f"{quote(f.column)} = %s" for f in fields),
            quote(Person._meta.pk.column),
        )
        params = (
            [f.get_db_prep_save(getattr(p, f.attname), connection) for f in fields] + [p.pk]
            for p in people
        )
        with connection.cursor() as cursor:
            for batch in chunks(params, 5000):
                cursor.executemany(sql, batch)
        # History rows saying "changed by import", in bulk (simple-history's own helper).
        Person.history.bulk_history_create(
            people,
            batch_size=1000,
            update=True,
            default_user=recorder,
            default_change_reason=_("Import of %(file)s") % {"file": source_name},
            default_date=now,
        )
        if memberships:
            Membership.objects.bulk_create(memberships, batch_size=1000)
        self.progress("write", len(people), len(people))
