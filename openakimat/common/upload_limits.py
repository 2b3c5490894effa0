"""Caps on what a view accepts as an upload, applied before the body is read.

A view marked with `upload_limit("SETTING")` takes multipart uploads of at most that setting's
number of bytes per file. `UploadLimitMiddleware`, ahead of anything that reads a form, puts a
`CappedUploadHandler` first among the request's upload handlers: a request whose declared length
is over the cap is not read at all, and a file that grows past it (a body without a declared
length) stops being received. The view finds the handler as `request.capped_upload` and answers
with its own translated message when `exceeded`."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.datastructures import MultiValueDict

# Room for a form's other fields and the multipart framing around the file.
FORM_OVERHEAD_BYTES = 64 * 1024


def upload_limit(setting: str) -> Callable[[Any], Any]:
    """Mark a view as taking uploads of at most `settings.<setting>` bytes."""

    def mark(view: Any) -> Any:
        view.upload_limit_setting = setting
        return view

    return mark


class CappedUploadHandler(FileUploadHandler):
    def __init__(self, request: HttpRequest | None = None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.exceeded = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > self.limit + FORM_OVERHEAD_BYTES:
            self.exceeded = True
            return QueryDict(encoding=encoding), MultiValueDict()  # the body is left unread
        return None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=True)  # and the rest isn't read either
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class UploadLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type == "multipart/form-data":
            try:
                view = resolve(request.path_info).func
            except Resolver404:
                view = None
            setting = getattr(view, "upload_limit_setting", None)
            if setting is not None:
                handler = CappedUploadHandler(request, limit=getattr(settings, setting))
                request.upload_handlers.insert(0, handler)
                request.capped_upload = handler  # type: ignore[attr-defined]
        return self.get_response(request)
