import time

from django.core.management.base import BaseCommand

from lamtheo.notify import worker


class Command(BaseCommand):
    help = (
        "Send what is due in the notification outbox now (the db_worker does it on its own "
        "after each event; this is for a timer, or after the worker was stopped mid-run)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", type=float, default=0, help="run again every so many seconds, until stopped"
        )

    def handle(self, *args, loop: float = 0, **options):
        while True:
            done = worker.deliver_due()
            summary = ", ".join(f"{k} {v}" for k, v in sorted(done.items())) or "nothing due"
            self.stdout.write(summary)
            if not loop:
                return
            time.sleep(loop)
