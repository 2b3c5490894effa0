"""A district's busy day, for Locust: residents browsing and applying, tracking, reading budgets,
and staff working their inbox. Run by benchmarks/soak_bench.py, which starts the production
configuration and sets the environment below; it can also be pointed at any deployment:

    SOAK_STAFF=soak.head.1,soak.head.2 SOAK_TOTP_KEY=<hex> SOAK_PASSWORD=<password> \\
        .venv/bin/locust -f benchmarks/soak/locustfile.py --host https://akimat.example.kz

The real peak this is 10× of (the figures are estimates for a large district of about 50,000
residents, written down so the multiplier means something):

| who | in the busiest hour | requests an hour |
|---|---|---|
| residents browsing services (5 pages a visit) | 300 visits | 1,500 |
| residents tracking an application | 200 look-ups | 200 |
| residents applying online (service page, then the submission) | 20 | 40 |
| budget readers (4 pages or API calls a visit) | 100 visits | 400 |
| staff at work (inbox and case pages, one every 30 s) | 30 people | 3,600 |
| **total** | | **5,740 ≈ 1.6 requests/s** |

Each user class below has a fixed number of users (`fixed_count`, times SOAK_MULTIPLIER, 10 by
default) and waits between its requests so that its rate matches its row of the table at that
multiple: about 16 requests/s at 10×. Run these classes by name: Resident Applicant Tracker
BudgetReader Staff. Two more classes, PublicMix and Hello, send requests back to back for the
throughput runs at 50 connections (the project's public pages beside a bare "hello" view).
"""

import hashlib
import hmac
import os
import random
import re
import struct
import threading
import time
from collections import deque

import gevent
from locust import FastHttpUser, HttpUser, between, constant, events, task
from residents import PDF, valid_iin

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LANGS = ("kk", "ru", "en")
AKIMAT = os.environ.get("SOAK_AKIMAT", "593400000")  # Akzhar district in the demonstration data
SERVICES = os.environ.get("SOAK_SERVICES", "EMP-01,EMP-02,ZAGS-01,EDU-01").split(",")
BUDGET_TERRITORIES = os.environ.get("SOAK_BUDGET_TERRITORIES", "593400000,593430000,590000000").split(",")
SEARCHES = ("туу", "рождение", "birth", "жер", "земля", "housing", "жұмыс")

ARRIVAL_SECONDS = float(os.environ.get("SOAK_ARRIVAL_SECONDS", "300"))
MULTIPLIER = int(os.environ.get("SOAK_MULTIPLIER", "10"))
RECEIPTS_FILE = os.environ.get("SOAK_RECEIPTS_FILE", "")

# Cases registered during the run, shared by the tracking users (number, code); SOAK_PAIRS_FILE
# seeds it with pairs registered before the run (one "number code" a line).
registered: deque[tuple[str, str]] = deque(maxlen=5000)
if os.environ.get("SOAK_PAIRS_FILE"):
    with open(os.environ["SOAK_PAIRS_FILE"], encoding="utf-8") as pairs:
        registered.extend(tuple(line.split()) for line in pairs if line.strip())  # type: ignore[misc]
submitted: list[str] = []  # the receipts of this run, checked against the database afterwards
_staff_lock = threading.Lock()
_staff_accounts = [name for name in os.environ.get("SOAK_STAFF", "").split(",") if name]


