"""A resident's question to a public hearing, from the public form: the contact checked (a
Kazakhstan phone or an e-mail address), questions per client address rate-limited, then
`services.question_submit` (which checks the hearing takes questions, writes the question and its
audit entry). No account is needed. The name and contact are never logged, nor put in an audit
entry or a URL; the client address is counted only as a keyed hash (`common.ratelimit`)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from openakimat.common.errors import ConflictError
from openakimat.common.phone import phone_normalise
from openakimat.common.ratelimit import HOUR, hit_for

from . import services
from .models import Meeting, Question

QUESTIONS = "meeting-question"
DEFAULT_QUESTIONS_PER_HOUR = 5


def questions_per_hour() -> int:
    return int(getattr(settings, "MEETING_QUESTIONS_PER_HOUR", DEFAULT_QUESTIONS_PER_HOUR))


def clean_contact(value: str) -> str:
    """A phone (stored as +7…) or an e-mail address, or "" when none is given."""
    value = (value or "").strip()
    if not value:
        return ""
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(
                {"author_contact": _("Give a Kazakhstan phone number or an e-mail address.")}, code="contact"
            ) from None
        return value
    try:
        return phone_normalise(value)
    except ValidationError:
        raise ValidationError(
            {"author_contact": _("Give a Kazakhstan phone number or an e-mail address.")}, code="contact"
        ) from None


def question_ask(
    *, meeting: Meeting, text: str, author_name: str, author_contact: str, language: str, client: str
) -> Question:
    """Take a resident's question to `meeting`. ValidationError for bad input, ConflictError when
    the hearing takes no questions (closed, cancelled, not a hearing), RateLimited past
    MEETING_QUESTIONS_PER_HOUR from one address (LimiterUnavailable when the counter is away).
    Nothing is counted or saved for a question refused for its input or a closed hearing."""
    if not meeting.questions_open():
        raise ConflictError(_("This hearing takes no questions now."))
    contact = clean_contact(author_contact)
    if not (text or "").strip():
        raise ValidationError({"text": _("Write your question.")}, code="required")
    if not (author_name or "").strip():
        raise ValidationError({"author_name": _("Give your name.")}, code="required")
    hit_for(QUESTIONS, f"client:{client}", limit=questions_per_hour(), window=HOUR)
    return services.question_submit(
        meeting=meeting, text=text, author_name=author_name, author_contact=contact, language=language
    )
