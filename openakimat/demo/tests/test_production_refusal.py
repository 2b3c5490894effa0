"""Production refuses the demo's sign-ins: a deploy-check error (openakimat.E001) and a refusal to
start while demo accounts or authenticators are in the database with DEBUG off; `remove_demo`
clears them; the demo's authenticator keys are random per install."""

import hashlib
import importlib
import subprocess
import sys
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from openakimat.accounts.models import RoleGrant, User
from openakimat.common.tests.test_deployment import ROOT, production_env
from openakimat.demo.checks import demo_accounts_absent
from openakimat.demo.guard import demo_leftovers, demo_usernames, refuse_demo_in_production
from openakimat.demo.tests import load_demo
from openakimat.integrity.models import AuditEntry
from openakimat.integrity.services import audit_record, audit_verify


@pytest.fixture
def demo(db):
    load_demo()


def import_fresh(module: str):
    sys.modules.pop(module, None)
    return importlib.import_module(module)


def test_with_the_demo_loaded_and_debug_off_the_deploy_check_fails_and_nothing_starts(demo, settings):
    settings.DEBUG = False
    errors = demo_accounts_absent()
    assert [e.id for e in errors] == ["openakimat.E001"]
    assert "demo.admin" in errors[0].msg and "remove_demo" in errors[0].hint
    with pytest.raises(ImproperlyConfigured, match="remove_demo"):
        refuse_demo_in_production()
    for entry_point in ("config.wsgi", "config.asgi"):
        with pytest.raises(ImproperlyConfigured, match="demo accounts"):
            import_fresh(entry_point)


def test_a_development_machine_keeps_its_demo(demo, settings):
    settings.DEBUG = True
    assert demo_accounts_absent() == []
    refuse_demo_in_production()  # does not raise


def test_a_demo_authenticator_alone_is_refused(staff_client, akzhar_head, settings):
    settings.DEBUG = False
    assert demo_accounts_absent() == []
    TOTPDevice.objects.create(user=akzhar_head, name="demo", confirmed=True)
    assert [e.id for e in demo_accounts_absent()] == ["openakimat.E001"]
    with pytest.raises(ImproperlyConfigured, match="1 demo authenticator"):
        refuse_demo_in_production()


def test_remove_demo_clears_every_demo_sign_in_and_audits_it(demo, settings):
    # A demo account that signed in (the audit log refers to it) can only be disabled.
    operator = User.objects.get(username="demo.operator")
    audit_record(actor=operator, action="staff.sign_in", obj=operator, data={"second_factor": True})
    settings.DEBUG = False
    out = StringIO()
    call_command("remove_demo", interactive=False, stdout=out)
    assert "No demo sign-in is left." in out.getvalue()
    assert not demo_leftovers()
    assert demo_accounts_absent() == []
    refuse_demo_in_production()
    import_fresh("config.wsgi")
    operator = User.objects.get(username="demo.operator")
    assert not operator.is_active and not operator.has_usable_password() and not operator.is_staff
    assert not RoleGrant.objects.filter(user__username__in=demo_usernames()).exists()
    assert not TOTPDevice.objects.filter(name="demo").exists()
    assert User.objects.filter(username__in=demo_usernames()).count() < len(demo_usernames())  # most deleted
    summary = AuditEntry.objects.get(action="demo.remove")
    assert summary.actor_label == "system:remove_demo"
    assert "demo.operator" in summary.data["disabled"] and summary.data["devices_removed"] == len(demo_usernames())
    assert AuditEntry.objects.filter(action="account.delete").count() == len(summary.data["deleted"])
    assert audit_verify() is None


def test_a_database_without_tables_yet_is_let_through(transactional_db, settings):
    settings.DEBUG = False
    from django.db import connection

    with connection.schema_editor() as editor:
        editor.delete_model(TOTPDevice)
    try:
        assert demo_leftovers() is not None and not demo_leftovers()
        refuse_demo_in_production()
    finally:
        with connection.schema_editor() as editor:
            editor.create_model(TOTPDevice)


def test_demo_authenticator_keys_are_random_and_totp_code_reads_them(demo):
    devices = dict(TOTPDevice.objects.filter(name="demo").values_list("user__username", "key"))
    assert set(devices) == set(demo_usernames())
    assert len(set(devices.values())) == len(devices)
    for username, key in devices.items():
        assert key != hashlib.sha256(f"open-akimat-demo:{username}".encode()).hexdigest()[:40]
    device = TOTPDevice.objects.get(user__username="demo.admin", name="demo")

    def current() -> str:
        return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"

    out = StringIO()
    before = current()
    with override_settings(DEBUG=True):
        call_command("totp_code", "demo.admin", stdout=out)
    assert out.getvalue().strip() in {before, current()}  # the same, unless a 30 s step ended between


def test_a_key_derived_from_the_username_by_an_earlier_version_is_replaced(demo):
    published = hashlib.sha256(b"open-akimat-demo:demo.admin").hexdigest()[:40]
    TOTPDevice.objects.filter(user__username="demo.admin", name="demo").update(key=published)
    load_demo()
    assert TOTPDevice.objects.get(user__username="demo.admin", name="demo").key != published


def test_load_demo_refuses_with_debug_off_whatever_it_is_told(db, settings):
    settings.DEBUG = False
    for args in ((), ("--force",)):
        with pytest.raises(CommandError):
            call_command("load_demo", *args, stdout=StringIO())
    assert not User.objects.exists()


def run(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def test_the_web_and_worker_processes_refuse_a_production_database_with_a_demo_account(tmp_path):
    """The real entry points, each in its own process, on a migrated production-like database."""
    env = production_env(tmp_path / "production.sqlite3", CELERY_BROKER_URL="redis://127.0.0.1:6379/5")
    assert run("manage.py", "migrate", "-v0", env=env).returncode == 0
    assert run("-c", "import config.wsgi, config.asgi", env=env).returncode == 0
    create = "from openakimat.accounts.models import User; User.objects.create_user('demo.observer', password='x')"
    assert run("manage.py", "shell", "-c", create, env=env).returncode == 0

    check = run("manage.py", "check", "--deploy", env=env)
    assert check.returncode != 0 and "openakimat.E001" in check.stderr
    for entry_point in ("config.wsgi", "config.asgi"):
        started = run("-c", f"import {entry_point}", env=env)
        assert started.returncode != 0
        assert "ImproperlyConfigured" in started.stderr and "remove_demo" in started.stderr
    # A worker that started would wait for tasks until killed: the refusal must come well before.
    worker = run("-m", "celery", "-A", "config", "worker", "--pool", "solo", "--without-mingle", env=env, timeout=90)
    assert worker.returncode != 0
    assert "demo.observer" in worker.stderr and "remove_demo" in worker.stderr

    declined = subprocess.run(
        [sys.executable, "manage.py", "remove_demo"], cwd=ROOT, env=env, input="no\n", capture_output=True, text=True
    )
    assert declined.returncode != 0 and "Nothing was changed" in declined.stderr
    assert run("manage.py", "check", "--deploy", env=env).returncode != 0  # still there
    assert run("manage.py", "remove_demo", "--no-input", env=env).returncode == 0
    assert run("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env).returncode == 0
    assert run("-c", "import config.wsgi, config.asgi", env=env).returncode == 0
