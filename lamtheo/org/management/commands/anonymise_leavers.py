from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.org import retention


class Command(BaseCommand):
    help = gettext_lazy(
        "Anonymise the people who left more than PERSONAL_DATA_RETENTION_YEARS years ago, "
        "keeping what the figures of past years count, and delete the import files older than "
        "IMPORT_FILE_RETENTION_DAYS days. Without --apply it only says what it would do."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply", action="store_true", help=gettext_lazy("anonymise them (default: dry run)")
        )
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help=gettext_lazy("instead of the setting PERSONAL_DATA_RETENTION_YEARS"),
        )

    def handle(self, *args, apply, years, **options):
        if years is not None and years < 1:
            raise CommandError(_("The number of years must be at least 1."))
        n = retention.years() if years is None else years
        cutoff = retention.cutoff(n=n)
        ids = list(retention.due(n=n).values_list("pk", flat=True))
        files = retention.old_import_files()
        context = {"count": len(ids), "years": n, "cutoff": f"{cutoff:%d/%m/%Y}"}
        if not apply:
            self.stdout.write(
                _(
                    "%(count)d people left before %(cutoff)s (more than %(years)d years ago); "
                    "run again with --apply to anonymise them."
                )
                % context
            )
            for label, rows in retention.features(retention.names_of(ids)):
                self.stdout.write(
                    _("  and scrub %(label)s: %(rows)d") % {"label": label, "rows": rows}
                )
            self.stdout.write(
                _("%(count)d import files older than %(days)d days would be deleted.")
                % {"count": files.count(), "days": retention.import_file_days()}
            )
            return
        context["count"] = retention.anonymise(ids)
        self.stdout.write(
            _("%(count)d people who left before %(cutoff)s were anonymised.") % context
        )
        self.stdout.write(
            _("%(count)d import files older than %(days)d days were deleted.")
            % {"count": retention.remove_import_files(files), "days": retention.import_file_days()}
        )
