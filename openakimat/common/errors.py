from django.core.exceptions import ValidationError

__all__ = ["ValidationError", "ConflictError"]


class ConflictError(Exception):
    """The action can't happen in the object's current state (HTTP 409)."""
