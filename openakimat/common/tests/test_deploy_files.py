"""The files of deploy/ stay in step with the settings: the environment template names every
variable of docs/configuration.md and passes the deploy checks once filled in; gunicorn's settings
follow the environment; the nginx site renders and nginx accepts it; the compose file has its
services. The running production configuration is tested by `make smoke-prod`."""

import os
import re
import secrets
import shutil
import subprocess
import sys

import pytest
import yaml

from .test_deployment import ROOT, manage, production_env

DEPLOY = ROOT / "deploy"
BASH, NGINX, OPENSSL = shutil.which("bash") or "/bin/bash", shutil.which("nginx"), shutil.which("openssl")
# Variables of docs/configuration.md that a production environment file leaves out, and why.
NOT_FOR_PRODUCTION = {
    "SQLITE_BUSY_TIMEOUT": "only for the embedded SQLite database",
    "REDIS_URL": "an alias of CACHE_URL",
    "STATICFILES_STORAGE": "the default is the production one",
}


def documented_variables() -> set[str]:
    table = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    names: set[str] = set()
    for row in re.findall(r"^\| ([^|]+) \|", table, flags=re.M):
        names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", row))
    return names


def example_environment() -> dict[str, str]:
    values = {}
    for line in (DEPLOY / "openakimat.env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            assert re.fullmatch(r"[A-Z][A-Z0-9_]*", name), f"not NAME=value: {line}"
            values[name] = value.strip('"')
    return values


def test_the_environment_template_names_every_documented_variable():
    documented = documented_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "STORAGE_BACKEND"} <= documented
    missing = documented - set(example_environment()) - set(NOT_FOR_PRODUCTION)
    assert not missing, f"add these to deploy/openakimat.env.example: {sorted(missing)}"


def test_the_environment_template_passes_the_deploy_checks_once_filled_in():
    env = production_env()
    database = env["DATABASE_URL"]  # this machine's database, not the template's
    env.update({k: v for k, v in example_environment().items() if v})
    env.update(SECRET_KEY=secrets.token_urlsafe(50), DATABASE_URL=database)
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr + result.stdout


def gunicorn_settings(**variables: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")} | variables
    code = (
        "import json, runpy; s = runpy.run_path('deploy/gunicorn.conf.py'); "
        "print(json.dumps({k: s[k] for k in ('bind', 'workers', 'threads', 'worker_class', 'timeout')}))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)


def test_gunicorn_takes_its_workers_and_addresses_from_the_environment():
    chosen = gunicorn_settings(GUNICORN_WORKERS="3", GUNICORN_BIND="127.0.0.1:8001, 127.0.0.1:8002")
    assert chosen["workers"] == 3
    assert chosen["bind"] == ["127.0.0.1:8001", "127.0.0.1:8002"]
    assert chosen["worker_class"] == "gthread" and chosen["threads"] == 1
    default = gunicorn_settings(GUNICORN_WORKERS="")
    assert default["workers"] == min(4 * len(os.sched_getaffinity(0)), 16)
    assert default["bind"] == ["127.0.0.1:8001"]


def render(tmp_path, **variables: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OA_") and k != "UPLOAD_MAX_BYTES"}
    env.update(
        {
            "OA_SERVER_NAME": "akimat.example.kz",
            "OA_TLS_CERTIFICATE": str(tmp_path / "cert.pem"),
            "OA_TLS_CERTIFICATE_KEY": str(tmp_path / "key.pem"),
            "OA_STATIC_ROOT": str(tmp_path / "static") + "/",
        }
        | variables
    )
    return subprocess.run(
        [BASH, str(DEPLOY / "nginx" / "render.sh")], env=env, capture_output=True, text=True, timeout=30
    )


@pytest.mark.skipif(shutil.which("envsubst") is None, reason="envsubst (gettext-base) is not installed")
def test_the_nginx_site_renders_with_limits_that_follow_the_apps(tmp_path):
    site = render(tmp_path, UPLOAD_MAX_BYTES="10485760", OA_APP_SERVERS="server 10.0.0.1:8001; server 10.0.0.2:8001;")
    assert site.returncode == 0, site.stderr
    text = site.stdout
    assert not re.search(r"\$\{OA_[A-Z_]+\}", text), "a placeholder is left"
    assert "client_max_body_size 51m;" in text  # five documents of 10 MiB and the form
    assert "client_max_body_size 65m;" in text  # the admin: a budget import of 64 MiB and the form
    bigger = render(tmp_path, BUDGET_IMPORT_MAX_BYTES=str(100 * 1024 * 1024))
    assert "client_max_body_size 101m;" in bigger.stdout  # follows the app's cap
    assert f"alias {tmp_path}/static/;" in text
    assert "server 10.0.0.1:8001; server 10.0.0.2:8001;" in text
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in text
    assert "listen [::]:443 ssl http2;" in text
    without_ipv6 = render(tmp_path, OA_IPV6="off").stdout
    assert "listen 443 ssl http2;" in without_ipv6 and "[::]" not in without_ipv6


@pytest.mark.skipif(shutil.which("envsubst") is None, reason="envsubst (gettext-base) is not installed")
def test_the_nginx_site_refuses_to_render_without_its_certificate(tmp_path):
    result = render(tmp_path, OA_TLS_CERTIFICATE_KEY="")
    assert result.returncode != 0
    assert "OA_TLS_CERTIFICATE_KEY" in result.stderr


@pytest.mark.skipif(NGINX is None or OPENSSL is None, reason="nginx or openssl is not installed")
def test_nginx_accepts_the_rendered_site(tmp_path):
    subprocess.run(
        [
            str(OPENSSL),
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=akimat.example.kz",
            "-keyout",
            str(tmp_path / "key.pem"),
            "-out",
            str(tmp_path / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    site = render(
        tmp_path,
        OA_IPV6="off",
        OA_ACCESS_LOG=str(tmp_path / "access.log"),
        OA_ERROR_LOG=str(tmp_path / "error.log"),
    )
    (tmp_path / "site.conf").write_text(site.stdout)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ include /etc/nginx/mime.types; include {tmp_path}/site.conf; }}\n"
    )
    result = subprocess.run(
        [str(NGINX), "-t", "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr


def test_the_compose_file_runs_each_part_once_from_the_environment_file():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"app", "worker", "beat", "postgres", "redis", "nginx", "setup"} <= set(services)
    for name in ("app", "worker", "beat", "setup"):
        assert services[name]["env_file"] == "deploy/openakimat.env"
        assert services[name]["environment"]["CACHE_URL"].startswith("redis://")
    runs_beat = [name for name, service in services.items() if "beat" in (service.get("command") or [])]
    assert runs_beat == ["beat"], "exactly one beat"
    assert (ROOT / services["app"]["build"]["dockerfile"]).exists()
