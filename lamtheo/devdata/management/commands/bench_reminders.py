from django.core.management.base import BaseCommand, CommandError

from lamtheo.devdata.bench import org as org_bench
from lamtheo.devdata.bench import reminders as bench


class Command(BaseCommand):
    help = (
        "In an empty database: a tree with N people, an open programme year and a session for "
        "everyone; measures one send_reminders run over the whole committee next to its raw SQL "
        "floor, and the run again once everything was sent (issue 16 §2)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=5, help="timed repeat runs (median)")

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
