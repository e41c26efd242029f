"""bench_oversight: the inspection figures of BENCHMARKS.md.

Under a committee of its own (code BENCH-OV-<stamp>, beside other data) with `people` people in
CELLS cells, INSPECTIONS inspections of one cell each (3 findings each, half of them of a
person), made with bulk_create. Measured at the server (in-process test client, no network),
as the committee's inspector and as a cell's secretary, median and p95 over R requests:

1. the inspections list page; 2. an inspection's page; 3. recording one finding (the evidence
gathered over a cell, and over the whole committee's subtree, as `evidence.gather`).

The floor of a page is the same SQL it ran (captured on one request) executed raw on a cursor:
the work the database must do, without Django's rows, templates and middleware.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from lamtheo.accounts.models import Grant
from lamtheo.org.models import Person, Unit
from lamtheo.oversight import evidence
from lamtheo.oversight.models import Finding, Inspection, Recommendation, Subject

CELLS = 50
INSPECTIONS = 300
D = dt.date


def _setup(people: int, stamp: str, log):
    users = get_user_model().objects
    inspector, _ = users.get_or_create(username=f"bench-ov-{stamp}")
    secretary, _ = users.get_or_create(username=f"bench-ov-{stamp}-s")
    committee = Unit.objects.add_root(
        {
            "code": f"BENCH-OV-{stamp}",
            "name": f"Đảng bộ Khối thử {stamp}",
            "kind": "grassroots_committee",
        }
    )
    cells = [
        Unit.objects.add_child(
            committee, {"code": f"BENCH-OV-{stamp}-{i}", "name": f"Chi bộ thử {i}", "kind": "cell"}
        )
        for i in range(CELLS)
    ]
    Grant.objects.create(user=inspector, unit=committee, role="inspector")
    Grant.objects.create(user=secretary, unit=cells[0], role="secretary")
    batch = 10_000
    for start in range(0, people, batch):
        Person.objects.bulk_create(
            Person(
                full_name=f"Nguyễn Văn Thử {i:06d}",
                unit=cells[i % CELLS],
                code=f"OV{stamp}-{i}",
            )
            for i in range(start, min(start + batch, people))
        )
        log(f"  people {min(start + batch, people)}/{people}")
    # In creation order: person i is in cell i % CELLS, so each cell's secretary sees a few
    # inspections of its people (not whichever rows the database returns first).
    some_people = list(
        Person.objects.filter(unit__in=cells)
        .order_by("pk")
        .values_list("pk", "unit_id")[:INSPECTIONS]
    )
    inspections = Inspection.objects.bulk_create(
        Inspection(
            unit=committee,
            kind="inspection",
            title=f"Kiểm tra chuyên đề số {i}",
            content="kl01",
            period_from=D(2024, 1, 1),
            period_to=D(2024, 12, 31),
            starts_on=D(2025, 3, 1) + dt.timedelta(days=i % 200),
            ends_on=D(2025, 9, 30),
            status="concluded",
        )
        for i in range(INSPECTIONS)
    )
    subjects = []
    for i, ins in enumerate(inspections):
        subjects.append(Subject(inspection=ins, unit=cells[i % CELLS]))
        subjects.append(Subject(inspection=ins, person_id=some_people[i % len(some_people)][0]))
    subjects = Subject.objects.bulk_create(subjects)
    findings = Finding.objects.bulk_create(
        Finding(
            inspection_id=s.inspection_id,
            subject=s,
            severity="deficiency",
            text="Chưa duyệt bản đăng ký đúng hạn.",
            evidence={"registrations": 0, "late": 0, "unreviewed": 0, "invited": 0},
        )
        for s in subjects
        for _k in range(2 if s.unit_id else 1)
    )
    Recommendation.objects.bulk_create(
        Recommendation(finding=f, text="Khắc phục.", deadline=D(2025, 12, 31)) for f in findings
    )
    of_cell = next(
        i for i, s in zip(inspections, subjects[::2], strict=True) if s.unit_id == cells[0].pk
    )
    return inspector, secretary, committee, cells, of_cell


def _floor(sql: list[tuple], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for statement, params in sql:
                cursor.execute(statement, params)
                cursor.fetchall()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _page(user, url: str, repeat: int) -> dict:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.get(url)  # warm the templates
    sql: list[tuple] = []

    def capture(execute, statement, params, many, context):
        sql.append((statement, params))  # run again as the database received it
        return execute(statement, params, many, context)

    with connection.execute_wrapper(capture):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[max(0, int(0.95 * len(times)) - 1)],
        "queries": len(sql),
        "floor": _floor([q for q in sql if q[0].lstrip().upper().startswith("SELECT")], repeat),
    }


def _gather(subject, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        evidence.gather(subject, D(2024, 1, 1), D(2024, 12, 31))
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(*, people: int, repeat: int, log) -> dict:
    stamp = timezone.now().strftime("%H%M%S")
    with transaction.atomic():
        inspector, secretary, committee, cells, of_cell = _setup(people, stamp, log)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after the bulk insert
    log("data ready")
    report = {"vendor": connection.vendor, "people": people}
    report["list, inspector"] = _page(inspector, "/inspections/", repeat)
    report["list, secretary"] = _page(secretary, "/inspections/", repeat)
    report["inspection, inspector"] = _page(inspector, f"/inspections/{of_cell.pk}/", repeat)
    report["inspection, secretary"] = _page(secretary, f"/inspections/{of_cell.pk}/", repeat)
    report["evidence, one cell"] = _gather(Subject(unit=cells[0]), repeat)
    report["evidence, whole committee"] = _gather(Subject(unit=committee), repeat)
    return report
