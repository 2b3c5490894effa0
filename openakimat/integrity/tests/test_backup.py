"""Backups an operator can trust: a backup of real data (an application with its document, budgets,
a project photo, audit entries) restored into a fresh database and fresh storages brings back every
row of every table and every file byte for byte, with the audit chain intact; a tampered or
truncated backup is refused before anything is touched; a database that holds data is not
overwritten unless the operator says so.

The backup runs in the test's process against the test database; each restore runs the real
`manage.py restore` in a subprocess against a database of its own, as an operator would."""

import hashlib
import io
import json
import os
import secrets
import sqlite3
import stat
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import connection

from conftest import make_staff
from openakimat.accounts.models import Role
from openakimat.applications.models import Application, ApplicationDocument
from openakimat.applications.services import Applicant, Upload, application_register
from openakimat.budget.projects import project_file_add, project_save
from openakimat.budget.tests.budget_cast import budget_cast  # noqa: F401 - the fixture
from openakimat.catalogue.models import ServiceOffering
from openakimat.catalogue.services import DocumentSpec, public_service_create
from openakimat.common import samples
from openakimat.common.actor import SystemActor
from openakimat.common.iin import check_digit
from openakimat.common.tests import test_storage_backends as storage_tests
from openakimat.integrity.backup import MANIFEST, _restore_file, backup_create, backup_prune
from openakimat.integrity.models import AuditEntry
from openakimat.integrity.services import audit_check

s3 = storage_tests.s3  # the bucket fixture
pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees only committed rows

ROOT = Path(__file__).resolve().parents[3]
SYSTEM = SystemActor("tests")
PDF = samples.PDF
PNG = samples.PNG
IIN = next(f"{first11}{d}" for n in range(100) if (d := check_digit(first11 := f"9005153{n:04d}")) is not None)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "source-media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "source-private"
    return settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def site_data(media, budget_cast, operator, akzhar_construction, talshik_okrug, akzhar_akimat):  # noqa: F811
    """An application handed in at the desk with its document, the budgets of the cast, a project
    with a photo, and the audit entries all of that wrote, sealed."""
    service = public_service_create(
        actor=SYSTEM,
        code="CONS-01",
        department_kind="construction",
        name_en="Architectural-planning assignment",
        name_ru="Выдача архитектурно-планировочного задания",
        name_kk="Сәулет-жоспарлау тапсырмасын беру",
        term_value=6,
        term_unit="working_days",
        fee=Decimal(0),
        online=True,
        documents=[DocumentSpec("Application", "Заявление", "Өтініш", True, "pdf")],
    )
    offering = ServiceOffering.objects.create(service=service, department=akzhar_construction)
    application_register(
        actor=operator,
        offering=offering,
        applicant=Applicant(iin=IIN, name="Айгерім Сәтбаева", phone="+7 701 123 4567", email="", language="kk"),
        consent=True,
        documents=[Upload(io.BytesIO(PDF), "application.pdf", required=service.documents.get())],
    )
    finance = make_staff("dina.finance", Role.FINANCE, akzhar_akimat)
    project = project_save(
        actor=finance,
        slug="talshik-road",
        territory=talshik_okrug,
        name_kk="Жол жөндеу",
        name_ru="Ремонт дороги",
        name_en="Road repair",
        contractor_name="ТОО «Демо»",
        contractor_bin="110240700370",
        contract_amount=Decimal("1500000"),
        planned_start=date(2026, 5, 1),
        planned_end=date(2026, 9, 30),
    )
    project_file_add(
        actor=finance, project=project, kind="photo", file=io.BytesIO(PNG), name="site.png", taken_on=date(2026, 7, 1)
    )
    assert Application.objects.count() == 1 and ApplicationDocument.objects.count() == 1
    assert AuditEntry.objects.filter(sequence__isnull=False).count() >= 3, "the services' entries, sealed"
    return media


