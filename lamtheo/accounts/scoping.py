"""The one scoping mechanism.

`scope_of(user)` reads a user's grants once per request (cached on the user object; the
`ScopeMiddleware` puts it on `request.scope`). Every model a URL can reach filters with it
through a `ScopedQuerySet` whose subclass declares, once, the model's paths to a unit (and to
its person, its user, its parent row); `visible_to(user, action=None)` is built from those
declarations here and nowhere else. Inside what is visible, `can(user, action, unit)` says
whether the user may act; views answer 404 for the invisible and 403 for the forbidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from lamtheo.core.tree import STEPLEN, ancestor_paths, subtree_q


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    OFFICE = "office", _("Committee office")
    SECRETARY = "secretary", _("Cell secretary")
    INSPECTOR = "inspector", _("Inspector")


class Action(StrEnum):
    """What a grant lets a user do inside its subtree. A name not listed here is an error
    wherever an action is asked for (`UnknownAction`), never a silent yes or no."""

    VIEW = "view"  # implied by any grant
    UNIT_CHANGE = "unit.change"
    PERSON_CHANGE = "person.change"
    POSITION_CHANGE = "position.change"
    IMPORT = "import"
    ADMIN = "admin"
    # Approve, return and evaluate registrations (and register for others).
    COMMITMENT_REVIEW = "commitment.review"
    # Create programmes and years, open and close them.
    PROGRAM_CHANGE = "program.change"
    # Plan, publish and cancel study sessions hosted in the subtree.
    SESSION_CHANGE = "session.change"
    # Take the roll, decide excuses, record self-study for others.
    ATTENDANCE_RECORD = "attendance.record"
    # Propose the unit's exemplars and record its adoptions of others'.
    EXEMPLAR_PROPOSE = "exemplar.propose"
    # Review, recognise, publish or withdraw exemplars, verify adoptions, of units below the
    # grant's unit (never at the proposing unit's own level).
    EXEMPLAR_REVIEW = "exemplar.review"
    # Launch and sum up emulation campaigns hosted in the subtree.
    CAMPAIGN_CHANGE = "campaign.change"
    # Register a unit's targets in a campaign and record its activities.
    CAMPAIGN_TAKE_PART = "campaign.take_part"
    # Adopt and revise a unit's ethics standards and example criteria.
    STANDARD_CHANGE = "standard.change"
    # Give the subtree's people accounts, print their activation slips.
    ACCOUNT_PROVISION = "account.provision"
    # Grant and end roles inside the subtree, set whether roles follow office.
    ROLE_GRANT = "role.grant"
    # Write announcements to the people of the subtree (lamtheo.notify).
    ANNOUNCEMENT_SEND = "announcement.send"
    # Number, record and cancel the documents a committee issues (the document register).
    DOCUMENT_REGISTER = "document.register"
    # Nominate people and collectives of the subtree for commendation.
    AWARD_NOMINATE = "award.nominate"
    # Open commendation rounds, record the council's votes, sign and revoke decisions.
    AWARD_DECIDE = "award.decide"
    # Open and announce year-end evaluation rounds for the subtree.
    EVALUATION_ROUND = "evaluation.round"
    # Hold the chi bộ's review meeting: comments, discipline, proposed ranks (the cell's own).
    EVALUATION_MEETING = "evaluation.meeting"
    # Decide the ranks of members and organisations of units BELOW the grant's unit (the
    # level above decides, never the cell or organisation itself).
    EVALUATION_DECIDE = "evaluation.decide"
    # Plan and open inspections and supervisions of the subtree, record findings, verify the
    # subjects' remediation and close (the inspection committee and the office: lamtheo.oversight).
    INSPECTION_CHANGE = "inspection.change"
    # Report a unit's remediation of the findings of an inspection of it (its secretary).
    INSPECTION_REMEDY = "inspection.remedy"


class UnknownAction(ValueError):
    pass


def action_of(name) -> Action:
    """`name` as an Action; an unknown name raises UnknownAction (a typo must not pass)."""
    try:
        return Action(name)
    except ValueError:
        message = f"unknown action {name!r}: add it to Action and to the role table"
        raise UnknownAction(message) from None


# What each role may do inside its subtree. Viewing is implied by any grant.
ACTIONS: dict[str, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action) - {Action.VIEW},
    Role.OFFICE: frozenset(
        {
            Action.UNIT_CHANGE,
            Action.PERSON_CHANGE,
            Action.POSITION_CHANGE,
            Action.IMPORT,
            Action.COMMITMENT_REVIEW,
            Action.PROGRAM_CHANGE,
            Action.SESSION_CHANGE,
            Action.ATTENDANCE_RECORD,
            Action.EXEMPLAR_PROPOSE,
            Action.EXEMPLAR_REVIEW,
            Action.CAMPAIGN_CHANGE,
            Action.CAMPAIGN_TAKE_PART,
            Action.STANDARD_CHANGE,
            Action.ACCOUNT_PROVISION,
            Action.ROLE_GRANT,
            Action.ANNOUNCEMENT_SEND,
            Action.DOCUMENT_REGISTER,
            Action.AWARD_NOMINATE,
            Action.AWARD_DECIDE,
            Action.EVALUATION_ROUND,
            Action.EVALUATION_MEETING,
            Action.EVALUATION_DECIDE,
            Action.INSPECTION_CHANGE,
            Action.INSPECTION_REMEDY,
        }
    ),
    # A cell secretary holds the cell's meetings: plans them and takes the roll.
    # Exemplars are reviewed a level up: a secretary whose grant covers the unit above.
    Role.SECRETARY: frozenset(
        {
            Action.PERSON_CHANGE,
            Action.COMMITMENT_REVIEW,
            Action.SESSION_CHANGE,
            Action.ATTENDANCE_RECORD,
            Action.EXEMPLAR_PROPOSE,
            Action.EXEMPLAR_REVIEW,
            Action.CAMPAIGN_TAKE_PART,
            Action.STANDARD_CHANGE,
            Action.ACCOUNT_PROVISION,
            Action.ANNOUNCEMENT_SEND,
            Action.AWARD_NOMINATE,
            Action.EVALUATION_MEETING,
            Action.EVALUATION_DECIDE,
            Action.INSPECTION_REMEDY,
        }
    ),
    # The inspection committee reads everything and changes nothing but its own inspections.
    Role.INSPECTOR: frozenset({Action.INSPECTION_CHANGE}),
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
    # How many trees (root units) there were when the grants were read: a user whose grants
    # cover every root sees every unit, and a scoped list then needs no filter on the tree.
    trees: int = 0

    @property
    def paths(self) -> list[str]:
        """Roots of the subtrees this user sees, without ones nested in another."""
        roots: list[str] = []
        for path in sorted({p for p, _role in self.grants}):
            if not any(path.startswith(r) for r in roots):
                roots.append(path)
        return roots

    def paths_for(self, action: str | None) -> list[str]:
        """Subtree roots where the user may do `action`; "view" (or None): any grant."""
        if action is None or action_of(action) is Action.VIEW:
            return self.paths
        return Scope(grants=tuple(g for g in self.grants if action in ACTIONS[g[1]])).paths

    def covers_every_unit(self, action: str | None = None) -> bool:
        """True when the grants (for `action`) cover every tree whole."""
        roots = {p for p in self.paths_for(action) if len(p) == STEPLEN}
        return self.trees > 0 and len(roots) == self.trees

    def covers(self, path: str) -> bool:
        """True when a grant covers the whole subtree at `path` (not just the user's own record)."""
        return self.is_admin or any(path.startswith(p) for p in self.paths)

    def roles_for(self, path: str) -> set[str]:
        return {role for p, role in self.grants if path.startswith(p)}

    def can(self, action: str, path: str | None = None) -> bool:
        """May act on the unit at `path`; with no path, may act somewhere in scope."""
        action = action_of(action)
        if self.is_admin:
            return True
        if action is Action.VIEW:
            return self.covers(path) if path is not None else self.has_grant
        roles = self.roles_for(path) if path is not None else {r for _p, r in self.grants}
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
    # Read by name: Grant's queryset is built on this module, which must not import it back.
    grant_model = apps.get_model("accounts", "Grant")
    # The number of trees rides on the grants' statement (an index range of the roots).
    unit_model = grant_model._meta.get_field("unit").related_model
    trees = (
        unit_model._default_manager.filter(depth=1)
        .order_by()
        .values("depth")
        .annotate(n=Count("pk"))
        .values("n")
    )
    grants = list(
        grant_model.objects.filter(user=user)
        .annotate(trees=Subquery(trees))
        .values_list("role", "unit__path", "trees")
    )
    # The person is read through the user's reverse relation so accounts never imports org.
    person = (
        get_user_model()
        ._default_manager.filter(pk=user.pk, person__isnull=False, person__left_on__isnull=True)
        .values_list("person__id", "person__unit_id", "person__unit__path")
        .first()
    )
    scope = Scope(
        is_admin=any(role == Role.ADMIN for role, _unit, _trees in grants),
        grants=tuple((path, role) for role, path, _trees in grants if path is not None),
        person_id=person[0] if person else None,
        person_unit_id=person[1] if person else None,
        person_unit_path=person[2] if person else "",
        roles=frozenset(role for role, _unit, _trees in grants),
        trees=(grants[0][2] or 0) if grants else 0,
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
    return get_object_or_404(queryset.visible_to(user), **lookup)


def _path(relation: str) -> str:
    """The lookup of the materialised path of the unit reached by `relation` ("self": the
    row is a unit)."""
    return "path" if relation == "self" else f"{relation}__path"


def _pk(relation: str) -> str:
    return "pk" if relation == "self" else relation


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows are scoped by declarations, not by hand-written filters.

    A subclass declares how its rows reach the tree; `visible_to(user, action=None)` follows:

    - `parent`: the relation to a row that carries the scope (a session's material, an
      exemplar's event): visible exactly when the parent is, for the same action.
    - `unit_paths`: relations to units ("unit", "session__unit", "self" for a unit): a row is
      visible to, and may be acted on by, whoever holds a grant (for the action) over any of
      those units' subtrees.
    - `seen_from`: relations to units whose subtree's grants show the row but give no action
      (the adoptions of one's exemplars).
    - `above`: relations to units whose rows are also seen from every unit below them, the
      user's own unit included (a cell reads its committee's programme and standards).
    - `person_path`: the relation to the person the row is about ("person", "self"): they see
      it, without acting through this rule.
    - `member_unit`: the relation to a unit whose current members see the row.
    - `user_path`: the relation to the user who owns the row (an import, a grant).
    - `public()`: rows everyone sees, signed out included (published exemplars).
    - `units_by_id`: match the `unit_paths` that are a row's own foreign key by the ids of
      the units in the subtrees (a subquery, hashed once) instead of joining each row's unit
      for its path. A list that walks an index of its own rows and stops (recent sessions)
      then filters each row from the index, without reading its unit.

    Administrators see everything. Without any declaration a subclass is an error at the
    first call, so a new model cannot be reached unscoped by forgetting one.
    """

    parent: str | None = None
    unit_paths: tuple[str, ...] = ()
    seen_from: tuple[str, ...] = ()
    above: tuple[str, ...] = ()
    person_path: str | None = None
    member_unit: str | None = None
    user_path: str | None = None
    units_by_id: bool = False

    @classmethod
    def declares_scope(cls) -> bool:
        return bool(
            cls.public is not ScopedQuerySet.public
            or cls.parent
            or cls.unit_paths
            or cls.seen_from
            or cls.above
            or cls.person_path
            or cls.member_unit
            or cls.user_path
        )

    def public(self) -> Q | None:
        """Rows anyone may see; None: none."""
        return None

    def visible_to(self, user, action: str | None = None):
        """Rows `user` may see; with `action`, only those where they may also do it.

        With any action (`Action.VIEW` included), only the rows the user's grants cover:
        the person, member, owner, "above" and public rules are for plain viewing."""
        if not self.declares_scope():
            raise TypeError(f"{type(self).__name__} declares no scope")
        if action is not None:
            # "view" is not None: the rows the grants cover, without one's own extras.
            action = action_of(action)
        scope = scope_of(user)
        if scope.is_admin:
            return self
        if scope.covers_every_unit(action) and any(
            self._always_reaches_unit(relation) for relation in self.unit_paths
        ):
            # Every unit is in scope, so is every row that always reaches one: no join to the
            # units and no path ranges (the rules that add rows can add none). At the root
            # of a 1M-person tree, hashing its 40,000 units cost each statement of the
            # session list ~10 ms.
            return self
        if self.parent:
            parent_model = self.model._meta.get_field(self.parent).related_model
            visible = parent_model._default_manager.visible_to(user, action)
            return self.filter(**{f"{self.parent}__in": visible.values("pk")})
        return self.filter(self.scope_q(scope, user, action))

    def scope_q(self, scope: Scope, user, action: Action | None) -> Q:
        paths = scope.paths_for(action)
        q = Q(pk__in=[])
        for relation in self.unit_paths:
            if self.units_by_id and relation != "self" and "__" not in relation:
                units = self.model._meta.get_field(relation).related_model
                ids = units._default_manager.filter(subtree_q(paths)).values("pk")
                q |= Q(**{f"{relation}__in": ids}) if paths else Q(pk__in=[])
            else:
                q |= subtree_q(paths, prefix=_path(relation))
        if action is not None:
            return q
        for relation in self.seen_from:
            q |= subtree_q(paths, prefix=_path(relation))
        if self.above:
            own = [*paths, scope.person_unit_path] if scope.person_unit_path else paths
            above = {a for p in own for a in ancestor_paths(p)}
            for relation in self.above:
                q |= Q(**{f"{_path(relation)}__in": above})
        if self.person_path and scope.person_id:
            q |= Q(**{_pk(self.person_path): scope.person_id})
        if self.member_unit and scope.person_unit_id:
            q |= Q(**{_pk(self.member_unit): scope.person_unit_id})
        if self.user_path and user is not None and user.is_authenticated:
            q |= Q(**{self.user_path: user.pk})
        public = self.public()
        if public is not None:
            q |= public
        return q

    def _always_reaches_unit(self, relation: str) -> bool:
        """True when every row has a unit through `relation` (no nullable link on the way)."""
        if relation == "self":
            return True
        model = self.model
        for name in relation.split("__"):
            field = model._meta.get_field(name)
            if field.null or not field.many_to_one:
                return False
            model = field.related_model
        return True
