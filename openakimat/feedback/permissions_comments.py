"""Who moderates residents' comments: the moderators and administrators of the akimat that owns
the commented record (its grant reaches the akimat's territory), and superusers. Residents write
and report comments with no account (services.comments)."""

from django.db.models import Q

from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.roles import Role

from .models import Comment

MODERATORS = (Role.MODERATOR, Role.ADMIN)


def comments_q(actor: Actor | None) -> Q:
    """The comments `actor` may moderate."""
    return policy.path_q(actor, MODERATORS, "akimat__territory__path")


def can_open_moderation(actor: Actor | None) -> bool:
    """The queue page and its menu entry."""
    return policy.is_root(actor) or bool(policy.paths(actor, MODERATORS))


def can_moderate(actor: Actor | None, comment: Comment) -> bool:
    return policy.reaches_path(actor, MODERATORS, comment.akimat.territory.path)
