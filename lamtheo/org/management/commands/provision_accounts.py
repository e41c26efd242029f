from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.org.accounts import provision_accounts
from lamtheo.org.models import Unit


class Command(BaseCommand):
    help = gettext_lazy(
        "Give every current person of a unit and the units below it an account, to activate "
        "by email link or activation slip. Running it again creates none."
    )

    def add_arguments(self, parser):
        parser.add_argument("unit_code", help=gettext_lazy("the code of the unit"))
        parser.add_argument(
            "--no-email",
            action="store_true",
            help=gettext_lazy("send no activation emails (print slips for everyone)"),
        )

    def handle(self, *args, unit_code, no_email, **options):
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise CommandError(_("No unit has the code “%(code)s”.") % {"code": unit_code})
        done = provision_accounts(by=None, unit=unit, email=not no_email)
        self.stdout.write(
            _(
                "created %(created)d, already had %(had)d, skipped (left) %(skipped)d, "
                "activation emails %(emailed)d"
            )
            % done.__dict__
        )
