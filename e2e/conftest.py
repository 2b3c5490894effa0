"""Browser journeys: a resident, a low-vision reader, a keyboard user and a staff member use the
real site in Chromium (Playwright), served by pytest-django's live server with the demo data.

Chromium comes from Debian (`apt-get install chromium`); Playwright's own browser download is
never used. Without it the journeys are skipped, except under CI (`CI=true`), where they fail.
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from openakimat.demo.tests import load_demo

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING_CHROMIUM = "Chromium not found: install the Debian package `chromium` (apt-get install chromium)"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Every test under e2e/ is a browser journey (`-m "not browser"` leaves them out)."""
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all the journeys. Package-scoped, which for these tests is the session: it
    closes as soon as the last journey has run, before the tests that need no database, which
    pytest-django runs last."""
    if not os.access(CHROMIUM, os.X_OK):
        if os.environ.get("CI") == "true":
            pytest.fail(MISSING_CHROMIUM, pytrace=False)
        pytest.skip(MISSING_CHROMIUM)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread, so Django would refuse the
    # plain synchronous ORM calls the tests make between browser steps (loading the demo, reading a
    # TOTP device, emptying the database). Allow them while the browser runs, and only then: set for
    # the whole process, the variable would reach the subprocess of the deployment test, which
    # pytest-django runs after all database tests, and `check --deploy` would fail with async.E001.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """What `load_demo` writes, saved once per session as a fixture file.

    Every journey starts from the demo data, and the live server needs a transactional database that
    is emptied after each test. Running `load_demo` itself before each test costs about 0.7 s on
    SQLite and 1.5 s on PostgreSQL (its services write the audit chain row by row); loading its
    saved output costs a third of that, and the data is the same.
    """
    path = tmp_path_factory.mktemp("demo") / "demo.json"
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        call_command(
            "dumpdata",
            natural_foreign=True,
            exclude=["contenttypes", "auth.permission", "sessions"],
            output=str(path),
            stdout=StringIO(),
        )
        transaction.set_rollback(True)
    return path


@pytest.fixture
def site(live_server, demo_snapshot):
    """The live server's base URL, with the demo data set loaded (North Kazakhstan: 14 districts
    and cities, 9 with a service akimat). The database is emptied again after each test."""
    call_command("loaddata", str(demo_snapshot), stdout=StringIO())
    return live_server.url


@pytest.fixture
def new_context(browser, site):
    """Make a browser context on the live server; every context made is closed after the test."""
    contexts = []

    def make(**options):
        options.setdefault("base_url", site)
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


_axe_source = None


def _axe_script() -> str:
    global _axe_source
    if _axe_source is None:
        import axe_playwright_python

        _axe_source = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    return _axe_source


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact') or 'no impact'}): {v['help']}\n  {v.get('helpUrl', '')}")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}")
            summary = [line.strip() for line in (node.get("failureSummary") or "").splitlines() if line.strip()]
            if summary:
                lines.append(f"      {summary[0]} {'; '.join(summary[1:])}")
    return "\n".join(lines)


def check_axe(page, label: str = "") -> None:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is now and fail on any violation,
    naming each rule, its impact, the offending elements and how to fix it."""
    page.evaluate(_axe_script())  # page.evaluate is not subject to the site's Content-Security-Policy
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    violations = results["violations"]
    if violations:
        where = label or page.url
        pytest.fail(f"axe found {len(violations)} violation(s) on {where}:\n{format_violations(violations)}")


@pytest.fixture
def axe():
    """`axe(page)` asserts that the page as it is now has no WCAG 2.0/2.1 A or AA violation."""
    return check_axe
