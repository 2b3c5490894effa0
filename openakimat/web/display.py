"""A resident's display settings: text size, colour scheme, images on or off.

They live in one cookie, ``display``, whose value is three dot-separated parts, for example
``3.bw.off``: the text size step (1, 2 or 3), the scheme and the images. Anything else in the
cookie, whole or in part, reads as the default, so a tampered value can change nothing but the
look of the reader's own pages, and the page cache keys on the normalised value only (a junk cookie
cannot multiply cached copies). The older cookie ``lowvision=1`` of the single low-vision switch
still works: without a ``display`` cookie it reads as the largest text, black on white.
"""

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

DISPLAY_COOKIE = "display"
LEGACY_LOW_VISION_COOKIE = "lowvision"
DISPLAY_COOKIE_MAX_AGE = 365 * 24 * 3600  # a year

TEXT_SIZES = {1: _("Standard"), 2: _("Large"), 3: _("Largest")}
SCHEMES = {
    "default": _("Site colours"),
    "bw": _("Black on white"),
    "wb": _("White on black"),
    "blue": _("Dark blue on light blue"),
}
IMAGES = {"on": _("Show images"), "off": _("Hide images")}


@dataclass(frozen=True)
class Display:
    text: int = 1
    scheme: str = "default"
    images: str = "on"

    @property
    def is_default(self) -> bool:
        return self == DEFAULT

    @property
    def cookie_value(self) -> str:
        return f"{self.text}.{self.scheme}.{self.images}"

    @property
    def html_classes(self) -> str:
        """The classes of the page's `<html>` element that the stylesheet's last section reads."""
        classes = []
        if self.text > 1:
            classes.append(f"text-{self.text}")
        if self.scheme != "default":
            classes.append(f"scheme-{self.scheme}")
        if self.images == "off":
            classes.append("no-images")
        return " ".join(classes)


DEFAULT = Display()
LEGACY_LOW_VISION = Display(text=3, scheme="bw", images="on")


def parse(value: str | None) -> Display:
    """The settings a cookie value stands for; the default for anything malformed."""
    if not value or len(value) > 32:
        return DEFAULT
    parts = value.split(".")
    if len(parts) != 3:
        return DEFAULT
    text, scheme, images = parts
    if text not in ("1", "2", "3") or scheme not in SCHEMES or images not in IMAGES:
        return DEFAULT
    return Display(text=int(text), scheme=scheme, images=images)


def from_choices(text: str | None, scheme: str | None, images: str | None) -> Display | None:
    """The settings a submitted form asks for, or None when a field has a value the form never offers."""
    value = f"{text}.{scheme}.{images}"
    chosen = parse(value)
    if chosen.cookie_value != value:
        return None
    return chosen


def display_of(request: HttpRequest) -> Display:
    """The reader's settings: the ``display`` cookie, else the old low-vision switch, else the default."""
    value = request.COOKIES.get(DISPLAY_COOKIE)
    if value is not None:
        return parse(value)
    if request.COOKIES.get(LEGACY_LOW_VISION_COOKIE) == "1":
        return LEGACY_LOW_VISION
    return DEFAULT
