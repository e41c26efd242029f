"""The one scoping mechanism.

`scope_of(user)` reads a user's grants once per request (cached on the user object) and every
model's `visible_to(user)` filters with it. Inside what is visible, `can(user, action, unit)`
says whether the user may act; views answer 404 for the invisible and 403 for the forbidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from lamtheo.accounts.models import Grant, Role

# What each role may do inside its subtree. Viewing is implied by any grant.
# "commitment.review": approve, return and evaluate registrations (and register for others).
# "program.change": create programmes and years, open and close them, set ranking rules.
# "session.change": plan, publish and cancel study sessions hosted in the subtree.
# "attendance.record": take the roll, decide excuses, record self-study for others.
# "exemplar.propose": propose the unit's exemplars and record its adoptions of others'.
# "exemplar.review": review, recognise, publish or withdraw exemplars, verify adoptions, of
#   units below the grant's unit (never at the proposing unit's own level).
# "campaign.change": launch and sum up emulation campaigns hosted in the subtree.
# "campaign.take_part": register a unit's targets in a campaign and record its activities.
# "standard.change": adopt and revise a unit's ethics standards and example criteria.
ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(
        {
            "unit.change",
            "person.change",
            "position.change",
            "import",
            "admin",
            "commitment.review",
            "program.change",
            "session.change",
            "attendance.record",
            "exemplar.propose",
            "exemplar.review",
            "campaign.change",
            "campaign.take_part",
            "standard.change",
        }
    ),
    Role.OFFICE: frozenset(
        {
            "unit.change",
            "person.change",
            "position.change",
            "import",
            "commitment.review",
            "program.change",
            "session.change",
            "attendance.record",
            "exemplar.propose",
            "exemplar.review",
            "campaign.change",
            "campaign.take_part",
            "standard.change",
        }
    ),
    # A cell secretary holds the cell's meetings: plans them and takes the roll.
    # Exemplars are reviewed a level up: a secretary whose grant covers the unit above.
    Role.SECRETARY: frozenset(
        {
            "person.change",
            "commitment.review",
            "session.change",
            "attendance.record",
            "exemplar.propose",
            "exemplar.review",
            "campaign.take_part",
            "standard.change",
        }
    ),
    Role.INSPECTOR: frozenset(),
}


@dataclass(frozen=True)
class Scope:
    is_admin: bool = False
    # (unit path, role) for every grant on a unit.
    grants: tuple[tuple[str, str], ...] = ()
    person_id: int | None = None
    person_unit_id: int | None = None
    person_unit_path: str = ""
    roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def paths(self) -> list[str]:
        """Roots of the subtrees this user sees, without ones nested in another."""
        roots: list[str] = []
        for path in sorted({p for p, _ in self.grants}):
            if not any(path.startswith(r) for r in roots):
                roots.append(path)
        return roots

    def paths_for(self, action: str | None) -> list[str]:
        """Subtree roots where the user may do `action`; "view" (or None): any grant."""
        if action in (None, "view"):
            return self.paths
        return Scope(grants=tuple(g for g in self.grants if action in ACTIONS[g[1]])).paths

    def covers(self, path: str) -> bool:
        """True when a grant covers the whole subtree at `path` (not just the user's own record)."""
        return self.is_admin or any(path.startswith(p) for p in self.paths)

    def roles_for(self, path: str) -> set[str]:
        return {role for p, role in self.grants if path.startswith(p)}

    def can(self, action: str, path: str | None = None) -> bool:
        """May act on the unit at `path`; with no path, may act somewhere in scope."""
        if self.is_admin:
            return True
        roles = self.roles_for(path) if path is not None else {r for _, r in self.grants}
        return any(action in ACTIONS[role] for role in roles)

    @property
    def has_grant(self) -> bool:
        return self.is_admin or bool(self.grants)

    @property
    def reviews(self) -> bool:
        """Approves and evaluates registrations somewhere (for menus)."""
        return self.can("commitment.review")

    @property
    def manages_programs(self) -> bool:
        return self.can("program.change")


ANONYMOUS = Scope()


def scope_of(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_lamtheo_scope", None)
    if cached is not None:
        return cached
    grants = list(Grant.objects.filter(user=user).values_list("role", "unit__path"))
    # The person is read through the user's reverse relation so accounts never imports org.
    person = (
        get_user_model()
        ._default_manager.filter(pk=user.pk, person__isnull=False, person__left_on__isnull=True)
        .values_list("person__id", "person__unit_id", "person__unit__path")
        .first()
    )
    scope = Scope(
        is_admin=any(role == Role.ADMIN for role, _ in grants),
        grants=tuple((path, role) for role, path in grants if path is not None),
        person_id=person[0] if person else None,
        person_unit_id=person[1] if person else None,
        person_unit_path=person[2] if person else "",
        roles=frozenset(role for role, _ in grants),
    )
    user._lamtheo_scope = scope
    return scope


def require(user, action: str, unit=None) -> None:
    """Raise PermissionDenied unless `user` may do `action` on `unit` (or somewhere)."""
    if not scope_of(user).can(action, unit.path if unit is not None else None):
        raise PermissionDenied


def can(user, action: str, unit=None) -> bool:
    return scope_of(user).can(action, unit.path if unit is not None else None)


def get_visible_or_404(queryset, user, **lookup):
    """The object if `user` may see it; 404 otherwise, so outsiders learn nothing."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(queryset.visible_to(user), **lookup)
