"""Residents' reports and moderators' decisions arriving at once, on PostgreSQL."""

import pytest
from django.db import connection

from openakimat.common.errors import ConflictError
from openakimat.common.tests.concurrency import run_together
from openakimat.feedback.models import Comment, CommentStatus, ModerationDecision
from openakimat.feedback.services import comments as services

from .test_comments import moderator, project  # noqa: F401 (fixtures)


def _comment(project):  # noqa: F811
    return services.comment_submit(
        kind="budget.project", target_id=project.pk, name="Алия", email="a@example.kz", text="Крышу надо доделать"
    )


@pytest.fixture
def needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_reports_at_once_count_once_per_client_and_hide_once(needs_postgres, project, settings):  # noqa: F811
    settings.COMMENTS_PREMODERATION = False
    comment = _comment(project)
    clients = ["10.0.0.1", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.3", "10.0.0.4"]
    results = run_together(len(clients), lambda i: services.comment_report(comment_id=comment.pk, client=clients[i]))
    assert not [r for r in results if isinstance(r, BaseException)], results
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN and comment.flagged
    assert comment.complaints.count() in (3, 4)  # reports after the hiding no longer count
    assert ModerationDecision.objects.filter(comment=comment, action="auto_hide").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_moderators_deciding_at_once_one_wins(needs_postgres, project, moderator):  # noqa: F811
    comment = _comment(project)
    actions = [("approve", ""), ("reject", "Spam"), ("approve", ""), ("reject", "Off topic")]
    results = run_together(
        4,
        lambda i: services.comment_moderate(
            actor=moderator, comment_id=comment.pk, action=actions[i][0], reason=actions[i][1], version=1
        ),
    )
    assert sum(isinstance(r, Comment) for r in results) == 1
    assert sum(isinstance(r, ConflictError) for r in results) == 3
    assert ModerationDecision.objects.filter(comment=comment).count() == 1
