"""A resident's document with the uploads in an S3-compatible store (STORAGE_BACKEND=s3): stored
under the bucket's private prefix by the real registration, and reaching staff only through the
checked, audited download view, which streams it from the bucket."""

import pytest
from django.test import Client

from openakimat.applications.models import Application
from openakimat.common.storage import StorageUnavailable
from openakimat.common.tests import test_storage_backends as storage_tests
from openakimat.integrity.models import AuditEntry

from .conftest import PDF

s3 = storage_tests.s3  # the bucket fixture


def test_a_document_goes_to_the_bucket_and_back_to_the_operator_only(s3, register, staff_client, operator, settings):
    case = register()
    document = case.documents.get()
    key = f"private/{document.file.name}"
    assert s3.get_object(Bucket=storage_tests.BUCKET, Key=key)["Body"].read() == PDF
    assert storage_tests.public_grants(s3, key) == []
    assert not [p for p in settings.PRIVATE_MEDIA_ROOT.rglob("*") if p.is_file()]  # nothing on local disk

    url = f"/en/staff/cases/{case.number}/documents/{document.pk}/"
    response = staff_client(operator).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    assert AuditEntry.objects.filter(action="application.document_download", object_id=str(document.pk)).exists()
    assert Client().get(url).status_code == 302  # anonymous: sent to the sign-in page


def test_a_store_that_refuses_the_file_leaves_no_case_and_asks_to_try_again(s3, register):
    """The bucket is gone (or the store unreachable): the same "try again later" as a full disk."""
    s3.delete_bucket(Bucket=storage_tests.BUCKET)
    with pytest.raises(StorageUnavailable):
        register()
    assert not Application.objects.exists()