def live_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def file_digests(*roots: Path) -> dict[str, str]:
    return {
        f"{root.name}/{path.relative_to(root).as_posix()}": hashlib.sha256(path.read_bytes()).hexdigest()
        for root in roots
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


class Target:
    """A fresh, empty database of the suite's engine and two empty upload folders, where the real
    `manage.py` restores and checks."""

    def __init__(self, tmp_path: Path) -> None:
        self.media, self.private = tmp_path / "target-media", tmp_path / "target-private"
        params = connection.settings_dict
        if connection.vendor == "postgresql":
            import psycopg

            self.name = f"{params['NAME']}_restore_{secrets.token_hex(4)}"
            self._server = {
                "host": params["HOST"] or "127.0.0.1",
                "port": params["PORT"] or 5432,
                "user": params["USER"],
                "password": params["PASSWORD"] or None,
            }
            with psycopg.connect(dbname="postgres", autocommit=True, **self._server) as admin:
                admin.execute(f'CREATE DATABASE "{self.name}"')
            password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
            self.url = (
                f"postgres://{params['USER']}{password}@{self._server['host']}:{self._server['port']}/{self.name}"
            )
        else:
            self.path = tmp_path / "target.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "CELERY_BROKER_URL"}}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DEBUG="true",
            SECRET_KEY="restore-test-" + "k" * 50,
            DATABASE_URL=self.url,
            MEDIA_ROOT=str(self.media),
            PRIVATE_MEDIA_ROOT=str(self.private),
            CACHE_URL="locmemcache://",
        )
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )

    def counts(self) -> dict[str, int]:
        if connection.vendor == "postgresql":
            import psycopg

            with psycopg.connect(dbname=self.name, **self._server) as db:
                tables = [
                    row[0]
                    for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
                ]
                return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # type: ignore[index]  # noqa: S608
        if not self.path.exists():
            return {}
        db = sqlite3.connect(self.path)
        try:
            catalogue = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            tables = [r[0] for r in db.execute(catalogue)]
            return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
        finally:
            db.close()

    def files(self) -> dict[str, str]:
        return file_digests(*(root for root in (self.media, self.private) if root.exists()))

    def drop(self) -> None:
        if connection.vendor == "postgresql":
            import psycopg

            with psycopg.connect(dbname="postgres", autocommit=True, **self._server) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def target(tmp_path):
    made = Target(tmp_path)
    yield made
    made.drop()


@pytest.fixture
def backup(site_data, tmp_path) -> Path:
    call_command("backup", output=tmp_path / "backups")
    (made,) = (tmp_path / "backups").iterdir()
    return made


def output(result: subprocess.CompletedProcess) -> str:
    return result.stdout + result.stderr


def test_a_backup_restored_into_a_fresh_database_brings_back_every_row_file_and_the_audit_chain(
    backup, site_data, target
):
    source_counts, source_files = live_counts(), file_digests(*site_data)
    assert any(name.startswith("source-private/applications/") for name in source_files), "the document"
    assert any(name.startswith("source-media/projects/") for name in source_files), "the project photo"

    result = target.manage("restore", str(backup))

    assert result.returncode == 0, output(result)
    assert target.counts() == source_counts, "every table, every row"
    assert target.files() == {name.replace("source-", "target-", 1): digest for name, digest in source_files.items()}
    verified = target.manage("verify_audit")
    assert verified.returncode == 0 and "intact" in verified.stdout, output(verified)
    assert "the audit chain is intact" in result.stdout


def test_the_manifest_records_the_code_the_counts_and_every_checksum_and_only_the_owner_reads_it(backup, site_data):
    manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["tables"] == live_counts()
    assert manifest["code"]["migrations"]["applications"] and manifest["code"]["migrations"]["integrity"]
    dump = manifest["database"]["file"]
    assert manifest["files"][dump]["sha256"] == hashlib.sha256((backup / dump).read_bytes()).hexdigest()
    stored = {name.split("/", 1)[1]: digest for name, digest in file_digests(*site_data).items()}
    backed_up = {
        name.split("/", 2)[2]: entry["sha256"] for name, entry in manifest["files"].items() if name.startswith("files/")
    }
    assert backed_up == stored
    for path in [backup, *backup.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path}: {oct(mode)}"


@pytest.mark.parametrize("damage", ["a document changed", "the dump truncated", "a file missing", "a file added"])
def test_a_damaged_backup_is_refused_and_nothing_is_changed(backup, target, damage):
    manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    document = next(backup / name for name in manifest["files"] if name.startswith("files/private/"))
    dump = backup / manifest["database"]["file"]
    if damage == "a document changed":  # same size: only the checksum can tell
        content = bytearray(document.read_bytes())
        content[-2] ^= 0x01
        document.write_bytes(bytes(content))
    elif damage == "the dump truncated":
        dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    elif damage == "a file missing":
        document.unlink()
    else:
        (backup / "files" / "private" / "extra.pdf").write_bytes(PDF)

    result = target.manage("restore", str(backup))

    assert result.returncode != 0
    assert "does not match its manifest, nothing was restored" in result.stderr
    assert target.counts() == {}, "no table was created"
    assert target.files() == {}, "no file was written"


