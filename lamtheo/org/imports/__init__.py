"""Imports of units and people from XLSX/CSV files (command line, upload page, benchmark).

    from lamtheo.org.imports import import_people, import_units
    result = import_people(path, user=None, dry_run=False, job=None, progress=None)
    result.status, result.created, result.updated, result.unchanged, result.errors, result.notes

Imported lazily so that importing this package does not load the models before Django is set up.
"""

from __future__ import annotations


def import_people(path, **kwargs):
    from lamtheo.org.imports.people import import_people as run

    return run(path, **kwargs)


def import_units(path, **kwargs):
    from lamtheo.org.imports.units import import_units as run

    return run(path, **kwargs)


__all__ = ["import_people", "import_units"]
