from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

NUL = "\x00"


class RejectNulMiddleware:
    """Refuse requests that carry a NUL character in the address, the query or a form field.

    No text the project stores may contain one (PostgreSQL refuses it), so such input is never
    valid; answering 400 here saves every view from failing on it with a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            message = _("The request contains a character that is not allowed (NUL).")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if NUL in request.path:
            return True
        for values in request.GET.lists():
            if NUL in values[0] or any(NUL in v for v in values[1]):
                return True
        if request.method in {"POST", "PUT", "PATCH"}:
            content_type = request.content_type or ""
            if content_type == "application/json":
                body = request.body
                return b"\x00" in body or b"\\u0000" in body
            if content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
                return any(NUL in k or any(NUL in v for v in vs) for k, vs in request.POST.lists())
        return False
