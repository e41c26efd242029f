"""Exemplars through their workflow: a unit proposes, the level above reviews.

    draft ──propose──▶ proposed ──recognise──▶ recognised ──publish──▶ published
      ▲                  │  │                       │                     │
      └──── returned ◀───┘  └──reject──▶ rejected   └──────withdraw───────┴──▶ withdrawn

- Whoever may propose for the unit ("exemplar.propose") writes and edits it while it is a draft
  or returned, and proposes it.
- It is reviewed a level up, never at the proposing unit's own level: a reviewer whose
  "exemplar.review" grant covers the PARENT of the proposing unit (for a unit at the top of
  the tree, an administrator). The reviewer recognises it at the level of a unit above the
  proposing one that their grant covers (default the parent), returns it or rejects it, with
  a reason.
- Publishing and withdrawing recognition belong to the level that recognised it.

Every transition checks who and from which state (the `check_*` functions, shared with the
pages so that they show only the buttons that work), runs in one transaction, records an
ExemplarEvent and bumps the version: a change from a stale page is refused with CONFLICT and
nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import can
from lamtheo.core.text import clean_text, fold
from lamtheo.core.tree import ancestor_paths
from lamtheo.core.workflow import lock, record
from lamtheo.exemplars.models import (
    Campaign,
    Exemplar,
    ExemplarKind,
    ExemplarStatus,
    Figure,
    Tag,
)
from lamtheo.org.models import Person, Unit

S = ExemplarStatus
EDITABLE = (S.DRAFT, S.RETURNED)
TEXT_FIELDS = ("title", "problem", "actions", "results")
MAX_TAGS = 10
MAX_FIGURES = 20
_TAG_SPLIT = re.compile(r"[,;\n]")


def _today() -> dt.date:
    return timezone.localdate()


# -- who may do what (shared with the pages) -------------------------------------------------


def may_propose(by, unit: Unit) -> bool:
    return can(by, "exemplar.propose", unit)


def may_review(by, exemplar: Exemplar) -> bool:
    """A reviewer a level up: "exemplar.review" over the parent of the proposing unit."""
    unit = exemplar.unit
    if unit.depth == 1:
        return can(by, "admin")
    return can(by, "exemplar.review", Unit.objects.get_parent(unit))


def may_decide_recognised(by, exemplar: Exemplar) -> bool:
    """Publish and withdraw: "exemplar.review" over the level that recognised it."""
    level = exemplar.recognised_by_unit
    if level is None:
        return may_review(by, exemplar)
    return can(by, "exemplar.review", level)


def _state(exemplar: Exemplar) -> str:
    return exemplar.get_status_display().lower()


def check_edit(*, by, exemplar: Exemplar) -> None:
    if not may_propose(by, exemplar.unit):
        raise PermissionDenied
    if exemplar.status not in EDITABLE:
        raise ValidationError(
            _("An exemplar that is %(s)s can no longer be edited.") % {"s": _state(exemplar)}
        )


def check_propose(*, by, exemplar: Exemplar) -> None:
    if not may_propose(by, exemplar.unit):
        raise PermissionDenied
    if exemplar.status not in EDITABLE:
        raise ValidationError(_("Only a draft or a returned exemplar can be proposed."))


def check_review(*, by, exemplar: Exemplar) -> None:
    """Recognise, return or reject."""
    if not may_review(by, exemplar):
        raise PermissionDenied
    if exemplar.status != S.PROPOSED:
        raise ValidationError(_("Only a proposed exemplar can be reviewed."))


def check_publish(*, by, exemplar: Exemplar) -> None:
    if not may_decide_recognised(by, exemplar):
        raise PermissionDenied
    if exemplar.status != S.RECOGNISED:
        raise ValidationError(_("Only a recognised exemplar can be published."))


def check_withdraw(*, by, exemplar: Exemplar) -> None:
    if not may_decide_recognised(by, exemplar):
        raise PermissionDenied
    if exemplar.status not in (S.RECOGNISED, S.PUBLISHED):
        raise ValidationError(_("Only a recognised or published exemplar can be withdrawn."))


def allowed(by, exemplar: Exemplar) -> set[str]:
    """The transitions `by` may make now: edit, propose, review, publish, withdraw."""
    checks = {
        "edit": check_edit,
        "propose": check_propose,
        "review": check_review,
        "publish": check_publish,
        "withdraw": check_withdraw,
    }
    result = set()
    for name, check in checks.items():
        try:
            check(by=by, exemplar=exemplar)
        except (PermissionDenied, ValidationError):
            continue
        result.add(name)
    return result


def recognition_levels(by, exemplar: Exemplar) -> list[Unit]:
    """The units at whose level `by` may recognise the exemplar: those above the proposing
    unit that their review grant covers, nearest first (the parent is the default)."""
    above = ancestor_paths(exemplar.unit.path)[:-1]
    units = Unit.objects.filter(path__in=above).order_by("-depth")
    return [u for u in units if can(by, "exemplar.review", u)]


# -- tags, figures, search key ---------------------------------------------------------------


def parse_tags(text: str) -> list[str]:
    """ "Chuyển đổi số, cải cách hành chính; CCHC" → the distinct tags, as first written."""
    names: dict[str, str] = {}
    for part in _TAG_SPLIT.split(text or ""):
        name = clean_text(part).strip("#").strip()[:60]
        key = fold(name)
        if key and key not in names:
            names[key] = name
    if len(names) > MAX_TAGS:
        raise ValidationError({"tags": _("At most %(n)s tags.") % {"n": MAX_TAGS}})
    return list(names.values())


def _tag_rows(names: list[str]) -> list[Tag]:
    keys = {fold(n): n for n in names}
    found = {t.key: t for t in Tag.objects.filter(key__in=keys)}
    for key, name in keys.items():
        if key not in found:
            try:
                with transaction.atomic():
                    found[key] = Tag.objects.create(name=name, key=key)
            except IntegrityError:  # someone created it meanwhile
                found[key] = Tag.objects.get(key=key)
    return [found[fold(n)] for n in names]


def _clean_figures(figures) -> list[Figure]:
    """Lines (label, before, after, measure); a line with nothing in it is skipped."""
    rows, errors = [], []
    for number, line in enumerate(figures or (), start=1):
        label = clean_text(line.get("label"))
        measure = clean_text(line.get("measure"))[:40]
        before, after = line.get("before"), line.get("after")
        if not label and before is None and after is None and not measure:
            continue
        if not label or after is None:
            errors.append(
                _("Figure %(n)s: give the indicator and the value after.") % {"n": number}
            )
            continue
        rows.append(
            Figure(
                label=label[:255],
                before=Decimal(before) if before is not None else None,
                after=Decimal(after),
                measure=measure,
            )
        )
    if len(rows) > MAX_FIGURES:
        errors.append(_("At most %(n)s figures.") % {"n": MAX_FIGURES})
    if errors:
        raise ValidationError({"figures": errors})
    return rows


def subject_name(exemplar: Exemplar) -> str:
    if exemplar.kind == ExemplarKind.INDIVIDUAL and exemplar.person_id:
        return exemplar.person.full_name
    if exemplar.subject_unit_id:
        return exemplar.subject_unit.name
    return ""


def search_key_for(exemplar: Exemplar, tag_names) -> str:
    """Folded title, subject, proposing unit and tags: "mo hinh" finds "mô hình"."""
    parts = [exemplar.title, subject_name(exemplar), exemplar.unit.name, *tag_names]
    return " ".join(fold(p) for p in parts if p)


# -- create and edit -------------------------------------------------------------------------


def _event(exemplar: Exemplar, by, action: str, comment: str = "", **kwargs) -> None:
    record(exemplar, by=by, action=action, reason=comment, **kwargs)


def _check_subject(by, exemplar: Exemplar) -> None:
    """An individual is a current person of the proposing unit's subtree; a collective or a
    model is the proposing unit or a unit under it."""
    unit = exemplar.unit
    if exemplar.kind == ExemplarKind.INDIVIDUAL:
        exemplar.subject_unit = None
        person = exemplar.person
        if person is None:
            raise ValidationError({"person": _("Choose the person this exemplar is about.")})
        if not person.unit.path.startswith(unit.path) or not person.is_current:
            raise ValidationError(
                {"person": _("Choose a current member of %(unit)s.") % {"unit": unit.name}}
            )
    else:
        exemplar.person = None
        if exemplar.subject_unit is None:
            exemplar.subject_unit = unit
        if not exemplar.subject_unit.path.startswith(unit.path):
            raise ValidationError(
                {"subject_unit": _("Choose %(unit)s or a unit under it.") % {"unit": unit.name}}
            )


def _check_links(by, exemplar: Exemplar) -> None:
    source = exemplar.adapted_from
    if source is not None:
        if source.pk is not None and source.pk == exemplar.pk:
            raise ValidationError({"adapted_from": _("An exemplar cannot be adapted from itself.")})
        if (
            source.status != S.PUBLISHED
            and not Exemplar.objects.visible_to(by).filter(pk=source.pk).exists()
        ):
            raise ValidationError({"adapted_from": _("Choose a published exemplar.")})
    campaign = exemplar.campaign
    if campaign is not None:
        host_paths = ancestor_paths(exemplar.unit.path)
        if campaign.unit.path not in host_paths or not (
            Campaign.objects.visible_to(by).filter(pk=campaign.pk).exists()
        ):
            raise ValidationError(
                {"campaign": _("Choose a campaign of this unit or of a unit above it.")}
            )


def _apply(exemplar: Exemplar, fields: dict) -> dict:
    """Set the given fields, cleaned; returns {name: (old, new)} of what changed."""
    changes = {}
    for name in ("kind", "field", *TEXT_FIELDS):
        if name in fields:
            value = fields[name]
            if name == "title":
                value = clean_text(value)
            elif name in TEXT_FIELDS:
                value = (value or "").strip()
            if getattr(exemplar, name) != value:
                changes[name] = (getattr(exemplar, name), value)
                setattr(exemplar, name, value)
    for name in ("person", "subject_unit", "adapted_from", "campaign"):
        if name in fields:
            value = fields[name]
            if getattr(exemplar, f"{name}_id") != (value.pk if value is not None else None):
                changes[name] = (getattr(exemplar, f"{name}_id"), value)
                setattr(exemplar, name, value)
    return changes


def _save_content(exemplar: Exemplar, by, tags, figures) -> None:
    _check_subject(by, exemplar)
    _check_links(by, exemplar)
    tag_names = parse_tags(tags) if tags is not None else [t.name for t in exemplar.tags.all()]
    figure_rows = _clean_figures(figures) if figures is not None else None
    exemplar.full_clean(exclude=["tags", "search_key"])
    exemplar.search_key = search_key_for(exemplar, tag_names)
    exemplar.save()
    if tags is not None:
        exemplar.tags.set(_tag_rows(tag_names))
    if figure_rows is not None:
        exemplar.figures.all().delete()
        for row in figure_rows:
            row.exemplar = exemplar
        Figure.objects.bulk_create(figure_rows)


@transaction.atomic
def exemplar_create(
    *, by, unit: Unit, kind: str, tags: str = "", figures=(), propose: bool = False, **fields
) -> Exemplar:
    """A draft exemplar of `unit`. Fields: title, field, problem, actions, results, person
    (individual) or subject_unit (collective, model; default the unit), adapted_from,
    campaign; tags as comma-separated text; figures as lines (label, before, after, measure).
    With `propose`, proposed in the same transaction: a refused proposal leaves no draft."""
    if not may_propose(by, unit):
        raise PermissionDenied
    if not unit.is_active:
        raise ValidationError(_("The unit %(unit)s is closed.") % {"unit": unit.name})
    exemplar = Exemplar(unit=unit, kind=kind, status=S.DRAFT)
    _apply(exemplar, {"kind": kind, **fields})
    _save_content(exemplar, by, tags, figures)
    _event(exemplar, by, "created", from_state="")
    if propose:
        exemplar = exemplar_propose(by=by, exemplar=exemplar, version=exemplar.version)
    return exemplar


def _locked(exemplar: Exemplar, version: int | None) -> Exemplar:
    return lock(
        Exemplar.objects.select_related(
            "unit", "person__unit", "subject_unit", "recognised_by_unit"
        ),
        pk=exemplar.pk,
        version=version,
        stale_message=_(
            "Someone has updated this exemplar since you opened it (đã có người cập nhật). "
            "Your text is kept below: check the new version, then save again."
        ),
    )


def _bump(exemplar: Exemplar, fields: list[str] | None = None) -> None:
    exemplar.version += 1
    if fields is None:
        exemplar.save()
    else:
        exemplar.save(update_fields=[*fields, "status", "version", "updated_at"])


@transaction.atomic
def exemplar_update(
    *,
    by,
    exemplar: Exemplar,
    version: int | None,
    tags: str | None = None,
    figures=None,
    propose: bool = False,
    **fields,
) -> Exemplar:
    """Edit a draft or returned exemplar. `tags` and `figures`, when given, replace the old.
    With `propose`, proposed in the same transaction: a refused proposal keeps the edit
    unsaved too, so the page's version stays the stored one."""
    exemplar = _locked(exemplar, version)
    check_edit(by=by, exemplar=exemplar)
    _apply(exemplar, fields)
    exemplar.version += 1
    _save_content(exemplar, by, tags, figures)
    _event(exemplar, by, "edited")
    if propose:
        exemplar = exemplar_propose(by=by, exemplar=exemplar, version=exemplar.version)
    return exemplar


