"""Move the day from which the stored subtree counts count an adoption as recent to 12
months before today (lamtheo.exemplars.subtree_counts). Run it daily: the overview reads
exact figures whenever it last ran, and the adoptions it corrects for grow with each day
missed."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from lamtheo.exemplars import subtree_counts


class Command(BaseCommand):
    help = (
        "Move the replication overview's 12-month window to today: the adoptions that left "
        "it leave the stored recent counts. Run daily."
    )

    def handle(self, *args, **options):
        to = subtree_counts.months_back(timezone.localdate(), subtree_counts.WINDOW_MONTHS)
        moved = subtree_counts.slide(to)
        self.stdout.write(f"window from {to:%d/%m/%Y}: {moved} adoptions moved")
