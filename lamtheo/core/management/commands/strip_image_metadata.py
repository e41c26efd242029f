"""Strip the metadata of the pictures stored before uploads were cleaned (issue 10 §2)."""

from __future__ import annotations

import os
import tempfile

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import models
from django.utils.translation import gettext as _

from lamtheo.core import images, uploads


def file_fields():
    """(model, field) for every file field of the project's own models."""
    for model in apps.get_models():
        if not model.__module__.startswith("lamtheo.") or model._meta.proxy:
            continue
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield model, field


class Command(BaseCommand):
    help = "Re-encode every stored picture without its EXIF/XMP metadata (GPS, camera serial)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        seen = cleaned = broken = 0
        for model, field in file_fields():
            names = model.objects.exclude(**{field.name: ""}).values_list(field.name, flat=True)
            for name in names.iterator():
                storage = field.storage
                if not storage.exists(name):
                    continue
                with storage.open(name, "rb") as handle:
                    content_type = uploads.sniff(handle)
                    if content_type not in images.FORMATS:
                        continue
                    data = handle.read()
                seen += 1
                try:
                    if not images.has_metadata(data):
                        continue
                    clean = images.without_metadata(data, content_type, name)
                except (ValidationError, OSError, ValueError):
                    broken += 1
                    self.stderr.write(
                        _("Not a picture that can be opened: %(name)s") % {"name": name}
                    )
                    continue
                cleaned += 1
                if not dry_run:
                    # Replaced in place (same name, so every row and link stays valid), by a
                    # rename so a reader never sees half a file.
                    path = storage.path(name)
                    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path))
                    with os.fdopen(fd, "wb") as out:
                        out.write(clean)
                    os.chmod(tmp, 0o644)
                    os.replace(tmp, path)
                    if any(f.name == "size" for f in model._meta.concrete_fields):
                        model.objects.filter(**{field.name: name}).update(size=len(clean))
        self.stdout.write(
            _("%(seen)d pictures, %(cleaned)d had metadata%(dry)s, %(broken)d could not be opened.")
            % {
                "seen": seen,
                "cleaned": cleaned,
                "broken": broken,
                "dry": _(" (dry run: left as they were)") if dry_run else "",
            }
        )
