from django.conf import settings
from django.urls import translate_url

from . import display as display_settings


def shell(request):
    """What the base layout needs on every page: links to this page in each language and the
    resident's display settings (text size, colours, images) with the choices of their form."""
    path = request.get_full_path()
    display = display_settings.display_of(request)
    return {
        "language_links": [
            {"code": code, "name": name, "url": translate_url(path, code)} for code, name in settings.LANGUAGES
        ],
        "display": display,
        "display_choices": {
            "text": [(str(k), v) for k, v in display_settings.TEXT_SIZES.items()],
            "scheme": list(display_settings.SCHEMES.items()),
            "images": list(display_settings.IMAGES.items()),
        },
        "current_path": path,
        # The page's own address for link previews, from the configured site address: never from
        # the request's Host header (which may name a host the site does not serve).
        "canonical_url": settings.SITE_URL + path,
    }
