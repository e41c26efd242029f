from django.core.management.base import BaseCommand, CommandError

from lamtheo.devdata.bench import notify as bench
from lamtheo.devdata.bench import org as org_bench


class Command(BaseCommand):
    help = (
        "In an empty database: a tree with N people reachable by email and Zalo; measures an "
        "announcement to all of them written to the outbox, its read-rates page and a member's "
        "inbox, each next to its raw SQL floor (issue 16)."
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
