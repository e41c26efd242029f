"""Photos and documents behind an exemplar or an adoption.

The type is read from the file's bytes (lamtheo.core.uploads), never from the name or the
browser; photos must also open as images (Pillow) and get a JPEG thumbnail, so a gallery page
never loads full-size pictures. Whoever may edit the exemplar (or record the adoption) adds
and removes evidence; only photos marked public appear in the public gallery.
"""

from __future__ import annotations

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

from lamtheo.accounts.scoping import can
from lamtheo.core import images, uploads
from lamtheo.core.text import clean_text
from lamtheo.exemplars.models import Adoption, Evidence, EvidenceKind, Exemplar

MAX_BYTES = 15 * 1024 * 1024
DOCUMENT_TYPES = frozenset({uploads.PDF, uploads.DOCX, uploads.XLSX, uploads.PPTX})
THUMBNAIL_PX = 480  # the longer side


def may_edit(user, *, exemplar: Exemplar | None = None, adoption: Adoption | None = None) -> bool:
    """Who adds evidence: whoever may propose for the exemplar's (or the adopting) unit."""
    unit = exemplar.unit if exemplar is not None else adoption.unit
    return can(user, "exemplar.propose", unit)


def _thumbnail(upload) -> bytes:
    """A small JPEG of the (already checked and cleaned) picture."""
    upload.seek(0)
    with Image.open(upload) as image:
        image = image.convert("RGB")
        image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=82, optimize=True)
    upload.seek(0)
    return out.getvalue()


@transaction.atomic
def evidence_add(
    *,
    by,
    upload,
    caption: str = "",
    public: bool = False,
    exemplar: Exemplar | None = None,
    adoption: Adoption | None = None,
) -> Evidence:
    """Attach a photo (JPEG, PNG, WebP) or a document (PDF, Word, Excel, PowerPoint) of at most
    15 MB to an exemplar or an adoption. Only photos can be public."""
    if (exemplar is None) == (adoption is None):
        raise ValueError("evidence belongs to an exemplar or to an adoption")
    if not may_edit(by, exemplar=exemplar, adoption=adoption):
        raise PermissionDenied
    if upload.size > MAX_BYTES:
        raise ValidationError({"file": _("%(name)s is larger than 15 MB.") % {"name": upload.name}})
    content_type = uploads.sniff(upload)
    if content_type in uploads.IMAGES:
        kind = EvidenceKind.PHOTO
        # Stored without the EXIF a phone writes (GPS position, camera serial): photos can be
        # public in the gallery.
        upload = images.cleaned_upload(upload, content_type)
        thumbnail = _thumbnail(upload)
    elif content_type in DOCUMENT_TYPES:
        kind, thumbnail = EvidenceKind.DOCUMENT, None
    else:
        raise ValidationError(
            {
                "file": _(
                    "%(name)s: only photos (JPEG, PNG, WebP) and PDF, Word, Excel or "
                    "PowerPoint documents."
                )
                % {"name": upload.name}
            }
        )
    upload.name = uploads.stored_name(upload, content_type, default="evidence")
    evidence = Evidence(
        exemplar=exemplar,
        adoption=adoption,
        kind=kind,
        file=upload,
        content_type=content_type,
        size=upload.size,
        caption=clean_text(caption)[:255],
        public=public and kind == EvidenceKind.PHOTO,
        uploaded_by=by,
    )
    if thumbnail is not None:
        stem = upload.name.rsplit(".", 1)[0]
        evidence.thumbnail.save(f"{stem}.jpg", ContentFile(thumbnail), save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, by, evidence: Evidence) -> None:
    if not may_edit(by, exemplar=evidence.exemplar, adoption=evidence.adoption):
        raise PermissionDenied
    files = [evidence.file, evidence.thumbnail]
    evidence.delete()
    # The files go once the row is gone for good.
    transaction.on_commit(lambda: [f.delete(save=False) for f in files if f])
