"""A person's or a unit's commitments from registration to self-assessment: create, copy,
edit, submit, withdraw, progress notes with evidence. Each change locks the row at the
version the user saw (CONFLICT otherwise) and is recorded as a CommitmentEvent.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.core import images, uploads
from lamtheo.core.workflow import lock, record
from lamtheo.programs.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    Evidence,
    Outcome,
    ProgramYear,
    ProgressNote,
)
from lamtheo.programs.services.checks import (
    _can_review,
    _is_owner,
    _today,
    check_edit,
    check_progress,
    check_register,
    check_self_assess,
    check_submit,
    check_withdraw,
)

S = CommitmentStatus

COMMITMENT_FIELDS = ("content_area", "action", "expected_result", "due_on", "shortcoming")
# Known by the files' first bytes (lamtheo.core.uploads), not by what the browser declares.
EVIDENCE_TYPES = frozenset({uploads.PDF, uploads.JPEG, uploads.PNG, uploads.DOCX, uploads.XLSX})
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def _locked(commitment: Commitment, version: int | None) -> Commitment:
    fresh = lock(
        Commitment.objects.select_related("year", "person", "unit"),
        pk=commitment.pk,
        version=version,
        stale_message=_(
            "Someone has updated this registration since you opened it (đã có người cập nhật). "
            "Your text is kept below: check the new version, then save again."
        ),
    )
    if fresh.year.is_locked:
        raise ValidationError(
            _("The year %(y)s is closed: its registrations can no longer change.")
            % {"y": fresh.year.year}
        )
    return fresh


def _save(
    commitment: Commitment,
    by,
    action: str,
    *,
    comment: str = "",
    changes=None,
    fields: list[str] | None = None,
) -> Commitment:
    commitment.version += 1
    if fields is not None:
        fields = [*fields, "version", "updated_at", "status"]
    commitment.save(update_fields=fields)
    record(commitment, by=by, action=action, reason=comment, changes=changes or {})
    return commitment


def _clean_fields(fields: dict) -> dict:
    cleaned = {}
    for name in COMMITMENT_FIELDS:
        if name in fields:
            value = fields[name]
            cleaned[name] = value.strip() if isinstance(value, str) else value
    return cleaned


@transaction.atomic
def commitment_create(
    *,
    by,
    year: ProgramYear,
    person=None,
    unit=None,
    submit: bool = False,
    today: dt.date | None = None,
    copied_from=None,
    **fields,
) -> Commitment:
    """A personal commitment of `person`, or a collective one of `unit`, as a draft (or
    submitted straight away with submit=True)."""
    today = today or _today()
    year = ProgramYear.objects.select_related("program__unit").get(pk=year.pk)
    if person is not None:
        # The count of the person's commitments is checked, then one is added: without a lock
        # four simultaneous registrations all counted zero and all went in (PostgreSQL). The
        # person's row is the lock; the others wait and then count what went in.
        type(person).objects.select_for_update().filter(pk=person.pk).exists()
    check_register(by=by, year=year, person=person, unit=unit, today=today)
    if person is not None:
        commitment = Commitment(
            year=year, kind=CommitmentKind.PERSONAL, person=person, unit=person.unit
        )
    else:
        commitment = Commitment(year=year, kind=CommitmentKind.COLLECTIVE, unit=unit)
    for name, value in _clean_fields(fields).items():
        setattr(commitment, name, value)
    commitment.copied_from = copied_from
    commitment.full_clean(exclude=["copied_from"])
    commitment.save()
    record(commitment, by=by, action="created", from_state="")
    if submit:
        return commitment_submit(
            by=by, commitment=commitment, version=commitment.version, today=today
        )
    return commitment


def commitment_copy(
    *, by, source: Commitment, year: ProgramYear, today: dt.date | None = None
) -> Commitment:
    """Last year's commitment as a draft for `year`, to adjust before submitting."""
    if source.person_id is None or not _is_owner(by, source) and not _can_review(by, source):
        raise PermissionDenied
    return commitment_create(
        by=by,
        year=year,
        person=source.person,
        today=today,
        copied_from=source,
        **{name: getattr(source, name) for name in COMMITMENT_FIELDS if name != "due_on"},
    )


