"""Checks the translation catalogues: every string of the interface translated into Kazakh and
Russian, nothing fuzzy, and the compiled .mo files in step with the .po sources.

Run as `python -m openakimat.common.i18n_check` (part of `make lint`)."""

import gettext
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"
REQUIRED = ("kk", "ru")


def problems() -> list[str]:
    found: list[str] = []
    for lang in REQUIRED:
        po_path = LOCALE / lang / "LC_MESSAGES" / "django.po"
        mo_path = po_path.with_suffix(".mo")
        if not po_path.exists():
            found.append(f"{po_path}: missing")
            continue
        po = polib.pofile(str(po_path))
        for entry in po:
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                found.append(f"{po_path}: fuzzy: {entry.msgid!r}")
            elif not entry.translated():
                found.append(f"{po_path}: untranslated: {entry.msgid!r}")
        if not mo_path.exists():
            found.append(f"{mo_path}: missing (run `make messages`)")
            continue
        with mo_path.open("rb") as fh:
            compiled = gettext.GNUTranslations(fh)
        for entry in po.translated_entries():
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            if entry.msgid_plural:
                if compiled.ngettext(entry.msgid, entry.msgid_plural, 1) != entry.msgstr_plural[0]:
                    found.append(f"{mo_path}: out of date for {entry.msgid!r} (run `make messages`)")
            elif compiled.gettext(key) != entry.msgstr:
                found.append(f"{mo_path}: out of date for {entry.msgid!r} (run `make messages`)")
    return found


def main() -> int:
    found = problems()
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print(f"{len(found)} translation problem(s)", file=sys.stderr)
        return 1
    print("translation catalogues: complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
