from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "In an empty database: N people with accounts and a session running now, then a burst "
        "of N QR check-ins from concurrent scanners against gunicorn on 127.0.0.1; prints "
        "server and client latency, throughput and the floor, and checks that the database "
        "holds exactly N records."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=5_000)
        parser.add_argument("--scanners", type=int, default=50, help="concurrent scanner threads")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
        parser.add_argument(
            "--rescan", type=float, default=0.05, help="share of people who scan twice"
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--uncounted",
            action="store_true",
            help="leave the year uncounted per unit (as before rebuild_aggregates): "
            "check-ins then write no per-unit rows or sums",
        )
        parser.add_argument("--workdir", default=str(Path(settings.BASE_DIR) / "var" / "bench"))

    def handle(self, *args, **options):
        # Imported here: the module's gunicorn entry point must import without Django set up.
        from lamtheo.devdata.bench import checkin as bench

        try:
            report = bench.run(
                people=options["people"],
                scanners=options["scanners"],
                workers=options["workers"],
                rescan=options["rescan"],
                seed=options["seed"],
                counted=not options["uncounted"],
                workdir=Path(options["workdir"]),
                log=lambda line: self.stderr.write(line),
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(bench.render(report))
        if not report.ok:
            raise CommandError(
                "the check-in burst lost, duplicated or failed check-ins, or left the counts "
                "per unit unlike a live recount (see the verdict)"
            )
