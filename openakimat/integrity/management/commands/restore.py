from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openakimat.integrity.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the database of DATABASE_URL and the upload "
        "storages, after checking every file against the manifest; then compare every table's row count "
        "and verify the audit chain. Exits non-zero on any difference."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="The backup's directory (openakimat-backup-...).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite a database that has tables and storages that hold files (stop the site first).",
        )
        parser.add_argument(
            "--check-only",
            action="store_true",
            help="Only check the backup's files against its manifest; change nothing.",
        )

    def handle(self, *args, source: Path, replace: bool, check_only: bool, **options):
        try:
            if check_only:
                manifest = backup_verify(source)
                count = len(manifest["files"])
                self.stdout.write(f"the backup of {manifest['created_at']} is complete: {count} files match")
                return
            report = backup_restore(source, replace=replace)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = report.manifest
        commit = manifest["code"].get("git_commit") or "unknown"
        self.stdout.write(
            f"restored the backup of {manifest['created_at']} (code {commit}): "
            f"{report.tables} tables, {report.files} files"
        )
        for problem in report.problems:
            self.stderr.write(f"MISMATCH {problem}")
        audit = report.audit
        if audit is not None and audit.broken_at is not None:
            self.stderr.write(f"the audit chain is broken at entry #{audit.broken_at}")
        elif audit is not None:
            self.stdout.write(f"the audit chain is intact; {audit.unsealed} entries wait to be sealed")
        if not report.ok:
            raise CommandError("the restore does not match the backup: see the lines above")
        self.stdout.write("row counts and files match the manifest; run `manage.py migrate` if this code is newer")
