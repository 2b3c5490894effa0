"""Writes on appeals: the resident's submission (`intake`), and the office's work on it — routing,
the one extension, the draft and the answer, the published version (`work`). Each checks the policy,
writes its audit entry and queues the resident's messages in one transaction."""

from .intake import MAX_ATTACHMENTS, Author, Upload, appeal_submit
from .work import (
    appeal_answer,
    appeal_draft,
    appeal_extend,
    appeal_prepare_publication,
    appeal_publish,
    appeal_route,
    appeal_unpublish,
)

__all__ = [
    "MAX_ATTACHMENTS",
    "Author",
    "Upload",
    "appeal_answer",
    "appeal_draft",
    "appeal_extend",
    "appeal_prepare_publication",
    "appeal_publish",
    "appeal_route",
    "appeal_submit",
    "appeal_unpublish",
]
