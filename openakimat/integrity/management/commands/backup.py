import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from openakimat.integrity.backup import MANIFEST, BackupError, backup_create, backup_prune


class Command(BaseCommand):
    help = (
        "Back up the database of DATABASE_URL and every uploaded file into a new directory with a manifest "
        "of checksums and row counts (docs/deploy.md, Backups). The backup holds personal data: it is "
        "written readable by its owner only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.BASE_DIR) / "var" / "backups",
            help="Directory that receives the backup's directory (default: var/backups).",
        )
        parser.add_argument(
            "--keep", type=int, default=0, help="Then remove all but this many newest backups there (0: keep all)."
        )

    def handle(self, *args, output: Path, keep: int, **options):
        if keep < 0:
            raise CommandError("--keep must be 0 or more")
        output = output.resolve()
        try:
            path = backup_create(into=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        rows = sum(manifest["tables"].values())
        uploads = sum(1 for name in manifest["files"] if name.startswith("files/"))
        self.stdout.write(f"backup written to {path}: {len(manifest['tables'])} tables, {rows} rows, {uploads} files")
        for removed in backup_prune(into=output, keep=keep):
            self.stdout.write(f"removed the older backup {removed}")
