from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lamtheo.devdata.bench import load


class Command(BaseCommand):
    help = (
        "A concurrent load of member pages on a database bench_all generated: gunicorn on "
        "loopback, N client threads for S seconds; throughput, p50/p95/p99, errors and the CPU "
        "per request."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=500, help="members signed in")
        parser.add_argument("--clients", type=int, default=20)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
        parser.add_argument("--seconds", type=float, default=60)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--workdir", default=str(Path(settings.BASE_DIR) / "var" / "bench"))

    def handle(self, *args, **options):
        try:
            report = load.run(
                members=options["members"],
                clients=options["clients"],
                workers=options["workers"],
                seconds=options["seconds"],
                seed=options["seed"],
                log=lambda line: self.stderr.write(line),
                workdir=Path(options["workdir"]),
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(load.render(report))
