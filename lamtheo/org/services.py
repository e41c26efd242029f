"""Writes to the organisation: every change to units, people and offices goes through here.

Each function checks that `by` may make the change, runs in one transaction, records the
effective date and who recorded it, and raises ValidationError with a message for the user.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lamtheo.accounts.activation import deactivate
from lamtheo.accounts.scoping import require
from lamtheo.core.text import clean_text
from lamtheo.org import history, kinds, roles
from lamtheo.org.counts import NOBODY_MOVED, refresh_unit_counts
from lamtheo.org.models import (
    PERSON_FIELDS,
    Membership,
    Person,
    Position,
    Unit,
    UnitChange,
    UnitChangeKind,
)


def _record(unit, kind, by, effective_on, old="", new="", other=None, note=""):
    UnitChange.objects.create(
        unit=unit,
        kind=kind,
        effective_on=effective_on,
        old_value=old,
        new_value=new,
        other_unit=other,
        note=note,
        recorded_by=by if by is not None and by.is_authenticated else None,
    )


def refit(unit: Unit, new_parent: Unit) -> None:
    """Before `unit` moves under `new_parent`: refuse what the Charter does not allow there;
    a chi bộ or đảng bộ that crosses the grassroots line takes its kind at the new level
    (saved now, so the period the move opens carries it)."""
    kind = kinds.fitting_kind(unit.kind, new_parent.kind)
    kinds.check_place(
        name=unit.name,
        kind=kind,
        parent=new_parent,
        children=Unit.objects.get_children(unit).active(),
    )
    if kind != unit.kind:
        Unit.objects.filter(pk=unit.pk).update(kind=kind)
        unit.kind = kind


def _check_open(unit: Unit) -> None:
    if not unit.is_active:
        raise ValidationError(_("Unit “%(name)s” is closed.") % {"name": unit.name})


@transaction.atomic
def unit_create(
    *,
    by,
    parent: Unit | None,
    code: str,
    name: str,
    kind: str,
    opened_on: dt.date | None = None,
    place: str = "",
) -> Unit:
    if parent is None:
        require(by, "admin")
    else:
        require(by, "unit.change", parent)
        _check_open(parent)
    code = clean_text(code)
    if Unit.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Unit code %(code)s is already used.") % {"code": code}})
    kinds.check_place(name=clean_text(name), kind=kind, parent=parent)
    fields = {
        "code": code,
        "name": name,
        "kind": kind,
        "opened_on": opened_on,
        "place": clean_text(place),
    }
    unit = (
        Unit.objects.add_root(fields) if parent is None else Unit.objects.add_child(parent, fields)
    )
    _record(unit, UnitChangeKind.CREATED, by, opened_on or dt.date.today(), new=unit.name)
    return unit


@transaction.atomic
def unit_update(
    *,
    by,
    unit: Unit,
    name: str,
    kind: str,
    code: str,
    effective_on: dt.date,
    note: str = "",
    place: str | None = None,
) -> Unit:
    """Edit a unit; a new name is recorded as a rename effective on `effective_on`."""
    require(by, "unit.change", unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    code = clean_text(code)
    if code != unit.code and Unit.objects.filter(code=code).exclude(pk=unit.pk).exists():
        raise ValidationError({"code": _("Unit code %(code)s is already used.") % {"code": code}})
    old_name = unit.name
    if kind != unit.kind:
        kinds.check_place(
            name=clean_text(name),
            kind=kind,
            parent=None if unit.is_root() else Unit.objects.get_parent(unit),
            children=Unit.objects.get_children(unit).active(),
        )
    unit.name, unit.kind, unit.code = name, kind, code
    if place is not None:
        unit.place = clean_text(place)
    unit.fill_keys()
    unit.save()
    history.reshape(unit, effective_on)
    if unit.name != old_name:
        _record(
            unit, UnitChangeKind.RENAMED, by, effective_on, old=old_name, new=unit.name, note=note
        )
    return unit


@transaction.atomic
def unit_move(*, by, unit: Unit, new_parent: Unit, effective_on: dt.date, note: str = "") -> Unit:
    """Move a unit and its whole subtree under another parent."""
    require(by, "unit.change", unit)
    require(by, "unit.change", new_parent)
    unit = Unit.objects.get(pk=unit.pk)
    new_parent = Unit.objects.get(pk=new_parent.pk)
    if unit.is_root():
        raise ValidationError(_("A top-level unit cannot be moved."))
    if new_parent.path.startswith(unit.path):
        raise ValidationError(_("A unit cannot be moved under itself or one of its own units."))
    _check_open(new_parent)
    old_parent = Unit.objects.get_parent(unit)
    if old_parent.pk == new_parent.pk:
        raise ValidationError(_("The unit is already under “%(name)s”.") % {"name": new_parent})
    refit(unit, new_parent)
    Unit.objects.move(unit, new_parent, pos="last-child")
    unit.refresh_from_db()
    history.reshape(unit, effective_on)
    _record(
        unit,
        UnitChangeKind.MOVED,
        by,
        effective_on,
        old=old_parent.name,
        new=new_parent.name,
        other=old_parent,
        note=note,
    )
    return unit


@transaction.atomic
def unit_close(*, by, unit: Unit, closed_on: dt.date, note: str = "") -> Unit:
    """Close a unit that no longer has current people or open child units."""
    require(by, "unit.change", unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _check_open(unit)
    if Unit.objects.get_children(unit).active().exists():
        raise ValidationError(_("Close or move its units first: this unit still has open units."))
    if Person.objects.filter(unit=unit).current().exists():
        raise ValidationError(_("Transfer its people first: this unit still has members."))
    unit.closed_on = closed_on
    unit.save(update_fields=["closed_on", "updated_at"])
    history.end(unit, closed_on)
    _record(unit, UnitChangeKind.CLOSED, by, closed_on, note=note)
    return unit


@transaction.atomic
def unit_reopen(*, by, unit: Unit, effective_on: dt.date) -> Unit:
    require(by, "unit.change", unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.is_active:
        raise ValidationError(_("Unit “%(name)s” is open.") % {"name": unit.name})
    if unit.merged_into_id:
        raise ValidationError(_("A unit merged into another cannot be reopened."))
    unit.closed_on = None
    unit.save(update_fields=["closed_on", "updated_at"])
    history.reopen(unit, effective_on)
    _record(unit, UnitChangeKind.REOPENED, by, effective_on)
    return unit


@transaction.atomic
def unit_merge(*, by, source: Unit, target: Unit, effective_on: dt.date, note: str = "") -> Unit:
    """Merge `source` into `target`: its people and child units move, then it closes.

    Records made in `source` keep pointing at it, so old reports still name it.
    """
    require(by, "unit.change", source)
    require(by, "unit.change", target)
    source = Unit.objects.get(pk=source.pk)
    target = Unit.objects.get(pk=target.pk)
    if source.pk == target.pk:
        raise ValidationError(_("A unit cannot be merged into itself."))
    if target.path.startswith(source.path):
        raise ValidationError(_("A unit cannot be merged into one of its own units."))
    _check_open(source)
    _check_open(target)
    children = list(Unit.objects.get_children(source).active())
    for child in children:
        kinds.check_place(
            name=child.name, kind=kinds.fitting_kind(child.kind, target.kind), parent=target
        )
    for child in children:
        refit(child, target)
        Unit.objects.move(Unit.objects.get(pk=child.pk), target, pos="last-child")
        _record(
            Unit.objects.get(pk=child.pk),
            UnitChangeKind.MOVED,
            by,
            effective_on,
            old=source.name,
            new=target.name,
            other=source,
            note=note,
        )
    history.reshape(Unit.objects.get(pk=target.pk), effective_on)
    people = list(Person.objects.filter(unit=source).current())
    for person in people:
        _transfer(person, target, effective_on, _("Merger of units"), by)
    refresh_unit_counts([source.pk, target.pk], moved_on=effective_on)
    source = Unit.objects.get(pk=source.pk)
    source.closed_on = effective_on
    source.merged_into = target
    source.save(update_fields=["closed_on", "merged_into", "updated_at"])
    history.end(source, effective_on)
    _record(
        source,
        UnitChangeKind.MERGED,
        by,
        effective_on,
        old=source.name,
        new=target.name,
        other=target,
        note=note,
    )
    return target


def _transfer(person: Person, unit: Unit, on: dt.date, reason: str, by) -> None:
    Membership.objects.create(
        person=person,
        unit_id=person.unit_id,
        started_on=person.unit_since,
        ended_on=on,
        reason=reason,
        recorded_by=by if by is not None and by.is_authenticated else None,
    )
    person.unit = unit
    person.unit_since = on
    person.save(update_fields=["unit", "unit_since", "updated_at"])


def _check_unique(person: Person) -> None:
    others = Person.objects.exclude(pk=person.pk)
    errors = {}
    if (
        person.party_card_number
        and others.filter(party_card_number=person.party_card_number).exists()
    ):
        errors["party_card_number"] = _("Another person already has this party card number.")
    if person.code and others.filter(code=person.code).exists():
        errors["code"] = _("Another person already has this personal code.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def person_create(*, by, unit: Unit, **fields) -> Person:
    require(by, "person.change", unit)
    _check_open(unit)
    person = Person(unit=unit, unit_since=fields.pop("unit_since", None) or dt.date.today())
    for name in PERSON_FIELDS:
        if name in fields:
            setattr(person, name, fields[name])
    person.fill_keys()
    _check_unique(person)
    person.full_clean(exclude=["unit", "user", "imported_by"])
    person.save()
    refresh_unit_counts([unit.pk], moved_on=person.unit_since)
    return person


@transaction.atomic
def person_update(*, by, person: Person, **fields) -> Person:
    require(by, "person.change", person.unit)
    person = Person.objects.select_for_update().get(pk=person.pk)
    for name in PERSON_FIELDS:
        if name in fields:
            setattr(person, name, fields[name])
    person.fill_keys()
    _check_unique(person)
    person.full_clean(exclude=["unit", "user", "imported_by"])
    person.save()
    refresh_unit_counts([person.unit_id], moved_on=NOBODY_MOVED)  # the status may have changed
    return person


@transaction.atomic
def person_transfer(
    *, by, person: Person, unit: Unit, effective_on: dt.date, reason: str = ""
) -> Person:
    """Move a person to another unit; the period in the old unit stays in their history."""
    require(by, "person.change", person.unit)
    require(by, "person.change", unit)
    person = Person.objects.select_for_update().get(pk=person.pk)
    _check_open(unit)
    if person.unit_id == unit.pk:
        raise ValidationError(_("This person is already in “%(name)s”.") % {"name": unit.name})
    if person.unit_since and effective_on < person.unit_since:
        raise ValidationError(
            _("The transfer date cannot be before the person joined the current unit.")
        )
    old_unit_id = person.unit_id
    _transfer(person, unit, effective_on, clean_text(reason), by)
    refresh_unit_counts([old_unit_id, unit.pk], moved_on=effective_on)
    return person


@transaction.atomic
def person_leave(*, by, person: Person, left_on: dt.date, reason: str) -> Person:
    require(by, "person.change", person.unit)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.left_on:
        raise ValidationError(_("This person has already left."))
    if person.unit_since and left_on < person.unit_since:
        raise ValidationError(
            {"left_on": _("The leaving date cannot be before the person joined the current unit.")}
        )
    # An office they hold ends on the leaving day, so it cannot have begun after it; the latest
    # such start is the day the departure must not precede.
    held = (
        person.positions.filter(ended_on__isnull=True, started_on__gt=left_on)
        .order_by("-started_on")
        .first()
    )
    if held is not None:
        raise ValidationError(
            {
                "left_on": _(
                    "The leaving date is before %(date)s, when the person took an office "
                    "they still hold; end that office first or check the date."
                )
                % {"date": held.started_on.strftime("%d/%m/%Y")}
            }
        )
    person.left_on = left_on
    person.left_reason = clean_text(reason)
    person.save(update_fields=["left_on", "left_reason", "updated_at"])
    person.positions.filter(ended_on__isnull=True).update(ended_on=left_on)
    for position in person.positions.filter(grants__isnull=False).distinct():
        roles.on_term_end(position)
    # Whoever leaves (or dies, or transfers out of the whole tree) keeps no way in.
    deactivate(person.user_id)
    refresh_unit_counts([person.unit_id], moved_on=left_on)
    return person


@transaction.atomic
def position_create(
    *, by, unit: Unit, person: Person, title: str, started_on: dt.date | None = None, note: str = ""
) -> Position:
    require(by, "position.change", unit)
    if not person.is_current:
        raise ValidationError(_("This person has left and cannot hold office."))
    position = Position(
        person=person, unit=unit, title=title, started_on=started_on, note=clean_text(note)
    )
    position.full_clean()
    position.save()
    roles.on_appointment(position, by)
    return position


@transaction.atomic
def position_end(*, by, position: Position, ended_on: dt.date) -> Position:
    require(by, "position.change", position.unit)
    position = Position.objects.select_for_update().get(pk=position.pk)
    if position.ended_on and position.ended_on <= dt.date.today():
        raise ValidationError(_("This term has already ended."))
    if position.started_on and ended_on < position.started_on:
        raise ValidationError(_("A term cannot end before it starts."))
    position.ended_on = ended_on
    position.save(update_fields=["ended_on", "updated_at"])
    roles.on_term_end(position)
    return position
