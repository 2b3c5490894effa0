"""Photos are checked by content and re-encoded without metadata; the place they were taken is kept
only as a point."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image

from openakimat.common.photos import MAX_SIDE, clean_photo

from .photo_files import jpeg_with_gps, plain_jpeg


def test_exif_is_dropped_and_the_place_returned():
    raw = jpeg_with_gps()
    assert b"CameraModel-XYZ" in raw
    photo = clean_photo(io.BytesIO(raw), "IMG_0001.jpg")
    assert photo.gps is not None
    assert photo.gps.lat == Decimal("54.208333") and photo.gps.lon == Decimal("69.100000")
    assert b"CameraModel-XYZ" not in photo.data and b"PhoneMaker" not in photo.data
    assert b"Exif" not in photo.data and b"taken by someone" not in photo.data
    out = Image.open(io.BytesIO(photo.data))
    assert out.format == "JPEG"
    assert not out.getexif() and "exif" not in out.info and "comment" not in out.info
    # Orientation 6 (turned on its side) is applied to the pixels: 300×200 becomes 200×300.
    assert (photo.width, photo.height) == (200, 300) == out.size


def test_a_photo_without_a_place_has_none():
    photo = clean_photo(io.BytesIO(plain_jpeg()), "lamp.jpg")
    assert photo.gps is None and (photo.width, photo.height) == (120, 80)


def test_a_large_png_is_shrunk_and_becomes_a_jpeg():
    out = io.BytesIO()
    Image.new("RGBA", (MAX_SIDE * 2, 100), (0, 128, 0, 128)).save(out, "PNG")
    photo = clean_photo(out, "screen.png")
    assert (photo.width, photo.height) == (MAX_SIDE, 50)
    assert Image.open(io.BytesIO(photo.data)).format == "JPEG"


def _message(exc: pytest.ExceptionInfo) -> str:
    return " ".join(exc.value.messages)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_text_file_named_jpg_is_refused(language):
    with translation.override(language), pytest.raises(ValidationError) as exc:
        clean_photo(io.BytesIO(b"just some words, not a picture" * 10), "photo.jpg")
    assert exc.value.code == "wrong_type"
    if language == "ru":
        assert "photo.jpg" in _message(exc) and "file" not in _message(exc)


def test_a_decompression_bomb_is_refused():
    bomb = io.BytesIO()
    Image.new("1", (7000, 6000), 0).save(bomb, "PNG")  # 42 megapixels in a few kilobytes
    assert bomb.tell() < 200_000
    with translation.override("ru"), pytest.raises(ValidationError) as exc:
        clean_photo(bomb, "bomb.png")
    assert exc.value.code == "too_many_pixels"
    assert "пиксел" in _message(exc)


def test_a_truncated_photo_is_refused():
    raw = plain_jpeg((400, 400), "white")
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        clean_photo(io.BytesIO(raw[: len(raw) // 2]), "half.jpg")
    assert exc.value.code in ("malformed", "unreadable")
    assert "half.jpg" in _message(exc)


def test_a_truncated_photo_is_refused_by_the_decoder_too(monkeypatch):
    """Without the structure check of `common.uploads` in the way, decoding the pixels refuses it."""
    from openakimat.common import photos

    monkeypatch.setattr(photos, "check_upload", lambda file, name, accepted: type("C", (), {"extension": "jpg"}))
    noisy = Image.frombytes("RGB", (300, 300), bytes(range(256)) * 1054 + bytes(276))
    out = io.BytesIO()
    noisy.save(out, "JPEG")
    raw = out.getvalue()
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        clean_photo(io.BytesIO(raw[: len(raw) // 2]), "cut.jpg")
    assert exc.value.code == "unreadable"
    assert "can't be read" in _message(exc)


def test_a_large_phone_photo_is_decoded_small_and_keeps_its_place():
    photo = clean_photo(io.BytesIO(jpeg_with_gps((4000, 3000))), "IMG_2.jpg")
    assert (photo.width, photo.height) == (1500, 2000)  # turned upright, then shrunk
    assert photo.gps is not None and photo.gps.lat == Decimal("54.208333")
    assert not Image.open(io.BytesIO(photo.data)).getexif()
