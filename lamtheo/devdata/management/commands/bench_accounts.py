from django.core.management.base import BaseCommand, CommandError

from lamtheo.devdata.bench import accounts as bench
from lamtheo.devdata.bench import org as org_bench


class Command(BaseCommand):
    help = (
        "In an empty database: a tree with N people; measures provision_accounts over the whole "
        "tree (first and second run) and activation codes for everyone, next to the raw SQL "
        "floor (issue 11)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        try:
            report = bench.run(
                people=options["people"],
                seed=options["seed"],
                log=lambda line: self.stderr.write(line),
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(org_bench.render(report))