def test_restore_refuses_a_database_that_holds_data(backup, settings, tmp_path):
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path / "empty-media", tmp_path / "empty-private"
    before = live_counts()

    with pytest.raises(CommandError, match=r"refusing to restore over existing data \(the database has tables\)"):
        call_command("restore", str(backup))

    assert live_counts() == before
    assert not settings.PRIVATE_MEDIA_ROOT.exists()
    assert audit_check().broken_at is None


@pytest.mark.postgres
def test_a_dump_postgresql_cannot_load_leaves_the_database_as_it_was(backup, target):
    """A dump whose checksum matches but that pg_restore stops on (re-signed after truncation):
    the replacement runs in one transaction, so the database keeps its rows."""
    if connection.vendor != "postgresql":
        pytest.skip("pg_restore is PostgreSQL's")
    restored = target.manage("restore", str(backup))
    assert restored.returncode == 0, output(restored)
    before = target.counts()
    manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    dump = backup / manifest["database"]["file"]
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size * 2 // 3])
    resigned = {"sha256": hashlib.sha256(dump.read_bytes()).hexdigest(), "size": dump.stat().st_size}
    manifest["files"][dump.name] = resigned
    (backup / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")

    result = target.manage("restore", "--replace", str(backup))

    assert result.returncode != 0
    assert "it was left as it was" in result.stderr, output(result)
    assert target.counts() == before


def test_a_backup_of_newer_code_is_refused_before_anything_is_touched(backup, target):
    manifest = json.loads((backup / MANIFEST).read_text(encoding="utf-8"))
    manifest["code"]["migrations"]["applications"].append("9999_from_a_later_release")
    (backup / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")

    result = target.manage("restore", str(backup))

    assert result.returncode != 0
    assert "made by newer code" in result.stderr and "applications.9999_from_a_later_release" in result.stderr
    assert target.counts() == {}


def test_pruning_keeps_the_newest_complete_backups_and_touches_nothing_else(tmp_path):
    for stamp in ("20261101T020000Z", "20261102T020000Z", "20261103T020000Z"):
        made = tmp_path / f"openakimat-backup-{stamp}"
        made.mkdir()
        (made / MANIFEST).write_text("{}", encoding="utf-8")
    unfinished = tmp_path / ".openakimat-backup-20261104T020000Z.partial"
    unfinished.mkdir()
    other = tmp_path / "openakimat-backup-notes"
    other.mkdir()

    removed = backup_prune(into=tmp_path, keep=2)

    assert [p.name for p in removed] == ["openakimat-backup-20261101T020000Z"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".openakimat-backup-20261104T020000Z.partial",
        "openakimat-backup-20261102T020000Z",
        "openakimat-backup-20261103T020000Z",
        "openakimat-backup-notes",
    ]
    assert backup_prune(into=tmp_path, keep=0) == [], "0 keeps everything"


def test_uploads_in_an_s3_bucket_are_backed_up_and_put_back_through_the_same_storage_calls(s3, tmp_path):
    """STORAGE_BACKEND=s3 (moto's in-process bucket): the backup lists and reads the objects of both
    prefixes, and the restore's per-file step writes them back under their names and reads them
    back to compare."""
    storages["private"].save("applications/2026/11/a1.pdf", ContentFile(PDF))
    storages["private"].save("applications/2026/12/b2.pdf", ContentFile(PDF + b"second"))
    storages["default"].save("projects/2026/road.png", ContentFile(PNG))

    made = backup_create(into=tmp_path / "backups")

    manifest = json.loads((made / MANIFEST).read_text(encoding="utf-8"))
    uploads = {name: entry["sha256"] for name, entry in manifest["files"].items() if name.startswith("files/")}
    assert uploads == {
        "files/private/applications/2026/11/a1.pdf": hashlib.sha256(PDF).hexdigest(),
        "files/private/applications/2026/12/b2.pdf": hashlib.sha256(PDF + b"second").hexdigest(),
        "files/default/projects/2026/road.png": hashlib.sha256(PNG).hexdigest(),
    }
    for key in [o["Key"] for o in s3.list_objects_v2(Bucket=storage_tests.BUCKET)["Contents"]]:
        s3.delete_object(Bucket=storage_tests.BUCKET, Key=key)

    for relative, digest in uploads.items():
        _files, alias, name = relative.split("/", 2)
        assert _restore_file(storages[alias], name, made / relative, digest, replace=False) is None

    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=storage_tests.BUCKET)["Contents"])
    assert keys == [
        "media/projects/2026/road.png",
        "private/applications/2026/11/a1.pdf",
        "private/applications/2026/12/b2.pdf",
    ]
    second = s3.get_object(Bucket=storage_tests.BUCKET, Key="private/applications/2026/12/b2.pdf")
    assert second["Body"].read() == PDF + b"second"
