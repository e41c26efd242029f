"""Roles in the application, from the pages: who holds which role where, granting and ending
them inside one's subtree, and roles that follow office.

Lives in org: a grant is made to the account of a person of the subtree, and a role can follow
a Position. Every grant and every end is in the grant's history (simple_history: who, when).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lamtheo.accounts.models import Grant, OfficeRoles, Role
from lamtheo.accounts.scoping import require, scope_of
from lamtheo.core.tree import ancestor_paths, subtree_q
from lamtheo.org.models import Person, Position, PositionTitle, Unit

# The roles the office may grant from the pages; the administrator's stays with create_admin
# and the Django admin, since it is not bound to a unit.
GRANTABLE = (Role.OFFICE, Role.SECRETARY, Role.INSPECTOR)
# Offices whose holders get the secretary role over their unit while the setting says so.
LEADING = (PositionTitle.SECRETARY, PositionTitle.DEPUTY_SECRETARY)


def grants_in(unit: Unit):
    """Grants on the unit and the units under it, with who holds them and who granted them.
    One query."""
    return (
        Grant.objects.filter(subtree_q([unit.path], prefix="unit__path"))
        .select_related("user__person", "unit", "granted_by", "position")
        .order_by("unit__path", "role", "user__username")
    )


def _out_of_scope() -> ValidationError:
    return ValidationError(
        _("This unit is outside your scope: you can grant roles only in the units you manage."),
        code="scope",
    )


@transaction.atomic
def grant_role(*, by, unit: Unit, username: str, role: str) -> Grant:
    """Give the account `username` (of a person of by's subtree) `role` over `unit`."""
    if not scope_of(by).can("role.grant", unit.path):
        raise _out_of_scope()
    if role not in GRANTABLE:
        raise ValidationError(_("This role cannot be granted here."), code="role")
    user = (
        get_user_model()._default_manager.filter(username__iexact=username.strip()).first()
        if username
        else None
    )
    person = Person.objects.visible_to(by, "role.grant").filter(user=user).first() if user else None
    if person is None:
        raise ValidationError(
            _("No account “%(name)s” belongs to a person of the units you manage.")
            % {"name": username},
            code="user",
        )
    if not user.is_active or person.left_on:
        raise ValidationError(_("This account is deactivated."), code="inactive")
    if Grant.objects.filter(user=user, unit=unit, role=role).exists():
        raise ValidationError(_("This person already holds this role here."), code="duplicate")
    return Grant.objects.create(user=user, unit=unit, role=role, granted_by=by)


@transaction.atomic
def end_grant(*, by, grant: Grant) -> None:
    """End a grant made inside by's subtree; one's own grants stay (another must end them),
    so nobody locks the office out by a slip of the finger."""
    if grant.unit is None or not scope_of(by).can("role.grant", grant.unit.path):
        raise _out_of_scope()
    if grant.user_id == by.pk:
        raise ValidationError(_("You cannot end your own role."), code="own")
    grant.delete()


def follows_office(unit: Unit) -> bool:
    """The nearest setting on the unit or above it; on when there is none."""
    setting = (
        OfficeRoles.objects.filter(unit__path__in=ancestor_paths(unit.path))
        .order_by("-unit__depth")
        .values_list("follow_office", flat=True)
        .first()
    )
    return True if setting is None else setting


@transaction.atomic
def set_follow_office(*, by, unit: Unit, on: bool) -> None:
    require(by, "role.grant", unit)
    OfficeRoles.objects.update_or_create(
        unit=unit, defaults={"follow_office": on, "changed_by": by}
    )


def on_appointment(position: Position, by) -> None:
    """Called by position_create: the secretary role over the unit for a Bí thư or Phó Bí thư
    with an account, when the unit's committee lets roles follow office."""
    if position.title not in LEADING or not follows_office(position.unit):
        return
    user_id = position.person.user_id
    if user_id is None:
        return
    if position.ended_on and position.ended_on < dt.date.today():
        return  # a past term, recorded afterwards
    Grant.objects.get_or_create(
        user_id=user_id,
        unit=position.unit,
        role=Role.SECRETARY,
        defaults={"granted_by": by, "position": position},
    )


def on_term_end(position: Position) -> None:
    """Called when a term ends: the role that came with the office goes with it. A role the
    office granted by hand stays."""
    if position.ended_on is not None and position.ended_on <= dt.date.today():
        for grant in Grant.objects.filter(position=position):
            grant.delete()  # one by one, so that each end is in the history
