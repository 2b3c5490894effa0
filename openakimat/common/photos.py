"""Photos residents attach (a pothole, a broken lamp): checked by their content, re-encoded, every
piece of metadata dropped.

A phone's JPEG carries the camera's make and serial, the time, often the place it was taken, and
sometimes a thumbnail of a different picture. `clean_photo` reads the place (EXIF GPS) first — the
caller may use it as the report's point when the resident gave none — then turns the picture the way
its EXIF orientation says, shrinks it to at most `MAX_SIDE` pixels and writes a new JPEG with no
metadata at all. Only JPEG and PNG are accepted, told by their first bytes, within the size and name
rules of `common.uploads`; a decompression bomb (more than `MAX_PIXELS` pixels) and a broken or
truncated file are refused with a message the resident can act on.
"""

import io
import math
import warnings
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .uploads import check_upload

MAX_SIDE = 2000
# 40 megapixels: more than any phone camera; a small file that claims more is a bomb.
MAX_PIXELS = 40_000_000
JPEG_QUALITY = 85
_GPS_IFD = 0x8825
_SIX_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class Point:
    lat: Decimal
    lon: Decimal


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    width: int
    height: int
    gps: Point | None


def _refuse(name: str) -> ValidationError:
    return ValidationError(
        _("The photo “%(name)s” can't be read: it is damaged or not a photo. Take or save it again.")
        % {"name": name[:60]},
        code="unreadable",
    )


def _degrees(value: Any) -> Decimal:
    """Degrees, minutes and seconds (three rationals) as decimal degrees."""
    d, m, s = (Decimal(str(float(part))) for part in value)
    return d + m / 60 + s / 3600


def gps_point(exif: Image.Exif) -> Point | None:
    """The place in the EXIF GPS block, or None when there is none or it makes no sense."""
    try:
        gps = exif.get_ifd(_GPS_IFD)
        lat, lon = _degrees(gps[2]), _degrees(gps[4])
        if str(gps.get(1, "N")).upper().startswith("S"):
            lat = -lat
        if str(gps.get(3, "E")).upper().startswith("W"):
            lon = -lon
    except (KeyError, TypeError, ValueError, ZeroDivisionError, ArithmeticError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    return Point(lat.quantize(_SIX_PLACES, ROUND_HALF_UP), lon.quantize(_SIX_PLACES, ROUND_HALF_UP))


def _open(file: IO[bytes], name: str, kind: str) -> Image.Image:
    """The decoded picture; refused when its size is a bomb or its data don't decode."""
    too_big = ValidationError(
        _("The photo “%(name)s” has too many pixels. Send a smaller picture.") % {"name": name[:60]},
        code="too_many_pixels",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            file.seek(0)
            probe = Image.open(file, formats=[kind])
            if probe.width * probe.height > MAX_PIXELS:
                raise too_big
            probe.verify()  # the structure, without decoding: verify() leaves the image unusable
            file.seek(0)
            image = Image.open(file, formats=[kind])
            if kind == "JPEG":  # decode at the smallest scale (1/2, 1/4, 1/8) still as large as needed
                ratio = min(1.0, MAX_SIDE / max(image.size))
                image.draft("RGB", (math.ceil(image.width * ratio), math.ceil(image.height * ratio)))
            image.load()  # the pixels: a truncated file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _refuse(name) from exc
    return image


def clean_photo(file: IO[bytes], name: str) -> CleanPhoto:
    """The photo as a new JPEG without metadata, its size, and the place it was taken (if its EXIF
    says). Raises ValidationError with a translated message for anything else."""
    checked = check_upload(file, name, ["jpg", "png"])
    kind = "JPEG" if checked.extension == "jpg" else "PNG"
    image = _open(file, name, kind)
    try:
        exif = image.getexif()
        gps = gps_point(exif)
        image = ImageOps.exif_transpose(image)
        if image.mode not in ("RGB", "L"):
            background = Image.new("RGB", image.size, "white")
            rgba = image.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            image = background
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        # A new image object written without exif=, icc_profile= or comment=: nothing but pixels.
        plain = Image.new(image.mode, image.size)
        plain.paste(image)
        plain.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    except (OSError, ValueError) as exc:
        raise _refuse(name) from exc
    return CleanPhoto(out.getvalue(), plain.width, plain.height, gps)
