"""What every answer under /api/ keeps to, whichever part of Django made it.

- **The request's language**: `?lang=kk|ru|en` when given, otherwise what LocaleMiddleware chose
  (the language cookie, then Accept-Language). Errors and labels come in that language.
- **Errors are JSON** in the API's one error shape (`{"detail": …}`). The API's own handlers
  answer so already; this catches what is answered before or around them (a method the address
  does not take, Django's 400 for a malformed request, the 500 and 503 handlers) and keeps their
  status and their Allow and Retry-After headers.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from .errors import json_error

PREFIX = "/api/"
LANGUAGES = {code for code, _name in settings.LANGUAGES}
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def generic_message(status: int) -> str:
    messages = {
        400: _("The request is not valid."),
        401: _("Sign in as staff to use this endpoint."),
        403: _("Permission denied."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        413: _("The request is too large."),
        429: _("Too many requests. Try again later."),
        503: _("The service is temporarily unavailable. Please try again in a minute."),
    }
    if status in messages:
        return messages[status]
    if status >= 500:
        return _("Something went wrong on our side. The error has been recorded.")
    return _("The request can't be answered.")


class ApiMiddleware:
    """Goes right after LocaleMiddleware (and RememberLanguageMiddleware) in MIDDLEWARE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        lang = request.GET.get("lang", "")
        if lang in LANGUAGES:
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            response = json_error(request, response.status_code, generic_message(response.status_code), headers)
        return response
