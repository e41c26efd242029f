"""The shape every `bench_<feature>` command shares: `--people`, `--repeat`, progress on
stderr, the report's table on stdout, a RuntimeError (e.g. a database that is not empty) as
the command's error. A command names its module's `run` and its help."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from lamtheo.devdata.bench import org as org_bench


class BenchCommand(BaseCommand):
    repeat = 7  # timed runs (median)

    def run(self, *, people: int, repeat: int, log):
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=self.repeat, help="timed runs (median)")

    def handle(self, *args, **options):
        try:
            report = self.run(
                people=options["people"],
                repeat=options["repeat"],
                log=lambda line: self.stderr.write(line),
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(org_bench.render(report))