@transaction.atomic
def commitment_update(
    *, by, commitment: Commitment, version: int, today: dt.date | None = None, **fields
) -> Commitment:
    """Edit the content. An approved commitment goes back for approval."""
    commitment = _locked(commitment, version)
    check_edit(by=by, commitment=commitment)
    changes = {}
    for name, value in _clean_fields(fields).items():
        old = getattr(commitment, name)
        if old != value:
            changes[name] = [str(old or ""), str(value or "")]
            setattr(commitment, name, value)
    if not changes:
        return commitment
    commitment.full_clean(exclude=["copied_from"])
    action = "edited"
    if commitment.status == S.APPROVED:
        commitment.status = S.SUBMITTED
        commitment.approved_at = None
        action = "edited_after_approval"
    return _save(commitment, by, action, changes=changes)


@transaction.atomic
def commitment_submit(
    *, by, commitment: Commitment, version: int, today: dt.date | None = None
) -> Commitment:
    commitment = _locked(commitment, version)
    check_submit(by=by, commitment=commitment, today=today)
    for name in ("action", "expected_result"):
        if not getattr(commitment, name).strip():
            raise ValidationError({name: _("Fill this in before submitting.")})
    commitment.status = S.SUBMITTED
    commitment.submitted_at = timezone.now()
    return _save(commitment, by, "submitted")


@transaction.atomic
def commitment_withdraw(*, by, commitment: Commitment, version: int) -> Commitment:
    commitment = _locked(commitment, version)
    check_withdraw(by=by, commitment=commitment)
    commitment.status = S.WITHDRAWN
    return _save(commitment, by, "withdrawn")


@transaction.atomic
def progress_add(*, by, commitment: Commitment, text: str, files=()) -> ProgressNote:
    commitment = _locked(commitment, None)
    check_progress(by=by, commitment=commitment)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write what was done.")})
    types = {}
    for upload in files:
        if upload.size > EVIDENCE_MAX_BYTES:
            raise ValidationError(
                {"files": _("%(name)s is larger than 10 MB.") % {"name": upload.name}}
            )
        types[upload] = uploads.sniff(upload)
        if types[upload] not in EVIDENCE_TYPES:
            raise ValidationError(
                {
                    "files": _("%(name)s: only PDF, JPEG, PNG, Word and Excel files.")
                    % {"name": upload.name}
                }
            )
    # Pictures are stored without their metadata (GPS position, camera serial).
    types = {images.cleaned_upload(u, t, "files"): t for u, t in types.items()}
    note = ProgressNote.objects.create(commitment=commitment, text=text, author=by)
    for upload in types:
        Evidence.objects.create(
            note=note,
            file=upload,
            original_name=upload.name[:255],
            content_type=types[upload],
            size=upload.size,
        )
    _save(commitment, by, "progress", comment=text, fields=[])
    return note


@transaction.atomic
def commitment_self_assess(
    *,
    by,
    commitment: Commitment,
    version: int,
    text: str,
    proposed_outcome: str,
    today: dt.date | None = None,
) -> Commitment:
    commitment = _locked(commitment, version)
    check_self_assess(by=by, commitment=commitment, today=today)
    if not text.strip():
        raise ValidationError({"text": _("Write what was achieved.")})
    if proposed_outcome not in Outcome.values:
        raise ValidationError({"proposed_outcome": _("Choose the outcome you propose.")})
    commitment.self_assessment = text.strip()
    commitment.proposed_outcome = proposed_outcome
    commitment.status = S.SELF_ASSESSED
    commitment.self_assessed_at = timezone.now()
    return _save(commitment, by, "self_assessed")


def commitment_counts(year: ProgramYear, person) -> dict:
    """How many commitments a person has this year by status (for the member's page)."""
    rows = (
        Commitment.objects.filter(year=year, person=person)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)
