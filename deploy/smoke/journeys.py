"""The smoke journeys: a resident and a staff member use the production configuration that
deploy/smoke/run.sh started on loopback (nginx with TLS in front of two gunicorn servers,
PostgreSQL, Redis, a Celery worker and beat, an SMS gateway), over HTTPS as a browser would.

Each check prints `ok` or `FAIL` with the reason; the last line counts them. Exit status 1 if any
failed. Run it through run.sh (`make smoke-prod`), which sets the SMOKE_* variables."""

import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[2]
BASE = os.environ["SMOKE_BASE"]  # https://127.0.0.1:PORT (nginx)
HTTP_BASE = os.environ["SMOKE_HTTP_BASE"]  # http://127.0.0.1:PORT (nginx, plain HTTP)
CA = os.environ["SMOKE_CA"]  # the self-signed certificate nginx presents
APP_SERVERS = os.environ["SMOKE_APP_SERVERS"].split(",")  # 127.0.0.1:PORT of each gunicorn
WORK = Path(os.environ["SMOKE_WORK"])
SETUP = json.loads(Path(os.environ["SMOKE_SETUP"]).read_text())
SMS_LOG = Path(os.environ["SMOKE_SMS_LOG"])
TRACKING_LIMIT = int(os.environ["TRACKING_FAILURES_PER_HOUR"])
UPLOAD_MAX = int(os.environ["UPLOAD_MAX_BYTES"])
WAIT = float(os.environ.get("SMOKE_WAIT_SECONDS", "90"))

PDF = (  # the smallest well-formed PDF (openakimat.common.samples.PDF): uploads are checked whole
    b"%PDF-1.4\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n"
    b"3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>\nendobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000054 00000 n \n0000000105 00000 n \ntrailer\n<</Size 4/Root 1 0 R>>\n"
    b"startxref\n170\n%%EOF\n"
)
# The resident: a valid IIN (check digit computed below), a name and a number used nowhere else.
NAME = "Айгерім Смоук-Тестова"
PHONE = "+77019990011"

state: dict[str, object] = {}
results: list[tuple[str, str]] = []


def iin() -> str:
    """A valid IIN: born 15 May 1990, with the check digit of Kazakhstan's rule."""
    for serial in range(100, 10000):
        first = f"9005153{serial:04d}"
        digits = [int(c) for c in first]
        digit = sum(d * w for d, w in zip(digits, range(1, 12), strict=True)) % 11
        if digit == 10:
            digit = sum(d * w for d, w in zip(digits, [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2], strict=True)) % 11
        if digit != 10:
            return first + str(digit)
    raise RuntimeError("no IIN")


IIN = iin()


