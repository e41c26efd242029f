from django.core.management.base import BaseCommand

from lamtheo.devdata.bench import profile


class Command(BaseCommand):
    help = "Profile one page as a Party member (cProfile): where the time of a request goes."

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", default="/study/me/")
        parser.add_argument("--repeat", type=int, default=50)
        parser.add_argument("--username")
        parser.add_argument("--top", type=int, default=25)

    def handle(self, *args, **options):
        self.stdout.write(
            profile.profile(options["url"], options["repeat"], options["username"], options["top"])
        )
