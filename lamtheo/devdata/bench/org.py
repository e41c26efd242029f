"""The organisation benchmark: generated tree and people, the import, the first page, search.

Each figure stands next to its floor: the same work as one raw SQL statement, or for the
import, reading the file with python-calamine plus one bulk insert without validation.
See BENCHMARKS.md for the figures and how to run it.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from lamtheo.accounts.models import Grant, Role
from lamtheo.core import text
from lamtheo.core.tree import path_range
from lamtheo.devdata.bench import history as bench_history
from lamtheo.devdata.bench import programs as programs_bench
from lamtheo.devdata.bench import study_rates as bench_rates
from lamtheo.devdata.names import NameGenerator
from lamtheo.org import history
from lamtheo.org.imports import import_people
from lamtheo.org.models import Person, Unit, UnitKind

PEOPLE_PER_LEAF = 25
HEADERS = [
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Mã đơn vị",
    "Số thẻ đảng viên",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Đối tượng",
    "Chức vụ",
    "Điện thoại",
    "Email",
    # Generated names repeat with their birth dates (as real ones do), so rows carry a code.
    "Mã cá nhân",
]
STATUS_LABELS = {
    "official": "Đảng viên chính thức",
    "probationary": "Đảng viên dự bị",
    "elite_mass": "Quần chúng ưu tú",
    "mass": "Quần chúng",
}
BENCH_USER = "bench-office"


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    floor: float | None = None
    queries: int | None = None
    target: str = ""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.value / self.floor if self.floor else None


@dataclass
class Report:
    people: int
    units: int
    vendor: str
    figures: list[Figure] = field(default_factory=list)

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        return figure


def tree_shape(people: int) -> tuple[int, int]:
    """(units at depth 3 per depth-2 unit, leaves per depth-3 unit) for ~25 people per leaf."""
    leaves = max(1, people // PEOPLE_PER_LEAF)
    per_mid = max(1, leaves // 10)
    k3 = max(1, min(20, round(per_mid**0.5)))
    k4 = max(1, round(per_mid / k3))
    return k3, k4


def build_tree(people: int) -> list[Unit]:
    """Root → 10 blocs → k3 grassroots committees → k4 cells, written in bulk. Returns leaves."""
    k3, k4 = tree_shape(people)
    step = Unit.steplen

    def seg(i: int) -> str:
        return Unit._int2str(i).rjust(step, "0")

    rows: list[Unit] = []

    def unit(path, code, name, kind, numchild):
        u = Unit(
            path=path,
            depth=len(path) // step,
            numchild=numchild,
            code=code,
            name=name,
            kind=kind,
            opened_on=dt.date(2013, 6, 1),
        )
        u.fill_keys()
        rows.append(u)
        return u

    root = seg(1)
    unit(root, "B", "Đảng bộ Khối doanh nghiệp (benchmark)", UnitKind.COMMITTEE, 10)
    leaves = []
    for a in range(1, 11):
        pa = root + seg(a)
        unit(pa, f"B{a}", f"Đảng bộ cụm {a}", UnitKind.COMMITTEE, k3)
        for b in range(1, k3 + 1):
            pb = pa + seg(b)
            unit(pb, f"B{a}-{b}", f"Đảng bộ Công ty số {a}.{b}", UnitKind.GRASSROOTS_COMMITTEE, k4)
            for c in range(1, k4 + 1):
                leaves.append(
                    unit(
                        pb + seg(c), f"B{a}-{b}-{c}", f"Chi bộ phòng {a}.{b}.{c}", UnitKind.CELL, 0
                    )
                )
    Unit.objects.bulk_create(rows, batch_size=2000)
    history.fill_missing()
    return leaves


def import_generated(path: Path):
    """Import a people file the benchmark wrote itself. The caps on an uploaded workbook
    (rows, expanded size: settings.IMPORT_MAX_*) guard against hostile files; a city of a
    million people is above them by design, so they are lifted for this file only."""
    with override_settings(IMPORT_MAX_ROWS=10**8, IMPORT_MAX_EXPANDED_BYTES=2**40):
        return import_people(path)


def write_people_xlsx(path: Path, leaves: list[Unit], people: int, seed: int) -> None:
    """An Excel-like file (shared strings, as Excel writes) with `people` rows."""
    import xlsxwriter

    generator = NameGenerator(seed)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Đảng viên")
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    text_format = workbook.add_format({"num_format": "@"})
    sheet.write_row(0, 0, HEADERS)
    codes = [leaf.code for leaf in leaves]

    def write_date(row, col, day):
        if day:
            sheet.write_datetime(row, col, dt.datetime.combine(day, dt.time()), date_format)

    for i, person in enumerate(generator.people(people), start=1):
        sheet.write_string(i, 0, person.full_name)
        write_date(i, 1, person.birth_date)
        sheet.write_string(i, 2, "Nam" if person.gender == "male" else "Nữ")
        sheet.write_string(i, 3, codes[i % len(codes)])
        if person.party_card_number:
            sheet.write_string(i, 4, person.party_card_number, text_format)
        if person.joined_on:
            sheet.write_datetime(
                i, 5, dt.datetime.combine(person.joined_on, dt.time()), date_format
            )
        if person.official_on:
            sheet.write_datetime(
                i, 6, dt.datetime.combine(person.official_on, dt.time()), date_format
            )
        sheet.write_string(i, 7, STATUS_LABELS[person.party_status])
        sheet.write_string(i, 8, person.job_title)
        sheet.write_string(i, 9, person.phone, text_format)
        sheet.write_string(i, 11, f"NV{i:07d}", text_format)
    workbook.close()


def now_ms(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure_import_floor(path: Path, leaves: list[Unit]) -> float:
    """Seconds to read the file with calamine and insert its rows with one bulk statement.

    No validation and no keys; the insert is rolled back.
    """
    from python_calamine import CalamineWorkbook

    unit_ids = dict(Unit.objects.filter(depth=4).values_list("code", "pk"))
    statuses = {label: code for code, label in STATUS_LABELS.items()}
    started = time.perf_counter()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    now = timezone.now()
    records = [
        (
            r[0],
            unit_ids[r[3]],
            r[1] or None,
            r[4],
            r[5] or None,
            r[6] or None,
            statuses[r[7]],
            r[8],
            r[9],
            now,
            now,
            r[11],
        )
        for r in rows[1:]
    ]
    columns = (
        "full_name, unit_id, birth_date, party_card_number, joined_on, official_on, "
        "party_status, job_title, phone, created_at, updated_at, code, family_name, middle_name, "
        "given_name, gender, email, left_reason, sort_key, search_key"
    )
    blanks = ("",) * 8
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY org_person ({columns}) FROM STDIN") as copy:
                    for record in records:
                        copy.write_row(record + blanks)
            else:
                placeholders = ", ".join(["%s"] * 20)
                cursor.executemany(
                    f"INSERT INTO org_person ({columns}) VALUES ({placeholders})",
                    [record + blanks for record in records],
                )
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def measure_page(client: Client, url: str, repeat: int) -> tuple[float, int]:
    reset_queries()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    queries = len(ctx.captured_queries)  # read now: later requests reset the query log
    return now_ms(lambda: client.get(url), repeat), queries


def measure_sql(sql: str, params: list, repeat: int) -> float:
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    return now_ms(run, repeat)


def run(
    *,
    people: int,
    seed: int,
    repeat: int,
    workdir: Path,
    log=print,
    commitments: bool = True,
    study: bool = True,
    history: bool = False,
) -> Report:
    if Unit.objects.exists() or Person.objects.exists():
        raise RuntimeError(
            "bench_org needs an empty database: point DATABASE_URL at a scratch database, "
            "migrate it, then run the benchmark."
        )
    workdir.mkdir(parents=True, exist_ok=True)
    leaves = build_tree(people)
    report = Report(people=people, units=Unit.objects.count(), vendor=connection.vendor)
    log(f"tree: {report.units} units, {len(leaves)} cells")

    path = workdir / f"people-{people}-{seed}.xlsx"
    if not path.exists():
        started = time.perf_counter()
        write_people_xlsx(path, leaves, people, seed)
        log(f"wrote {path} in {time.perf_counter() - started:.1f} s (not measured)")

    floor = measure_import_floor(path, leaves)
    log(f"import floor: {floor:.2f} s")
    result = import_generated(path)
    if not result.ok:
        raise RuntimeError(f"import failed: {result.summary()} {result.sorted_errors()[:5]}")
    report.add(
        Figure(
            "import_people, end to end",
            result.seconds,
            "s",
            floor=floor,
            target="≥ 10,000 rows/s and ≤ 3× floor",
            note=f"{people / result.seconds:,.0f} rows/s; floor {people / floor:,.0f} rows/s",
        )
    )
    log(f"import: {result.seconds:.2f} s, {result.created} created")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give a live database

    user, _ = get_user_model().objects.get_or_create(username=BENCH_USER)
    root = Unit.objects.get(depth=1)
    Grant.objects.get_or_create(user=user, unit=root, role=Role.OFFICE)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    low, high = path_range(root.path)
    mid = Unit.objects.filter(depth=2).order_by("path").first()
    mid_low, mid_high = path_range(mid.path)
    page_sql = (
        "SELECT p.id, p.full_name, p.unit_id, u.name FROM org_person p "
        "JOIN org_unit u ON u.id = p.unit_id WHERE u.path >= %s AND u.path < %s "
        "AND p.left_on IS NULL ORDER BY p.sort_key LIMIT 50"
    )
    count_sql = (
        "SELECT count(*) FROM org_person p JOIN org_unit u ON u.id = p.unit_id "
        "WHERE u.path >= %s AND u.path < %s AND p.left_on IS NULL"
    )
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
        for label, url, bounds in [
            (f"unit page 1, whole tree ({people:,} people)", f"/units/{root.pk}/", (low, high)),
            (
                f"unit page 1, one bloc (~{people // 10:,} people)",
                f"/units/{mid.pk}/",
                (mid_low, mid_high),
            ),
        ]:
            ms, queries = measure_page(client, url, repeat)
            page_ms = measure_sql(page_sql, list(bounds), repeat)
            count_ms = measure_sql(count_sql, list(bounds), repeat)
            report.add(
                Figure(
                    label,
                    ms,
                    "ms",
                    floor=page_ms + count_ms,
                    queries=queries,
                    target="< 100 ms",
                    note=f"floor: page-1 SQL {page_ms:.1f} ms + live COUNT {count_ms:.1f} ms",
                )
            )
        rare = Person.objects.order_by("-id").values_list("full_name", flat=True).first()
        for label, query in [
            ("search, common name “nguyễn văn”", "nguyễn văn"),
            (f"search, one person “{rare}”", rare),
        ]:
            ms, queries = measure_page(client, f"/search/?q={query}", repeat)
            folded = text.fold(query)
            floor_ms = measure_sql(
                "SELECT p.id, p.full_name, p.unit_id FROM org_person p "
                "WHERE p.search_key LIKE %s AND p.left_on IS NULL ORDER BY p.sort_key LIMIT 21",
                [f"%{folded}%"],
                repeat,
            )
            report.add(
                Figure(
                    label,
                    ms,
                    "ms",
                    floor=floor_ms,
                    queries=queries,
                    target="< 100 ms",
                    note="floor: the people SQL alone",
                )
            )
        if commitments:
            _registration_figures(report, client, user, root, mid, people, repeat, log)
        if study:
            _study_figures(report, client, root, mid, people, repeat, log)
        if history:
            bench_history.history_figures(
                report,
                client=client,
                user=user,
                root=root,
                repeat=repeat,
                measure_page=measure_page,
                timed=now_ms,
                figure_class=Figure,
                log=log,
            )
    return report


def _registration_figures(report, client, user, root, mid, people, repeat, log) -> None:
    started = time.perf_counter()
    year = programs_bench.build_year(root)
    count = programs_bench.build_commitments(year)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"registrations: {count:,} commitments in {time.perf_counter() - started:.1f} s")
    programs_bench.figures(
        report,
        client=client,
        user=user,
        year=year,
        units=[(f"whole tree ({people:,} people)", root), (f"one bloc (~{people // 10:,})", mid)],
        repeat=repeat,
        measure_page=measure_page,
        measure_sql=measure_sql,
        timed=now_ms,
        figure_class=Figure,
    )


def _study_figures(report, client, root, mid, people, repeat, log) -> None:
    bench_rates.rate_figures(
        report,
        client=client,
        root=root,
        units=[(f"whole tree ({people:,} people)", root), (f"one bloc (~{people // 10:,})", mid)],
        repeat=repeat,
        measure_page=measure_page,
        measure_sql=measure_sql,
        timed=now_ms,
        figure_class=Figure,
        log=log,
    )


def render(report: Report) -> str:
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    lines = [
        f"{report.people:,} people, {report.units:,} units, {db}",
        "",
        "| measurement | result | floor | ratio | queries | target |",
        "|---|---|---|---|---|---|",
    ]
    for f in report.figures:
        value = f"{f.value:.2f} {f.unit}" if f.unit == "s" else f"{f.value:.1f} {f.unit}"
        floor = (
            ""
            if f.floor is None
            else (f"{f.floor:.2f} {f.unit}" if f.unit == "s" else f"{f.floor:.1f} {f.unit}")
        )
        ratio = "" if f.ratio is None else f"{f.ratio:.1f}×"
        queries = "" if f.queries is None else str(f.queries)
        lines.append(
            f"| {f.name} | {value} ({f.note}) | {floor} | {ratio} | {queries} | {f.target} |"
        )
    return "\n".join(lines)
