"""Schemas every app's API shares."""

from ninja import Field, Schema


class ErrorOut(Schema):
    """Every error of the JSON API: a message in the request's language, and for invalid input the
    messages by field (`__all__` for the input as a whole)."""

    detail: str = Field(..., description="What went wrong, in the request's language.")
    errors: dict[str, list[str]] | None = Field(
        None, description="Invalid input only: the messages for each field that is wrong."
    )
