"""Announcements, reading them, and each person's preferences: keyword-only, in a transaction,
checking permission themselves."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import can, scope_of
from lamtheo.core import uploads
from lamtheo.core.text import clean_text
from lamtheo.notify import outbox
from lamtheo.notify.models import (
    Attachment,
    Message,
    MessageKind,
    Preference,
    ReadCount,
    Receipt,
)
from lamtheo.org.models import Person

ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
ATTACHMENT_TYPES = frozenset(
    {uploads.PDF, uploads.DOCX, uploads.XLSX, uploads.PPTX, *uploads.IMAGES}
)
# The names a file of each type may carry.
NAME_EXTENSIONS = {
    uploads.PDF: {".pdf"},
    uploads.DOCX: {".docx"},
    uploads.XLSX: {".xlsx"},
    uploads.PPTX: {".pptx"},
    uploads.JPEG: {".jpg", ".jpeg"},
    uploads.PNG: {".png"},
    uploads.WEBP: {".webp"},
}
MAX_ATTACHMENTS = 5


def _check_attachment(upload) -> str:
    name = (upload.name or "").rsplit("/", 1)[-1]
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError({"files": _("%(name)s is larger than 20 MB.") % {"name": name}})
    content_type = uploads.sniff(upload)
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if content_type not in ATTACHMENT_TYPES:
        raise ValidationError(
            {
                "files": _("%(name)s: only PDF, Word, Excel, PowerPoint and image files.")
                % {"name": name}
            }
        )
    if extension not in NAME_EXTENSIONS[content_type]:
        raise ValidationError(
            {
                "files": _("%(name)s is not what its name says: its content is a %(kind)s file.")
                % {"name": name, "kind": uploads.EXTENSIONS[content_type].lstrip(".").upper()}
            }
        )
    return content_type


@transaction.atomic
def announce(
    *,
    by,
    unit,
    title: str,
    body: str,
    link: str = "",
    people: list[Person] | None = None,
    files=(),
) -> Message:
    """Send an announcement to the people of `unit`'s subtree, or (with `people`) to those
    people, who must all be in subtrees `by` may announce to. Written to the inbox and outbox
    here; sent by the worker after the commit."""
    if not can(by, "announcement.send"):
        raise PermissionDenied
    if not can(by, "announcement.send", unit):
        raise ValidationError(
            {"unit": _("You may only send announcements to the units you are responsible for.")}
        )
    title, body = clean_text(title), (body or "").strip()
    if not title or not body:
        raise ValidationError(_("An announcement needs a title and a text."))
    files = list(files)
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"files": _("At most 5 attachments.")})
    types = [_check_attachment(f) for f in files]
    if people is not None:
        ids = {p.pk for p in people}
        allowed = Person.objects.visible_to(by, "announcement.send").current().filter(pk__in=ids)
        outside = ids - set(allowed.values_list("pk", flat=True))
        if outside:
            names = ", ".join(sorted(p.full_name for p in people if p.pk in outside))
            raise ValidationError(
                {
                    "people": _(
                        "You may only send announcements to people of the units you are "
                        "responsible for: %(names)s."
                    )
                    % {"names": names}
                }
            )
        recipients = Person.objects.filter(pk__in=ids)
    else:
        recipients = Person.objects.in_subtree(unit)
    if not recipients.filter(left_on__isnull=True).exists():
        raise ValidationError(_("This announcement has no recipients: nothing was sent."))
    message = Message(
        kind=MessageKind.ANNOUNCEMENT,
        title=title[:200],
        body=body,
        link=link,
        unit=unit,
        whole_subtree=people is None,
        created_by=by,
    )
    outbox.write(message, recipients)
    for upload, content_type in zip(files, types, strict=True):
        upload.name = uploads.stored_name(upload, content_type, default="tep-dinh-kem")
        Attachment.objects.create(
            message=message,
            file=upload,
            name=upload.name,
            content_type=content_type,
            size=upload.size,
        )
    return message


@transaction.atomic
def mark_read(*, by, receipt: Receipt) -> bool:
    """The reader's own copy only; the first reading counts (once in the unit's count). True
    when it was unread."""
    if scope_of(by).person_id != receipt.person_id:
        raise PermissionDenied
    first = Receipt.objects.filter(pk=receipt.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if first:
        ReadCount.objects.filter(message_id=receipt.message_id, unit_id=receipt.unit_id).update(
            read=F("read") + 1
        )
    return bool(first)


@transaction.atomic
def preferences_set(*, by, email: bool, zalo: bool, quiet_from=None, quiet_to=None) -> Preference:
    """A person's own channels and quiet hours (both ends or neither)."""
    person_id = scope_of(by).person_id
    if person_id is None:
        raise PermissionDenied
    if (quiet_from is None) != (quiet_to is None):
        raise ValidationError(_("Give both ends of the quiet hours, or neither."))
    if quiet_from is not None and quiet_from == quiet_to:
        raise ValidationError(_("Quiet hours must start and end at different times."))
    preference, _created = Preference.objects.select_for_update().get_or_create(person_id=person_id)
    preference.email, preference.zalo = email, zalo
    preference.quiet_from, preference.quiet_to = quiet_from, quiet_to
    preference.save()
    return preference