def totp(hex_key: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 code for a hex key (as django-otp stores it)."""
    counter = int((time.time() if at is None else at) // step)
    mac = hmac.new(bytes.fromhex(hex_key), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


class Resident(HttpUser):
    """Browses the services in one of three languages and searches them: 300 visits an hour."""

    fixed_count = 5 * MULTIPLIER  # 300 visits an hour × 60 s a visit
    wait_time = between(10, 14)  # 5 pages in about a minute

    def on_start(self):
        self.lang = random.choice(LANGS)

    @task(3)
    def service_list(self):
        self.client.get(f"/{self.lang}/services/", name="/[lang]/services/")

    @task(2)
    def search(self):
        self.client.get(f"/{self.lang}/services/?q={random.choice(SEARCHES)}", name="/[lang]/services/?q=")

    @task(3)
    def service_page(self):
        self.client.get(f"/{self.lang}/services/{random.choice(SERVICES)}/", name="/[lang]/services/[code]/")

    @task(1)
    def home(self):
        self.client.get(f"/{self.lang}/", name="/[lang]/")

    @task(1)
    def akimat(self):
        self.client.get(f"/{self.lang}/akimats/{AKIMAT}/", name="/[lang]/akimats/[kato]/")


class Applicant(HttpUser):
    """Reads a service through the API, then applies online with its documents: 20 an hour."""

    fixed_count = 1 * MULTIPLIER  # 20 an hour: one user every 180 s
    wait_time = between(150, 210)

    def on_start(self):
        self.rng = random.Random()

    @task
    def apply(self):
        code = random.choice(SERVICES)
        with self.client.get(f"/api/v1/services/{code}", name="/api/v1/services/[code]", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"service {code}: {r.status_code}")
                return
            service = r.json()
        places = [o for o in service["offered_at"] if o["akimat"] == AKIMAT] or service["offered_at"]
        department = places[0]["department_id"] if places else None
        data = {
            "service": code,
            "applicant_iin": valid_iin(self.rng),
            "applicant_name": "Сынақ Тұрғын (load test)",
            "applicant_phone": f"+7 701 {self.rng.randint(100, 999)} {self.rng.randint(1000, 9999)}",
            "language": random.choice(LANGS),
            "consent": "true",
        }
        if department:
            data["department"] = str(department)
        files = {f"document_{d['id']}": ("document.pdf", PDF, "application/pdf") for d in service.get("documents", [])}
        with self.client.post(
            "/api/v1/applications",
            data=data,
            files=files,
            headers={"Idempotency-Key": f"soak-{self.rng.getrandbits(64):x}"},
            name="/api/v1/applications",
            catch_response=True,
        ) as r:
            if r.status_code != 201:
                r.failure(f"submission: {r.status_code} {r.text[:200]}")
                return
            receipt = r.json()
            registered.append((receipt["number"], receipt["tracking_code"]))
            submitted.append(receipt["number"])


class Tracker(HttpUser):
    """Looks an application up by number and code, on the page or through the API: 200 an hour."""

    fixed_count = 4 * MULTIPLIER  # 200 an hour: four users every 72 s
    wait_time = between(60, 84)

    @task(2)
    def api(self):
        if not registered:
            return
        number, code = random.choice(registered)
        with self.client.post(
            "/api/v1/track",
            json={"number": number, "tracking_code": code},
            name="/api/v1/track",
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                r.failure(f"track: {r.status_code}")

    @task(1)
    def page(self):
        if not registered:
            return
        number, code = random.choice(registered)
        lang = random.choice(LANGS)
        form = self.client.get(f"/{lang}/track/", name="/[lang]/track/ GET")
        token = CSRF.search(form.text)
        with self.client.post(
            f"/{lang}/track/",
            data={"number": number, "tracking_code": code, "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": f"{self.host}/{lang}/track/"},
            name="/[lang]/track/ POST",
            catch_response=True,
        ) as r:
            if r.status_code != 200 or number not in r.text:
                r.failure(f"track page: {r.status_code}")


class BudgetReader(HttpUser):
    """Reads budgets on the pages and through the open API: 100 visits an hour, 4 requests each."""

    fixed_count = 5 * MULTIPLIER  # 400 requests an hour: five users every 45 s
    wait_time = between(36, 54)

    def on_start(self):
        self.lang = random.choice(LANGS)

    @task(2)
    def territory(self):
        kato = random.choice(BUDGET_TERRITORIES)
        self.client.get(f"/{self.lang}/budget/{kato}/", name="/[lang]/budget/[kato]/")

    @task(1)
    def index(self):
        self.client.get(f"/{self.lang}/budget/", name="/[lang]/budget/")

    @task(1)
    def api(self):
        kato = random.choice(BUDGET_TERRITORIES)
        self.client.get(f"/api/v1/budget/territories/{kato}", name="/api/v1/budget/territories/[kato]")


class Staff(HttpUser):
    """A specialist or head at the desk: signs in with the second factor once, then opens the
    inbox and cases all day (one page every 30 s)."""

    fixed_count = 30 * MULTIPLIER  # 30 people, one page every 30 s
    wait_time = between(25, 35)

    def on_start(self):
        # People arrive over the morning, not in one second: each signs in at a random moment of
        # the first SOAK_ARRIVAL_SECONDS (a sign-in hashes the password, about half a second of
        # CPU by design; 300 of them in one minute is not a day at an akimat, it is an attack).
        gevent.sleep(random.uniform(0, ARRIVAL_SECONDS))
        with _staff_lock:
            self.username = _staff_accounts.pop() if _staff_accounts else None
        self.cases: list[str] = []
        if self.username is None:
            return
        page = self.client.get("/kk/staff/login/", name="/kk/staff/login/ GET")
        token = CSRF.search(page.text).group(1)
        self.client.post(
            "/kk/staff/login/",
            data={"username": self.username, "password": os.environ["SOAK_PASSWORD"], "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/kk/staff/login/"},
            name="/kk/staff/login/ POST",
        )
        page = self.client.get("/kk/staff/login/verify/", name="/kk/staff/login/verify/ GET")
        token = CSRF.search(page.text).group(1)
        with self.client.post(
            "/kk/staff/login/verify/",
            data={"token": totp(os.environ["SOAK_TOTP_KEY"]), "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/kk/staff/login/verify/"},
            name="/kk/staff/login/verify/ POST",
            catch_response=True,
        ) as r:
            if "/staff/login" in r.url:
                r.failure("second factor refused")
                self.username = None

    @task(3)
    def inbox(self):
        if self.username is None:
            return
        with self.client.get("/kk/staff/cases/", name="/kk/staff/cases/", catch_response=True) as r:
            if r.status_code != 200 or "/staff/login" in r.url:
                r.failure(f"inbox: {r.status_code} {r.url}")
                return
            self.cases = re.findall(r'href="/kk/staff/cases/([A-Z]{2,}-\d{4}-\d{6})/"', r.text)[:20]

    @task(2)
    def case(self):
        if self.username is None or not self.cases:
            return
        number = random.choice(self.cases)
        self.client.get(f"/kk/staff/cases/{number}/", name="/kk/staff/cases/[number]/")


class PublicMix(FastHttpUser):
    """Back to back, for throughput: the public pages and API calls residents use most."""

    wait_time = constant(0)

    @task(3)
    def service_list(self):
        self.client.get(f"/{random.choice(LANGS)}/services/", name="/[lang]/services/")

    @task(3)
    def service_page(self):
        self.client.get(f"/{random.choice(LANGS)}/services/{random.choice(SERVICES)}/", name="/[lang]/services/[code]/")

    @task(2)
    def budget(self):
        self.client.get(f"/{random.choice(LANGS)}/budget/{AKIMAT}/", name="/[lang]/budget/[kato]/")

    @task(2)
    def track(self):
        if registered:
            number, code = random.choice(registered)
            self.client.post("/api/v1/track", json={"number": number, "tracking_code": code}, name="/api/v1/track")


class Hello(FastHttpUser):
    """Back to back against the bare Django "hello" view (benchmarks/soak/hello.py)."""

    wait_time = constant(0)

    @task
    def hello(self):
        self.client.get("/", name="hello")


@events.test_stop.add_listener
def _keep_receipts(environment, **_kwargs):
    if RECEIPTS_FILE:
        with open(RECEIPTS_FILE, "a", encoding="utf-8") as out:
            out.writelines(f"{number}\n" for number in submitted)


@events.test_start.add_listener
def _announce(environment, **_kwargs):
    staff = len(_staff_accounts)
    print(f"soak: {staff} staff accounts, services {','.join(SERVICES)}, akimat {AKIMAT}", flush=True)
