"""The Celery application: background and scheduled work (notifications, audit sealing, and the
periodic sweeps, reminders and digests of later parts).

Settings come from Django's, prefixed CELERY_ (see docs/configuration.md). Each app's `tasks.py`
is found by autodiscovery. With no broker configured, tasks run eagerly: in the process that
queued them, right after the commit (the embedded `make run` mode and the tests)."""

import logging
import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
logger = logging.getLogger("openakimat.celery")

app = Celery("openakimat")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
@signals.beat_init.connect
def refuse_demo_in_production(**kwargs: object) -> None:
    """With DEBUG off, a worker (or beat) does not start on a database that holds the demo's
    accounts (docs/security.md). Celery logs and swallows exceptions from signal handlers, so the
    refusal leaves through SystemExit."""
    import django
    from django.apps import apps
    from django.core.exceptions import ImproperlyConfigured

    if not apps.ready:
        django.setup()
    from openakimat.demo.guard import refuse_demo_in_production as refuse

    try:
        refuse()
    except ImproperlyConfigured as exc:
        logger.critical("%s", exc)
        raise SystemExit(f"ImproperlyConfigured: {exc}") from None
