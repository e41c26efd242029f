from lamtheo.devdata.bench import reports as bench
from lamtheo.devdata.bench.command import BenchCommand


class Command(BenchCommand):
    repeat = 3

    help = (
        "In an empty database: a tree with N people, two years of study and this year's "
        "registrations; measures the review report's figures for two years, for the whole tree "
        "and for a unit of about 400 people, next to the raw SQL of its participation (issue 17)."
    )

    def run(self, **options):
        return bench.run(**options)
