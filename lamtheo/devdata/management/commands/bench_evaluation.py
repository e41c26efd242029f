from lamtheo.devdata.bench import evaluation as bench
from lamtheo.devdata.bench.command import BenchCommand


class Command(BenchCommand):
    help = (
        "In an empty database: a tree with N people and a year-end round; measures the rank "
        "distribution over the whole subtree and a chi bộ's page with 50 members, each next "
        "to its raw SQL floor (issue 14)."
    )

    def run(self, **options):
        return bench.run(**options)
