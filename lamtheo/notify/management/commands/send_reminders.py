import time

from django.core.management.base import BaseCommand

from lamtheo.notify import reminders


class Command(BaseCommand):
    help = (
        "Write the reminders that are due now (registration and self-assessment windows, study "
        "sessions, excuses waiting for a decision) to the notification outbox, each only once; "
        "the task worker sends them. Run it from a timer, e.g. every 15 minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", type=float, default=0, help="run again every so many seconds, until stopped"
        )

    def handle(self, *args, loop: float = 0, **options):
        while True:
            done = reminders.run()
            self.stdout.write(
                f"{done['written']} reminders written for {done['people']} people, "
                f"{done['skipped']} already sent or with nobody to remind"
            )
            if not loop:
                return
            time.sleep(loop)
