"""No personal data in the logs, proved: the journeys of residents and staff run under the
production logging configuration while every log record of every logger is kept, then every
line — message, arguments, traceback, the path and query string of the request it names — is
searched for the IINs, names, phones, e-mail addresses and tracking codes the journeys used, and
for anything shaped like them. The addresses the journeys asked for are searched too: personal
data never goes into a URL."""

import io
import logging
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.signals import request_started
from django.db import InterfaceError
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from openakimat.api.services import api_token_create
from openakimat.applications.models import Application
from openakimat.applications.tests.conftest import (  # noqa: F401 (fixtures)
    PDF,
    SYSTEM,
    address_reference,
    apz,
    make_iin,
    offering,
    specialist,
)
from openakimat.applications.views_public import group_code
from openakimat.budget.services import classification_load
from openakimat.budget.tests.budget_cast import CLASSIFICATION
from openakimat.common.iin import IdentityNumberError, iin_hash, iin_validate
from openakimat.notifications.models import Notification
from openakimat.open311.services import api_key_create

BUDGET_FILE = Path(settings.BASE_DIR) / "openakimat" / "budget" / "tests" / "data" / "messy_ru.csv"
PASSWORD = "correct-horse-battery"


@dataclass(frozen=True)
class Person:
    iin: str
    first: str
    last: str
    phone: str  # as the resident typed it
    national: str  # the ten digits after the country code
    email: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


# One resident per channel, so that a leak names the way it came in.
ONLINE = Person(make_iin(), "Айгерім", "Сәтбаева", "+7 701 123 4567", "7011234567", "aigerim@example.kz")
WALK_IN = Person(
    make_iin("850101", "4", 200), "Нұрлан", "Қасымов", "8 777 765 43 21", "7777654321", "nurlan.kassymov@example.kz"
)
BY_API = Person(make_iin("780302", "3", 77), "Ерлан", "Жақыпов", "+7 (705) 555-12-34", "7055551234", "erlan@example.kz")
BY_OPEN311 = Person(
    make_iin("010203", "5", 5), "Әлия", "Нұрпейісова", "87475550011", "7475550011", "aliya.n@example.kz"
)
PEOPLE = (ONLINE, WALK_IN, BY_API, BY_OPEN311)
# Numbers residents mistyped: not valid IINs, still theirs.
TYPO_IIN = ONLINE.iin[:-1] + str((int(ONLINE.iin[-1]) + 1) % 10)
BAD_IIN = "123456789012"

# What the scan looks for besides the values above: anything shaped like personal data.
TWELVE_DIGITS = re.compile(r"(?<!\d)\d{12}(?!\d)")
KZ_PHONE = re.compile(r"(?<!\d)(?:\+\s*7|8|7)[\s\-()]*7\d{2}[\s\-()]*\d{3}[\s\-]*\d{2}[\s\-]*\d{2}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


# --- capturing every record ------------------------------------------------------------------


@dataclass
class Captured:
    records: list[logging.LogRecord] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)  # path?query of every request the journeys made

    def lines(self) -> list[tuple[str, str]]:
        """(logger, text) for every record: the message with its arguments, the traceback and
        whatever extra the record carries (django.request's request: its full path)."""
        formatter = logging.Formatter()
        out = []
        for record in self.records:
            parts = [record.getMessage()]
            if record.exc_info:
                parts.append(formatter.formatException(record.exc_info))
            if record.exc_text:
                parts.append(record.exc_text)
            if record.stack_info:
                parts.append(record.stack_info)
            for name, value in vars(record).items():
                if name in _STANDARD_ATTRIBUTES:
                    continue
                if hasattr(value, "get_full_path"):
                    parts.append(value.get_full_path())
                elif isinstance(value, str | int | float):
                    parts.append(str(value))
            out.append((record.name, "\n".join(parts)))
        return out

    def from_logger(self, name: str) -> list[str]:
        return [text for logger, text in self.lines() if logger == name or logger.startswith(name + ".")]


_STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("x", logging.INFO, "x", 1, "x", None, None))) | {
    "message",
    "asctime",
    "status_code",  # django.request: a number, never personal
}


