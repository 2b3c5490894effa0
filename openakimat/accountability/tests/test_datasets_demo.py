"""Every registered dataset on the demonstration data: rows with exactly the declared fields, a
valid Frictionless Data Package, and no personal data of the demo's residents in any export."""

import io
import json
import re
import zipfile

import frictionless
import pytest

from openakimat.applications.models import Application
from openakimat.common import datasets
from openakimat.demo.tests import load_demo
from openakimat.meetings.models import Question
from openakimat.receptions.models import SignUp

SLUGS = {
    "public-services",
    "application-statistics",
    "instructions",
    "meetings",
    "receptions",
    "reception-problems",
    "budget-lines",
}
IIN = re.compile(r"(?<!\d)\d{12}(?!\d)")
PHONE = re.compile(r"\+?7[\s-]?\(?7\d{2}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}")


def _body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _personal_data() -> set[str]:
    found: set[str] = set()
    for case in Application.objects.all():
        found |= {case.applicant_iin, case.applicant_name, case.applicant_phone, case.applicant_email}
    for signup in SignUp.objects.all():
        found |= {signup.name, signup.phone, signup.problem}
    for question in Question.objects.all():
        found |= {question.author_name, question.author_contact}
    return {value for value in found if value and len(value) > 4}


@pytest.mark.django_db
def test_every_dataset_on_the_demo_data_is_complete_valid_and_anonymous(client, tmp_path):
    load_demo()
    assert {d.slug for d in datasets.registered()} >= SLUGS
    personal = _personal_data()
    assert personal, "the demo has residents to look for"
    for dataset in datasets.registered():
        rows = list(dataset.rows())
        assert rows, dataset.slug
        for row in rows:
            assert list(row) == dataset.field_names, dataset.slug

        exported = _body(client.get(f"/en/data/{dataset.slug}.csv")).decode()
        exported += _body(client.get(f"/en/data/{dataset.slug}.json")).decode()
        assert len(json.loads(_body(client.get(f"/ru/data/{dataset.slug}.json")))) == len(rows)
        leaks = [value for value in personal if value in exported]
        assert not leaks, (dataset.slug, leaks[:3])
        assert not IIN.search(exported), dataset.slug
        assert not PHONE.search(exported), dataset.slug

        archive = zipfile.ZipFile(io.BytesIO(_body(client.get(f"/en/data/{dataset.slug}.zip"))))
        assert sorted(archive.namelist()) == ["data/" + dataset.slug + ".csv", "datapackage.json"]
        folder = tmp_path / dataset.slug
        archive.extractall(folder)
        report = frictionless.validate(str(folder / "datapackage.json"))
        assert report.valid, (dataset.slug, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5])
        assert report.tasks[0].stats["rows"] == len(rows)


@pytest.mark.django_db
def test_application_statistics_add_up_to_the_cases():
    load_demo()
    rows = list(datasets.get("application-statistics").rows())
    assert sum(r["received"] for r in rows) == Application.objects.count()
    assert sum(r["completed"] for r in rows) == Application.objects.filter(decided_at__isnull=False).count()
    assert all(r["completed_on_time"] <= r["completed"] <= r["received"] for r in rows)
    assert all((r["median_days"] is None) == (r["completed"] == 0) for r in rows)
    keys = [(r["service_code"], r["akimat_kato"], r["month"]) for r in rows]
    assert len(keys) == len(set(keys))
