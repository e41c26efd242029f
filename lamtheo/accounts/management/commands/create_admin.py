import getpass
import os
import sys

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.accounts.models import Grant, Role

PASSWORD_ENV = "LAMTHEO_ADMIN_PASSWORD"


class Command(BaseCommand):
    help = gettext_lazy(
        "Create the first administrator (all units, the Django admin). The password is asked "
        "for, or read from the LAMTHEO_ADMIN_PASSWORD environment variable."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User._default_manager.filter(username__iexact=username).exists():
            raise CommandError(_("The username “%(name)s” is taken.") % {"name": username})
        password = os.environ.get(PASSWORD_ENV) or self._ask()
        user = User(username=username, email=email, is_staff=True)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        with transaction.atomic():
            user.set_password(password)
            user.save()
            Grant.objects.create(user=user, unit=None, role=Role.ADMIN)
        self.stdout.write(_("Administrator “%(name)s” created.") % {"name": username})

    def _ask(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError(
                _("Set %(env)s or run the command in a terminal.") % {"env": PASSWORD_ENV}
            )
        first = getpass.getpass(_("Password: "))
        if first != getpass.getpass(_("Password again: ")):
            raise CommandError(_("The two passwords differ."))
        return first
