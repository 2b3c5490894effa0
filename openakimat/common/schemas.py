"""Schemas every app's API shares."""

from typing import Annotated

from ninja import Field, Schema

# The id of a row as the database keeps it (a 64-bit integer): a larger number is refused as
# invalid input (422) instead of overflowing the database query (500).
DatabaseId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class ErrorOut(Schema):
    """Every error of the JSON API: a message in the request's language, and for invalid input the
    messages by field (`__all__` for the input as a whole)."""

    detail: str = Field(..., description="What went wrong, in the request's language.")
    errors: dict[str, list[str]] | None = Field(
        None, description="Invalid input only: the messages for each field that is wrong."
    )