def totp(key_hex: str, at: float | None = None) -> str:
    """RFC 6238 with django-otp's defaults: HMAC-SHA1, 30-second steps, 6 digits."""
    counter = int((time.time() if at is None else at) // 30)
    mac = hmac.new(bytes.fromhex(key_hex), counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(int.from_bytes(mac[offset : offset + 4], 'big') & 0x7FFFFFFF) % 1_000_000:06d}"


class Browser(requests.Session):
    """A session whose every request gives up after 30 seconds: a hung server fails a check, not the run."""

    def request(self, method, url, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        kwargs.setdefault("timeout", 30)
        return super().request(method, url, *args, **kwargs)


def browser() -> requests.Session:
    session = Browser()
    # Nothing from the environment: no proxy for loopback, and no CA bundle overriding `verify`.
    session.trust_env = False
    session.verify = CA
    session.headers["User-Agent"] = "openakimat-smoke"
    return session


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "the form has no CSRF token"
    return match.group(1)


def post_form(session: requests.Session, url: str, data: dict, files: dict | None = None) -> requests.Response:
    """GET the form, then POST it with its CSRF token and the Referer a browser sends over HTTPS."""
    page = session.get(url)
    assert page.status_code == 200, f"GET {url}: {page.status_code}"
    data = {"csrfmiddlewaretoken": csrf_token(page.text), **data}
    return session.post(url, data=data, files=files, headers={"Referer": url}, allow_redirects=False)


def wait_for(what: str, found: Callable[[], object], seconds: float = WAIT) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = found()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"{what}: not within {seconds:.0f} s")


def check(name: str, *needs: str):
    def run(function: Callable[[], None]) -> Callable[[], None]:
        missing = [need for need in needs if need not in state]
        if missing:
            results.append((name, f"not run: needs {', '.join(missing)} from an earlier check"))
            print(f"FAIL {name}: not run (needs {', '.join(missing)})", flush=True)
            return function
        started = time.monotonic()
        try:
            function()
        except Exception as exc:  # every failure is reported, then the next check runs
            detail = f"{type(exc).__name__}: {exc}"
            results.append((name, detail))
            print(f"FAIL {name}: {detail}", flush=True)
            if os.environ.get("SMOKE_VERBOSE"):
                traceback.print_exc()
        else:
            results.append((name, ""))
            print(f"ok   {name} ({time.monotonic() - started:.1f} s)", flush=True)
        return function

    return run


resident = browser()


@check("health through nginx over HTTPS and plain HTTP")
def _health() -> None:
    answer = resident.get(f"{BASE}/healthz")
    assert answer.status_code == 200 and answer.json() == {"status": "ok", "database": "ok"}, answer.text
    plain = browser()
    probe = plain.get(f"{HTTP_BASE}/healthz", timeout=10)
    assert probe.status_code == 200, f"plain-HTTP probe: {probe.status_code}"
    redirect = plain.get(f"{HTTP_BASE}/en/", allow_redirects=False, timeout=10)
    assert redirect.status_code == 301, redirect.status_code
    assert redirect.headers["Location"].startswith("https://"), redirect.headers["Location"]


@check("home page in Kazakh, Russian and English, compressed, with HSTS")
def _home() -> None:
    for lang in ("kk", "ru", "en"):
        page = resident.get(f"{BASE}/{lang}/")
        assert page.status_code == 200, f"/{lang}/: {page.status_code}"
        assert f'<html lang="{lang}"' in page.text, f"/{lang}/ is not in {lang}"
        assert page.headers.get("Content-Encoding") == "gzip", f"/{lang}/ not compressed: {page.headers}"
        assert "max-age=31536000" in page.headers.get("Strict-Transport-Security", ""), "no HSTS: not seen as HTTPS"
    state["home"] = page.text


@check("static files from nginx: hashed names cached for a year, compressed copies sent", "home")
def _static() -> None:
    match = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', str(state["home"]))
    assert match, "the page links no hashed stylesheet"
    css = resident.get(BASE + match.group(1))
    assert css.status_code == 200 and "text/css" in css.headers["Content-Type"], css.status_code
    assert css.headers["Cache-Control"] == "public, max-age=31536000, immutable", css.headers["Cache-Control"]
    assert css.headers.get("Content-Encoding") == "gzip", "the .gz copy was not sent"
    assert "X-Upstream" not in css.headers, "answered by an app server, not by nginx"
    plain = resident.get(f"{BASE}/static/css/site.css")
    assert plain.status_code == 200 and plain.headers["Cache-Control"] == "public, max-age=300"
    svg = resident.get(f"{BASE}/static/img/favicon.svg")
    assert svg.status_code == 200 and "image/svg+xml" in svg.headers["Content-Type"]


@check("service catalogue: pages and API")
def _catalogue() -> None:
    listing = resident.get(f"{BASE}/en/services/")
    assert listing.status_code == 200 and f'href="/en/services/{SETUP["service"]}/"' in listing.text
    page = resident.get(f"{BASE}/ru/services/{SETUP['service']}/")
    assert page.status_code == 200 and "Выдача архитектурно-планировочного задания" in page.text
    api = resident.get(f"{BASE}/api/v1/services")
    assert api.status_code == 200 and api.headers["Content-Type"].startswith("application/json")
    assert SETUP["service"] in api.text


def direct(server: str, path: str, cookies: dict[str, str] | None = None) -> requests.Response:
    """A request straight to one app server, with the headers nginx would add."""
    return browser().get(
        f"http://{server}{path}",
        headers={"Host": urlsplit(BASE).netloc, "X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7"},
        cookies=cookies,
        allow_redirects=False,
        timeout=15,
    )


def comparable(text: str) -> str:
    # Pages differ only in their masked CSRF tokens.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


@check("both app servers give the same answers, and nginx uses both")
def _same_answers() -> None:
    paths = [
        "/api/v1/services",
        f"/api/v1/services/{SETUP['service']}",
        "/api/v1/akimats",
        "/api/v1/territories",
        "/en/services/",
        f"/kk/services/{SETUP['service']}/",
    ]
    for path in paths:
        first, second = (direct(server, path) for server in APP_SERVERS)
        assert first.status_code == second.status_code == 200, f"{path}: {first.status_code}, {second.status_code}"
        assert comparable(first.text) == comparable(second.text), f"{path}: the servers disagree"
    seen = {resident.get(f"{BASE}/api/v1/services").headers.get("X-Upstream") for _ in range(6)}
    assert seen == set(APP_SERVERS), f"nginx sent the requests to {seen}, not to both of {APP_SERVERS}"


def apply_form(files: dict) -> requests.Response:
    url = f"{BASE}/en/apply/{SETUP['service']}/"
    page = resident.get(url)
    assert page.status_code == 200, f"the form: {page.status_code}"
    offering = re.search(r'<option value="(\d+)"', page.text)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page.text)
    assert offering and key, "the form has no offering or no idempotency key"
    data = {
        "csrfmiddlewaretoken": csrf_token(page.text),
        "offering": offering.group(1),
        "iin": IIN,
        "full_name": NAME,
        "phone": PHONE,
        "email": "",
        "language": "en",
        "consent": "on",
        "idempotency_key": key.group(1),
    }
    return resident.post(url, data=data, files=files, headers={"Referer": url}, allow_redirects=False)


