#!/usr/bin/env bash
# The production configuration on loopback, and the smoke journeys through it (`make smoke-prod`).
#
# Starts, all on 127.0.0.1 and all stopped again on exit: an SMS gateway stand-in, TWO gunicorn app
# servers (deploy/gunicorn.conf.py), a Celery worker and beat, and nginx with the site of
# deploy/nginx/ terminating TLS (a throw-away self-signed certificate) in front of both servers.
# PostgreSQL and Redis are the machine's own (127.0.0.1:5432 and :6379); the run uses its own
# database (SMOKE_DB_NAME, default openakimat_smoke, dropped and made anew) and its own Redis
# database (SMOKE_REDIS_DB, default 15, emptied) as cache and broker. The environment is
# deploy/openakimat.env.example with the machine's values filled in: DEBUG off, no demo data.
#
# Needs: nginx, openssl, envsubst (gettext-base), psql (postgresql-client), the dev virtualenv.
# Keeps the temporary folder with every log when a check fails (SMOKE_KEEP=1: always).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
PY="${PY:-$ROOT/.venv/bin/python}"
BIN="$(dirname "$PY")"
DB_NAME="${SMOKE_DB_NAME:-openakimat_smoke}"
PG_SERVER="${SMOKE_PG_SERVER:-postgres://postgres@127.0.0.1:5432}"
REDIS_DB="${SMOKE_REDIS_DB:-15}"
started_at=$SECONDS

say() { printf 'smoke: [%3d s] %s\n' "$((SECONDS - started_at))" "$*"; }
die() { printf 'smoke: %s\n' "$*" >&2; exit 1; }

for tool in nginx openssl envsubst psql; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install nginx openssl gettext-base postgresql-client)"
done
[[ -x "$PY" ]] || die "no virtualenv at $PY (make dev-deps)"
NGINX="$(command -v nginx)"

WORK="$(mktemp -d /tmp/openakimat-smoke.XXXXXX)"
# nginx's workers (an unprivileged user when run as root) read the static files under it.
chmod 755 "$WORK"
mkdir -p "$WORK/logs" "$WORK/nginx" "$WORK/var"
pids=()

stop_all() {
  local pid
  for pid in "${pids[@]}"; do
    # Each process was started in its own process group: end the group (gunicorn's and Celery's
    # children with their parent), gently first.
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  pids=()
}

