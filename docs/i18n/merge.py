"""Fill the Vietnamese catalogue from the fragments in this folder.

Work on a feature writes its new messages with their translations into docs/i18n/<area>.po,
so that people working side by side never edit locale/ at the same time. After `make messages`
has added the new msgids, this fills every entry still empty (or fuzzy) from the fragments,
matching on context and msgid, and prints what is still missing:

    .venv/bin/python docs/i18n/merge.py [fragment.po ...]   # default: every fragment here
    make messages                                           # compile the .mo again
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE.parent.parent / "locale/vi/LC_MESSAGES/django.po"


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def main(paths: list[str]) -> int:
    fragments = [Path(p) for p in paths] or sorted(HERE.glob("*.po"))
    known: dict[tuple[str | None, str], polib.POEntry] = {}
    for path in fragments:
        for entry in polib.pofile(str(path)):
            if entry.translated():
                known.setdefault(_key(entry), entry)
    catalogue = polib.pofile(str(CATALOGUE))
    filled = 0
    for entry in catalogue:
        if entry.obsolete or (entry.translated() and "fuzzy" not in entry.flags):
            continue
        source = known.get(_key(entry))
        if source is None:
            continue
        if entry.msgid_plural:
            # Vietnamese has one plural form; a fragment may give it either way.
            entry.msgstr_plural = {0: source.msgstr_plural.get(0) or source.msgstr}
        else:
            entry.msgstr = source.msgstr or source.msgstr_plural.get(0, "")
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        filled += 1
    catalogue.save()
    missing = catalogue.untranslated_entries() + catalogue.fuzzy_entries()
    print(f"filled {filled}; still missing {len(missing)}")
    for entry in missing:
        context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
        print(f"  {context}{entry.msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
