"""Every string a user reads has a Vietnamese translation, and the compiled catalogue is current."""

from __future__ import annotations

import gettext
import shutil
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

PO = Path(settings.BASE_DIR) / "locale/vi/LC_MESSAGES/django.po"
MO = PO.with_suffix(".mo")


def test_catalogue_has_no_untranslated_entries():
    po = polib.pofile(str(PO))
    missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
    assert not missing, f"translate these in {PO}: {missing}"


def test_compiled_catalogue_matches_the_po_file():
    compiled = gettext.GNUTranslations(MO.open("rb"))
    for entry in polib.pofile(str(PO)).translated_entries():
        if entry.msgid_plural:
            continue
        if entry.msgctxt:
            found = compiled.pgettext(entry.msgctxt, entry.msgid)
        else:
            found = compiled.gettext(entry.msgid)
        assert found == entry.msgstr, "run `make messages`"


def test_no_string_in_code_or_templates_is_missing_from_the_catalogue(tmp_path, monkeypatch):
    # makemessages writes into ./locale of the directory it scans, so scan a copy.
    base = Path(settings.BASE_DIR)
    for folder in ("lamtheo", "templates"):
        shutil.copytree(
            base / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    (tmp_path / "locale/vi/LC_MESSAGES").mkdir(parents=True)
    shutil.copy(PO, tmp_path / "locale/vi/LC_MESSAGES/django.po")
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["vi"], no_obsolete=True, no_location=True, verbosity=0)
    fresh = polib.pofile(str(tmp_path / "locale/vi/LC_MESSAGES/django.po"))
    missing = [e.msgid for e in fresh.untranslated_entries() + fresh.fuzzy_entries()]
    assert not missing, f"new strings need a Vietnamese translation (make messages): {missing}"
