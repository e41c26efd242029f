from django.core.management.base import BaseCommand, CommandError

from lamtheo.devdata.bench import exemplars as bench
from lamtheo.devdata.bench import org as org_bench


class Command(BaseCommand):
    help = (
        "In an empty database: a tree with N people, exemplars and adoptions; measures the "
        "replication overview, one exemplar's spread, a cell's suggestions and the gallery's "
        "first page with filters, each next to its raw SQL floor (issue 5)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--exemplars", type=int, default=10_000)
        parser.add_argument("--adoptions", type=int, default=200_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--repeat", type=int, default=7, help="timed runs per page (median)")

    def handle(self, *args, **options):
        try:
            report = bench.run(
                people=options["people"],
                exemplars=options["exemplars"],
                adoptions=options["adoptions"],
                seed=options["seed"],
                repeat=options["repeat"],
                log=lambda line: self.stderr.write(line),
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(org_bench.render(report))
