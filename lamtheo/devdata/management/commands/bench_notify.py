from lamtheo.devdata.bench import notify as bench
from lamtheo.devdata.bench.command import BenchCommand


class Command(BenchCommand):
    help = (
        "In an empty database: a tree with N people reachable by email and Zalo; measures an "
        "announcement to all of them written to the outbox, its read-rates page and a member's "
        "inbox, each next to its raw SQL floor (issue 16)."
    )

    def run(self, **options):
        return bench.run(**options)
