"""Where uploads are kept: STORAGE_BACKEND=local (disk) or s3 (any S3-compatible store).

The settings are read by a real manage.py in a subprocess with the variables an operator would
set. The S3 behaviour is checked against moto's in-process S3 (the outside system behind boto3's
interface): objects land under their prefix with no public grant, and a private document never
gets an address."""

import json
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from moto import mock_aws

from openakimat.common.storage import PRIVATE_STORAGE_PATH, PrivateStorage, private_storage

from .test_deployment import ROOT, production_env

BUCKET = "openakimat-test"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
SHOW_STORAGES = "from django.conf import settings; import json; print(json.dumps(settings.STORAGES, default=str))"


def storages_with(**variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW_STORAGES],
        cwd=ROOT,
        env=production_env(**variables),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_local_disk_is_the_default():
    result = storages_with()
    assert result.returncode == 0, result.stderr
    storages = json.loads(result.stdout.strip().splitlines()[-1])
    assert storages["private"]["BACKEND"] == PRIVATE_STORAGE_PATH
    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_s3_puts_both_storages_in_the_bucket_privately():
    result = storages_with(
        STORAGE_BACKEND="s3",
        AWS_STORAGE_BUCKET_NAME="akimat-files",
        AWS_S3_ENDPOINT_URL="https://s3.example.kz",
        AWS_ACCESS_KEY_ID="AKIAEXAMPLE",
        AWS_SECRET_ACCESS_KEY="example-secret",
    )
    assert result.returncode == 0, result.stderr
    storages = json.loads(result.stdout.strip().splitlines()[-1])
    private, media = storages["private"], storages["default"]
    assert private["BACKEND"] == "openakimat.common.storage_s3.PrivateS3Storage"
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    assert private["OPTIONS"]["location"] == "private" and media["OPTIONS"]["location"] == "media"
    for options in (private["OPTIONS"], media["OPTIONS"]):
        assert options["bucket_name"] == "akimat-files"
        assert options["endpoint_url"] == "https://s3.example.kz"
        assert options["default_acl"] is None
        assert options["querystring_auth"] is True


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"STORAGE_BACKEND": "s3"}, "AWS_STORAGE_BUCKET_NAME"),
        ({"STORAGE_BACKEND": "ftp"}, "STORAGE_BACKEND must be"),
    ],
)
def test_an_incomplete_storage_configuration_refuses_to_start(variables, message):
    result = storages_with(**variables)
    assert result.returncode != 0
    assert message in result.stderr


def test_the_private_storage_deconstructs_the_same_whatever_the_backend():
    """Model fields hold the private storage: the choice of backend must never need a migration."""
    from openakimat.common.storage_s3 import PrivateS3Storage

    s3 = PrivateS3Storage(bucket_name=BUCKET, location="private")
    assert s3.deconstruct() == PrivateStorage().deconstruct() == private_storage.deconstruct()
    assert s3.deconstruct()[0] == PRIVATE_STORAGE_PATH


def s3_options(location: str) -> dict[str, object]:
    return {
        "bucket_name": BUCKET,
        "region_name": "us-east-1",
        "access_key": "testing",
        "secret_key": "testing",
        "signature_version": "s3v4",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 600,
        "file_overwrite": False,
        "location": location,
    }


@pytest.fixture
def s3(settings, monkeypatch):
    """An S3 bucket (moto, in process), and the settings that STORAGE_BACKEND=s3 gives."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_options("media")},
            "private": {"BACKEND": "openakimat.common.storage_s3.PrivateS3Storage", "OPTIONS": s3_options("private")},
        }
        yield client


def public_grants(client, key: str) -> list[dict]:
    grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    return [g for g in grants if g["Grantee"].get("URI") in {ALL_USERS, AUTHENTICATED_USERS}]


def test_a_private_document_is_stored_under_its_prefix_readable_by_no_one_else(s3, settings, tmp_path):
    name = private_storage.save("applications/2026/1/abc.pdf", ContentFile(b"%PDF-1.4 private"))
    assert name == "applications/2026/1/abc.pdf"
    key = f"private/{name}"
    assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == b"%PDF-1.4 private"
    assert public_grants(s3, key) == []
    with private_storage.open(name, "rb") as handle:
        assert handle.read() == b"%PDF-1.4 private"
    with pytest.raises(NotImplementedError):
        private_storage.url(name)
    assert not (settings.PRIVATE_MEDIA_ROOT / name).exists()
    private_storage.delete(name)
    assert "Contents" not in s3.list_objects_v2(Bucket=BUCKET, Prefix="private/")


def test_a_second_file_under_the_same_name_never_overwrites_the_first(s3):
    first = private_storage.save("applications/x.pdf", ContentFile(b"first"))
    second = private_storage.save("applications/x.pdf", ContentFile(b"second"))
    assert first != second
    with private_storage.open(first, "rb") as handle:
        assert handle.read() == b"first"


def test_a_public_project_file_is_private_in_the_bucket_and_its_address_is_signed(s3):
    name = default_storage.save("projects/2026/school.jpg", ContentFile(b"\xff\xd8\xff photo"))
    assert public_grants(s3, f"media/{name}") == []
    query = parse_qs(urlsplit(default_storage.url(name)).query)
    assert "X-Amz-Signature" in query
    assert query["X-Amz-Expires"] == ["600"]
