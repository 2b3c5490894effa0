from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openakimat.territory.importers import ImportFailed, import_kato_csv


def read_file(name: str) -> bytes:
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise CommandError(f"Can't read {name}: {exc.strerror or exc}") from None


def failure(name: str, exc: ImportFailed) -> CommandError:
    count = len(exc.errors)
    listing = "\n".join(f"  {message}" for message in exc.errors)
    return CommandError(f"{name}: {count} error{'s' if count != 1 else ''}; nothing was imported.\n{listing}")


class Command(BaseCommand):
    help = (
        "Create or update territories from a KATO CSV (columns kato, name_kk, name_ru, name_en; optional level, "
        "parent, centre_lat, centre_lon, population). All or nothing: a file with any error changes nothing. "
        "See docs/data-formats.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file, UTF-8 (with or without BOM), comma or semicolon separated")

    def handle(self, *args, **options):
        name = options["file"]
        try:
            result = import_kato_csv(read_file(name), source_name=Path(name).name)
        except ImportFailed as exc:
            raise failure(name, exc) from None
        self.stdout.write(self.style.SUCCESS(result.summary()))
