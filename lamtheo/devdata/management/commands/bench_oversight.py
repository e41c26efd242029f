from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Inspection figures at N people: the inspections list and an inspection's page at the "
        "server (floor: the same SQL raw), and gathering a finding's evidence."
    )

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=30)

    def handle(self, *args, **options):
        from lamtheo.devdata.bench import oversight as bench

        report = bench.run(
            people=options["people"],
            repeat=options["repeat"],
            log=lambda line: self.stderr.write(line),
        )
        self.stdout.write(f"database: {report.pop('vendor')}, people: {report.pop('people')}")
        for name, value in report.items():
            if isinstance(value, dict):
                self.stdout.write(
                    f"{name}: median {value['median'] * 1000:.1f} ms, p95 "
                    f"{value['p95'] * 1000:.1f} ms, {value['queries']} queries "
                    f"(floor: the same SQL raw {value['floor'] * 1000:.1f} ms)"
                )
            else:
                self.stdout.write(f"{name}: {value * 1000:.1f} ms")
