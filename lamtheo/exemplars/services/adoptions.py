"""Replication (nhân rộng): a unit taking up another unit's published exemplar.

The adopting unit records its own adoption (a grant with "exemplar.propose" covering it): who
leads it, when it started, how the exemplar was adapted, then moves it on

    planned → piloting → adopted → sustained,   or to dropped (with the reason) from any of them;
    dropped → planned or piloting again (resumed: one adoption per unit and exemplar)

and records results against a baseline. The level above verifies it (a grant with
"exemplar.review" covering the adopting unit's parent), never the unit itself. Every change
records an AdoptionEvent; each write carries the version the user saw, and a change made from
a stale page is refused with CONFLICT.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import can, require
from lamtheo.core.text import clean_text
from lamtheo.core.tree import subtree_q
from lamtheo.core.workflow import lock, record
from lamtheo.exemplars.models import (
    TAKEN_UP,
    Adoption,
    AdoptionEvent,
    AdoptionStatus,
    Exemplar,
    ExemplarStatus,
)
from lamtheo.org.models import Person, Unit

A = AdoptionStatus
# The statuses an adoption may move to from each status.
FLOW: dict[str, tuple[str, ...]] = {
    A.PLANNED: (A.PILOTING, A.ADOPTED, A.DROPPED),
    A.PILOTING: (A.ADOPTED, A.DROPPED),
    A.ADOPTED: (A.SUSTAINED, A.DROPPED),
    A.SUSTAINED: (A.DROPPED,),
    A.DROPPED: (A.PLANNED, A.PILOTING),
}
DETAIL_FIELDS = ("lead", "started_on", "adaptation")
RESULT_FIELDS = ("indicator", "baseline", "result", "measure", "results")


def _today() -> dt.date:
    return timezone.localdate()


def may_record(user, adoption: Adoption) -> bool:
    """The adopting unit's own people with "exemplar.propose": details, status and results."""
    return can(user, "exemplar.propose", adoption.unit)


def may_verify(user, adoption: Adoption) -> bool:
    """Verification comes from the level above the adopting unit (an administrator for a root)."""
    unit = adoption.unit
    if unit.depth == 1:
        return can(user, "admin")
    parent = Unit(path=unit.parent_path(), depth=unit.depth - 1)
    return can(user, "exemplar.review", parent)


def _event(adoption: Adoption, by, action: str, comment: str = "", **kwargs) -> AdoptionEvent:
    return record(adoption, by=by, action=action, reason=comment, **kwargs)


def _locked(adoption: Adoption, version: int | None) -> Adoption:
    return lock(
        Adoption.objects.select_related("unit", "exemplar"),
        pk=adoption.pk,
        version=version,
        stale_message=_(
            "Someone has updated this adoption since you opened it. What you typed is kept "
            "below: check the new version, then save again."
        ),
    )


def _save(adoption: Adoption, by, action: str, comment: str = "") -> Adoption:
    adoption.version += 1
    adoption.save()
    _event(adoption, by, action, comment)
    return adoption


def _check_lead(lead: Person | None, unit: Unit) -> None:
    if lead is None:
        return
    in_unit = (
        Person.objects.current()
        .filter(pk=lead.pk)
        .filter(subtree_q([unit.path], prefix="unit__path"))
        .exists()
    )
    if not in_unit:
        raise ValidationError(
            {
                "lead": _("The person leading it must be a current member of %(unit)s.")
                % {"unit": unit}
            }
        )


def _check_started(started_on: dt.date | None, today: dt.date) -> None:
    if started_on is None:
        raise ValidationError({"started_on": _("Give the day the unit started.")})
    if started_on > today + dt.timedelta(days=366):
        raise ValidationError({"started_on": _("The start is more than a year away.")})


def check_create(*, by, exemplar: Exemplar, unit: Unit) -> None:
    """Why `unit` may not adopt `exemplar` (ValidationError), or whether `by` may not record
    it (PermissionDenied); nothing when it may."""
    require(by, "exemplar.propose", unit)
    if exemplar.status != ExemplarStatus.PUBLISHED:
        raise ValidationError(_("Only a published exemplar can be adopted."))
    if unit.pk in (exemplar.unit_id, exemplar.subject_unit_id):
        raise ValidationError(_("A unit does not adopt its own exemplar."))
    if not unit.is_active:
        raise ValidationError(_("%(unit)s is closed.") % {"unit": unit})
    if Adoption.objects.filter(exemplar=exemplar, unit=unit).exists():
        raise ValidationError(
            _("%(unit)s has already recorded an adoption of this exemplar.") % {"unit": unit}
        )


@transaction.atomic
def adoption_create(
    *,
    by,
    exemplar: Exemplar,
    unit: Unit,
    started_on: dt.date,
    lead: Person | None = None,
    adaptation: str = "",
    indicator: str = "",
    baseline: Decimal | None = None,
    measure: str = "",
    today: dt.date | None = None,
) -> Adoption:
    """`unit` takes up `exemplar`: a planned adoption, recorded by the unit itself."""
    today = today or _today()
    exemplar = Exemplar.objects.select_for_update().get(pk=exemplar.pk)
    check_create(by=by, exemplar=exemplar, unit=unit)
    _check_started(started_on, today)
    _check_lead(lead, unit)
    adoption = Adoption(
        exemplar=exemplar,
        unit=unit,
        lead=lead,
        started_on=started_on,
        adaptation=adaptation.strip(),
        indicator=clean_text(indicator),
        baseline=baseline,
        measure=clean_text(measure),
        created_by=by,
    )
    try:
        with transaction.atomic():
            adoption.save()
    except IntegrityError as exc:  # another request recorded it a moment ago
        raise ValidationError(
            _("%(unit)s has already recorded an adoption of this exemplar.") % {"unit": unit}
        ) from exc
    _event(adoption, by, "created", from_state="")
    return adoption


