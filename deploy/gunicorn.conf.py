"""Gunicorn's settings for Open Akimat behind nginx: ``gunicorn -c deploy/gunicorn.conf.py config.wsgi``.

Each value can be changed through the environment (the systemd unit reads
/etc/openakimat/openakimat.env; docs/deploy.md lists the variables). Gunicorn also reads its own
``FORWARDED_ALLOW_IPS`` (default 127.0.0.1,::1: nginx on the same host) and ``GUNICORN_CMD_ARGS``.
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# Where nginx finds the app. Several addresses may be given, separated by commas.
bind = [part.strip() for part in os.environ.get("GUNICORN_BIND", "127.0.0.1:8001").split(",") if part.strip()]

# Single-threaded workers, about four per core: on 2 cores this served the front office's busiest
# page with the shortest tail (benchmarks/RESULTS.md, "Front office"). Each worker keeps one
# database connection open (CONN_MAX_AGE), so PostgreSQL's max_connections must cover
# app servers × workers + Celery's concurrency + a margin.
workers = _int("GUNICORN_WORKERS", min(4 * _cpus(), 16))
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 1)

# nginx buffers whole requests (uploads included) before passing them on, so a slow client never
# holds a worker; a worker stuck for longer than this is killed and replaced.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# nginx keeps connections to the app open (upstream keepalive); keep them a little longer here.
keepalive = _int("GUNICORN_KEEPALIVE", 75)

# Replace a worker after this many requests (0: never). A guard against slow memory growth.
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = max_requests // 10

# The workers' heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn's heartbeat files

# nginx writes the access log; gunicorn's own is off unless asked for ("-" is standard output).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "openakimat"

# Load the app in each worker, so that `systemctl reload` (HUP) picks up new code.
preload_app = False
