"""Caps on budget imports: the upload, the members of a package and what they unpack to, the rows.
Past any of them the import stops with a message, answers 413 on the admin page and changes
nothing; under them, large files load in batches, still all or nothing."""

import io
import json
import struct
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from conftest import make_staff
from openakimat.accounts.models import Role
from openakimat.budget.importers import ImportFailed, ImportTooLarge, Limits, import_budget
from openakimat.budget.models import Budget, BudgetLine, Payment
from openakimat.budget.services import classification_load, stream
from openakimat.common.actor import SystemActor

from .budget_cast import CLASSIFICATION
from .test_import_fdp import MODEL

SYSTEM = SystemActor("tests")
IMPORT = "/admin/budget/budget/import/"
MB = 1024 * 1024
ROW = "593400000,2026,07.3.123.008,{economic},1,1\n"
HEADER = "kato,year,code,economic,approved,m01\n"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def setting(db, akzhar, talshik_okrug, aiyrtau):
    classification_load(actor=SYSTEM, rows=CLASSIFICATION)


@pytest.fixture
def finance(akzhar_akimat):
    return make_staff("dina.finance", Role.FINANCE, akzhar_akimat)


def limits(**caps) -> Limits:
    defaults = {
        "max_bytes": 10 * MB,
        "max_zip_members": 10,
        "max_unpacked_bytes": 10 * MB,
        "max_member_bytes": 10 * MB,
        "max_rows": 100_000,
    }
    return Limits(**{**defaults, **caps})


def rows(count: int) -> str:
    return HEADER + "".join(ROW.format(economic=n) for n in range(1, count + 1))


def padded_csv(size: int) -> bytes:
    """A good one-line budget file, padded to `size` bytes with blank lines (which are skipped)."""
    text = rows(1).encode()
    return text + b"\n" * (size - len(text))


def post(client, content: bytes, name: str = "budget.csv"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content)}, HTTP_ACCEPT_LANGUAGE="en")


def fdp_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def package(lines: bytes, paths: tuple[str, ...] = ("data/lines.csv",)) -> dict[str, bytes]:
    descriptor = {
        "name": "akzhar-2026",
        "resources": [{"name": "lines", "path": list(paths)}],
        "model": {
            "measures": {"plan": {"source": "approved", "factor": 1000, "phase": "approved"}},
            "dimensions": {
                "function": {"dimensionType": "classification", "attributes": {"code": {"source": "code"}}},
                "place": MODEL["dimensions"]["place"],
                "when": {"dimensionType": "datetime", "attributes": {"year": {"source": "year"}}},
            },
        },
    }
    return {"datapackage.json": json.dumps(descriptor).encode(), "data/lines.csv": lines}


def bulky_lines(size: int) -> bytes:
    """Package rows of one line, repeated (a package adds them up) to about `size` bytes: they
    compress to almost nothing."""
    row = b"593400000,2026,07.3.123.008,1\n"
    return b"kato,year,code,approved\n" + row * (size // len(row))


def understate_sizes(archive: bytes, name: str, declared: int) -> bytes:
    """The .zip with the unpacked size of `name` rewritten, in its local and central headers, to
    `declared` bytes: what a zip bomb does to pass checks that believe the headers."""
    data = bytearray(archive)
    encoded = name.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        name_length = struct.unpack_from("<H", data, local + 26)[0]
        if bytes(data[local + 30 : local + 30 + name_length]) == encoded:
            struct.pack_into("<I", data, local + 22, declared)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_length]) == encoded:
            struct.pack_into("<I", data, central + 24, declared)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


# The upload


@override_settings(BUDGET_IMPORT_MAX_BYTES=4096)
def test_an_upload_declared_larger_than_the_cap_is_refused_unread(setting, finance, staff_client):
    response = post(staff_client(finance), padded_csv(200_000))
    assert response.status_code == 413
    assert "larger than 4.0\xa0KB, the most a budget import takes" in response.content.decode()
    assert response.wsgi_request.environ["wsgi.input"].read_started is False  # not a byte of the body read
    assert not Budget.objects.exists()


