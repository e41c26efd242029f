"""Write every maintained aggregate again from the facts it counts.

The services keep them in the writing transaction; this is for bulk loads (benchmarks, the
demo, a restore from an older dump) and repairs after direct SQL. Run it while nothing else
writes: each rebuild deletes and rewrites its table in one transaction.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from lamtheo.evaluation import counts as evaluation_counts
from lamtheo.exemplars.counts import refresh_adoption_counts, refresh_exemplar_counts
from lamtheo.org.counts import refresh_unit_counts
from lamtheo.programs import counts as progress_counts
from lamtheo.study import participation_counts, unit_counts


class Command(BaseCommand):
    help = (
        "Rebuild the maintained aggregates from the facts: people per unit (now and on the last "
        "day of each programme year), adoptions per unit and per (subtree, exemplar), "
        "exemplars per unit and status, "
        "registrations progress per (year, unit), months taken part in per (person, year), "
        "participation and activity per (unit, year) with the movers' double counts, evaluation "
        "figures per (round, unit)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            refresh_unit_counts()
            self.stdout.write("people per unit: OK")
            refresh_adoption_counts()
            self.stdout.write("adoptions per unit and per (subtree, exemplar): OK")
            refresh_exemplar_counts()
            self.stdout.write("exemplars per unit and status: OK")
            rows = progress_counts.rebuild()
            self.stdout.write(
                f"registrations progress per (year, unit), with the people per unit on each "
                f"year's last day: {rows} rows"
            )
            rows = participation_counts.rebuild()
            self.stdout.write(f"months taken part in per (person, year): {rows} rows")
            rows = unit_counts.rebuild()
            self.stdout.write(
                f"participation and activity per (unit, year), the movers' double counts: "
                f"{rows} rows"
            )
            rows = evaluation_counts.rebuild()
            self.stdout.write(f"evaluation figures per (round, unit): {rows} rows")
