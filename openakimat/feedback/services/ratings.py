"""Residents' ratings of an issued application or a finished queue visit (docs/ratings.md).

Who may rate is proven, with no account, by what only the resident holds: the case's number and
tracking code, the ticket's token (its QR code) or the token of the SMS link. One rating per case
and per ticket: the case (or ticket) row is locked while the rating is written, and the unique keys
refuse whatever gets past the lock. A rating keeps the service, department and akimat for the
aggregates, the day, the score and the comment; nothing that names the resident.
"""

import base64
import hashlib
import re
import secrets
import unicodedata
from contextvars import ContextVar
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from openakimat.applications.models import Application, Status
from openakimat.applications.tracking import find_by_tracking
from openakimat.common import policy
from openakimat.common.actor import Actor
from openakimat.common.errors import ConflictError
from openakimat.notifications import kinds
from openakimat.notifications.services import notify
from openakimat.queueing.models import Ticket
from openakimat.queueing.services import ticket_by_token

from .. import permissions
from ..models import RATING_COMMENT_MAX, SCORES, Rating, RatingInvite, RatingSubject

OFFER_KIND = "feedback.rating_offer"
# Markup, not a "<3" or "a < b": a tag opening, closing or a comment.
_TAG = re.compile(r"<\s*[/!?]?\s*[A-Za-z]")


def new_token() -> str:
    """32 capital letters and digits (160 random bits): a run the SMS log masks (notifications.sms)."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def token_hash(token: str) -> str:
    return hashlib.sha256((token or "").strip().upper().encode()).hexdigest()


def already_rated_message() -> str:
    return _("This has already been rated. Thank you: one rating is counted per application or visit.")


def clean_comment(raw: str) -> str:
    """Plain text: normalised, control characters other than line breaks dropped, no markup."""
    text = unicodedata.normalize("NFC", raw or "").replace("\r\n", "\n")
    text = "".join(c for c in text if c == "\n" or unicodedata.category(c)[0] != "C").strip()
    if len(text) > RATING_COMMENT_MAX:
        raise ValidationError(
            {"comment": _("Keep the comment to %(max)s characters or fewer.") % {"max": RATING_COMMENT_MAX}}
        )
    if _TAG.search(text):
        raise ValidationError({"comment": _("Write the comment as plain text, without HTML.")})
    return text


def _clean_score(score: object) -> int:
    try:
        value = int(str(score))
    except (TypeError, ValueError):
        value = 0
    if value not in SCORES:
        raise ValidationError({"score": _("Choose a score from 1 to 5.")})
    return value


def application_for_rating(*, number: str, tracking_code: str) -> Application | None:
    """The case these number and code open (compared in constant time), or None."""
    return find_by_tracking(number, tracking_code)


def ticket_for_rating(*, token: str) -> Ticket | None:
    return ticket_by_token(token)


def invite_find(*, token: str) -> RatingInvite | None:
    token = (token or "").strip()
    if not token or len(token) > 64:
        return None
    return RatingInvite.objects.select_related("application").filter(token_hash=token_hash(token)).first()


def rating_of(*, application_id: int | None = None, ticket_id: int | None = None) -> Rating | None:
    if application_id is not None:
        return Rating.objects.filter(application_id=application_id).first()
    return Rating.objects.filter(ticket_id=ticket_id).first() if ticket_id is not None else None


def rating_submit(
    *,
    actor: Actor | None = None,
    application: Application | None = None,
    ticket: Ticket | None = None,
    score: object,
    comment: str = "",
    today: date | None = None,
) -> Rating:
    """Rate the case or the ticket the caller proved to hold. ValidationError for a bad score or
    comment, PermissionDenied while it can't be rated yet, ConflictError if already rated."""
    value, text = _clean_score(score), clean_comment(comment)
    day = today or timezone.localdate()
    with transaction.atomic():
        if application is not None:
            case = Application.objects.select_for_update().get(pk=application.pk)
            policy.require(permissions.can_rate_application(case), _("An application can be rated once it is issued."))
            fields = {
                "kind": RatingSubject.APPLICATION,
                "application": case,
                "akimat_id": case.akimat_id,
                "department_id": case.department_id,
                "service_id": case.service_id,
            }
        elif ticket is not None:
            held = Ticket.objects.select_for_update().get(pk=ticket.pk)
            policy.require(permissions.can_rate_ticket(held), _("A visit can be rated once you have been served."))
            found = Ticket.objects.select_related("hall", "category", "application").get(pk=held.pk)
            fields = {
                "kind": RatingSubject.VISIT,
                "ticket": held,
                "akimat_id": found.hall.akimat_id,
                "department_id": found.category.department_id,
                "service_id": found.application.service_id if found.application else None,
            }
        else:
            raise ValueError("rate an application or a ticket")
        taken = (
            Rating.objects.filter(application=case) if application is not None else Rating.objects.filter(ticket=held)
        )
        if taken.exists():
            raise ConflictError(already_rated_message())
        try:
            with transaction.atomic():
                return Rating.objects.create(score=value, comment=text, rated_on=day, **fields)
        except IntegrityError:
            raise ConflictError(already_rated_message()) from None


# == The SMS link =================================================================================
# The link is written into the message text while `notify` writes it (a context variable, as the
# withdrawal code is); the invite keeps only the token's hash.
_link: ContextVar[str] = ContextVar("rating_link", default="")


def rating_link(token: str, language: str) -> str:
    with translation.override(language if language in kinds.LANGUAGES else "kk"):
        return settings.SITE_URL + reverse("ratings:invite", kwargs={"token": token})


def rating_invite_send(*, application: Application) -> str | None:
    """Offer the resident of an issued case to rate it, by SMS to the case's phone. Once per case;
    returns the token (for tests), or None if an offer was made before."""
    if RatingInvite.objects.filter(application=application).exists():
        return None
    token = new_token()
    invite = RatingInvite.objects.create(application=application, token_hash=token_hash(token))
    reset = _link.set(rating_link(token, application.language or "kk"))
    try:
        notify(kind=OFFER_KIND, obj=invite)
    finally:
        _link.reset(reset)
    return token


def on_application_move(application: Application, status: str) -> None:
    """applications.hooks listener: the offer goes out when the result is handed over."""
    if status == Status.ISSUED:
        rating_invite_send(application=application)


def _offer_text(invite: RatingInvite) -> str:
    return _("Application %(number)s: how was the service? Rate it from 1 to 5 here: %(link)s") % {
        "number": invite.application.number,
        "link": _link.get(),
    }


def _offer_subject(invite: RatingInvite) -> str:
    return _("Rate the service")


def _offer_recipient(invite: RatingInvite) -> kinds.Recipient:
    """By SMS only, to the phone the case holds."""
    application = invite.application
    return kinds.Recipient(phone=application.applicant_phone, language=application.language or "kk", reference="")


def register_kinds() -> None:
    kinds.register(kinds.Kind(OFFER_KIND, _offer_text, _offer_subject, _offer_recipient))