@pytest.fixture
def captured(monkeypatch) -> Iterator[Captured]:
    """Every record any logger emits, under the production configuration (settings.LOGGING, DEBUG
    off). The hook is Logger.callHandlers, the one place every record passes on its way to any
    handler, so loggers that do not propagate to the root (django.server, celery's, a library's
    own) are caught as surely as those that do; the self-check test proves it."""
    assert not settings.DEBUG
    root = logging.getLogger()
    level = settings.LOGGING["root"]["level"]
    monkeypatch.setattr(root, "level", logging.getLevelName(level))
    seen = Captured()
    original = logging.Logger.callHandlers

    def call_handlers(self: logging.Logger, record: logging.LogRecord) -> None:
        seen.records.append(record)
        original(self, record)

    def on_request(sender, environ, **kwargs):
        query = environ.get("QUERY_STRING", "")
        seen.urls.append(environ.get("PATH_INFO", "") + (f"?{query}" if query else ""))

    monkeypatch.setattr(logging.Logger, "callHandlers", call_handlers)
    request_started.connect(on_request, dispatch_uid="test_no_personal_data_in_logs")
    try:
        yield seen
    finally:
        request_started.disconnect(dispatch_uid="test_no_personal_data_in_logs")


def leaks(texts: list[str], *, secrets: list[str]) -> list[str]:
    """What in `texts` is personal data: one of `secrets` (compared case-insensitively, and phone
    numbers by their digits), a valid IIN, a Kazakhstan phone number or an e-mail address."""
    found = []
    for text in texts:
        folded = text.casefold()
        digits = re.sub(r"\D", "", text)
        for secret in secrets:
            if secret.casefold() in folded or (secret.isdigit() and len(secret) >= 10 and secret in digits):
                found.append(f"{secret!r} in {text!r}")
        for number in TWELVE_DIGITS.findall(text):
            try:
                iin_validate(number)
            except IdentityNumberError:
                continue
            found.append(f"an IIN {number} in {text!r}")
        found += [f"a phone number {m!r} in {text!r}" for m in KZ_PHONE.findall(text)]
        found += [f"an e-mail address {m!r} in {text!r}" for m in EMAIL.findall(text)]
    return found


def test_the_capture_sees_every_logger_and_the_scan_sees_every_kind_of_leak(captured):
    """The self-check: a line of a propagating logger, of loggers that do not propagate (one
    configured so by Django, one made just now) and of a logger with no handler at all are all
    caught; and the scan finds each kind of personal data in them."""
    quiet = logging.getLogger("openakimat.tests.quiet")
    quiet.propagate = False
    try:
        logging.getLogger("openakimat.applications").info("applicant %s", ONLINE.iin)
        logging.getLogger("django.server").info("phone %s", "+7 (701) 123-45-67")
        quiet.warning("name %s", ONLINE.name)
        logging.getLogger("django.request").warning("Bad Request: %s", f"/track/?code={group_code('ABCD1234EFGH5')}")
        logging.getLogger("celery.app.trace").info("sent to %s", ONLINE.email)
        logging.getLogger("openakimat.sms").info("SMS to 8 701 123 45 67")
    finally:
        quiet.propagate = True
    texts = [text for _, text in captured.lines()]
    assert len(texts) == 6
    found = leaks(texts, secrets=[ONLINE.first, "ABCD1234EFGH5", group_code("ABCD1234EFGH5")])
    assert any(ONLINE.iin in f and "an IIN" in f for f in found)
    assert any("a phone number '+7 (701) 123-45-67'" in f for f in found)
    assert any("a phone number '8 701 123 45 67'" in f for f in found)
    assert any(repr(ONLINE.first) in f for f in found)
    assert any("ABCD-1234-EFGH5" in f for f in found)
    assert any("an e-mail address" in f for f in found)
    # Ordinary lines pass: case numbers, masked numbers, counts, dates.
    assert leaks(["AKZ-2026-000042 sent to +7701*****67 at 2026-12-01 10:00:00, 3 rows"], secrets=[]) == []


# --- the journeys ----------------------------------------------------------------------------


def _current_code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def _withdrawal_codes() -> list[str]:
    """The one-time codes sent by SMS to confirm withdrawals, oldest first."""
    texts = (
        Notification.objects.filter(kind="applications.withdrawal_code").order_by("pk").values_list("text", flat=True)
    )
    return [code for text in texts for code in re.findall(r"^\d{6}", text)]


