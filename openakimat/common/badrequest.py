"""The answer to a request that can't be read (400) or is too large (413), in the format of the
interface it was sent to: JSON under /api/, Open311's error format under /open311/ (the renderers
that `common.unavailable.register_error_format` holds), a translated page everywhere else.

Used by `RequestDecodingMiddleware` and by the site's `handler400` (Django's own refusals:
RequestDataTooBig, TooManyFieldsSent, a broken multipart body, SuspiciousOperation)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .unavailable import error_format

TITLES = {400: _("The request could not be read"), 413: _("The request is too large")}
GENERIC = {
    400: _("The request could not be read. Check the form or the body and send it again."),
    413: _("The request is too large."),
}


def _too_large() -> str:
    return gettext(
        "The request is too large. Each file may be at most %(file)s, all files together at most %(total)s, "
        "and other data at most %(data)s. Nothing was saved."
    ) % {
        "file": filesizeformat(settings.UPLOAD_MAX_BYTES),
        "total": filesizeformat(settings.UPLOAD_MAX_REQUEST_BYTES),
        "data": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE),
    }


too_large_message = lazy(_too_large, str)


def status_of(exception: BaseException | None) -> int:
    return 413 if isinstance(exception, RequestDataTooBig | TooManyFilesSent) else 400


def bad_request_response(request: HttpRequest, status: int, message: object) -> HttpResponse:
    """`status` (400 or 413) with `message` (lazy: rendered in the interface's language)."""
    renderer = error_format(request)
    if renderer is not None:
        response = renderer(request, status, message, {})  # type: ignore[arg-type]
    else:
        # The address's language, also when the refusal came before LocaleMiddleware ran (a host
        # this site does not serve is refused by the first middleware that asks for it).
        with translation.override(translation.get_language_from_path(request.path_info) or translation.get_language()):
            html = render_to_string(
                "400.html",
                {"title": TITLES.get(status, TITLES[400]), "message": str(message), "status": status},
                request=request,
            )
        response = HttpResponse(html, status=status)
    add_never_cache_headers(response)
    return response


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    """The site's handler400: Django's refusals of a malformed or oversized request."""
    status = status_of(exception)
    return bad_request_response(request, status, too_large_message() if status == 413 else GENERIC[400])
