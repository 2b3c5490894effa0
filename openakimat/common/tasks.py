"""Running background work after the transaction that asked for it commits.

In production a Celery worker takes the task from the broker (Redis). In the embedded default
(`make run` on SQLite, the tests) `CELERY_TASK_ALWAYS_EAGER` is on and the task runs in-process
right after the commit. Either way the database row that asked for the work (an outbox row, an
unsealed audit entry) is the durable record: a periodic sweep redoes whatever a lost task left.
"""

import logging
from typing import Any

from django.db import transaction

logger = logging.getLogger("openakimat.tasks")


def enqueue(task: Any, *args: Any, **kwargs: Any) -> None:
    """Queue `task` now (from code that already runs after the commit)."""
    try:
        task.delay(*args, **kwargs)
    except Exception:  # the broker is away: the sweep will pick the work up from the database
        logger.warning("could not queue %s; the periodic sweep will do it", getattr(task, "name", task), exc_info=True)


def enqueue_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Queue `task` once the current transaction commits (at once outside a transaction); never
    for a transaction that rolls back."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))
