"""Reads of the residents' comments: what a public page shows, and the moderators' queue."""

from django.db.models import Q, QuerySet
from django.http import Http404

from openakimat.common.actor import Actor

from .models import Comment, CommentStatus
from .permissions_comments import comments_q

PUBLIC_FIELDS = ("pk", "author_name", "text", "published_at", "created_at")
# What each queue tab lists.
QUEUES = {
    "pending": Q(status=CommentStatus.PENDING),
    "flagged": Q(status=CommentStatus.HIDDEN, flagged=True),
    "published": Q(status=CommentStatus.PUBLISHED),
    "hidden": Q(status=CommentStatus.HIDDEN),
    "rejected": Q(status=CommentStatus.REJECTED),
}


def published_comments(kind: str, pk: int) -> QuerySet[Comment]:
    """The comments a page shows: published only, and only their public columns (never the
    e-mail, not even encrypted)."""
    return (
        Comment.objects.filter(target_kind=kind, target_id=pk, status=CommentStatus.PUBLISHED)
        .only(*PUBLIC_FIELDS)
        .order_by("published_at", "pk")
    )


def public_comment(pk: int) -> Comment:
    found = Comment.objects.filter(pk=pk, status=CommentStatus.PUBLISHED).only("pk", "target_kind", "target_id").first()
    if found is None:
        raise Http404
    return found


def moderation_queue(*, actor: Actor | None, queue: str) -> QuerySet[Comment]:
    return (
        Comment.objects.filter(comments_q(actor), QUEUES.get(queue, QUEUES["pending"]))
        .select_related("akimat__territory")
        .defer("email")
        .order_by("created_at", "pk")
    )


def moderation_counts(*, actor: Actor | None) -> dict[str, int]:
    qs = Comment.objects.filter(comments_q(actor))
    return {name: qs.filter(q).count() for name, q in QUEUES.items()}


def staff_comment(*, actor: Actor | None, pk: int) -> Comment:
    found = Comment.objects.filter(comments_q(actor), pk=pk).select_related("akimat__territory").first()
    if found is None:
        raise Http404
    return found
