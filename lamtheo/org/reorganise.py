"""Reorganisations: insert a committee above a top unit, transfer many cells at once with
the handover record (biên bản bàn giao), dissolve a committee, start a new term.

Each operation has a preview (what will change, nothing written), the operation itself (a
service: keyword-only, one transaction, permission checked) and, for the tree changes, an undo
allowed only before the change takes effect. All of them keep the dated tree (org.history):
the periods they open start on the effective day, so reports of earlier periods read as before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, ProtectedError, Q, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import require
from lamtheo.core.text import clean_text
from lamtheo.core.tree import subtree_q
from lamtheo.org import history, kinds, register, roles
from lamtheo.org.models import (
    OPEN_END,
    Handover,
    HandoverLine,
    PartyStatus,
    Person,
    Position,
    Unit,
    UnitChange,
    UnitChangeKind,
    UnitPeriod,
)
from lamtheo.org.services import _check_open, _record, refit, unit_close, unit_create

MEMBERS = (PartyStatus.OFFICIAL, PartyStatus.PROBATIONARY)


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _undo_moves(units: list[Unit], back_to: dict[int, Unit], on: dt.date) -> None:
    """Put moved units back under their former parents and drop the periods the move opened
    on `on`, reopening the ones it ended."""
    for unit in units:
        unit = Unit.objects.get(pk=unit.pk)
        Unit.objects.move(unit, Unit.objects.get(pk=back_to[unit.pk].pk), pos="last-child")
    moved = Unit.objects.filter(subtree_q([u.path for u in Unit.objects.filter(pk__in=back_to)]))
    ids = list(moved.values_list("pk", flat=True))
    UnitPeriod.objects.filter(unit_id__in=ids, valid_from=on).delete()
    UnitPeriod.objects.filter(unit_id__in=ids, valid_to=on).update(valid_to=OPEN_END)
    # A cell relabelled by the move (chi bộ trực thuộc ↔ cơ sở) gets its former kind back,
    # before the listeners read the units (programs.standing keeps their kinds).
    for period in UnitPeriod.objects.filter(unit_id__in=back_to, valid_to=OPEN_END):
        Unit.objects.filter(pk=period.unit_id).exclude(kind=period.kind).update(kind=period.kind)
    history.changed(ids)
    UnitChange.objects.filter(
        unit_id__in=back_to, kind=UnitChangeKind.MOVED, effective_on=on
    ).delete()


def _check_not_started(on: dt.date, today: dt.date | None) -> None:
    if on <= _today(today):
        raise ValidationError(
            _("This change took effect on %(day)s: it can no longer be undone.")
            % {"day": on.strftime("%d/%m/%Y")}
        )


# -- insert a committee above a top unit -------------------------------------------------------


@dataclass
class InsertPreview:
    unit: Unit
    name: str
    units_moved: int  # the unit and every unit under it, which get a level deeper


def insert_above_preview(*, by, unit: Unit, name: str, kind: str | None = None) -> InsertPreview:
    require(by, "admin")
    if not unit.is_root():
        raise ValidationError(_("Only a top-level unit can get a new unit above it."))
    if kind is not None:
        kinds.check_place(name=clean_text(name), kind=kind, children=[unit])
    return InsertPreview(unit, clean_text(name), Unit.objects.subtree_of(unit).count())


@transaction.atomic
def insert_above(
    *, by, unit: Unit, code: str, name: str, kind: str, effective_on: dt.date, note: str = ""
) -> Unit:
    """Create a new top unit and put `unit` (a top unit) under it from `effective_on`; the
    new unit exists from that day (its period starts then)."""
    insert_above_preview(by=by, unit=unit, name=name, kind=kind)
    unit = Unit.objects.get(pk=unit.pk)
    _check_open(unit)
    above = unit_create(by=by, parent=None, code=code, name=name, kind=kind, opened_on=effective_on)
    Unit.objects.move(unit, above, pos="last-child")
    unit = Unit.objects.get(pk=unit.pk)
    history.reshape(unit, effective_on)
    _record(unit, UnitChangeKind.MOVED, by, effective_on, new=above.name, other=above, note=note)
    return Unit.objects.get(pk=above.pk)


@dataclass
class InsertUndoPreview:
    above: Unit
    units: list[Unit]  # the units put under it on its first day, top units again after
    units_moved: int  # they and every unit under them, a level higher again


def insert_above_undo_preview(
    *, by, above: Unit, today: dt.date | None = None
) -> InsertUndoPreview:
    """What undoing an insertion above changes, or why it cannot be undone. Nothing written.

    Sound only while the inserted unit is as `insert_above` left it: a top unit whose day has
    not come, holding only the units moved under it on that day, with nothing of its own
    (people, offices, programmes…: the delete refuses those) and no later change under it
    (a period starting after its first day would keep its id in the path)."""
    require(by, "admin")
    above = Unit.objects.get(pk=above.pk)
    if not above.is_root() or above.opened_on is None:
        raise ValidationError(_("This unit was not inserted above another."))
    on = above.opened_on
    _check_not_started(on, today)
    children = list(Unit.objects.get_children(above).order_by("path"))
    moved_in = set(
        UnitChange.objects.filter(
            kind=UnitChangeKind.MOVED, other_unit=above, effective_on=on
        ).values_list("unit_id", flat=True)
    )
    if not children or any(child.pk not in moved_in for child in children):
        raise ValidationError(
            _(
                "Units were put under “%(name)s” otherwise than by the insertion: move them "
                "elsewhere first."
            )
            % {"name": above.name}
        )
    later = (
        UnitPeriod.objects.filter(id_path__startswith=history.step(above.pk), valid_from__gt=on)
        .order_by("valid_from", "pk")
        .first()
    )
    if later is not None:
        raise ValidationError(
            _("“%(name)s” has a change effective on %(day)s: undo that change first.")
            % {"name": later.name, "day": later.valid_from.strftime("%d/%m/%Y")}
        )
    moved = Unit.objects.filter(subtree_q([c.path for c in children])).count()
    return InsertUndoPreview(above, children, moved)


@transaction.atomic
def insert_above_undo(*, by, above: Unit, today: dt.date | None = None) -> Unit:
    """Before the day it takes effect: its units become top units again and it is removed."""
    preview = insert_above_undo_preview(by=by, above=above, today=today)
    above, children, on = preview.above, preview.units, preview.above.opened_on
    if Person.objects.filter(unit=above).exists() or above.positions.exists():
        raise ValidationError(_("The unit has people or offices of its own: it cannot be undone."))
    for child in children:
        child = Unit.objects.get(pk=child.pk)
        last_root = Unit.objects.get_last_root_node()
        Unit.objects.move(child, last_root, pos="last-sibling")
    ids = list(
        Unit.objects.filter(
            subtree_q([c.path for c in Unit.objects.filter(pk__in=[c.pk for c in children])])
        ).values_list("pk", flat=True)
    )
    UnitPeriod.objects.filter(unit_id__in=ids, valid_from=on).delete()
    UnitPeriod.objects.filter(unit_id__in=ids, valid_to=on).update(valid_to=OPEN_END)
    history.changed(ids)
    UnitChange.objects.filter(unit_id__in=ids, other_unit=above).delete()
    UnitChange.objects.filter(unit=above).delete()
    UnitPeriod.objects.filter(unit=above).delete()
    above.history.all().delete()
    try:
        Unit.objects.filter(pk=above.pk).delete()
    except (ProtectedError, RestrictedError) as exc:
        # Records of its own (a programme, a grant, a session…): they would be lost with it.
        raise ValidationError(
            _("“%(name)s” already has records of its own: the insertion cannot be undone.")
            % {"name": above.name}
        ) from exc
    return Unit.objects.get(pk=children[0].pk)


# -- transfer many cells -----------------------------------------------------------------------


def _lines(cells: list[Unit]) -> list[HandoverLine]:
    """Each cell with its parent and its members and people (whole subtree), two queries."""
    by_path = {c.path: c for c in cells}
    parents = {u.path: u for u in Unit.objects.filter(path__in=[c.parent_path() for c in cells])}
    counts = {c.pk: [0, 0] for c in cells}
    rows = (
        Person.objects.current()
        .filter(subtree_q(list(by_path), prefix="unit__path"))
        .values_list("unit__path", "party_status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for path, status, n in rows:
        cell = next(c for p, c in by_path.items() if path.startswith(p))
        counts[cell.pk][1] += n
        if status in MEMBERS:
            counts[cell.pk][0] += n
    return [
        HandoverLine(
            unit=c,
            from_parent=parents[c.parent_path()],
            members=counts[c.pk][0],
            people=counts[c.pk][1],
        )
        for c in cells
    ]


def transfer_preview(*, by, cells: list[Unit], target: Unit) -> list[HandoverLine]:
    """The lines of the handover record, checked and not written."""
    require(by, "unit.change", target)
    if not cells:
        raise ValidationError(_("Choose at least one unit to transfer."))
    cells = list(Unit.objects.filter(pk__in=[c.pk for c in cells]).order_by("path"))
    target = Unit.objects.get(pk=target.pk)
    _check_open(target)
    nested = [c for c in cells for o in cells if c.pk != o.pk and c.path.startswith(o.path)]
    if nested:
        raise ValidationError(
            _("“%(name)s” is under another unit being transferred: choose only the upper one.")
            % {"name": nested[0].name}
        )
    for cell in cells:
        require(by, "unit.change", cell)
        _check_open(cell)
        if cell.is_root():
            raise ValidationError(
                _("“%(name)s” is a top-level unit: insert a unit above it instead.")
                % {"name": cell.name}
            )
        if target.path.startswith(cell.path):
            raise ValidationError(
                _("“%(name)s” cannot be transferred under itself or one of its own units.")
                % {"name": cell.name}
            )
        if cell.parent_path() == target.path:
            raise ValidationError(
                _("“%(name)s” is already under “%(target)s”.")
                % {"name": cell.name, "target": target.name}
            )
        kinds.check_place(
            name=cell.name,
            kind=kinds.fitting_kind(cell.kind, target.kind),
            parent=target,
            children=Unit.objects.get_children(cell).active(),
        )
    return _lines(cells)


@transaction.atomic
def transfer_cells(
    *, by, cells: list[Unit], target: Unit, effective_on: dt.date, note: str = ""
) -> Handover:
    """Move the cells (with everything under them) under `target` from `effective_on`, and
    record the handover with each cell, where it came from and its members."""
    lines = transfer_preview(by=by, cells=cells, target=target)
    handover = Handover.objects.create(
        target=target,
        effective_on=effective_on,
        note=clean_text(note),
        recorded_by=by if by is not None and by.is_authenticated else None,
    )
    target = Unit.objects.get(pk=target.pk)
    for line in lines:
        unit = Unit.objects.get(pk=line.unit.pk)
        refit(unit, target)
        Unit.objects.move(unit, Unit.objects.get(pk=target.pk), pos="last-child")
        unit = Unit.objects.get(pk=unit.pk)
        history.reshape(unit, effective_on)
        _record(
            unit,
            UnitChangeKind.MOVED,
            by,
            effective_on,
            old=line.from_parent.name,
            new=target.name,
            other=line.from_parent,
            note=_("Handover record no. %(n)s") % {"n": handover.pk},
        )
        line.handover = handover
    HandoverLine.objects.bulk_create(lines)
    return handover


@transaction.atomic
def transfer_undo(*, by, handover: Handover, today: dt.date | None = None) -> None:
    """Before the day it takes effect: every cell goes back to where it was."""
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    require(by, "unit.change", handover.target)
    _check_not_started(handover.effective_on, today)
    lines = list(handover.lines.select_related("unit", "from_parent"))
    for line in lines:
        require(by, "unit.change", line.from_parent)
    _undo_moves(
        [line.unit for line in lines],
        {line.unit_id: line.from_parent for line in lines},
        handover.effective_on,
    )
    handover.delete()


# -- dissolve ----------------------------------------------------------------------------------


@dataclass
class DissolvePreview:
    unit: Unit
    open_units: list[Unit]  # must be transferred or closed first
    people: int  # current people directly in it, to transfer first
    offices: int  # offices held that end on the day


def dissolve_preview(*, by, unit: Unit, on: dt.date) -> DissolvePreview:
    require(by, "unit.change", unit)
    _check_open(unit)
    return DissolvePreview(
        unit=unit,
        open_units=list(Unit.objects.get_children(unit).active().order_by("sort_key")),
        people=Person.objects.filter(unit=unit).current().count(),
        offices=Position.objects.filter(unit=unit).current(on).count(),
    )


@transaction.atomic
def dissolve(*, by, unit: Unit, on: dt.date, note: str = "") -> Unit:
    """Close a committee whose units and people have gone elsewhere; its offices end that day.
    The committee stays in every earlier period's tree."""
    preview = dissolve_preview(by=by, unit=unit, on=on)
    if preview.open_units or preview.people:
        raise ValidationError(
            _("Transfer its %(units)s units and %(people)s people first.")
            % {"units": len(preview.open_units), "people": preview.people}
        )
    Position.objects.filter(unit=unit).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on)).update(
        ended_on=on
    )
    return unit_close(by=by, unit=unit, closed_on=on, note=note)


