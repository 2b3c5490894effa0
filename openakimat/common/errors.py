from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

__all__ = ["ConflictError", "TemporarilyUnavailable", "ValidationError", "too_long"]


class ConflictError(Exception):
    """The action can't happen in the object's current state (HTTP 409)."""


class TemporarilyUnavailable(Exception):
    """Something the action needs (the upload storage, the rate limiter's cache) is out of order
    just now, so nothing was done; the same request may succeed later (HTTP 503 with Retry-After).
    The message is for the person who sent the request: translated, and naming nothing internal."""

    default_message = _("This can't be done just now. Nothing was saved: please try again in a few minutes.")
    retry_after = 60  # seconds, for the Retry-After header

    def __init__(self, message: str | None = None) -> None:
        self.message = str(message or self.default_message)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


def too_long(limit: int, length: int) -> str:
    """The one message for a text over its limit, in the reader's language."""
    return _("Keep it under %(limit)d characters (now %(length)d).") % {"limit": limit, "length": length}