@override_settings(BUDGET_IMPORT_MAX_BYTES=4096)
def test_a_file_that_grows_past_the_cap_stops_being_received(setting, finance, staff_client):
    # Within the room left for the form's other fields, so the declared length passes: the
    # upload handler stops it as the file's bytes pass the cap.
    response = post(staff_client(finance), padded_csv(20_000))
    assert response.status_code == 413
    assert response.wsgi_request.capped_upload.exceeded
    assert "file" not in response.wsgi_request.FILES
    assert "the most a budget import takes" in response.content.decode()
    assert not Budget.objects.exists()


@override_settings(BUDGET_IMPORT_MAX_BYTES=4096)
def test_a_file_under_the_cap_is_loaded(setting, finance, staff_client):
    response = post(staff_client(finance), padded_csv(4000))
    assert response.status_code == 302
    assert Budget.objects.get().lines.get().approved == Decimal(1000)


def test_the_command_and_the_service_refuse_a_file_over_the_cap_before_reading_it(setting, tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(padded_csv(5000))
    with pytest.raises(ImportTooLarge) as caught:
        import_budget(path, actor=SYSTEM, source_name="big.csv", limits=limits(max_bytes=4096))
    assert caught.value.errors == ["the file is larger than 4.0\xa0KB, the most a budget import takes"]
    assert not Budget.objects.exists()


def test_a_stream_of_unknown_size_is_stopped_at_the_cap(setting):
    class Pipe(io.RawIOBase):  # not seekable: its size is only known by reading it
        def __init__(self, content: bytes) -> None:
            self.inner = io.BytesIO(content)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            data = self.inner.read(len(buffer))
            buffer[: len(data)] = data
            return len(data)

    with pytest.raises(ImportTooLarge):
        import_budget(Pipe(rows(500).encode()), actor=SYSTEM, source_name="p.csv", limits=limits(max_bytes=4096))
    assert not Budget.objects.exists()


# Packages


def test_a_zip_bomb_is_stopped_by_the_bytes_it_unpacks_to(setting):
    archive = fdp_zip(package(bulky_lines(3 * MB)))
    assert len(archive) < 64 * 1024  # small on the wire
    with pytest.raises(ImportTooLarge) as caught:
        import_budget(io.BytesIO(archive), actor=SYSTEM, source_name="bomb.zip", limits=limits(max_member_bytes=MB))
    assert caught.value.errors == [
        "data/lines.csv in the package unpacks to more than 1.0\xa0MB, the most one file of a budget package may hold"
    ]
    assert not Budget.objects.exists()


def test_a_zip_bomb_whose_headers_understate_its_size_is_refused(setting, finance, staff_client):
    archive = understate_sizes(fdp_zip(package(bulky_lines(3 * MB))), "data/lines.csv", 1000)
    with zipfile.ZipFile(io.BytesIO(archive)) as check:  # what a check of the headers would see
        assert sum(info.file_size for info in check.infolist()) < 4096
    with pytest.raises(ImportFailed) as caught:
        import_budget(io.BytesIO(archive), actor=SYSTEM, source_name="bomb.zip", limits=limits(max_member_bytes=MB))
    # Never more than the declared 1000 bytes are unpacked: the data doesn't match its checksum.
    assert caught.value.errors == ["the .zip is damaged: Bad CRC-32 for file 'data/lines.csv'"]
    with override_settings(BUDGET_IMPORT_MAX_MEMBER_BYTES=MB):
        response = post(staff_client(finance), archive, "bomb.zip")
    assert response.status_code == 200  # a form error, not a server error
    assert "the .zip is damaged" in response.content.decode()
    assert not Budget.objects.exists()


def test_the_total_unpacked_is_counted_over_every_read_of_the_package(setting):
    # Three resources that are the same member: 0.6 MB each, 1.8 MB read in all.
    files = package(bulky_lines(600 * 1024), paths=("data/lines.csv",) * 3)
    limited = limits(max_member_bytes=MB, max_unpacked_bytes=MB)
    with pytest.raises(ImportTooLarge) as caught:
        import_budget(io.BytesIO(fdp_zip(files)), actor=SYSTEM, source_name="p.zip", limits=limited)
    assert caught.value.errors == ["the package unpacks to more than 1.0\xa0MB, the most a budget import reads"]
    assert not Budget.objects.exists()


@override_settings(BUDGET_IMPORT_MAX_ZIP_MEMBERS=5)
def test_a_zip_with_too_many_members_is_refused(setting, finance, staff_client):
    files = package(bulky_lines(100)) | {f"data/extra{n}.txt": b"" for n in range(10)}
    response = post(staff_client(finance), fdp_zip(files), "many.zip")
    assert response.status_code == 413
    assert "the .zip has 12 files; a budget package may have at most 5" in response.content.decode()
    assert not Budget.objects.exists()


# Rows


def test_a_file_with_too_many_rows_is_refused_and_changes_nothing(setting):
    with pytest.raises(ImportTooLarge) as caught:
        import_budget(io.BytesIO(rows(30).encode()), actor=SYSTEM, source_name="r.csv", limits=limits(max_rows=20))
    assert caught.value.errors == [
        "the file has more than 20 budget rows, the most one import takes; split it by territory"
    ]
    assert not Budget.objects.exists() and not BudgetLine.objects.exists()


@override_settings(BUDGET_IMPORT_MAX_ROWS=20)
def test_too_many_rows_on_the_admin_page_is_a_413_with_the_message(setting, finance, staff_client):
    response = post(staff_client(finance), rows(30).encode())
    assert response.status_code == 413
    assert "the most one import takes" in response.content.decode()
    assert not Budget.objects.exists()


# Batches: still all or nothing


def test_a_file_of_many_batches_loads_every_line(setting, monkeypatch):
    monkeypatch.setattr(stream, "BATCH_LINES", 50)
    result = import_budget(io.BytesIO(rows(175).encode()), actor=SYSTEM, source_name="b.csv", limits=limits())
    assert (result.budgets, result.lines, result.payments, result.rows) == (1, 175, 175, 175)
    assert BudgetLine.objects.count() == 175 and Payment.objects.count() == 175


def test_a_bad_row_after_several_batches_changes_nothing(setting, monkeypatch):
    monkeypatch.setattr(stream, "BATCH_LINES", 50)
    import_budget(io.BytesIO(rows(3).encode()), actor=SYSTEM, source_name="old.csv", limits=limits())
    before = list(BudgetLine.objects.values_list("economic_code", "approved"))
    text = rows(175) + "593400000,2026,07.3.123.008,999,abc,1\n"
    with pytest.raises(ImportFailed) as caught:
        import_budget(io.BytesIO(text.encode()), actor=SYSTEM, source_name="b.csv", limits=limits())
    assert caught.value.errors == ["row 177, column “approved” (E): 'abc' is not a number"]
    assert list(BudgetLine.objects.values_list("economic_code", "approved")) == before  # the old version stays


def test_a_line_repeated_in_a_later_batch_is_found_with_both_rows(setting, monkeypatch):
    monkeypatch.setattr(stream, "BATCH_LINES", 50)
    text = rows(120) + ROW.format(economic=7)
    with pytest.raises(ImportFailed) as caught:
        import_budget(io.BytesIO(text.encode()), actor=SYSTEM, source_name="d.csv", limits=limits())
    assert caught.value.errors == [
        "row 122: the line 07.3.123.008 / 7 of budget 593400000 2026 version 0 is also on row 8"
    ]
    assert not Budget.objects.exists()
