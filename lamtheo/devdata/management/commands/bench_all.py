from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lamtheo.devdata.bench import all as bench


class Command(BaseCommand):
    help = (
        "Generate a city (N people, Y years of registrations and study, exemplars and "
        "adoptions) in an empty database and print one table: p50/p95 of every page a "
        "committee office opens daily, beside its floor (its own SQL replayed raw)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=10_000)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--repeat", type=int, default=20, help="requests per page")
        parser.add_argument(
            "--measure-only",
            action="store_true",
            help="measure a database bench_all generated earlier, without generating",
        )
        parser.add_argument(
            "--only", default="", help="measure only the pages whose name contains this text"
        )
        parser.add_argument("--workdir", default=str(Path(settings.BASE_DIR) / "var" / "bench"))

    def handle(self, *args, **options):
        try:
            report = bench.run(
                people=options["people"],
                years=options["years"],
                seed=options["seed"],
                repeat=options["repeat"],
                workdir=Path(options["workdir"]),
                log=lambda line: self.stderr.write(line),
                measure_only=options["measure_only"],
                only=options["only"],
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(bench.render(report))