@transaction.atomic
def dissolve_undo(*, by, unit: Unit, today: dt.date | None = None) -> Unit:
    """Before the day it takes effect: the committee stays open, its running period goes on
    and the offices that were to end that day run on (an end date set before the dissolution
    for that very day is lost with it)."""
    require(by, "unit.change", unit)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.closed_on is None or unit.merged_into_id:
        raise ValidationError(_("This unit is not being dissolved."))
    on = unit.closed_on
    _check_not_started(on, today)
    unit.closed_on = None
    unit.save(update_fields=["closed_on", "updated_at"])
    UnitPeriod.objects.filter(unit=unit, valid_to=on).update(valid_to=OPEN_END)
    history.changed([unit.pk], moved_from={})
    UnitChange.objects.filter(unit=unit, kind=UnitChangeKind.CLOSED, effective_on=on).delete()
    Position.objects.filter(unit=unit, ended_on=on).update(ended_on=None)
    return unit


# -- a new term --------------------------------------------------------------------------------


@dataclass
class TermPreview:
    unit: Unit
    starts_on: dt.date
    ending: list[Position]  # offices that end the day before
    starting: list[tuple[Person, str]]  # (person, title) from that day


def new_term_preview(
    *, by, unit: Unit, starts_on: dt.date, holders: list[tuple[Person, str]]
) -> TermPreview:
    """What the new term changes, checked and not written."""
    require(by, "position.change", unit)
    _check_open(unit)
    if not holders:
        raise ValidationError(_("Name at least one office holder of the new term."))
    gone = [p for p, _title in holders if not p.is_current]
    if gone:
        raise ValidationError(
            _("%(name)s has left and cannot hold office.") % {"name": gone[0].full_name}
        )
    running = _running(unit, starts_on)
    if running.filter(started_on__gte=starts_on).exists():
        raise ValidationError(_("An office of this unit starts after the new term's first day."))
    ending = list(running.select_related("person").order_by("title", "person__sort_key"))
    return TermPreview(unit, starts_on, ending, holders)