def _resident_applies_tracks_and_withdraws(offering) -> Application:  # noqa: F811
    resident = Client()
    for url in (
        "/en/",
        "/ru/services/",
        f"/kk/services/{offering.service.code}/",
        f"/en/apply/{offering.service.code}/",
    ):
        assert resident.get(url).status_code == 200, url
    document = offering.service.documents.get(order=1)

    def form(**extra):
        data = {
            "offering": str(offering.pk),
            "iin": ONLINE.iin,
            "full_name": ONLINE.name,
            "phone": ONLINE.phone,
            "email": ONLINE.email,
            "language": "ru",
            "consent": "on",
            "idempotency_key": str(uuid.uuid4()),
            f"document_{document.pk}": SimpleUploadedFile(f"{ONLINE.last}.pdf", PDF, "application/pdf"),
        }
        return data | extra

    apply_url = f"/en/apply/{offering.service.code}/"
    assert resident.post(apply_url, form(iin=TYPO_IIN)).status_code == 400
    assert resident.post(apply_url, form(phone="12345", email="not-an-address")).status_code == 400
    receipt = resident.post(apply_url, form(), follow=True)
    assert receipt.status_code == 200 and receipt.redirect_chain == [("/en/apply/receipt/", 302)]
    case = Application.objects.get(applicant_iin_hash=iin_hash(ONLINE.iin))

    def track(number, code, **extra):
        return resident.post("/en/track/", {"number": number, "tracking_code": code, **extra})

    wrong = case.tracking_code[:-1] + ("A" if case.tracking_code[-1] != "A" else "B")
    assert track(case.number, wrong).status_code == 404
    assert track("AKZ-2026-999999", case.tracking_code).status_code == 404
    assert track("", "").status_code == 400
    assert track(case.number, group_code(case.tracking_code).lower()).status_code == 200
    assert track(case.number, case.tracking_code, action="withdraw").status_code == 200
    otp = _withdrawal_codes()[-1]
    wrong_otp = f"{(int(otp) + 1) % 10**6:06d}"
    assert track(case.number, case.tracking_code, action="withdraw-confirm", otp=wrong_otp).status_code == 400
    assert track(case.number, case.tracking_code, action="withdraw-confirm", otp=otp).status_code == 200
    assert track(case.number, case.tracking_code, action="withdraw-confirm").status_code == 409
    # A form sent without the CSRF token (django.security.csrf logs it).
    assert Client(enforce_csrf_checks=True).post("/en/track/", {"number": case.number}).status_code == 403
    return case


def _staff_sign_in(operator) -> Client:
    device = TOTPDevice.objects.create(user=operator, name="phone", confirmed=True)
    staff = Client()
    assert staff.get("/en/staff/cases/").status_code == 302  # to the sign-in, with ?next=
    wrong = staff.post("/en/staff/login/", {"username": operator.username, "password": "wrong-password"})
    assert wrong.status_code == 200
    staff.post("/en/staff/login/", {"username": operator.username, "password": PASSWORD})
    assert staff.post("/en/staff/login/verify/", {"token": "12ab"}).status_code == 200
    assert staff.post("/en/staff/login/verify/", {"token": _current_code(device)}).status_code == 302
    return staff


def _desk_intake_and_decision(staff: Client, offering, specialist, staff_client) -> Application:  # noqa: F811
    document = offering.service.documents.get(order=1)

    def intake(**extra):
        data = {
            "idempotency_key": str(uuid.uuid4()),
            "applicant_iin": WALK_IN.iin,
            "applicant_name": WALK_IN.name,
            "applicant_phone": WALK_IN.phone,
            "applicant_email": WALK_IN.email,
            "language": "kk",
            "consent": "on",
            f"doc_{document.pk}": SimpleUploadedFile(f"{WALK_IN.last} өтініш.pdf", PDF, "application/pdf"),
        }
        return data | extra

    url = f"/en/staff/cases/new/?offering={offering.pk}"
    assert staff.get("/en/staff/cases/new/").status_code == 200
    assert staff.post(url, intake(applicant_iin=BAD_IIN, applicant_phone="12")).status_code == 400
    receipt = staff.post(url, intake(), follow=True)
    assert receipt.status_code == 200
    case = Application.objects.get(applicant_iin_hash=iin_hash(WALK_IN.iin))
    assert staff.get("/en/staff/cases/", {"status": "all", "q": case.number}).status_code == 200
    assert staff.get("/en/staff/cases/", {"status": "nonsense"}).status_code in (200, 400)
    assert staff.get(f"/en/staff/cases/{case.number}/").status_code == 200
    assert staff.get("/en/staff/cases/AKZ-2026-999999/").status_code == 404

    back_office = staff_client(specialist)
    detail = f"/en/staff/cases/{case.number}/"
    assert back_office.post(f"{detail}move/accept/", {"accept-version": case.version}).status_code == 302
    assert back_office.post(f"{detail}move/refuse/", {"refuse-version": 2, "refuse-note": ""}).status_code == 400
    refused = back_office.post(
        f"{detail}move/refuse/",
        {"refuse-version": 2, "refuse-note": "The plot is outside the settlement.", "refuse-basis": "Land Code"},
    )
    assert refused.status_code == 302
    doc = case.documents.get()
    assert back_office.get(f"{detail}documents/{doc.pk}/").status_code == 200
    shown_id = {"issue-version": 3, "issue-id_document": "id_card", "issue-id_iin": WALK_IN.iin, "issue-id_seen": "on"}
    assert staff.post(f"{detail}move/issue/", shown_id | {"issue-id_iin": BAD_IIN}).status_code == 400
    assert staff.post(f"{detail}move/issue/", shown_id).status_code == 302
    assert staff.post(f"{detail}move/issue/", shown_id).status_code == 409
    return case