@check("apply online with a document; the receipt follows through either server")
def _apply() -> None:
    sent = apply_form({SETUP["document_field"]: ("application.pdf", PDF, "application/pdf")})
    assert sent.status_code == 302, f"{sent.status_code}: {sent.text[:500]}"
    assert sent.headers["Location"].endswith("/en/apply/receipt/"), sent.headers["Location"]
    # The receipt lives in the session that the server which took the application wrote: read it
    # straight from the other server.
    (other,) = set(APP_SERVERS) - {sent.headers["X-Upstream"]}
    session = {cookie.name: cookie.value for cookie in resident.cookies}  # the Secure cookies, over plain HTTP
    receipt = direct(other, sent.headers["Location"], cookies=session)
    assert receipt.status_code == 200, f"the other server: {receipt.status_code}"
    number = re.search(r'class="receipt-number">([^<]+)<', receipt.text)
    code = re.search(r'class="tracking-code">([^<]+)<', receipt.text)
    assert number and code, "the receipt shows no number or code"
    state["number"], state["code"] = number.group(1).strip(), code.group(1).strip()
    assert str(state["number"]).startswith("SMK-"), state["number"]


@check("a document over UPLOAD_MAX_BYTES is refused by the app with its message, not by nginx")
def _too_large() -> None:
    big = b"%PDF-1.4\n" + b"0" * UPLOAD_MAX
    refused = apply_form({SETUP["document_field"]: ("big.pdf", big, "application/pdf")})
    assert refused.status_code == 400, f"{refused.status_code}: {refused.text[:300]}"
    limit = re.search(r"is larger than 1\.0(?:\s|&nbsp;|\xa0)MB", refused.text)
    assert limit, "the message does not name the limit"
    beyond = resident.post(
        f"{BASE}/en/apply/{SETUP['service']}/",
        files={"x": ("huge.bin", b"0" * (UPLOAD_MAX * 7), "application/octet-stream")},
    )
    assert beyond.status_code == 413, f"a body past nginx's limit: {beyond.status_code}"


@check("track the case on the page and through the API", "number")
def _track() -> None:
    page = post_form(
        resident, f"{BASE}/en/track/", {"number": state["number"], "tracking_code": state["code"], "action": "track"}
    )
    assert page.status_code == 200, f"{page.status_code}: {page.text[:300]}"
    assert str(state["number"]) in page.text
    api = resident.post(f"{BASE}/api/v1/track", json={"number": state["number"], "tracking_code": state["code"]})
    assert api.status_code == 200, f"{api.status_code}: {api.text[:300]}"
    assert api.json()["number"] == state["number"]


@check("the worker sends the resident's SMS through the gateway", "number")
def _sms() -> None:
    def sent() -> list[dict]:
        if not SMS_LOG.exists():
            return []
        lines = [json.loads(line) for line in SMS_LOG.read_text(encoding="utf-8").splitlines() if line]
        return [m for m in lines if m["to"] == PHONE and str(state["number"]) in m["text"]]

    messages = wait_for("an SMS with the case number", sent)
    assert messages, "no SMS"
    worker_log = (WORK / "logs" / "worker.log").read_text(encoding="utf-8", errors="replace")
    assert "openakimat.notifications" in worker_log, "the worker's log shows no notification task"


