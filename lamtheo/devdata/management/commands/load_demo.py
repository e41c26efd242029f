"""python manage.py load_demo: the article's committee with realistic people and demo sign-ins."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.accounts.models import Role
from lamtheo.devdata.demo import org as demo


class Command(BaseCommand):
    help = gettext_lazy(
        "Load the demo committee (the Party Committee of the Enterprise Bloc of Đống Đa "
        "district) with realistic people, offices and sign-ins. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=gettext_lazy("Load the demo even though DEBUG is False."),
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "DEBUG is False, so this may be a production database, and the demo adds "
                    "sign-ins with a published password. Nothing was loaded. Run with --force "
                    "if you really want the demo data here."
                )
            )
        started = time.perf_counter()
        result = demo.load_demo()
        seconds = time.perf_counter() - started
        if result.created_anything:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Demo loaded in %(seconds).1f s: created %(units)d units, %(people)d "
                        "people, %(positions)d offices held, %(changes)d history events and "
                        "%(users)d accounts."
                    )
                    % {
                        "seconds": seconds,
                        "units": result.units,
                        "people": result.people,
                        "positions": result.positions,
                        "changes": result.changes,
                        "users": result.users,
                    }
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("The demo was already loaded; nothing changed (%(seconds).1f s).")
                    % {"seconds": seconds}
                )
            )

        self.stdout.write("")
        header = _("Demo sign-ins (password: %(password)s):") % {"password": demo.PASSWORD}
        self.stdout.write(header)
        for username, role, unit, person, _created in result.accounts:
            label = str(Role(role).label) if role else _("Member (no role)")
            parts = [label]
            if unit is not None:
                parts.append(unit.name)
            if person is not None:
                parts.append(person.full_name)
            self.stdout.write(f"  {username:<10} {' – '.join(parts)}")
        if any(not created for *_rest, created in result.accounts):
            self.stdout.write(_("Accounts that already existed keep their own password."))