def _api(client: Client, specialist, superuser, case: Application, settings, committed) -> list[str]:  # noqa: F811
    """The public and staff API, with their validation errors, 401/403/404/409 and a 503.
    Returns the tracking codes it saw."""
    body = {
        "service": "CONS-09",
        "applicant_iin": BY_API.iin,
        "applicant_name": BY_API.name,
        "applicant_phone": BY_API.phone,
        "applicant_email": BY_API.email,
        "language": "en",
        "consent": True,
    }
    post = client.post
    assert client.get("/api/v1/services").status_code == 200
    assert (
        post("/api/v1/applications", body | {"applicant_iin": BAD_IIN}, content_type="application/json").status_code
        == 400
    )
    assert (
        post("/api/v1/applications", body | {"applicant_phone": "5"}, content_type="application/json").status_code
        == 400
    )
    assert post("/api/v1/applications", "{not json", content_type="application/json").status_code == 400
    # The SMS gateway is down for this one: the outbox logs the retry.
    settings.SMS_BACKEND, settings.SMS_GATEWAY_URL = "http", "http://127.0.0.1:8139/sms"
    with committed():
        created = post("/api/v1/applications", body, content_type="application/json")
    settings.SMS_BACKEND = "log"
    assert created.status_code == 201
    number, code = created.json()["number"], created.json()["tracking_code"]
    track = {"number": number, "tracking_code": code}
    assert post("/api/v1/track", track, content_type="application/json").status_code == 200
    assert (
        post("/api/v1/track", track | {"tracking_code": "A" * 13}, content_type="application/json").status_code == 404
    )
    assert post("/api/v1/track", {"number": number}, content_type="application/json").status_code == 422

    token = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=superuser, user=specialist, name='sync').raw}"}
    assert client.get("/api/v1/staff/cases").status_code == 401
    assert client.get("/api/v1/staff/cases", **token).status_code == 200
    assert client.get(f"/api/v1/staff/cases/{number}", **token).status_code == 200
    assert client.get("/api/v1/staff/cases/AKZ-2026-999999", **token).status_code == 404
    move = f"/api/v1/staff/cases/{number}/moves/accept"
    assert post(move, {"version": "x"}, content_type="application/json", **token).status_code == 422
    assert post(move, {"version": 99}, content_type="application/json", **token).status_code == 409
    assert post(
        f"/api/v1/staff/cases/{case.number}/moves/accept", {"version": 1}, content_type="application/json", **token
    ).status_code in (403, 404, 409)
    assert client.get("/api/v1/no-such-thing").status_code == 404
    return [code]


def _open311(client: Client, akzhar_key: str, department) -> list[str]:
    """A city app reports a problem for a resident (the register of problem reports)."""
    from openakimat.problems.models import Category, Report

    Category.objects.create(akimat=department.akimat, code="roads", department=department, name_kk="Жол")
    fields = {
        "jurisdiction_id": department.akimat.territory.kato,
        "service_code": "roads",
        "description": "A pothole",
        "address_string": "Abay street",
        "first_name": BY_OPEN311.first,
        "last_name": BY_OPEN311.last,
        "phone": BY_OPEN311.phone,
        "email": BY_OPEN311.email,
    }
    assert client.get("/open311/v2/discovery.json").status_code == 200
    assert client.get("/open311/v2/services.xml").status_code == 200
    assert client.post("/open311/v2/requests.json", fields).status_code == 403  # no key
    assert client.post("/open311/v2/requests.xml", fields | {"api_key": akzhar_key, "phone": "12"}).status_code == 400
    bad_email = fields | {"email": BY_OPEN311.email + "@"}
    assert client.post("/open311/v2/requests.json", bad_email, headers={"X-Api-Key": akzhar_key}).status_code == 400
    created = client.post("/open311/v2/requests.json", fields | {"api_key": akzhar_key})
    assert created.status_code == 201
    number = created.json()[0]["service_request_id"]
    assert client.get("/open311/v2/requests.json", {"service_request_id": number}).status_code == 200
    assert client.get(f"/open311/v2/requests/{number}.xml").status_code == 200
    assert client.get("/open311/v2/requests/999999.json").status_code == 404
    assert client.get("/open311/v2/requests.json", {"start_date": "2026-13-45"}).status_code == 400
    assert Report.objects.get(pk=number).reporter_name == f"{BY_OPEN311.first} {BY_OPEN311.last}"
    return [akzhar_key]


