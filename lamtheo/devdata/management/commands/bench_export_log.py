from lamtheo.devdata.bench import export_log as bench
from lamtheo.devdata.bench.command import BenchCommand


class Command(BenchCommand):
    help = (
        "In an empty database: a tree with N people; measures an XLSX export of all of them "
        "and the access log of that export (org.access.log_export), next to the raw SQL floor "
        "of the log (issue 11 §5)."
    )
    repeat = 3

    def run(self, **options):
        return bench.run(**options)
