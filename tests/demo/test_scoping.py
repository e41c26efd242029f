"""A user whose grants cover every tree reads scoped lists without a filter on the tree
(ScopedQuerySet.visible_to): on the demo's data, every model shows them the same rows as the
path ranges and joins would, and a second tree takes the shortcut away."""

from __future__ import annotations

import dataclasses

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lamtheo.accounts.models import Grant, Role
from lamtheo.accounts.scoping import Action, scope_of
from lamtheo.org.models import Unit
from lamtheo.study.models import StudySession
from tests.accounts.test_scoping import _models
from tests.factories import UnitFactory, UserFactory

ACTIONS = (None, Action.VIEW, Action.SESSION_CHANGE, Action.COMMITMENT_REVIEW)


def _office_of_every_tree(role=Role.OFFICE):
    user = UserFactory()
    for root in Unit.objects.filter(depth=1):
        Grant.objects.create(user=user, unit=root, role=role)
    return user


def _rows(user, model, action, *, forced: bool) -> set[int]:
    scope = scope_of(user)
    if forced:  # the same grants as if the trees had not been counted: every filter applies
        user._lamtheo_scope = dataclasses.replace(scope, trees=0)
    try:
        return set(model._default_manager.visible_to(user, action).values_list("pk", flat=True))
    finally:
        user._lamtheo_scope = scope


@pytest.mark.parametrize("role", [Role.OFFICE, Role.INSPECTOR, Role.SECRETARY])
def test_every_model_shows_the_same_rows_without_the_filter(loaded, db, role):
    user = _office_of_every_tree(role)
    assert scope_of(user).covers_every_unit()
    seen = 0
    for model in _models():
        for action in ACTIONS:
            fast = _rows(user, model, action, forced=False)
            assert fast == _rows(user, model, action, forced=True), (model._meta.label, action)
            seen += len(fast)
    assert seen > 10_000  # the demo's rows, not empty tables


def test_the_whole_tree_reads_sessions_without_the_units(loaded, db):
    user = _office_of_every_tree()
    with CaptureQueriesContext(connection) as queries:
        list(StudySession.objects.visible_to(user).values_list("pk")[:5])
    assert "org_unit" not in queries[-1]["sql"]
    assert "study_invitation" not in queries[-1]["sql"]


def test_a_new_tree_is_not_covered_by_the_old_grants(loaded, db):
    user = _office_of_every_tree()
    other = UnitFactory(code="KHAC", name="Đảng bộ khác")
    # Hosted there and inviting nobody of the old trees (an invitation would show it).
    session = StudySession.objects.filter(unit__depth__gt=1).first()
    session.invitations.all().delete()
    StudySession.objects.filter(pk=session.pk).update(unit=other)
    user = type(user).objects.get(pk=user.pk)  # a new request reads the scope again
    assert not scope_of(user).covers_every_unit()
    visible = StudySession.objects.visible_to(user)
    assert not visible.filter(pk=session.pk).exists()
    assert visible.exists()


def test_an_action_counts_only_the_grants_that_allow_it(loaded, db):
    user = _office_of_every_tree(Role.INSPECTOR)
    scope = scope_of(user)
    assert scope.covers_every_unit(Action.VIEW)
    assert not scope.covers_every_unit(Action.SESSION_CHANGE)
    assert not StudySession.objects.visible_to(user, Action.SESSION_CHANGE).exists()
