"""Every audit entry names the akimat it concerns, so that the akimat's akim, observers and
administrators read it; only entries that concern no one akimat are left to superusers. This scans
the code for calls of `audit_record` without an akimat: a new one fails here until it passes the
akimat or is added below with the reason it concerns none."""

import ast
from pathlib import Path

import openakimat

# Actions audited without an akimat, and why none is theirs.
NO_AKIMAT = {
    "account.create": "accounts are the superusers' (a person may hold roles in many akimats)",
    "account.update": "accounts are the superusers'",
    "account.delete": "accounts are the superusers'",
    "account.reset_2fa": "accounts are the superusers'",
    "staff.sign_in": "a person signs in to every akimat their roles reach at once",
    "staff.session_ended": "a sign-in ends for every akimat the person's roles reach at once",
    "staff.enrol_2fa": "the person's own authenticator",
    "staff.sign_out": "a person signs out of every akimat at once",
    "api_token.create": "a person's token reaches every akimat their roles reach; superusers issue them",
    "api_token.revoke": "a person's token",
    "public_service.create": "the national register of public services",
    "public_service.update": "the national register of public services",
    "classification.load": "the national budget classification",
    "territory.import_kato": "the national KATO tree",
    "territory.import_boundaries": "the national boundaries",
    "demo.load": "the demonstration data set, never in production",
    "demo.remove": "the demonstration accounts, removed before production",
    "budget.demo_projects": "the demonstration data set, never in production",
    "life_situation.save": "the national register's grouping of public services",
    "personal_data.reencrypt": "one command over every akimat's applications at once",
    "corruption_report.status": (
        "a corruption report's akimat is who may be reported on: its akim and admins must not learn it exists"
    ),
    "corruption_report.note": "as corruption_report.status",
    "corruption_report.view": "as corruption_report.status",
    "corruption_report.download": "as corruption_report.status",
}


def _strings(node: ast.expr | None) -> list[str]:
    """The action names a call may pass: a constant, or each branch of a conditional."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    return [ast.unparse(node) if node is not None else "<no action>"]


def calls_without_an_akimat() -> dict[str, str]:
    """{action: "path:line"} of every `audit_record(...)` in the code that passes no akimat."""
    root = Path(openakimat.__file__).parent
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        if {"tests", "migrations"} & set(path.relative_to(root).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name != "audit_record":
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            if "akimat" in keywords:
                continue
            for action in _strings(keywords.get("action")):
                found[action] = f"{path.relative_to(root.parent)}:{node.lineno}"
    return found


def test_every_audit_record_call_passes_the_akimat_unless_its_action_concerns_none():
    unexplained = {action: where for action, where in calls_without_an_akimat().items() if action not in NO_AKIMAT}
    assert not unexplained, f"pass akimat=… to audit_record (or say in NO_AKIMAT why none): {unexplained}"


def test_the_scan_finds_the_calls_it_lets_through():
    """The scan is not blind: the calls that rightly pass no akimat are found."""
    assert {"account.update", "classification.load", "staff.sign_in"} <= set(calls_without_an_akimat())
