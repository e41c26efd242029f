"""Pictures are stored without their metadata and never decoded past a hard size
(issue 10 §2 and §3)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from lamtheo.core import images
from lamtheo.exemplars.models import Evidence
from lamtheo.exemplars.services.evidence import evidence_add

GPS, ORIENTATION, SERIAL = 0x8825, 0x0112, 0xA431


def phone_photo(fmt="JPEG") -> bytes:
    """A 400×300 picture as a phone writes it: turned (orientation 6, shown 300×400), with
    the GPS position and the camera's serial number."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS).update({1: "N", 2: (21.0, 1.0, 42.0), 3: "E", 4: (105.0, 51.0, 3.0)})
    exif.get_ifd(0x8769)[SERIAL] = "SN-0042-SECRET"
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 30, 30)).save(out, fmt, exif=exif)
    return out.getvalue()


def exif_of(data: bytes):
    with Image.open(io.BytesIO(data)) as image:
        return image.getexif(), image.size, dict(image.info)


@pytest.mark.parametrize("fmt,content_type", [("JPEG", "image/jpeg"), ("PNG", "image/png"),
                                              ("WEBP", "image/webp")])  # fmt: skip
def test_a_public_photo_is_stored_without_exif_and_stands_upright(
    world, exemplar, fmt, content_type
):
    data = phone_photo(fmt)
    assert exif_of(data)[0].get_ifd(GPS)  # the fixture really carries a position
    upload = SimpleUploadedFile("anh.jpg", data, content_type)
    evidence = evidence_add(by=world.secretary, exemplar=exemplar, upload=upload, public=True)
    stored = evidence.file.open("rb").read()
    exif, size, info = exif_of(stored)
    assert dict(exif) == {} and "exif" not in info and "xmp" not in info
    assert b"SN-0042-SECRET" not in stored and b"PhoneMaker" not in stored
    assert size == (300, 400)  # the orientation was applied before the tag went
    assert evidence.size == len(stored)
    assert exif_of(evidence.thumbnail.open("rb").read())[1] == (300, 400)  # upright too


def test_the_command_cleans_the_pictures_stored_before(world, exemplar):
    evidence = evidence_add(
        by=world.secretary,
        exemplar=exemplar,
        upload=SimpleUploadedFile("anh.png", phone_photo("PNG"), "image/png"),
    )
    # As stored before uploads were cleaned: the phone's file as it came.
    name = evidence.file.name
    evidence.file.storage.delete(name)
    assert evidence.file.storage.save(name, ContentFile(phone_photo())) == name
    out = io.StringIO()
    call_command("strip_image_metadata", stdout=out)
    assert "1 had metadata" in out.getvalue() or "1 có siêu dữ liệu" in out.getvalue()
    stored = Evidence.objects.get().file.open("rb").read()
    assert dict(exif_of(stored)[0]) == {} and b"SN-0042-SECRET" not in stored
    again = io.StringIO()
    call_command("strip_image_metadata", stdout=again)
    assert "0" in again.getvalue()


def test_a_picture_over_the_pixel_limit_is_refused_before_decoding(world, exemplar):
    out = io.BytesIO()
    # 60 megapixels in a few kilobytes: one bit per pixel, all white.
    Image.new("1", (10_000, 6_000), 1).save(out, "PNG")
    upload = SimpleUploadedFile("bom.png", out.getvalue(), "image/png")
    with pytest.raises(ValidationError) as refused:
        evidence_add(by=world.secretary, exemplar=exemplar, upload=upload)
    assert "60" in str(refused.value.message_dict["file"])
    assert not Evidence.objects.exists()


def test_a_picture_at_the_limit_is_not_refused_for_its_size():
    width = 10_000
    assert images.MAX_PIXELS // width * width <= images.MAX_PIXELS
    out = io.BytesIO()
    Image.new("1", (width, images.MAX_PIXELS // width), 1).save(out, "PNG")
    image = images.open_checked(out.getvalue(), "ok.png")
    assert image.size == (width, images.MAX_PIXELS // width)