def _budget_import(staff_client, akzhar_akimat) -> None:
    from conftest import make_staff
    from openakimat.accounts.models import Role

    classification_load(actor=SYSTEM, rows=CLASSIFICATION)
    finance = staff_client(make_staff("dina.finance", Role.FINANCE, akzhar_akimat))

    def upload(text):
        return {"file": SimpleUploadedFile("budget.csv", text.encode(), content_type="text/csv")}

    url = "/admin/budget/budget/import/"
    assert finance.post(url, upload("kato;year;code;approved\n59343000;2026;07.3.123.008;-1\n")).status_code == 200
    assert finance.post(url, upload("kato;year;code;approved\n593430000;2026;07.3.123.008;1,5\n")).status_code == 302
    call_command("import_budget", str(BUDGET_FILE), stdout=io.StringIO())


def _server_errors(monkeypatch) -> None:
    """A 500 and a database outage (503): django.request logs both with the path."""
    import openakimat.applications.views_public as views_public

    client = Client(raise_request_exception=False)

    def broken(number, code):
        raise RuntimeError("the look-up broke")

    monkeypatch.setattr(views_public, "track_case", broken)
    assert client.post("/en/track/", {"number": "AKZ-2026-000001", "tracking_code": "A" * 13}).status_code == 500

    def gone(number, code):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(views_public, "track_case", gone)
    assert client.post("/en/track/", {"number": "AKZ-2026-000001", "tracking_code": "A" * 13}).status_code == 503


def test_no_personal_data_reaches_the_logs_or_the_addresses_in_any_journey(
    captured,
    offering,  # noqa: F811
    address_reference,  # noqa: F811
    specialist,  # noqa: F811
    operator,
    superuser,
    akzhar_akimat,
    talshik_okrug,
    staff_client,
    monkeypatch,
    settings,
    client,
    django_capture_on_commit_callbacks,
):
    # The tests run in a transaction that is rolled back: the notifications, sent after the commit,
    # go out when each step's callbacks are run as a commit would.
    def committed():
        return django_capture_on_commit_callbacks(execute=True)

    with committed():
        online = _resident_applies_tracks_and_withdraws(offering)
    with committed():
        staff = _staff_sign_in(operator)
        walk_in = _desk_intake_and_decision(staff, offering, specialist, staff_client)
    codes = [online.tracking_code, walk_in.tracking_code]
    codes += _api(client, specialist, superuser, walk_in, settings, committed)
    key = api_key_create(actor=superuser, akimat=akzhar_akimat, name="Talshik city app").raw
    with committed():
        codes += _open311(client, key, offering.department)
    with committed():
        _budget_import(staff_client, akzhar_akimat)
    _server_errors(monkeypatch)

    # The journeys did what they say: the messages went out and the loggers spoke.
    assert Application.objects.count() == 3
    assert len(captured.from_logger("openakimat.sms")) >= 3, "the log SMS backend sent the receipts"
    assert captured.from_logger("openakimat.notifications"), "the failed gateway was logged"
    requests = captured.from_logger("django.request")
    for expected in (
        "Bad Request: /en/apply/",
        "Not Found: /en/track/",
        "Conflict: /en/track/",
        "Unauthorized: /api/v1/staff/cases",
        "Forbidden: /open311/v2/requests.json",
        "Internal Server Error: /en/track/",
        "Bad Request: /open311/v2/requests",
    ):
        assert any(line.startswith(expected) for line in requests), expected
    assert any(line.startswith("Forbidden (CSRF") for line in captured.from_logger("django.security"))
    assert captured.from_logger("openakimat.common.unavailable")

    secrets = [TYPO_IIN, BAD_IIN]
    for person in PEOPLE:
        secrets += [person.iin, person.first, person.last, person.phone, person.national, person.email]
    for code in codes + [c.tracking_code for c in Application.objects.all()]:
        secrets += [code, group_code(code)]
    secrets += _withdrawal_codes()
    texts = [text for _, text in captured.lines()]
    assert leaks(texts, secrets=secrets) == []
    assert leaks(captured.urls, secrets=secrets) == []