staff = browser()


@check("staff sign in with a password and a TOTP code", "number")
def _staff_sign_in() -> None:
    first = post_form(staff, f"{BASE}/en/staff/login/", {"username": SETUP["username"], "password": SETUP["password"]})
    assert first.status_code == 302 and first.headers["Location"].endswith("/staff/login/verify/"), (
        f"{first.status_code} {first.headers.get('Location')}"
    )
    second = post_form(staff, BASE + first.headers["Location"], {"token": totp(SETUP["totp_key"])})
    assert second.status_code == 302, f"the code was refused: {second.status_code}"
    home = staff.get(BASE + second.headers["Location"])
    assert home.status_code == 200 and "/staff/login/" not in home.url, home.url
    state["signed_in"] = time.time()


@check("the operator opens the case and downloads the resident's document", "signed_in")
def _staff_case() -> None:
    inbox = staff.get(f"{BASE}/en/staff/cases/")
    assert inbox.status_code == 200 and str(state["number"]) in inbox.text, "the case is not in the inbox"
    case = staff.get(f"{BASE}/en/staff/cases/{state['number']}/")
    assert case.status_code == 200, case.status_code
    link = re.search(rf'href="(/en/staff/cases/{re.escape(str(state["number"]))}/documents/\d+/)"', case.text)
    assert link, "the case page links no document"
    document = staff.get(BASE + link.group(1))
    assert document.status_code == 200 and document.content == PDF, "the document came back different"
    assert document.headers["Cache-Control"] == "private, no-store"
    assert resident.get(BASE + link.group(1), allow_redirects=False).status_code == 302, "anonymous got a document"


def database():
    return psycopg.connect(os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1), autocommit=True)


@check("the worker seals the staff sign-in into the audit chain, and the chain verifies", "signed_in")
def _audit() -> None:
    def sealed() -> int:
        with database() as db:
            row = db.execute(
                "SELECT count(*) FROM integrity_auditentry WHERE action = 'staff.sign_in' AND sequence IS NOT NULL"
            ).fetchone()
        return row[0] if row else 0

    wait_for("a sealed sign-in entry", sealed)
    verified = subprocess.run(
        [sys.executable, "manage.py", "verify_audit"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr


@check("rate limits are shared: wrong tracking codes through both servers meet one limit")
def _rate_limits() -> None:
    upstreams = set()
    for attempt in range(1, TRACKING_LIMIT + 1):
        # A client-written X-Forwarded-For changes nothing: the app believes only nginx's entry.
        wrong = resident.post(
            f"{BASE}/api/v1/track",
            json={"number": "SMK-2026-999999", "tracking_code": "WRONGCODE123"},
            headers={"X-Forwarded-For": f"203.0.113.{attempt}"},
        )
        assert wrong.status_code == 404, f"wrong attempt {attempt}: {wrong.status_code}"
        upstreams.add(wrong.headers.get("X-Upstream"))
    refused = resident.post(f"{BASE}/api/v1/track", json={"number": "SMK-2026-999999", "tracking_code": "WRONGCODE123"})
    assert refused.status_code == 429, f"attempt {TRACKING_LIMIT + 1}: {refused.status_code}, not 429"
    assert int(refused.headers["Retry-After"]) > 0
    assert upstreams == set(APP_SERVERS), f"the attempts reached {upstreams}, not both servers"


@check("beat queues the periodic sweeps")
def _beat() -> None:
    log = WORK / "logs" / "beat.log"
    wait_for(
        "beat sending a due task",
        lambda: "Sending due task" in log.read_text(encoding="utf-8", errors="replace"),
        seconds=max(WAIT, 80),
    )


@check("no personal data in any log", "number")
def _logs() -> None:
    secrets = {
        "IIN": IIN,
        "phone": PHONE,
        "phone digits": PHONE.lstrip("+"),
        "name": NAME,
        "tracking code": str(state["code"]),
        "tracking code (plain)": str(state["code"]).replace("-", ""),
    }
    for path in sorted((WORK / "logs").glob("*.log")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for what, value in secrets.items():
            assert value not in text, f"{path.name} contains the resident's {what}"


failed = [(name, why) for name, why in results if why]
print(f"smoke: {len(results) - len(failed)} passed, {len(failed)} failed", flush=True)
sys.exit(1 if failed else 0)
