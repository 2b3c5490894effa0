from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openakimat.budget.importers import UNITS, ImportFailed, guess_format, import_budget
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
        parser.add_argument("--dry-run", action="store_true", help="check and load, then roll back")

    def handle(self, *args, **options):
        name = options["file"]
        path = Path(name)
        if not path.exists():
            raise CommandError(f"{name}: no such file or directory")
        format = options["format"] or guess_format(name)
        try:
            result = import_budget(
                path,
                actor=SystemActor("import_budget"),
                source_name=path.name,
                format=format,
                unit=UNITS[options["unit"]] if options["unit"] else None,
                dry_run=options["dry_run"],
            )
        except ImportFailed as exc:
            count = len(exc.errors)
            listing = "\n".join(f"  {message}" for message in exc.errors)
            raise CommandError(
                f"{name}: {count} error{'s' if count != 1 else ''}; nothing was imported.\n{listing}"
            ) from None
        self.stdout.write(self.style.SUCCESS(result.summary()))
