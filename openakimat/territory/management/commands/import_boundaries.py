from pathlib import Path

from django.core.management.base import BaseCommand

from openakimat.territory.importers import ImportFailed, import_boundaries_geojson

from .import_kato import failure, read_file


class Command(BaseCommand):
    help = (
        "Set territory boundaries from a GeoJSON FeatureCollection of Polygon/MultiPolygon features carrying a "
        "KATO code. All or nothing: a file with any error changes nothing. See docs/data-formats.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="GeoJSON file, UTF-8")
        parser.add_argument(
            "--property",
            metavar="NAME",
            help="the feature property holding the KATO code (default: KATO, then kato)",
        )
        parser.add_argument(
            "--skip-unknown",
            action="store_true",
            help="report features whose code is not a known territory and import the rest, instead of failing",
        )

    def handle(self, *args, **options):
        name = options["file"]
        try:
            result = import_boundaries_geojson(
                read_file(name),
                source_name=Path(name).name,
                property_name=options["property"],
                skip_unknown=options["skip_unknown"],
            )
        except ImportFailed as exc:
            raise failure(name, exc) from None
        self.stdout.write(self.style.SUCCESS(result.summary()))
        if result.skipped:
            self.stdout.write(self.style.WARNING(f"{len(result.skipped)} skipped, no territory has their code:"))
            for feature in result.skipped:
                self.stdout.write(f"  {feature.label}")
