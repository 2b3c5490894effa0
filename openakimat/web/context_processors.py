from django.conf import settings
from django.urls import translate_url

LOW_VISION_COOKIE = "lowvision"


def shell(request):
    """What the base layout needs on every page: links to this page in each language and the
    resident's display preferences."""
    path = request.get_full_path()
    return {
        "language_links": [
            {"code": code, "name": name, "url": translate_url(path, code)} for code, name in settings.LANGUAGES
        ],
        "low_vision": request.COOKIES.get(LOW_VISION_COOKIE) == "1",
        "current_path": path,
    }
