from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lamtheo.devdata.bench import org as bench


class Command(BaseCommand):
    help = (
        "Generate a tree with N people in an empty database and measure the import of an "
        "N-row XLSX, the first page of the largest unit, a search, and with two commitments "
        "per person the registration rollup and progress table, and with a year of study sessions "
        "the participation rates, each next to its floor."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--repeat", type=int, default=7, help="timed runs per page (median)")
        parser.add_argument("--workdir", default=str(Path(settings.BASE_DIR) / "var" / "bench"))
        parser.add_argument(
            "--no-commitments",
            action="store_true",
            help="skip the registrations part (two commitments per person, rollup, table)",
        )
        parser.add_argument(
            "--no-study",
            action="store_true",
            help="skip the study part (a year of sessions, attendance and self-study; "
            "participation rates)",
        )

        parser.add_argument(
            "--history",
            action="store_true",
            help="also measure a 2023 rollup and rate before and after moving 30 %% of the "
            "cells (issue 12; slow: a service call per moved cell)",
        )

    def handle(self, *args, **options):
        try:
            report = bench.run(
                people=options["people"],
                seed=options["seed"],
                repeat=options["repeat"],
                workdir=Path(options["workdir"]),
                log=lambda line: self.stderr.write(line),
                commitments=not options["no_commitments"],
                study=not options["no_study"],
                history=options["history"],
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(bench.render(report))
