"""Remember the language a resident reads the site in.

The pages carry their language in the address (/kk/, /ru/, /en/); the home address `/`, the admin
and the API do not, and LocaleMiddleware picks their language from the language cookie before the
browser's Accept-Language. So whenever a language-prefixed page is answered, the cookie is set to
that language: someone who switched to Russian gets Russian at `/`, in /admin/ and from /api/ too.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path

LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 3600  # a year


class RememberLanguageMiddleware:
    """Set the language cookie from the address's language prefix when it differs. Goes right after
    LocaleMiddleware in MIDDLEWARE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        language = get_language_from_path(request.path_info)
        if not language:
            # The answer's language came from this cookie: shared caches must keep them apart.
            patch_vary_headers(response, ("Cookie",))
        else:
            remember_language(request, response, language)
        return response


def remember_language(request: HttpRequest, response: HttpResponse, language: str) -> None:
    """Set the language cookie on `response` when the request's differs (the page cache calls this
    too: a page served from the cache remembers the language like a freshly made one)."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=LANGUAGE_COOKIE_MAX_AGE,
            path="/",
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
