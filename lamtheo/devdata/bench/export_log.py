"""The access log's cost on a large export (issue 11 §5): what recording who downloaded whose
records adds to a download of 100,000 people.

In an empty database: the bench_org tree and N people with names, card numbers and phones,
written in bulk, not measured; an office user over the root. Then, median of `repeat` runs:

- **export alone**: an XLSX of every person of the tree as the office reads them — name, unit,
  birth date, card number, phone through the minimisation rule (`org.privacy.Reader`) and the
  documents kit (`ListExporter`, openpyxl write-only), the people read in chunks.
- **log_export**: `org.access.log_export` for those N people: one PersonExport and N
  PersonAccess rows (`bulk_create`, 2,000 a statement), the ids read from the database.
  *Floor*: the same rows by one raw `INSERT … SELECT` from the people.

The figure to read is the log's share of the export: the log must not make a download notably
slower.
"""

from __future__ import annotations

import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone

from lamtheo.accounts.models import Grant, Role
from lamtheo.devdata.bench.accounts import build_people
from lamtheo.devdata.bench.org import Figure, Report, build_tree
from lamtheo.documents.exporters import DATE, Column, ListExporter
from lamtheo.org import access
from lamtheo.org.models import Person, PersonExport, Unit
from lamtheo.org.privacy import BIRTH, CARD, PHONE, Reader

WHAT = "Danh sách đảng viên (bench)"


class PeopleExporter(ListExporter):
    identifier = "danh-sach"
    title = "Danh sách"
    columns = (
        Column("Họ và tên", 28),
        Column("Đơn vị", 24),
        Column("Ngày sinh", 12, DATE),
        Column("Số thẻ đảng viên", 14),
        Column("Điện thoại", 14),
    )

    def __init__(self, people, reader: Reader):
        self.people, self.reader = people, reader

    def rows(self):
        value = self.reader.export_value
        for p in self.people.iterator(chunk_size=2000):
            yield (p.full_name, p.unit.name, value(p, BIRTH), value(p, CARD), value(p, PHONE))


def _median(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _floor(user_id: int, root: Unit) -> float:
    def floor():
        with transaction.atomic(), connection.cursor() as cursor:
            export = PersonExport.objects.create(user_id=user_id, what=WHAT, unit=root, count=0)
            cursor.execute(
                "INSERT INTO org_personaccess (person_id, user_id, kind, at, export_id) "
                "SELECT id, %s, 'export', %s, %s FROM org_person",
                [user_id, timezone.now(), export.pk],
            )

    started = time.perf_counter()
    floor()
    return time.perf_counter() - started


def run(*, people: int, repeat: int, log=print) -> Report:
    if Unit.objects.exists() or Person.objects.exists():
        raise RuntimeError(
            "bench_export_log needs an empty database: point DATABASE_URL at a scratch "
            "database, migrate it, then run the benchmark."
        )
    leaves = build_tree(people)
    report = Report(people=people, units=Unit.objects.count(), vendor=connection.vendor)
    started = time.perf_counter()
    build_people(leaves, people, seed=1)
    digits = LPad(Cast("id", output_field=CharField()), 8, Value("0"))
    Person.objects.update(party_card_number=digits, phone=Concat(Value("09"), digits))
    root = Unit.objects.get(depth=1)
    office = get_user_model().objects.create(username="bench-office")
    Grant.objects.create(user=office, unit=root, role=Role.OFFICE)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # autovacuum is off on this machine's cluster (see BENCHMARKS.md).
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    log(f"{people} people in {time.perf_counter() - started:.1f} s (not measured)")

    everyone = Person.objects.select_related("unit").order_by("sort_key", "pk")
    reader = Reader(office)
    export, data = _median(lambda: PeopleExporter(everyone, reader).xlsx(), repeat)
    log(f"export alone: {export:.2f} s, {len(data) // 1024} KiB")
    ids = Person.objects.values_list("pk", flat=True)
    logged, made = _median(
        lambda: access.log_export(user=office, people=ids, what=WHAT, unit=root), repeat
    )
    if made.count != people:
        raise RuntimeError(f"the log counted {made.count} people, not {people}")
    log(f"log_export: {logged:.2f} s")
    floor = _floor(office.pk, root)
    report.add(
        Figure(
            "export alone: XLSX of every person (minimised)",
            export,
            "s",
            note=f"{people / export:,.0f} rows/s, {len(data) // 1024:,} KiB",
        )
    )
    report.add(
        Figure(
            "log_export of those people (PersonExport + a PersonAccess each)",
            logged,
            "s",
            floor=floor,
            note=f"{100 * logged / export:.0f} % of the export alone",
        )
    )
    return report