def _running(unit: Unit, starts_on: dt.date):
    ends_on = starts_on - dt.timedelta(days=1)
    return Position.objects.filter(unit=unit).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=ends_on)
    )


@transaction.atomic
def new_term_undo(*, by, unit: Unit, starts_on: dt.date, today: dt.date | None = None) -> None:
    """Before the new term starts: its offices are removed and the ones it ended run on."""
    require(by, "position.change", unit)
    _check_not_started(starts_on, today)
    made = Position.objects.filter(unit=unit, started_on=starts_on)
    if not made.exists():
        raise ValidationError(
            _("No term of this unit starts on %(day)s.") % {"day": starts_on.strftime("%d/%m/%Y")}
        )
    made.delete()
    ends_on = starts_on - dt.timedelta(days=1)
    Position.objects.filter(unit=unit, ended_on=ends_on).update(ended_on=None)
    register.close_term_undone(unit, starts_on)


@transaction.atomic
def new_term(
    *, by, unit: Unit, starts_on: dt.date, holders: list[tuple[Person, str]]
) -> list[Position]:
    """End every office of the unit the day before `starts_on` and start the new term's
    (person, title) offices that day; the document register's term changes with them
    (`register.open_term`: numbers run from 01 again)."""
    preview = new_term_preview(by=by, unit=unit, starts_on=starts_on, holders=holders)
    _running(unit, starts_on).update(ended_on=starts_on - dt.timedelta(days=1))
    # Grants that follow an office end with it and start with the new holder (org.roles).
    for position in Position.objects.filter(pk__in=[p.pk for p in preview.ending]):
        roles.on_term_end(position)
    made = []
    for person, title in holders:
        position = Position(person=person, unit=unit, title=title, started_on=starts_on)
        position.full_clean()
        position.save()
        roles.on_appointment(position, by)
        made.append(position)
    # One term: the offices and the document register's numbering change on the same day.
    register.open_term(unit, starts_on)
    return made
