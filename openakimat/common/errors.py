from django.core.exceptions import ValidationError

__all__ = ["ConflictError", "ValidationError"]


class ConflictError(Exception):
    """The action can't happen in the object's current state (HTTP 409)."""
