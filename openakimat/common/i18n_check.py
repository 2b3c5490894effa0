"""Checks the translation catalogues: every string of the interface translated into Kazakh and
Russian, nothing fuzzy, the compiled .mo files in step with the .po sources, and every string the
templates and the Python code mark for translation present in the catalogues (or in Django's own,
for the strings the project borrows from Django) — a string added to a template without its
catalogue entries would otherwise show in English on every Kazakh and Russian page.

Run as `python -m openakimat.common.i18n_check` (part of `make lint`)."""

import ast
import gettext
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import django
import polib

PACKAGE = Path(__file__).resolve().parent.parent
LOCALE = PACKAGE / "locale"
REQUIRED = ("kk", "ru")
DJANGO = Path(django.__file__).resolve().parent

# The translation functions and where their context and message arguments are.
CALLS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
TEMPLATE_CALL = re.compile(r"\b(n?p?gettext)\(")
SKIPPED_DIRS = {"tests", "migrations", "locale", "static"}

# (context, msgid, plural msgid): a message as gettext looks it up.
Message = tuple[str | None, str, str | None]


def _message(args: list[ast.expr], name: str) -> Message | None:
    ctx_at, id_at, plural_at = CALLS[name]
    wanted = [i for i in (ctx_at, id_at, plural_at) if i is not None]
    if len(args) <= max(wanted):
        return None
    values = [args[i].value if isinstance(args[i], ast.Constant) else None for i in wanted]
    if not all(isinstance(v, str) for v in values):
        return None  # a variable: nothing to look up
    found = dict(zip(wanted, values, strict=True))
    return (
        found.get(ctx_at) if ctx_at is not None else None,
        found[id_at],
        found.get(plural_at) if plural_at is not None else None,
    )


def _calls(tree: ast.AST) -> Iterator[Message]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in CALLS and (message := _message(node.args, name)):
            yield message


def _template_messages(text: str) -> Iterator[Message]:
    """The messages of a template, read the way `makemessages` reads them (through templatize)."""
    from django.utils.translation.template import templatize

    for line in templatize(text).splitlines():
        for match in TEMPLATE_CALL.finditer(line):
            # The call ends at the first closing parenthesis after which the text parses.
            rest = line[match.start() :]
            for end in (i for i, char in enumerate(rest) if char == ")"):
                try:
                    tree = ast.parse(rest[: end + 1], mode="eval")
                except SyntaxError:
                    continue
                yield from _calls(tree)
                break


def used_messages() -> dict[Message, str]:
    """Every message the templates and the Python code of the project mark, and the first file
    that marks it (tests and migrations left out)."""
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=True)
    used: dict[Message, str] = {}
    for path in sorted(PACKAGE.rglob("*")):
        if SKIPPED_DIRS & set(path.relative_to(PACKAGE).parts) or not path.is_file():
            continue
        if path.suffix == ".html":
            found = _template_messages(path.read_text(encoding="utf-8"))
        elif path.suffix == ".py":
            found = _calls(ast.parse(path.read_text(encoding="utf-8")))
        else:
            continue
        for message in found:
            used.setdefault(message, str(path.relative_to(PACKAGE.parent)))
    return used


def _django_catalogues(lang: str) -> list[gettext.GNUTranslations]:
    found = []
    for mo_path in sorted(DJANGO.glob(f"**/locale/{lang}/LC_MESSAGES/django.mo")):
        with mo_path.open("rb") as fh:
            found.append(gettext.GNUTranslations(fh))
    return found


def _translated(catalogue: gettext.GNUTranslations, message: Message) -> bool:
    context, msgid, plural = message
    if plural is not None:
        if context is not None:
            return catalogue.npgettext(context, msgid, plural, 1) != msgid
        return catalogue.ngettext(msgid, plural, 1) != msgid
    if context is not None:
        return catalogue.pgettext(context, msgid) != msgid
    return catalogue.gettext(msgid) != msgid


def missing_messages() -> list[str]:
    """Messages used in the code that neither the project's catalogue nor Django's translates."""
    found: list[str] = []
    used = used_messages()
    for lang in REQUIRED:
        po_path = LOCALE / lang / "LC_MESSAGES" / "django.po"
        if not po_path.exists():
            continue
        po = polib.pofile(str(po_path))
        own = {(e.msgctxt, e.msgid) for e in po.translated_entries()}
        django_catalogues = _django_catalogues(lang)
        for message, where in used.items():
            if (message[0], message[1]) in own:
                continue
            if any(_translated(catalogue, message) for catalogue in django_catalogues):
                continue
            found.append(f"{po_path}: no translation for {message[1]!r} (used in {where})")
    return found


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
    found.extend(missing_messages())
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
