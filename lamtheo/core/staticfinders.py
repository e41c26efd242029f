"""Publish the few front-end files the pages use, not whole npm packages.

Tabler's `dist` holds hundreds of files whose CSS names source maps the package does not
ship; the manifest storage of a production `collectstatic` follows every such reference and
stops at the first missing one. Listing the files keeps the published set to what the
templates load (and their own source maps, which the minified files name).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage


class VendorFinder(BaseFinder):
    """Finds the files of settings.VENDOR_STATIC_FILES: {prefix: (folder, [relative paths])}."""

    def __init__(self, *args, **kwargs):
        self.packages = []
        for prefix, (folder, names) in settings.VENDOR_STATIC_FILES.items():
            storage = FileSystemStorage(location=str(folder))
            storage.prefix = prefix
            self.packages.append((prefix, storage, tuple(names)))
        super().__init__(*args, **kwargs)

    def check(self, **kwargs):
        errors = []
        for prefix, storage, names in self.packages:
            for name in names:
                if not Path(storage.path(name)).is_file():
                    errors.append(
                        Error(
                            f"Front-end file {prefix}/{name} is missing from {storage.location}.",
                            hint="Run `npm ci --ignore-scripts` in the checkout.",
                            id="lamtheo.E001",
                        )
                    )
        return errors

    def find(self, path, find_all=False, **kwargs):
        found = []
        for prefix, storage, names in self.packages:
            name = path.removeprefix(prefix + "/") if path.startswith(prefix + "/") else None
            if name in names and storage.exists(name):
                match = storage.path(name)
                if not find_all:
                    return match
                found.append(match)
        return found

    def list(self, ignore_patterns):
        for _prefix, storage, names in self.packages:
            for name in names:
                if storage.exists(name):
                    yield name, storage
