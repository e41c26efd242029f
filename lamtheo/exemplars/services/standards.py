"""Each unit's ethics standards (chuẩn mực đạo đức nghề nghiệp, đạo đức công vụ) and criteria
for setting an example (tiêu chí nêu gương), as versioned documents.

Writes: `version_adopt` records a newly adopted version (numbers increase; earlier versions
stay as they were), `review_set` records the review status. Both need "standard.change" on
the unit, which a grant on the unit or on a committee above it gives.

The reads the pages share (what changed between two versions, a committee's overview) are in
lamtheo.exemplars.standards_overview.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import require
from lamtheo.core.text import clean_lines, clean_text
from lamtheo.core.workflow import record, transition
from lamtheo.exemplars.models import ReviewStatus, Standard, StandardKind, StandardVersion
from lamtheo.org.models import Unit

TEXT_MAX = 100_000  # characters of one version


def clean_document(value: str | None) -> str:
    """A document's text: each line in NFC with single spaces, at most one blank line."""
    return clean_lines(value)


# -- writes ----------------------------------------------------------------------------------


@transaction.atomic
def version_adopt(
    *,
    by,
    unit: Unit,
    kind: str,
    text: str,
    adopted_on: dt.date,
    adopted_by: str,
    change_note: str = "",
    title: str = "",
) -> StandardVersion:
    """Record a version of the unit's standard of `kind` as adopted: the first one creates the
    standard (with its title), later ones take the next number and put it back in force."""
    require(by, "standard.change", unit)
    if kind not in StandardKind.values:
        raise ValidationError(_("Choose the kind of standard."))
    text = clean_document(text)
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = _("Write the text of the standard.")
    elif len(text) > TEXT_MAX:
        errors["text"] = _("The text is longer than %(n)s characters.") % {
            "n": f"{TEXT_MAX:,}".replace(",", ".")
        }
    adopted_by = clean_text(adopted_by)
    if not adopted_by:
        errors["adopted_by"] = _("Say which body adopted it.")
    if adopted_on > timezone.localdate():
        errors["adopted_on"] = _("Record a version once it has been adopted.")
    if errors:
        raise ValidationError(errors)
    standard = Standard.objects.select_for_update().filter(unit=unit, kind=kind).first()
    title = clean_text(title)
    if standard is None:
        if not unit.is_active:
            raise ValidationError(_("The unit %(unit)s is closed.") % {"unit": unit.name})
        standard = Standard(unit=unit, kind=kind, title=title or StandardKind(kind).label)
        standard.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                standard.save()
        except IntegrityError:
            # Someone recorded the unit's first version at the same moment: build on theirs.
            standard = Standard.objects.select_for_update().get(unit=unit, kind=kind)
    previous = standard.versions.order_by("-number").first()
    if previous is not None:
        if previous.text == text:
            raise ValidationError(
                {"text": _("The text is the same as version %(n)s.") % {"n": previous.number}}
            )
        if adopted_on < previous.adopted_on:
            raise ValidationError(
                {
                    "adopted_on": _("Version %(n)s was adopted on %(d)s; a new one comes after.")
                    % {"n": previous.number, "d": previous.adopted_on.strftime("%d/%m/%Y")}
                }
            )
    version = StandardVersion.objects.create(
        standard=standard,
        number=previous.number + 1 if previous else 1,
        text=text,
        adopted_on=adopted_on,
        adopted_by=adopted_by,
        change_note=clean_document(change_note),
        created_by=by,
    )
    changed = ["review_status", "updated_at"]
    before = "" if previous is None else standard.review_status
    standard.review_status = ReviewStatus.IN_FORCE
    if title and title != standard.title:
        standard.title = title
        changed.append("title")
    standard.save(update_fields=changed)
    record(
        standard,
        by=by,
        action="version_adopted",
        from_state=before,
        state_field="review_status",
    )
    return version


@transaction.atomic
def review_set(
    *, by, standard: Standard, review_status: str, next_review_on: dt.date | None = None
) -> Standard:
    """The review status of a standard, set by its unit or a committee above it."""
    require(by, "standard.change", standard.unit)
    if review_status not in ReviewStatus.values:
        raise ValidationError({"review_status": _("Choose a review status.")})

    def schedule(row: Standard):
        row.next_review_on = next_review_on
        return ["next_review_on"]

    return transition(
        Standard.objects.all(),
        pk=standard.pk,
        by=by,
        to=review_status,
        action="review_set",
        allowed_from=ReviewStatus.values,
        change=schedule,
        state_field="review_status",
    )
