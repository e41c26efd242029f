from django.core.management.base import BaseCommand
from django.db import transaction

from lamtheo.org.counts import refresh_unit_counts


class Command(BaseCommand):
    help = "Recount the current people of every unit (repairs counts after direct SQL edits)."

    def handle(self, *args, **options):
        with transaction.atomic():
            refresh_unit_counts()
        self.stdout.write("OK")
