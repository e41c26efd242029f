"""Consent to appear by name and photo in the public gallery: recording it, and the one
condition every public read uses (`given_q`, `given`)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import require, scope_of
from lamtheo.org.models import GalleryConsent, GalleryConsentStatus, Person


def given_q(person: str = "person") -> Q:
    """Rows whose person (through the relation `person`) agreed to appear by name."""
    return Q(**{f"{person}__gallery_consent__status": GalleryConsentStatus.GIVEN})


def given(person: Person | None) -> bool:
    """Whether `person` agreed (their gallery_consent loaded, or one query)."""
    if person is None:
        return False
    try:
        return person.gallery_consent.given
    except ObjectDoesNotExist:
        return False


def of(person: Person) -> GalleryConsent | None:
    return GalleryConsent.objects.filter(person=person).select_related("recorded_by").first()


def may_record(user, person: Person) -> bool:
    """The person themself, or whoever may change their record (their cell's secretary, the
    office): the latter from a signed paper."""
    scope = scope_of(user)
    if scope.person_id is not None and scope.person_id == person.pk:
        return True
    return scope.can("person.change", person.unit.path)


def record(*, by, person: Person, status: str, given_on: dt.date | None = None) -> GalleryConsent:
    """Record `person`'s answer. By the person: today; by someone else: from a paper, dated
    `given_on` (not in the future)."""
    own = scope_of(by).person_id == person.pk
    if not own:
        require(by, "person.change", person.unit)
    if status not in GalleryConsentStatus.values:
        raise ValidationError({"status": _("Choose whether the person agrees.")})
    today = timezone.localdate()
    given_on = today if own or given_on is None else given_on
    if given_on > today:
        raise ValidationError({"given_on": _("The date is in the future.")})
    if person.left_on is not None:
        raise ValidationError(_("This person has left: their record is closed."))
    with transaction.atomic():
        consent, _created = GalleryConsent.objects.update_or_create(
            person=person,
            defaults={
                "status": status,
                "given_on": given_on,
                "on_paper": not own,
                "recorded_by": by,
            },
        )
    return consent
