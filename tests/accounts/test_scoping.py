"""The one scoping mechanism: every model declares its scope, actions are an enum, the scope
is read once per request, and "the unit where I act" is one rule."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from lamtheo.accounts.scoping import (
    Action,
    Scope,
    ScopedQuerySet,
    UnknownAction,
    can,
    scope_of,
)
from lamtheo.org.models import Person, Unit
from lamtheo.org.queries import unit_to_act_in
from tests.access import ROLES, user_for
from tests.factories import GrantFactory, PersonFactory, UnitFactory, UserFactory

# The apps whose models pages reach. core, documents, dashboard and devdata hold no models.
SCOPED_APPS = [
    "accounts",
    "org",
    "programs",
    "study",
    "exemplars",
    "evaluation",
    "awards",
    "oversight",
]


def _models():
    for label in SCOPED_APPS:
        for model in apps.get_app_config(label).get_models():
            # simple-history's copies (HistoricalPerson...) are read only through
            # `instance.history` of a row itself fetched through its visible_to.
            if model.__name__.startswith("Historical"):
                continue
            yield model


def test_every_model_declares_its_scope():
    """A new model (or a child model: invitations, versions, events...) gets a declared scope
    from a ScopedQuerySet, not a filter written by hand; this fails until it does."""
    missing, by_hand = [], []
    for model in _models():
        queryset = model._default_manager.get_queryset()
        if not isinstance(queryset, ScopedQuerySet) or not type(queryset).declares_scope():
            missing.append(model._meta.label)
        elif any(
            "visible_to" in vars(cls)
            for cls in type(queryset).__mro__
            if cls is not ScopedQuerySet and issubclass(cls, ScopedQuerySet)
        ):
            by_hand.append(model._meta.label)
    assert not missing, f"declare a ScopedQuerySet for: {missing}"
    assert not by_hand, f"declare the paths instead of writing visible_to by hand: {by_hand}"


@pytest.mark.parametrize("role", ROLES)
def test_every_declared_scope_runs(world, role):
    """Every declaration names real relations: each model's visible_to runs for every persona,
    for viewing and for an action, in one query."""
    user = user_for(world, role)
    for model in _models():
        for action in (None, Action.ATTENDANCE_RECORD):
            queryset = model._default_manager.visible_to(user, action)
            with CaptureQueriesContext(connection) as queries:
                queryset.count()
            assert len(queries) <= 1, model._meta.label  # none: nothing to see


def test_a_declared_scope_without_declarations_is_refused(world):
    class Bare(ScopedQuerySet):
        pass

    with pytest.raises(TypeError):
        Bare(model=Unit).visible_to(world.member)


@pytest.mark.parametrize("role", ["member", "secretary", "admin"])
def test_an_unknown_action_is_an_error_for_everyone(world, role):
    user = user_for(world, role)
    scope = scope_of(user)
    with pytest.raises(UnknownAction):
        scope.can("exemplar.proposee")
    with pytest.raises(UnknownAction):
        can(user, "session.chang", world.cell_a)
    with pytest.raises(UnknownAction):
        scope.paths_for("programme.change")
    with pytest.raises(UnknownAction):
        Unit.objects.visible_to(user, "unit.edit")


def test_actions_are_the_enum():
    scope = Scope(grants=(("0001", "secretary"),))
    assert scope.can(Action.SESSION_CHANGE, "00010002")
    assert scope.can("session.change", "00010002")  # its value, as templates write it
    assert not scope.can(Action.PROGRAM_CHANGE, "00010002")
    assert scope.can(Action.VIEW, "00010002") and not scope.can(Action.VIEW, "0002")
    assert Scope(is_admin=True).can(Action.ADMIN)


def _grant_queries(queries) -> int:
    return sum('"accounts_grant"' in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize(
    "path", ["/", "/study/", "/exemplars/", "/units/", "/registrations/review/", "/standards/"]
)
def test_the_scope_is_read_once_per_request(client, world, login, path):
    """Views, templates and every visible_to of a page share request.scope: the grants are
    read once, however many querysets the page filters."""
    login(world.secretary)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    assert _grant_queries(queries) == 1


def test_unit_to_act_in(world):
    # The unit asked for: 404 when not seen, 403 when seen but not allowed.
    with pytest.raises(Http404):
        unit_to_act_in(world.other_secretary, Action.SESSION_CHANGE, world.cell_a.pk)
    with pytest.raises(PermissionDenied):
        unit_to_act_in(world.inspector, Action.SESSION_CHANGE, world.cell_a.pk)
    assert unit_to_act_in(world.secretary, Action.SESSION_CHANGE, world.group_a.pk) == (
        world.group_a
    )
    # None asked: the top of where the user may act; a root for an administrator.
    assert unit_to_act_in(world.secretary, Action.SESSION_CHANGE) == world.cell_a
    assert unit_to_act_in(world.office, Action.PROGRAM_CHANGE) == world.committee
    assert unit_to_act_in(world.admin, Action.PROGRAM_CHANGE) == world.committee
    with pytest.raises(PermissionDenied):
        unit_to_act_in(world.member, Action.EXEMPLAR_PROPOSE)
    with pytest.raises(PermissionDenied):
        unit_to_act_in(world.secretary, Action.PROGRAM_CHANGE)
    # With own_first, the user's own unit when they may act there, not the top.
    office = PersonFactory(unit=world.group_a, user=UserFactory()).user
    GrantFactory(user=office, unit=world.committee, role="office")
    assert unit_to_act_in(office, Action.EXEMPLAR_PROPOSE) == world.committee
    own = unit_to_act_in(office, Action.EXEMPLAR_PROPOSE, own_first=True)
    assert own == world.group_a


def test_a_closed_unit_is_not_where_new_things_go(world):
    Unit.objects.filter(pk=world.cell_a.pk).update(closed_on="2026-01-01")
    with pytest.raises(PermissionDenied):
        unit_to_act_in(world.secretary, Action.SESSION_CHANGE)


def test_tops_for_a_member_is_their_own_unit(world):
    assert list(Unit.objects.tops_for(world.member)) == [world.cell_a]
    assert list(Unit.objects.tops_for(world.member, Action.SESSION_CHANGE)) == []
    other = UnitFactory(code="X", name="Đảng bộ khác", kind="committee")
    assert set(Unit.objects.tops_for(world.admin)) == {world.committee, other}


def test_view_means_what_the_grants_cover(world):
    """With "view" a member's own record and unit are not included (the people list shows
    what the grants cover); plain visible_to includes them."""

    assert list(Person.objects.visible_to(world.member)) == [world.person_a]
    assert not Person.objects.visible_to(world.member, Action.VIEW).exists()
    assert list(Unit.objects.visible_to(world.member)) == [world.cell_a]
    assert not Unit.objects.visible_to(world.member, "view").exists()
    assert set(Person.objects.visible_to(world.secretary, "view")) == {world.person_a}
