from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Commendation figures: a decision's N certificates as one PDF (floor: one page alone "
        "× N), the public verification page at the server, T concurrent register issuers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--awardees", type=int, default=500)
        parser.add_argument("--requests", type=int, default=200)
        parser.add_argument("--issuers", type=int, default=20)

    def handle(self, *args, **options):
        from lamtheo.devdata.bench import awards as bench

        report = bench.run(
            awardees=options["awardees"],
            requests=options["requests"],
            issuers=options["issuers"],
            log=lambda line: self.stderr.write(line),
        )
        c, v, n = report["certificates"], report["verify"], report["numbering"]
        self.stdout.write(
            f"database: {report['vendor']}\n"
            f"certificates: {options['awardees']} in {c['all']:.1f} s, {c['cpu']:.1f} s CPU "
            f"(floor {c['floor']:.1f} s, {c['floor_cpu']:.1f} s CPU, one page × N; "
            f"{c['bytes'] // 1024} KiB)\n"
            f"verification page: median {v['median'] * 1000:.1f} ms, p95 "
            f"{v['p95'] * 1000:.1f} ms, CPU {v['cpu'] * 1000:.1f} ms "
            f"(floor: its query {v['floor'] * 1000:.2f} ms)\n"
            f"numbering: {options['issuers']} concurrent issuers in {n['elapsed'] * 1000:.0f} ms,"
            f" consecutive with no gap or duplicate: {n['ok']} (floor: raw UPDATEs "
            f"{n['floor'] * 1000:.1f} ms)"
        )
        if not n["ok"]:
            raise CommandError(f"numbering broke: {n['errors']}")
