"""Stored pictures carry no metadata, and no picture is decoded past a hard size.

Phones write the GPS position, the time and the camera's serial number into a photo's EXIF;
a public gallery photo would hand them to anyone. Every picture is re-encoded from its pixels
(the EXIF orientation applied first, so it still stands the right way up) before it is
stored, and `manage.py strip_image_metadata` does the same to those stored before.

Pillow only warns about a large picture until it is twice MAX_IMAGE_PIXELS; a 100-megapixel
PNG of a few hundred kilobytes would still be decoded into gigabytes. The size in the header
is checked here before any pixel is read.
"""

from __future__ import annotations

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from lamtheo.core import uploads

# A 48-megapixel phone camera's picture fits; a decompression bomb does not.
MAX_PIXELS = 50_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
FORMATS = {uploads.JPEG: "JPEG", uploads.PNG: "PNG", uploads.WEBP: "WEBP"}


def refuse(name: str) -> ValidationError:
    return ValidationError(_("%(name)s is not a picture that can be opened.") % {"name": name})


def open_checked(data: bytes, name: str = "") -> Image.Image:
    """The picture in `data`, its size checked against MAX_PIXELS before decoding."""
    try:
        with warnings.catch_warnings():
            # Pillow's warning between its limit and twice it: the size is checked below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()
            image = Image.open(io.BytesIO(data))
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise refuse(name) from exc
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("%(name)s has %(mp)d megapixels; at most %(max)d.")
            % {"name": name, "mp": width * height // 1_000_000, "max": MAX_PIXELS // 1_000_000}
        )
    return image


def without_metadata(data: bytes, content_type: str, name: str = "") -> bytes:
    """The picture re-encoded in its own format from its pixels alone: no EXIF, XMP, text
    chunks or comments; the orientation applied; the colour profile kept."""
    image = open_checked(data, name)
    try:
        icc = image.info.get("icc_profile")
        image = ImageOps.exif_transpose(image)
        fmt = FORMATS[content_type]
        if fmt == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        options = {"icc_profile": icc} if icc else {}
        if fmt in ("JPEG", "WEBP"):
            options["quality"] = 90
        out = io.BytesIO()
        image.save(out, fmt, **options)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise refuse(name) from exc
    return out.getvalue()


def has_metadata(data: bytes) -> bool:
    """Whether the picture carries EXIF, XMP or text chunks (what without_metadata drops)."""
    with Image.open(io.BytesIO(data)) as image:
        info = {
            k
            for k in image.info
            if k
            not in (
                "icc_profile",
                "dpi",
                "jfif",
                "jfif_version",
                "jfif_unit",
                "jfif_density",
                "gamma",
                "transparency",
                "progressive",
                "progression",
                "adobe",
                "adobe_transform",
                "loop",
                "background",
                "duration",
            )
        }
        return bool(info) or bool(image.getexif())


def cleaned_upload(upload, content_type: str, field: str = "file"):
    """The upload to store in place of `upload`: a picture without its metadata (same name),
    anything else unchanged. Refusals name `field`, as a service's ValidationError does."""
    if content_type not in FORMATS:
        return upload
    upload.seek(0)
    try:
        data = without_metadata(upload.read(), content_type, upload.name or "")
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    return ContentFile(data, name=upload.name)
