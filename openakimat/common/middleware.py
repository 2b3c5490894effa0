"""One place that decides whether a request can be read at all, before any view runs.

`RequestDecodingMiddleware` reads the address, the query and the body of every request, whatever
its content type, and refuses with a translated 4xx (`common.badrequest`) what no view could use:

- a NUL character anywhere (PostgreSQL refuses it in text; SQLite would store it);
- bytes that are not UTF-8 in the query or the body (Django would otherwise turn them into
  replacement characters "�" and store those), and replacement characters in multipart fields,
  which is what Django makes of invalid bytes there;
- a body Django refuses to read (larger than DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields or
  files, a broken multipart body, an over-long part header such as a file name of a thousand
  characters): 413 for "too large", 400 otherwise;
- more than one file in one field (every form and operation takes one file per document);
- files over the per-request total (UPLOAD_MAX_REQUEST_BYTES) or more files than
  DATA_UPLOAD_MAX_NUMBER_FILES: 413, nothing read past the cap.

It goes after `UploadLimitMiddleware` (whose per-view cap the view answers itself) and before
anything else that reads a form.
"""

import re
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .badrequest import bad_request_response, too_large_message

NUL = "\x00"
REPLACEMENT = "\ufffd"
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# A JSON "\u0000" escape (not itself escaped as "\\u0000").
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000", re.IGNORECASE)

NUL_MESSAGE = _("The request contains a character that is not allowed (NUL).")
ENCODING_MESSAGE = _("The request contains text that is not valid UTF-8. Send text in UTF-8.")
MALFORMED_MESSAGE = _("The request could not be read. Check the form or the body and send it again.")


def one_file_message(field: str, count: int) -> str:
    return gettext("Send one file for each document: the field “%(field)s” has %(count)d.") % {
        "field": field[:60],
        "count": count,
    }


class Refused(Exception):
    def __init__(self, status: int, message: object) -> None:
        self.status, self.message = status, message
        super().__init__(str(status))


class RequestTotalHandler(FileUploadHandler):
    """Counts the bytes of every file in one multipart request and stops at UPLOAD_MAX_REQUEST_BYTES."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        view_cap = getattr(getattr(request, "capped_upload", None), "limit", 0)
        self.limit: int = max(settings.UPLOAD_MAX_REQUEST_BYTES, view_cap)
        self.total = 0
        self.exceeded = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # The whole body declared larger than the cap plus room for the fields: not read at all.
        if content_length > self.limit + settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            self.exceeded = True
            return QueryDict(encoding=encoding), MultiValueDict()
        return None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.total += len(raw_data)
        if self.total > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _check_text_bytes(raw: bytes) -> None:
    if b"\x00" in raw:
        raise Refused(400, NUL_MESSAGE)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, ENCODING_MESSAGE) from None


def _check_urlencoded(raw: bytes) -> None:
    """A query string or form body: each percent-escape decoded to its byte, then UTF-8."""
    _check_text_bytes(unquote_to_bytes(raw.replace(b"+", b" ")))


def _check_decoded(values: list[str]) -> None:
    for value in values:
        if NUL in value:
            raise Refused(400, NUL_MESSAGE)
        if REPLACEMENT in value:
            raise Refused(400, ENCODING_MESSAGE)


def check_request(request: HttpRequest) -> None:
    """Raise Refused if the request can't be read as text without loss."""
    if NUL in request.path:
        raise Refused(400, NUL_MESSAGE)
    # WSGI hands the query over as latin-1 text: back to its bytes, then percent-decoded.
    _check_urlencoded(request.META.get("QUERY_STRING", "").encode("latin-1", errors="replace"))
    if request.method not in BODY_METHODS:
        return
    content_type = request.content_type or ""
    try:
        if content_type == "multipart/form-data":
            total = RequestTotalHandler(request)
            request.upload_handlers.insert(0, total)  # first: later handlers keep the chunks
            _check_decoded(list(request.POST) + [v for vs in request.POST.lists() for v in vs[1]])
            if total.exceeded:
                raise Refused(413, too_large_message())
            for field, files in request.FILES.lists():
                _check_decoded([field] + [f.name or "" for f in files])
                if len(files) > 1:  # no form or operation takes several files in one field
                    raise Refused(400, one_file_message(field, len(files)))
                if any(len(f.name or "") > 255 for f in files):
                    raise Refused(400, _("A file name is too long. Rename the file and send it again."))
        else:
            body = request.body
            if content_type == "application/x-www-form-urlencoded":
                _check_urlencoded(body)
            elif body:
                _check_text_bytes(body)
                if _JSON_NUL.search(body):
                    raise Refused(400, NUL_MESSAGE)
    except (RequestDataTooBig, TooManyFilesSent):
        raise Refused(413, too_large_message()) from None
    except (TooManyFieldsSent, MultiPartParserError, SuspiciousOperation, BadRequest, UnicodeDecodeError):
        raise Refused(400, MALFORMED_MESSAGE) from None


class RequestDecodingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            check_request(request)
        except Refused as refused:
            return bad_request_response(request, refused.status, refused.message)
        return self.get_response(request)
