from lamtheo.devdata.bench import reminders as bench
from lamtheo.devdata.bench.command import BenchCommand


class Command(BenchCommand):
    help = (
        "In an empty database: a tree with N people, an open programme year and a session for "
        "everyone; measures one send_reminders run over the whole committee next to its raw SQL "
        "floor, and the run again once everything was sent (issue 16 §2)."
    )
    repeat = 5

    def run(self, **options):
        return bench.run(**options)
