"""Cross-origin reading of the open data: any web page may read what the public API and Open311
publish (budgets, territories, the service register), so a journalist's chart or a civic app can
fetch it from the browser.

Only reading is opened: GET and HEAD answers (and the preflight a conditional GET needs) carry
``Access-Control-Allow-Origin: *``. Nothing else does — no write, no staff endpoint, no sign-in —
and credentials are never allowed, so a browser sends no cookie with such a request and another
site cannot act as a signed-in user.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

OPEN_PREFIXES = ("/api/v1/", "/open311/v2/")
CLOSED_PREFIXES = ("/api/v1/staff/", "/api/v1/auth/")
READ_METHODS = {"GET", "HEAD"}
ALLOWED_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "ETag, Last-Modified, Content-Language, Link, Retry-After"
PREFLIGHT_SECONDS = 86400


def is_open(path: str) -> bool:
    return path.startswith(OPEN_PREFIXES) and not path.startswith(CLOSED_PREFIXES)


class OpenDataCorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_open(request.path_info):
            return self.get_response(request)
        asked = request.headers.get("Access-Control-Request-Method", "").upper()
        if request.method == "OPTIONS" and "Origin" in request.headers and asked:
            if asked not in READ_METHODS:
                return self.get_response(request)  # a cross-origin write is not opened: no CORS headers
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD"
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = str(PREFLIGHT_SECONDS)
            return response
        response = self.get_response(request)
        if request.method in READ_METHODS:
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response
