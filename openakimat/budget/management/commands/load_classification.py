import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from openakimat.budget.services import classification_load
from openakimat.common.actor import SystemActor

GROUPS = Path(__file__).resolve().parents[2] / "data" / "functional_groups.csv"


class Command(BaseCommand):
    help = (
        "Load functional classification codes from a CSV with columns code,name_kk,name_ru,name_en "
        "(parents before children). Without a file: the 15 functional groups."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(GROUPS))

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8-sig", newline="") as f:
                rows = [(r["code"].strip(), r["name_kk"], r["name_ru"], r["name_en"]) for r in csv.DictReader(f)]
        except (OSError, KeyError) as exc:
            raise CommandError(f"can't read {options['file']}: {exc}") from None
        try:
            changed = classification_load(actor=SystemActor("load_classification"), rows=rows)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(f"{len(rows)} codes read, {changed} added or renamed")
