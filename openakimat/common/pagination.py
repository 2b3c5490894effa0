from ninja import Field, Schema
from ninja.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    """Ninja's page-number pagination with bounded inputs: a page past any real list or a page
    size past the maximum is a clear 422, not a database overflow."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=500)
