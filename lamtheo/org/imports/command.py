"""What `import_units` and `import_people` share: arguments, progress bar, report, exit code."""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from lamtheo.org.models import ImportStatus


class TqdmProgress:
    """progress(stage, done, total) drawn as a tqdm bar on stderr (only on a terminal)."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self.bar = None
        self.stage = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = tqdm(
                total=total,
                desc=_("Checking rows") if stage == "read" else _("Writing"),
                unit=" " + _("rows"),
                file=sys.stderr,
                disable=None if self.enabled else True,
                leave=False,
                dynamic_ncols=True,
            )
        self.bar.total = total
        self.bar.n = min(done, total)
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class ImportCommand(BaseCommand):
    importer = None  # set by subclasses: the import function

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("XLSX or CSV file"))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("check the file, write nothing")
        )
        parser.add_argument(
            "--user",
            help=_("import as this user, within their scope (default: as an administrator)"),
        )
        parser.add_argument("--no-progress", action="store_true", help=_("no progress bar"))

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get(
                    **{get_user_model().USERNAME_FIELD: options["user"]}
                )
            except get_user_model().DoesNotExist:
                raise CommandError(
                    _("No user named %(name)s.") % {"name": options["user"]}, returncode=2
                ) from None
        bar = TqdmProgress(enabled=not options["no_progress"])
        try:
            result = type(self).importer(
                options["file"], user=user, dry_run=options["dry_run"], progress=bar
            )
        finally:
            bar.close()
        for note in result.notes:
            self.stdout.write(note)
        if result.status == ImportStatus.FAILED:
            self.stderr.write(result.message)
        for error in result.errors:
            self.stderr.write(str(error))
        if result.status == ImportStatus.DONE:
            self.stdout.write(self.style.SUCCESS(result.summary()))
        elif result.status == ImportStatus.INVALID:
            self.stderr.write(result.summary())
        if result.exit_code:
            sys.exit(result.exit_code)
