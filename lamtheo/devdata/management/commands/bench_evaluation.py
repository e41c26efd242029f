from django.core.management.base import BaseCommand, CommandError

from lamtheo.devdata.bench import evaluation as bench
from lamtheo.devdata.bench import org as org_bench


class Command(BaseCommand):
    help = (
        "In an empty database: a tree with N people and a year-end round; measures the rank "
        "distribution over the whole subtree and a chi bộ's page with 50 members, each next "
        "to its raw SQL floor (issue 14)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=7, help="timed runs per page (median)")

    def handle(self, *args, **options):
        try:
            report = bench.run(
                people=options["people"],
                repeat=options["repeat"],
                log=lambda line: self.stderr.write(line),
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(org_bench.render(report))
