"""Evidence behind an exemplar: types known by their bytes, photos checked and thumbnailed,
only editors add it, only photos can be public."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from lamtheo.exemplars.models import Evidence
from lamtheo.exemplars.services.evidence import evidence_add, evidence_remove


def photo(name="anh.png", size=(1600, 900), fmt="PNG", content_type="image/png"):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type)


def test_a_photo_gets_a_small_jpeg_thumbnail(world, exemplar):
    evidence = evidence_add(
        by=world.secretary, exemplar=exemplar, upload=photo(), caption=" Buổi ra quân ", public=True
    )
    assert (evidence.kind, evidence.content_type, evidence.public) == ("photo", "image/png", True)
    assert evidence.caption == "Buổi ra quân"
    with Image.open(evidence.thumbnail.open("rb")) as thumb:
        assert thumb.format == "JPEG" and max(thumb.size) == 480


def test_a_document_is_kept_but_never_public(world, exemplar):
    upload = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7\n...", "application/pdf")
    evidence = evidence_add(by=world.secretary, exemplar=exemplar, upload=upload, public=True)
    assert (evidence.kind, evidence.public, evidence.thumbnail.name) == ("document", False, "")
    assert evidence.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("anh.jpg", b"<script>alert(1)</script>", "image/jpeg"),
        SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"broken", "image/png"),
        SimpleUploadedFile("file.exe", b"MZ\x90\x00", "application/pdf"),
    ],
    ids=["disguised", "broken-picture", "program"],
)
def test_anything_else_is_refused_and_nothing_is_stored(world, exemplar, upload):
    with pytest.raises(ValidationError) as refused:
        evidence_add(by=world.secretary, exemplar=exemplar, upload=upload)
    assert "file" in refused.value.message_dict
    assert not Evidence.objects.exists()


def test_too_large_is_refused(world, exemplar):
    upload = SimpleUploadedFile("to.pdf", b"%PDF" + b"0" * (15 * 1024 * 1024), "application/pdf")
    with pytest.raises(ValidationError):
        evidence_add(by=world.secretary, exemplar=exemplar, upload=upload)


def test_only_those_who_may_propose_for_the_unit_add_or_remove(world, exemplar):
    for outsider in (world.member, world.other_secretary, world.inspector):
        with pytest.raises(PermissionDenied):
            evidence_add(by=outsider, exemplar=exemplar, upload=photo())
    evidence = evidence_add(by=world.office, exemplar=exemplar, upload=photo())
    with pytest.raises(PermissionDenied):
        evidence_remove(by=world.member, evidence=evidence)
    evidence_remove(by=world.secretary, evidence=evidence)
    assert not Evidence.objects.exists()


def test_outside_its_units_only_the_public_photos_of_a_published_exemplar_are_visible(
    world, exemplar
):
    public = evidence_add(by=world.secretary, exemplar=exemplar, upload=photo(), public=True)
    private = evidence_add(by=world.secretary, exemplar=exemplar, upload=photo())
    document = evidence_add(
        by=world.secretary,
        exemplar=exemplar,
        upload=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7\n", "application/pdf"),
    )
    everything = {public.pk, private.pk, document.pk}

    def seen(user):
        return set(Evidence.objects.visible_to(user).values_list("pk", flat=True))

    for outsider in (AnonymousUser(), world.other_secretary):
        assert seen(outsider) == set()  # a draft shows nothing outside
    exemplar.status = "published"
    exemplar.save()
    for outsider in (AnonymousUser(), world.other_secretary, world.member):
        assert seen(outsider) == {public.pk}
    for inside in (world.secretary, world.office, world.inspector, world.admin):
        assert seen(inside) == everything
