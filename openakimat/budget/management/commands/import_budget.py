from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openakimat.budget.importers import UNITS, ImportFailed, Overrides, guess_format, import_budget
from openakimat.budget.importers.numbers import CellError, parse_kato
from openakimat.common.actor import SystemActor


class Command(BaseCommand):
    help = (
        "Load budgets from a CSV template file or a Fiscal Data Package (a directory or .zip with "
        "datapackage.json). All or nothing: a file with any error changes nothing. See docs/budget-import.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file, .zip, directory or datapackage.json")
        parser.add_argument("--format", choices=["csv", "fdp"], help="default: from the file name")
        parser.add_argument(
            "--unit",
            choices=sorted(UNITS),
            help="unit of the amounts when the file doesn't state it (CSV default: thousand; FDP default: the "
            "measures' factor, else tenge)",
        )
        parser.add_argument("--territory", metavar="KATO", help="the territory of every line (overrides the file)")
        parser.add_argument("--year", type=int, metavar="YYYY", help="the year of every line (overrides the file)")
        parser.add_argument("--currency", metavar="CODE", help="the currency of the amounts, e.g. EUR (with --rate)")
        parser.add_argument("--rate", metavar="R", help="tenge for one unit of --currency; amounts are converted")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help=f"language of the messages (default: {settings.LANGUAGE_CODE})",
        )
        parser.add_argument("--dry-run", action="store_true", help="check and load, then roll back")

    def handle(self, *args, **options):
        with translation.override(options["language"] or settings.LANGUAGE_CODE):
            self._import(options)

    def _import(self, options):
        name = options["file"]
        path = Path(name)
        if not path.exists():
            raise CommandError(_("%(name)s: no such file or directory") % {"name": name})
        format = options["format"] or guess_format(name)
        overrides = self._overrides(options)
        try:
            result = import_budget(
                path,
                actor=SystemActor("import_budget"),
                source_name=path.name,
                format=format,
                unit=UNITS[options["unit"]] if options["unit"] else None,
                dry_run=options["dry_run"],
                overrides=overrides,
            )
        except ImportFailed as exc:
            count = len(exc.errors)
            listing = "\n".join(f"  {message}" for message in exc.errors)
            heading = ngettext(
                "%(name)s: %(count)s error; nothing was imported.",
                "%(name)s: %(count)s errors; nothing was imported.",
                count,
            ) % {"name": name, "count": count}
            raise CommandError(f"{heading}\n{listing}") from None
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(_("warning: %(warning)s") % {"warning": warning}))
        self.stdout.write(self.style.SUCCESS(result.summary()))

    def _overrides(self, options) -> Overrides:
        territory = None
        if options["territory"]:
            try:
                territory = parse_kato(options["territory"])
            except CellError as exc:
                raise CommandError(f"--territory: {exc}") from None
        year = options["year"]
        if year is not None and not 2000 <= year <= 2100:
            raise CommandError(_("--year: %(year)s is not between 2000 and 2100") % {"year": year})
        currency = (options["currency"] or "").strip().upper() or None
        rate = None
        if options["rate"] is not None:
            try:
                rate = Decimal(options["rate"].replace(",", "."))
            except InvalidOperation:
                rate = None
            if rate is None or not rate.is_finite() or rate <= 0:
                raise CommandError(_("--rate: %(rate)r is not a positive number") % {"rate": options["rate"]})
        if currency and currency != "KZT" and rate is None:
            raise CommandError(
                _("--currency %(currency)s needs --rate: tenge for one %(currency)s") % {"currency": currency}
            )
        if rate is not None and not currency:
            raise CommandError(_("--rate needs --currency: the currency the amounts are in"))
        if currency and (len(currency) != 3 or not currency.isalpha() or not currency.isascii()):
            raise CommandError(
                _("--currency: %(currency)r is not a three-letter code like EUR") % {"currency": currency}
            )
        return Overrides(territory=territory, year=year, currency=currency, rate=rate)