# -- transitions -----------------------------------------------------------------------------


def proposal_gaps(*, actions: str, results: str, figures: bool) -> dict[str, str]:
    """What a proposal lacks, by field: the story of what was done, and its results in words
    or in figures. The form asks the same before writing anything."""
    missing = {}
    if not (actions or "").strip():
        missing["actions"] = _("Fill this in before proposing.")
    if not (results or "").strip() and not figures:
        missing["results"] = _("Describe the results, or give a figure, before proposing.")
    return missing


@transaction.atomic
def exemplar_propose(*, by, exemplar: Exemplar, version: int | None) -> Exemplar:
    exemplar = _locked(exemplar, version)
    check_propose(by=by, exemplar=exemplar)
    missing = proposal_gaps(
        actions=exemplar.actions, results=exemplar.results, figures=exemplar.figures.exists()
    )
    if missing:
        raise ValidationError(missing)
    exemplar.status = S.PROPOSED
    exemplar.proposed_at = timezone.now()
    exemplar.proposed_by = by
    _bump(exemplar, ["proposed_at", "proposed_by"])
    _event(exemplar, by, "proposed")
    return exemplar


def _reason(reason: str, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    return reason


@transaction.atomic
def exemplar_return(*, by, exemplar: Exemplar, version: int | None, reason: str) -> Exemplar:
    """Back to the proposing unit for changes."""
    exemplar = _locked(exemplar, version)
    check_review(by=by, exemplar=exemplar)
    exemplar.reason = _reason(reason, _("Say what should change."))
    exemplar.status = S.RETURNED
    _bump(exemplar, ["reason"])
    _event(exemplar, by, "returned", exemplar.reason)
    return exemplar


@transaction.atomic
def exemplar_reject(*, by, exemplar: Exemplar, version: int | None, reason: str) -> Exemplar:
    """Not recognised: final."""
    exemplar = _locked(exemplar, version)
    check_review(by=by, exemplar=exemplar)
    exemplar.reason = _reason(reason, _("Say why it is not recognised."))
    exemplar.status = S.REJECTED
    _bump(exemplar, ["reason"])
    _event(exemplar, by, "rejected", exemplar.reason)
    return exemplar


@transaction.atomic
def exemplar_recognise(
    *,
    by,
    exemplar: Exemplar,
    version: int | None,
    level: Unit | None = None,
    on: dt.date | None = None,
    comment: str = "",
) -> Exemplar:
    """Recognised at the level of `level` (a unit above the proposing one that the reviewer
    covers; default the parent) on the day `on` (default today, never in the future)."""
    exemplar = _locked(exemplar, version)
    check_review(by=by, exemplar=exemplar)
    levels = recognition_levels(by, exemplar)
    if level is None:
        if not levels:
            raise PermissionDenied
        level = levels[0]
    elif level.pk not in {u.pk for u in levels}:
        raise ValidationError(
            {"level": _("Choose a unit above the proposing unit that you review for.")}
        )
    on = on or _today()
    if on > _today():
        raise ValidationError({"on": _("The day of recognition cannot be in the future.")})
    exemplar.status = S.RECOGNISED
    exemplar.recognised_by_unit = level
    exemplar.recognised_on = on
    exemplar.recognised_by = by
    exemplar.reason = ""
    _bump(exemplar, ["recognised_by_unit", "recognised_on", "recognised_by", "reason"])
    _event(exemplar, by, "recognised", (comment or "").strip())
    return exemplar


@transaction.atomic
def exemplar_publish(*, by, exemplar: Exemplar, version: int | None) -> Exemplar:
    """Into the public gallery."""
    exemplar = _locked(exemplar, version)
    check_publish(by=by, exemplar=exemplar)
    exemplar.status = S.PUBLISHED
    exemplar.published_at = timezone.now()
    _bump(exemplar, ["published_at"])
    _event(exemplar, by, "published")
    return exemplar


@transaction.atomic
def exemplar_withdraw(*, by, exemplar: Exemplar, version: int | None, reason: str) -> Exemplar:
    """Recognition withdrawn: the exemplar leaves the gallery; its history stays."""
    exemplar = _locked(exemplar, version)
    check_withdraw(by=by, exemplar=exemplar)
    exemplar.reason = _reason(reason, _("Say why recognition is withdrawn."))
    exemplar.status = S.WITHDRAWN
    _bump(exemplar, ["reason"])
    _event(exemplar, by, "withdrawn", exemplar.reason)
    return exemplar


def people_for(unit: Unit, by):
    """The people an individual exemplar of `unit` may be about."""
    return (
        Person.objects.visible_to(by, "exemplar.propose")
        .current()
        .in_subtree(unit)
        .order_by("sort_key", "pk")
    )
