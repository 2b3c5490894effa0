"""The published residents' comments on a page, as JSON: the name as given, the date and the text.
Never the e-mail, nothing of a comment still waiting, hidden or rejected."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from . import selectors_comments as selectors
from .comment_targets import TARGETS

router = Router(tags=["comments"])
KINDS = "|".join(k.replace(".", r"\.") for k in TARGETS)


class CommentFilters(Schema):
    on: str = Field(..., pattern=rf"^({KINDS})$", description="What the comments are on, e.g. budget.project.")
    id: int = Field(..., ge=1, le=2**62, description="The id of the record they are on.")


class CommentOut(Schema):
    id: int
    name: str = Field(description="The name the resident gave, as written.")
    published_at: datetime | None
    text: str = Field(description="Plain text: show it escaped, never as HTML.")


@router.get("/comments", response=list[CommentOut], summary="The published comments on one page")
def list_comments(request: HttpRequest, filters: Query[CommentFilters]):
    rows = selectors.published_comments(filters.on, filters.id)[:500]
    return [{"id": c.pk, "name": c.author_name, "published_at": c.published_at, "text": c.text} for c in rows]
