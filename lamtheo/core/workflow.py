"""The workflow kit: one way to move a row through its states and to record who did it.

A feature with a state machine gives its model a `status` field (and a `version` when its pages
edit it), an event model that subclasses `WorkflowEvent` with a foreign key to it (named
`related_name="events"`), and makes every change through this module, inside its service's
transaction:

    row = transition(
        Commitment.objects.select_related("year"), pk=commitment.pk, version=version,
        allowed_from=(S.SUBMITTED,), to=S.APPROVED, by=user, action="approved",
        reason=comment, check=lambda row: require_review(user, row),
        refused=_("Only a commitment waiting for approval can be approved."),
    )

`transition` locks the row (SELECT … FOR UPDATE), refuses a stale page (CONFLICT), runs the
feature's own check, refuses a state the change does not start from, sets the new state,
bumps the version and writes one event row: actor, time, action, from and to, reason. A
change that keeps the state (an edit, a progress note) uses `lock` and `record` the same way.

The kit knows no domain: no unit, person or role. Who may act is the feature's `check`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

# The code of the ValidationError raised when the page was read at an older version of the row
# than the one stored (someone else saved meanwhile). Views recognise it (core.views).
CONFLICT = "conflict"


def stale(message: str | None = None) -> ValidationError:
    """The refusal of a change made from a page read at an older version."""
    return ValidationError(
        message
        or _(
            "Someone has updated this since you opened it (đã có người cập nhật). "
            "Check the new version, then try again."
        ),
        code=CONFLICT,
    )


class AuditRowError(Exception):
    """Audit rows are never deleted: a history that can be trimmed proves nothing."""


class EventQuerySet(models.QuerySet):
    def delete(self):
        raise AuditRowError(f"{self.model.__name__} rows are never deleted.")


class WorkflowEvent(models.Model):
    """One state change (or one recorded step) of a row: who, when, what, from, to, why.

    Each workflow has its own table (a subclass with a real foreign key to its row, named
    `events`), not one table with a generic reference: a page prefetches or joins the history
    of its rows in one query by that key, the database keeps it consistent (CASCADE with the
    row, an index per row) and each feature owns its table. See docs/decisions.md.

    Rows are written once: `delete()` and `QuerySet.delete()` refuse. A row deleted with its
    subject (a draft removed by its service) goes by the database's cascade."""

    action = models.CharField(max_length=32)
    from_state = models.CharField(max_length=24, blank=True)
    to_state = models.CharField(max_length=24, blank=True)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(default=timezone.now)

    objects = EventQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state or '∅'} → {self.to_state}"

    def delete(self, *args, **kwargs):
        raise AuditRowError(f"{type(self).__name__} rows are never deleted.")


def actor_of(user):
    """The user to record, None for an anonymous request or a system step."""
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def lock(
    queryset,
    *,
    pk,
    version: int | None = None,
    stale_message: str | None = None,
    state_field: str = "status",
):
    """The row `pk` locked for the rest of the transaction. With `version`, refused (CONFLICT)
    when the stored row has moved on since the page was read; None skips the check (a bulk
    action, a step without a form). The row remembers the state it was locked in, the
    from_state of the event `record` writes."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    row = queryset.select_for_update(of=("self",)).get(pk=pk)
    if version is not None and getattr(row, "version", version) != version:
        raise stale(stale_message)
    row._state_at_lock = getattr(row, state_field, "")
    return row


def record(
    row,
    *,
    by,
    action: str,
    from_state: str | None = None,
    reason: str = "",
    state_field: str = "status",
    events: str = "events",
    **extra,
):
    """Write one event row for `row` (through its `events` relation): the state it is in now
    as to_state; `from_state` by default the state `lock` found it in (else the same: a step
    that kept the state; "" for a row just created)."""
    to_state = getattr(row, state_field, "") or ""
    if from_state is None:
        from_state = getattr(row, "_state_at_lock", to_state)
    row._state_at_lock = to_state  # a second step in the same transaction starts here
    return getattr(row, events).create(
        action=action,
        from_state=from_state or "",
        to_state=to_state,
        reason=(reason or "").strip(),
        actor=actor_of(by),
        **extra,
    )


def bump(row, fields: Iterable[str] | None = None) -> None:
    """Save the row with its version moved on (when it has one): pages read at the old
    version are now stale. `fields`: the changed fields (the state included), or None for
    all."""
    if hasattr(row, "version"):
        row.version += 1
    if fields is None:
        row.save()
        return
    names = set(fields)
    if hasattr(row, "version"):
        names.add("version")
    if any(f.name == "updated_at" for f in row._meta.concrete_fields):
        names.add("updated_at")
    row.save(update_fields=sorted(names))


@transaction.atomic
def transition(
    queryset,
    *,
    pk,
    by,
    to: str,
    action: str,
    allowed_from: Iterable[str],
    version: int | None = None,
    reason: str = "",
    check: Callable[[Any], None] | None = None,
    change: Callable[[Any], Iterable[str] | None] | None = None,
    refused: str | None = None,
    stale_message: str | None = None,
    state_field: str = "status",
    events: str = "events",
    **extra,
):
    """Move the row `pk` of `queryset` to the state `to`, in one transaction:

    1. lock it, refused (CONFLICT) if `version` is given and the stored one differs;
    2. `check(row)`: the feature's own refusals (who may, windows, required fields), raising
       PermissionDenied or ValidationError;
    3. refuse (`refused`) unless its state is one of `allowed_from`;
    4. `change(row)` sets the other fields of the step and returns their names (or None to
       save every field); the state is set and the version bumped;
    5. one event row: actor, time, action, from, to, reason (and `extra` fields of the
       feature's event model).

    Returns the row as saved."""
    row = lock(
        queryset, pk=pk, version=version, stale_message=stale_message, state_field=state_field
    )
    if check is not None:
        check(row)
    before = getattr(row, state_field)
    if before not in set(allowed_from):
        raise ValidationError(refused or _("This change cannot be made in the current state."))
    fields = change(row) if change is not None else ()
    setattr(row, state_field, to)
    bump(row, None if fields is None else [*fields, state_field])
    record(
        row,
        by=by,
        action=action,
        from_state=before,
        reason=reason,
        state_field=state_field,
        events=events,
        **extra,
    )
    return row
