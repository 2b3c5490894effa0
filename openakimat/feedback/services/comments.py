"""Writes of the residents' comments: write one, report one, and the moderators' decisions.

A comment keeps the name as given, the e-mail encrypted (never shown; its keyed hash limits and
bans) and the text as plain text: nothing is interpreted as markup, every page escapes it. Control
and bidirectional-override characters, which could make a text look like something else, are taken
out on the way in. With pre-moderation on (settings.COMMENTS_PREMODERATION) a comment waits for a
moderator; residents' reports from COMMENT_REPORTS_TO_HIDE different clients hide it until one
looks. Every decision is a ModerationDecision and an audit entry, in one transaction.
"""

import unicodedata
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from openakimat.common import policy
from openakimat.common.actor import Actor, actor_user
from openakimat.common.errors import ConflictError
from openakimat.integrity.services import audit_record

from .. import permissions_comments as permissions
from ..comment_targets import TARGETS
from ..models import (
    COMMENT_EMAIL_MAX,
    COMMENT_NAME_MAX,
    COMMENT_REASON_MAX,
    COMMENT_TEXT_MAX,
    COMMENT_TEXT_MIN,
    Comment,
    CommentReport,
    CommentStatus,
    ModerationAction,
    ModerationDecision,
)

S = CommentStatus
A = ModerationAction
# Each decision: the statuses it may leave, the status it reaches, whether it needs a reason.
MOVES: dict[str, tuple[frozenset[str], str, bool]] = {
    A.APPROVE: (frozenset({S.PENDING}), S.PUBLISHED, False),
    A.REJECT: (frozenset({S.PENDING, S.HIDDEN}), S.REJECTED, True),
    A.HIDE: (frozenset({S.PUBLISHED}), S.HIDDEN, True),
    A.RESTORE: (frozenset({S.HIDDEN, S.REJECTED}), S.PUBLISHED, False),
}
# Bidirectional embeddings, overrides and isolates, and the invisible marks: shown nowhere, they can
# only make a text read differently from what it is.
_INVISIBLE = {0x200B, 0x200E, 0x200F, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def email_hash(email: str) -> str:
    """The keyed hash of an e-mail address (lower-cased), for limits and bans."""
    return salted_hmac("openakimat.feedback.comments.email", email.strip().lower()).hexdigest()


def client_hash(address: str) -> str:
    return salted_hmac("openakimat.feedback.comments.client", address or "unknown").hexdigest()


def clean_text(value: str, *, multiline: bool) -> str:
    """NFC, without control characters (but line breaks in a multi-line text) nor the invisible
    characters above; joiners and variation selectors stay, emoji need them."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    kept = []
    for ch in value:
        if ch == "\n" and multiline:
            kept.append(ch)
        elif ch in "\t\n":
            kept.append(" ")
        elif unicodedata.category(ch) == "Cc" or ord(ch) in _INVISIBLE:
            continue
        else:
            kept.append(ch)
    text = "".join(kept).strip()
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def _check(name: str, email: str, text: str) -> dict[str, str]:
    errors: dict[str, Any] = {}
    if not name:
        errors["author_name"] = _("Enter your name.")
    elif len(name) > COMMENT_NAME_MAX:
        errors["author_name"] = _("The name is too long: at most %(n)s characters.") % {"n": COMMENT_NAME_MAX}
    try:
        if len(email) > COMMENT_EMAIL_MAX:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid e-mail address.")
    if len(text) < COMMENT_TEXT_MIN:
        errors["text"] = _("Write your comment.")
    elif len(text) > COMMENT_TEXT_MAX:
        errors["text"] = _("The comment is too long: at most %(n)s characters.") % {"n": COMMENT_TEXT_MAX}
    if errors:
        raise ValidationError(errors)
    return errors


def comment_submit(
    *, actor: Actor | None = None, kind: str, target_id: int, name: str, email: str, text: str
) -> Comment:
    """A resident's comment on a public record. Published at once unless pre-moderation is on."""
    target = TARGETS.get(kind)
    obj = target.find(target_id) if target else None
    if target is None or obj is None:
        raise ValidationError(_("This page does not take comments."))
    akimat = target.akimat(obj)
    if akimat is None:
        raise ValidationError(_("This page does not take comments."))
    name = clean_text(name, multiline=False)
    email = email.strip()
    text = clean_text(text, multiline=True)
    _check(name, email, text)
    now = timezone.now()
    published = not settings.COMMENTS_PREMODERATION
    with transaction.atomic():
        return Comment.objects.create(
            target_kind=kind,
            target_id=obj.pk,
            akimat=akimat,
            author_name=name,
            email=email,
            email_hash=email_hash(email),
            text=text,
            status=S.PUBLISHED if published else S.PENDING,
            published_at=now if published else None,
        )


def _decide(comment: Comment, actor: Actor | None, action: str, to: str, reason: str) -> None:
    ModerationDecision.objects.create(
        comment=comment, actor=actor_user(actor), action=action, from_status=comment.status, to_status=to, reason=reason
    )
    audit_record(
        actor=actor,
        action=f"comment.{action}",
        obj=comment,
        akimat=comment.akimat,
        data={"from": comment.status, "to": to, "reason": reason},
    )


def comment_report(*, actor: Actor | None = None, comment_id: int, client: str) -> bool:
    """A resident reports a published comment; one report per client counts. At
    COMMENT_REPORTS_TO_HIDE reports the comment is hidden until a moderator looks. Returns whether
    this report counted."""
    with transaction.atomic():
        comment = Comment.objects.select_for_update().filter(pk=comment_id, status=S.PUBLISHED).first()
        if comment is None:
            return False
        try:
            with transaction.atomic():
                CommentReport.objects.create(comment=comment, client_hash=client_hash(client))
        except IntegrityError:
            return False
        Comment.objects.filter(pk=comment.pk).update(reports=F("reports") + 1)
        comment.refresh_from_db(fields=["reports"])
        if comment.reports >= settings.COMMENT_REPORTS_TO_HIDE:
            _decide(comment, None, A.AUTO_HIDE, S.HIDDEN, "")
            comment.status, comment.flagged, comment.version = S.HIDDEN, True, comment.version + 1
            comment.save(update_fields=["status", "flagged", "version"])
        return True


def comment_moderate(*, actor: Actor, comment_id: int, action: str, reason: str = "", version: int) -> Comment:
    """A moderator's decision: approve, reject (with a reason), hide (with a reason) or restore."""
    reason = clean_text(reason, multiline=False)
    if action not in MOVES:
        raise ValidationError(_("Choose what to do with the comment."))
    with transaction.atomic():
        comment = Comment.objects.select_for_update().select_related("akimat__territory").filter(pk=comment_id).first()
        if comment is None:
            raise policy.deny()
        policy.require(permissions.can_moderate(actor, comment))
        leaves, reaches, needs_reason = MOVES[action]
        if comment.version != version:
            raise ConflictError(_("Someone else has just decided on this comment. Look at it again."))
        if comment.status not in leaves:
            raise ConflictError(_("This can't be done to the comment as it is now."))
        if needs_reason and not reason:
            raise ValidationError({"reason": _("Give the reason.")})
        if len(reason) > COMMENT_REASON_MAX:
            raise ValidationError({"reason": _("The reason is too long.")})
        _decide(comment, actor, action, reaches, reason)
        comment.status = reaches
        comment.reason = reason if reaches != S.PUBLISHED else ""
        comment.flagged = False
        if reaches == S.PUBLISHED:
            comment.reports = 0
            comment.published_at = comment.published_at or timezone.now()
        comment.version += 1
        comment.save(update_fields=["status", "reason", "flagged", "reports", "published_at", "version"])
        return comment
