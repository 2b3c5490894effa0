"""Pictures made for the tests: a phone-like JPEG with a camera model and the place it was taken."""

import io

from PIL import Image
from PIL.TiffImagePlugin import IFDRational


def jpeg_with_gps(size=(300, 200), *, lat=(54, 12, 30), lon=(69, 6, 0), orientation=6) -> bytes:
    image = Image.new("RGB", size, "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "CameraModel-XYZ"
    exif[0x0112] = orientation
    exif[0x8825] = {
        1: "N",
        2: tuple(IFDRational(v) for v in lat),
        3: "E",
        4: tuple(IFDRational(v) for v in lon),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"taken by someone")
    return out.getvalue()


def plain_jpeg(size=(120, 80), colour="blue") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()
