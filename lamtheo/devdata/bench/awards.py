"""bench_awards: the commendation figures of BENCHMARKS.md.

1. A decision with N awardees (500): every certificate as one PDF, as the background task
   renders it (WeasyPrint, CHUNK pages a pass). Floor: one certificate rendered alone, × N.
2. The public verification page at the server (in-process test client, no network): median
   and p95 over R requests, and the median CPU time. Floor: its one SQL query in raw SQL.
3. Numbering: T concurrent issuers (threads, own connections) each take a decision number in
   one term; checks 1..T with no gap or duplicate. Floor: T counter UPDATEs in raw SQL.

Data is made with bulk_create under a committee of its own (code BENCH-AW-<stamp>), so it runs
beside other data; it is left in the database (a bench database).
"""

from __future__ import annotations

import datetime as dt
import statistics
import threading
import time

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from lamtheo.accounts.models import Grant
from lamtheo.awards import certificates, queries
from lamtheo.awards.models import (
    Award,
    AwardForm,
    Decision,
    Nomination,
    Quota,
    Round,
    public_record,
)
from lamtheo.org import register
from lamtheo.org.models import Person, RegisterCounter, Unit


def _setup(n: int, stamp: str):
    admin, _ = get_user_model().objects.get_or_create(username=f"bench-aw-{stamp}")
    Grant.objects.get_or_create(user=admin, unit=None, role="admin")
    committee = Unit.add_root(
        code=f"BENCH-AW-{stamp}", name=f"Đảng bộ Khối thử {stamp}", kind="committee"
    )
    cell = committee.add_child(code=f"BENCH-AW-{stamp}-C", name="Chi bộ thử", kind="cell")
    register.record_term(
        by=admin, unit=committee, starts_on=dt.date(2020, 7, 8), name="2020–2025", symbol="ĐUK"
    )
    people = Person.objects.bulk_create(
        Person(full_name=f"Nguyễn Văn Thử {i:04d}", unit=cell, code=f"{stamp}-{i}")
        for i in range(n)
    )
    round_ = Round.objects.create(
        unit=committee, title="Bench", kind="yearly", year=2024, first_year=2024, status="decided"
    )
    Quota.objects.create(round=round_, form=AwardForm.MERIT, limit=n)
    nominations = Nomination.objects.bulk_create(
        Nomination(
            round=round_,
            form=AwardForm.MERIT,
            person=p,
            unit=cell,
            status="approved",
            achievement="Đã có thành tích xuất sắc trong năm 2024",
        )
        for p in people
    )
    decision = Decision.objects.create(
        round=round_, signer_name="Vũ Mạnh Chiến", signer_title="Bí thư", place="Đống Đa"
    )
    decision.document = register.issue(
        by=admin, body=committee, kind="QĐ", issued_on=dt.date(2025, 1, 16), summary="Bench"
    )
    decision.save()
    body = certificates.issuer_for(decision).issuer_name
    Award.objects.bulk_create(
        Award(
            decision=decision,
            nomination=x,
            public=public_record(x, decision.document, body),
        )
        for x in nominations
    )
    return admin, committee, decision


def bench_certificates(decision, n: int, log) -> dict:
    awards = list(queries.certificate_awards(decision))
    single = []
    for _ in range(5):
        started = time.perf_counter()
        certificates.render_pdf(awards[:1])
        single.append(time.perf_counter() - started)
    log(f"one certificate: median {statistics.median(single):.3f} s")
    single_cpu = []
    for _ in range(5):
        started = time.process_time()
        certificates.render_pdf(awards[:1])
        single_cpu.append(time.process_time() - started)
    # CPU seconds beside the wall clock: on the shared machine the wall clock mostly measures
    # the other processes; the CPU time is this work's own cost.
    started, started_cpu = time.perf_counter(), time.process_time()
    content = certificates.render_pdf(
        awards, lambda done: log(f"  {done}/{n} at {time.perf_counter() - started:.1f} s")
    )
    whole, whole_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    log(f"{n} certificates: {whole:.1f} s ({whole_cpu:.1f} s CPU)")
    return {
        "all": whole,
        "cpu": whole_cpu,
        "floor": statistics.median(single) * n,
        "floor_cpu": statistics.median(single_cpu) * n,
        "bytes": len(content),
    }


def bench_verify(decision, requests: int) -> dict:
    code = Award.objects.filter(decision=decision).values_list("code", flat=True).first()
    client = Client(HTTP_HOST="localhost")
    client.get(f"/xac-minh/{code}/")  # warm the templates
    times, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(f"/xac-minh/{code}/")
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200
    floor = []
    for _ in range(requests):
        started = time.perf_counter()
        with connection.cursor() as cursor:  # the page's one query, in raw SQL
            cursor.execute(
                "SELECT public, revoked_on FROM awards_award WHERE code = %s LIMIT 1", [code]
            )
            cursor.fetchall()
        floor.append(time.perf_counter() - started)
    times.sort()
    return {
        "median": statistics.median(times),
        "cpu": statistics.median(cpu),
        "p95": times[int(0.95 * len(times)) - 1],
        "floor": statistics.median(floor),
    }


def bench_numbering(admin, committee, issuers: int) -> dict:
    barrier = threading.Barrier(issuers)
    got: list[str] = []
    errors: list[str] = []

    def run():
        try:
            barrier.wait(timeout=60)
            got.append(
                register.issue(
                    by=admin,
                    body=committee,
                    kind="TB",
                    issued_on=dt.date(2025, 2, 1),
                    summary="Bench",
                ).symbol
            )
        except Exception as exc:  # noqa: BLE001  (counted below)
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(issuers)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    numbers = sorted(int(s.split("-")[0]) for s in got)
    counter = RegisterCounter.objects.get(term__unit=committee, kind="TB")
    floor_started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for _ in range(issuers):
            cursor.execute(
                "UPDATE org_registercounter SET last_number = last_number + 1 "
                "WHERE id = %s RETURNING last_number",
                [counter.pk],
            )
        transaction.set_rollback(True)
    floor = time.perf_counter() - floor_started
    return {
        "elapsed": elapsed,
        "floor": floor,
        "ok": numbers == list(range(1, issuers + 1)) and not errors,
        "errors": errors[:3],
    }


def run(*, awardees: int, requests: int, issuers: int, log) -> dict:
    stamp = timezone.now().strftime("%H%M%S")
    with transaction.atomic():
        admin, committee, decision = _setup(awardees, stamp)
    report = {"vendor": connection.vendor}
    report["certificates"] = bench_certificates(decision, awardees, log)
    report["verify"] = bench_verify(decision, requests)
    report["numbering"] = bench_numbering(admin, committee, issuers)
    return report
