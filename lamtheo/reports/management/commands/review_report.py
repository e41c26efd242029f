"""Build a review report without the browser:

    python manage.py review_report UNIT_CODE --from 2021-05-18 --to 2023-03-14 --out bc.docx

The figures of the unit for the period (on the tree as it was), the first draft of the
paragraphs, as a DOCX draft in the Party layout. Nothing is stored. Exit 0, or a Vietnamese
message and a non-zero exit for an unknown unit or a wrong period.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from lamtheo.org.models import Unit
from lamtheo.reports import figures, services, text
from lamtheo.reports.document import ReviewReport
from lamtheo.reports.models import Report, ReportKind


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ngày không hợp lệ: “{value}” (viết theo dạng YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = "Lập báo cáo sơ kết, tổng kết của một đơn vị cho một kỳ, ra tệp DOCX."

    def add_arguments(self, parser):
        parser.add_argument("unit", help="mã đơn vị")
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--out", required=True, help="tệp .docx")
        parser.add_argument("--kind", choices=ReportKind.values, default=ReportKind.INTERIM)

    def handle(self, *args, **options):
        translation.activate("vi")
        start, end = _day(options["start"]), _day(options["end"])
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị nào mã “{options['unit']}”.")
        try:
            services.check_period(unit, start, end)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        began = time.perf_counter()

        def progress(done: int, total: int) -> None:
            sys.stderr.write(f"\r{done}/{total}")

        found = figures.build(unit, start, end, progress)
        sys.stderr.write("\n")
        draft = text.draft(found)
        report = Report(
            unit=unit,
            kind=options["kind"],
            summary=services.default_summary(options["kind"], start, end),
            starts_on=start,
            ends_on=end,
            figures=found,
            **draft,
        )
        out = Path(options["out"])
        out.write_bytes(ReviewReport(report).render())
        self.stdout.write(
            f"Đã ghi {out} ({time.perf_counter() - began:.1f} giây): {found['unit']}, "
            f"{text.period(found)}."
        )