finish() {
  local status=$?
  trap - EXIT INT TERM
  stop_all
  if ((status != 0)); then
    for log in "$WORK"/logs/*.log; do
      [[ -s "$log" ]] || continue
      printf '\n----- last lines of %s -----\n' "$log" >&2
      tail -n 25 "$log" >&2
    done
    say "FAILED after $((SECONDS - started_at)) s; logs kept in $WORK" >&2
  elif [[ "${SMOKE_KEEP:-}" == 1 ]]; then
    say "logs kept in $WORK"
  else
    rm -rf "$WORK"
    psql -q "$PG_SERVER/postgres" -c "DROP DATABASE IF EXISTS $DB_NAME" >/dev/null 2>&1 || true
  fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

# Start "$@" in its own process group with its output in logs/$name.log; remember its id.
start() {
  local name="$1"
  shift
  setsid "$@" >>"$WORK/logs/$name.log" 2>&1 </dev/null &
  pids+=("$!")
}

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_http() {  # URL, what, seconds
  local deadline=$((SECONDS + $3))
  until "$PY" - "$1" <<'EOF' 2>/dev/null; do
import sys, urllib.request
with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(sys.argv[1], timeout=2) as answer:
    sys.exit(answer.status != 200)
EOF
    ((SECONDS < deadline)) || die "$2 did not answer $1 within $3 s"
    sleep 0.3
  done
}

# --- the environment: the example file, with this machine's values --------------------------------
HTTPS_PORT="$(free_port)"
HTTP_PORT="$(free_port)"
APP1="127.0.0.1:$(free_port)"
APP2="127.0.0.1:$(free_port)"
SMS_PORT="$(free_port)"
SMS_TOKEN="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(24))')"

"$PY" - "$ROOT/deploy/openakimat.env.example" "$WORK/openakimat.env" <<EOF
import re, secrets, sys
values = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "PERSONAL_DATA_KEYS": __import__("base64").urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1:$HTTPS_PORT",
    "DATABASE_URL": "$PG_SERVER/$DB_NAME",
    "CACHE_URL": "redis://127.0.0.1:6379/$REDIS_DB",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/$REDIS_DB",
    "CELERY_WORKER_CONCURRENCY": "2",
    "GUNICORN_WORKERS": "2",
    "STATIC_ROOT": "$WORK/static",
    "MEDIA_ROOT": "$WORK/var/media",
    "PRIVATE_MEDIA_ROOT": "$WORK/var/private",
    "UPLOAD_MAX_BYTES": "1048576",
    "EMAIL_URL": "smtp://127.0.0.1:9",
    "SMS_BACKEND": "http",
    "SMS_GATEWAY_URL": "http://127.0.0.1:$SMS_PORT/send",
    "SMS_GATEWAY_TOKEN": "$SMS_TOKEN",
    "TRACKING_FAILURES_PER_HOUR": "6",
}
text = open(sys.argv[1], encoding="utf-8").read()
for name, value in values.items():
    text, count = re.subn(rf"^{name}=.*$", lambda _m: f"{name}={value}", text, flags=re.M)
    assert count == 1, f"{name} is not in the example environment file"
assert "=CHANGE-ME" not in text and ":CHANGE-ME@" not in text, "a value the template asks to change is left"
open(sys.argv[2], "w", encoding="utf-8").write(text)
EOF
# Nothing from the caller's environment that the file doesn't set may leak in.
unset DJANGO_SETTINGS_MODULE TEST_CELERY_BROKER_URL REDIS_URL STATICFILES_STORAGE STAFF_2FA_REQUIRED
set -a
# shellcheck disable=SC1091
. "$WORK/openakimat.env"
set +a
export DJANGO_SETTINGS_MODULE=config.settings

# --- database, cache, code checks ------------------------------------------------------------------
say "fresh database $DB_NAME and Redis database $REDIS_DB"
PGOPTIONS="-c client_min_messages=warning" psql -q -v ON_ERROR_STOP=1 "$PG_SERVER/postgres" -c "DROP DATABASE IF EXISTS $DB_NAME" -c "CREATE DATABASE $DB_NAME" >/dev/null
"$PY" -c 'import sys, redis; redis.Redis.from_url(sys.argv[1]).flushdb()' "redis://127.0.0.1:6379/$REDIS_DB"

# Beat first: it needs neither the tables nor the other services, and its first periodic task is
# due a minute after it starts, which the journeys wait for.
start beat "$BIN/celery" -A config beat --loglevel INFO --schedule "$WORK/var/celerybeat-schedule"

say "collectstatic into $STATIC_ROOT, beside migrate"
start collectstatic "$PY" manage.py collectstatic --no-input
collecting="${pids[-1]}"
"$PY" manage.py migrate --no-input >"$WORK/logs/migrate.log"
say "the district, its service and a staff operator"
"$PY" deploy/smoke/setup_data.py "$WORK/setup.json"
wait "$collecting" || die "collectstatic failed"
# After the data is in, so that the checks that look at it (no demonstration accounts) see it.
say "static files collected; manage.py check --deploy"
"$PY" manage.py check --deploy --fail-level ERROR

# --- the services ------------------------------------------------------------------------------------
say "starting the worker, the SMS gateway, app servers $APP1 and $APP2"
start worker "$BIN/celery" -A config worker --loglevel INFO --hostname "smoke-worker@%h" \
  --concurrency "$CELERY_WORKER_CONCURRENCY"
start sms-gateway "$PY" deploy/smoke/sms_gateway.py "$SMS_PORT" "$SMS_TOKEN" "$WORK/sms.jsonl"
GUNICORN_BIND="$APP1" start app1 "$BIN/gunicorn" -c deploy/gunicorn.conf.py config.wsgi
GUNICORN_BIND="$APP2" start app2 "$BIN/gunicorn" -c deploy/gunicorn.conf.py config.wsgi

say "nginx on https://127.0.0.1:$HTTPS_PORT"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
  -keyout "$WORK/nginx/key.pem" -out "$WORK/nginx/cert.pem" 2>/dev/null
ipv6=on
"$PY" -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null || ipv6=off
OA_IPV6="$ipv6" OA_SERVER_NAME="127.0.0.1 localhost" OA_HTTP_PORT="$HTTP_PORT" OA_HTTPS_PORT="$HTTPS_PORT" \
  OA_TLS_CERTIFICATE="$WORK/nginx/cert.pem" OA_TLS_CERTIFICATE_KEY="$WORK/nginx/key.pem" \
  OA_STATIC_ROOT="$STATIC_ROOT" OA_ACCESS_LOG="$WORK/logs/site-access.log" OA_ERROR_LOG="$WORK/logs/site-error.log" \
  OA_APP_SERVERS="server $APP1; server $APP2;" \
  deploy/nginx/render.sh >"$WORK/nginx/site.conf"
# Loopback only: every `listen PORT` becomes 127.0.0.1:PORT, and [::] becomes [::1].
sed -i -E 's/listen \[::\]:/listen [::1]:/; s/listen ([0-9]+)/listen 127.0.0.1:\1/' "$WORK/nginx/site.conf"
if grep -E '^\s*listen ' "$WORK/nginx/site.conf" | grep -vqE 'listen (127\.0\.0\.1|\[::1\]):'; then
  die "nginx would listen beyond loopback"
fi
cat >"$WORK/nginx/nginx.conf" <<EOF
# The smoke run's nginx: the production site (site.conf, from deploy/nginx/) in a folder of its own.
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/logs/nginx-error.log;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log $WORK/logs/nginx-access.log;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    # For the smoke checks only: which app server answered.
    add_header X-Upstream \$upstream_addr always;
    include $WORK/nginx/site.conf;
}
EOF
"$NGINX" -t -q -c "$WORK/nginx/nginx.conf" -e "$WORK/logs/nginx-error.log" >>"$WORK/logs/nginx-error.log" 2>&1 \
  || die "nginx refuses the site: $(tail -n 5 "$WORK/logs/nginx-error.log")"
start nginx "$NGINX" -c "$WORK/nginx/nginx.conf" -e "$WORK/logs/nginx-error.log" -g 'daemon off;'

wait_http "http://$APP1/healthz" "app server 1" 60
wait_http "http://$APP2/healthz" "app server 2" 60
wait_http "http://127.0.0.1:$HTTP_PORT/healthz" "nginx" 20
say "everything answers after $((SECONDS - started_at)) s; the journeys"

SMOKE_BASE="https://127.0.0.1:$HTTPS_PORT" SMOKE_HTTP_BASE="http://127.0.0.1:$HTTP_PORT" \
  SMOKE_CA="$WORK/nginx/cert.pem" SMOKE_APP_SERVERS="$APP1,$APP2" SMOKE_WORK="$WORK" \
  SMOKE_SETUP="$WORK/setup.json" SMOKE_SMS_LOG="$WORK/sms.jsonl" \
  timeout 600 "$PY" deploy/smoke/journeys.py
# journeys.py's count is the last line on success.