@transaction.atomic
def adoption_update(
    *, by, adoption: Adoption, version: int | None, today: dt.date | None = None, **fields
) -> Adoption:
    """Edit who leads it, when it started and how it was adapted."""
    adoption = _locked(adoption, version)
    if not may_record(by, adoption):
        raise PermissionDenied
    changed = []
    for name in DETAIL_FIELDS:
        if name not in fields:
            continue
        value = fields[name]
        if name == "adaptation":
            value = (value or "").strip()
        if getattr(adoption, name) != value:
            setattr(adoption, name, value)
            changed.append(name)
    if not changed:
        return adoption
    _check_started(adoption.started_on, today or _today())
    if "lead" in changed:
        _check_lead(adoption.lead, adoption.unit)
    if adoption.adopted_on and adoption.started_on > adoption.adopted_on:
        raise ValidationError({"started_on": _("The start is after the day it was adopted.")})
    return _save(adoption, by, "edited", ", ".join(changed))


@transaction.atomic
def adoption_move(
    *,
    by,
    adoption: Adoption,
    status: str,
    version: int | None,
    on: dt.date | None = None,
    reason: str = "",
    today: dt.date | None = None,
) -> Adoption:
    """Move the adoption on. Adopted records the day (`on`, today by default) the first time it
    gets there; dropped needs the reason."""
    adoption = _locked(adoption, version)
    if not may_record(by, adoption):
        raise PermissionDenied
    today = today or _today()
    if status not in FLOW.get(adoption.status, ()):
        raise ValidationError(
            _("An adoption that is “%(old)s” cannot become “%(new)s”.")
            % {
                "old": adoption.get_status_display(),
                "new": AdoptionStatus(status).label if status in A.values else status,
            }
        )
    reason = reason.strip()
    comment = reason
    if status == A.DROPPED:
        if not reason:
            raise ValidationError({"reason": _("Say why the unit dropped it.")})
        adoption.dropped_reason = reason
    elif adoption.status == A.DROPPED:
        adoption.dropped_reason = ""
    if status == A.ADOPTED and adoption.adopted_on is None:
        day = on or today
        if day > today:
            raise ValidationError({"on": _("The day it was adopted is in the future.")})
        if day < adoption.started_on:
            raise ValidationError({"on": _("The day it was adopted is before the start.")})
        adoption.adopted_on = day
        comment = comment or day.strftime("%d/%m/%Y")
    action = "resumed" if adoption.status == A.DROPPED else status
    adoption.status = status
    return _save(adoption, by, action, comment)


@transaction.atomic
def adoption_results(*, by, adoption: Adoption, version: int | None, **fields) -> Adoption:
    """Record results against the baseline. A verified adoption whose figures change goes back
    to unverified: the level above verifies what is shown."""
    adoption = _locked(adoption, version)
    if not may_record(by, adoption):
        raise PermissionDenied
    if adoption.status == A.DROPPED:
        raise ValidationError(_("The adoption was dropped: its results no longer change."))
    changed = []
    for name in RESULT_FIELDS:
        if name not in fields:
            continue
        value = fields[name]
        if name in ("indicator", "measure"):
            value = clean_text(value or "")
        elif name == "results":
            value = (value or "").strip()
        if getattr(adoption, name) != value:
            setattr(adoption, name, value)
            changed.append(name)
    if adoption.result is not None and not adoption.indicator:
        raise ValidationError({"indicator": _("Name the indicator the figures measure.")})
    if not changed:
        return adoption
    comment = ""
    if adoption.verified_at is not None:
        adoption.verified_at = None
        adoption.verified_by = None
        adoption.verification_note = ""
        comment = _("The results changed: to be verified again.")
    return _save(adoption, by, "results", comment)


@transaction.atomic
def adoption_verify(
    *, by, adoption: Adoption, version: int | None, accept: bool = True, note: str = ""
) -> Adoption:
    """The level above confirms (or declines, saying why) that the unit has taken it up with
    the results shown. Only an adoption that is adopted or sustained is verified."""
    adoption = _locked(adoption, version)
    if not may_verify(by, adoption):
        raise PermissionDenied
    note = note.strip()
    if adoption.status not in TAKEN_UP:
        raise ValidationError(_("Only an adoption that is adopted or sustained can be verified."))
    if accept:
        if adoption.verified_at is not None:
            raise ValidationError(_("This adoption is already verified."))
        adoption.verified_at = timezone.now()
        adoption.verified_by = by
        adoption.verification_note = note
        return _save(adoption, by, "verified", note)
    if not note:
        raise ValidationError({"note": _("Say what is missing or doubtful.")})
    adoption.verified_at = None
    adoption.verified_by = None
    adoption.verification_note = note
    return _save(adoption, by, "not_verified", note)
