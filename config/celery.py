"""The Celery application: background and scheduled work (notifications, audit sealing, and the
periodic sweeps, reminders and digests of later parts).

Settings come from Django's, prefixed CELERY_ (see docs/configuration.md). Each app's `tasks.py`
is found by autodiscovery. With no broker configured, tasks run eagerly: in the process that
queued them, right after the commit (the embedded `make run` mode and the tests)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("openakimat")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
