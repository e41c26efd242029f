"""The home card's count of registrations waiting for the user (`waiting_count`): the rows of
the review queue (`reviewable`), counted as two disjoint parts, made in the scope and made
outside it by people who have since moved in."""

from __future__ import annotations

import datetime as dt

from lamtheo.org import services as org_services
from lamtheo.programs import services
from lamtheo.programs.queries.review import reviewable, waiting_count
from tests.factories import PersonFactory
from tests.programs.conftest import COMMITMENT, TODAY


def test_the_count_is_the_queue_for_every_reviewer(
    world, year, commit, django_assert_max_num_queries
):
    mover = PersonFactory(unit=world.group_a, full_name="Vũ Văn Chuyển")
    commit()  # the member, cell A
    commit(person=world.person_b, by=world.office)  # cell B
    services.commitment_create(
        by=world.secretary, year=year, unit=world.cell_a, submit=True, today=TODAY, **COMMITMENT
    )  # the cell's own collective one: decided a level up
    commit(person=mover, by=world.secretary)  # made in group A...
    org_services.person_transfer(
        by=world.admin, person=mover, unit=world.cell_b, effective_on=dt.date(2026, 2, 11)
    )  # ...by someone who has moved to cell B since
    reviewers = [world.admin, world.office, world.secretary, world.other_secretary]
    counts = {}
    for user in reviewers:
        with django_assert_max_num_queries(4):  # scope unless cached; open years; count
            counts[user.username] = waiting_count(user)
        assert counts[user.username] == reviewable(user).count(), user.username
    assert counts == {
        "admin": 4,
        "vanphong": 4,
        "bithu": 2,  # the member's and the mover's (the cell's collective one goes up)
        "bithu_b": 2,  # person B's, and the mover's made in cell A's group
    }
    assert waiting_count(world.member) == 0
