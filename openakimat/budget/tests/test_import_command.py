"""`manage.py import_budget`: the summary, the exit code and the error list."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command, load_command_class
from django.utils import translation

from openakimat.budget.models import Budget
from openakimat.budget.services import classification_load
from openakimat.common.actor import SystemActor
from openakimat.integrity.models import AuditEntry

from .budget_cast import CLASSIFICATION

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English (the default language is Kazakh)."""
    with translation.override("en"):
        yield


@pytest.fixture
def setting(db, akzhar, talshik_okrug):
    classification_load(actor=SystemActor("tests"), rows=CLASSIFICATION)


def run(monkeypatch, *argv) -> tuple[int, str, str]:
    """Run the command as manage.py does: the exit code, stdout and stderr."""
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)  # keep the test's transaction
    command = load_command_class("openakimat.budget", "import_budget")
    command.stdout._out, command.stderr._out = io.StringIO(), io.StringIO()
    try:
        command.run_from_argv(["manage.py", "import_budget", "--language", "en", *map(str, argv)])
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, command.stdout._out.getvalue(), command.stderr._out.getvalue()


def test_the_command_loads_a_file_and_prints_a_summary(setting, monkeypatch):
    code, out, err = run(monkeypatch, DATA / "messy_ru.csv")
    assert code == 0
    assert err == "warning: 1 total row (first: row 9) was left out: the totals are computed from the lines\n"
    assert out.startswith("1 budgets, 3 lines, 2 monthly payments from 3 rows in ")
    assert "rows/s" in out
    assert Budget.objects.get().version == 1
    assert AuditEntry.objects.filter(action="budget.replace").get().actor_label == "system:import_budget"


def test_the_command_exits_with_1_and_lists_every_error(setting, monkeypatch, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("kato;year;code;approved\n593400000;2026;07.3.123.008;-1\n593400000;2026;07.3.123.008;abc\n")
    code, out, err = run(monkeypatch, bad)
    assert code == 1 and not out
    assert "bad.csv: 2 errors; nothing was imported." in err
    assert "row 2, column “approved” (D): '-1' is negative" in err
    assert "row 3, column “approved” (D): 'abc' is not a number" in err
    assert not Budget.objects.exists()


def test_unit_format_and_dry_run_options(setting):
    out = io.StringIO()
    call_command(
        "import_budget",
        str(DATA / "levels_kk.tsv"),
        *("--format", "csv", "--unit", "thousand", "--dry-run", "--language", "en"),
        stdout=out,
    )
    assert "dry run" in out.getvalue() and not Budget.objects.exists()
    call_command("import_budget", str(DATA / "levels_kk.tsv"), "--unit", "tenge", stdout=out)
    assert Budget.objects.get().lines.get(economic_code="151").approved == 1000


def test_a_missing_file_is_an_error(setting, monkeypatch):
    code, _out, err = run(monkeypatch, "/nonexistent/budget.csv")
    assert code == 1 and "no such file" in err
