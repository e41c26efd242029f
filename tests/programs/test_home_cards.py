"""The registrations' cards on the home page; the review card matches its queue."""

from __future__ import annotations

import datetime as dt

from lamtheo.programs import services
from lamtheo.programs.models import ProgramYear, YearStatus
from tests.programs.conftest import COMMITMENT, TODAY, WINDOWS

CARD_LINK = 'class="btn btn-primary ms-auto" href="/registrations/review/"'


def test_the_review_card_counts_exactly_the_rows_of_the_review_queue(
    world, program, year, commit, login
):
    """The card used to count every submitted registration in the review scope: also those of
    closed years and the collective ones of the top unit of the scope, which the queue it links
    to does not show (they are decided a level up, and a closed year is locked)."""
    shown = [commit(), commit(person=world.person_a)]
    group_collective = services.commitment_create(
        by=world.secretary, year=year, unit=world.group_a, submit=True, today=TODAY, **COMMITMENT
    )
    shown.append(group_collective)
    # The secretary's own cell's collective registration is decided by the committee.
    services.commitment_create(
        by=world.secretary, year=year, unit=world.cell_a, submit=True, today=TODAY, **COMMITMENT
    )
    # A registration still waiting when its year was closed.
    earlier = {k: v.replace(year=2025) for k, v in WINDOWS.items()}
    closed = services.year_create(by=world.office, program=program, year=2025, **earlier)
    ProgramYear.objects.filter(pk=closed.pk).update(status=YearStatus.OPEN)
    services.commitment_create(
        by=world.member,
        year=closed,
        person=world.person_a,
        submit=True,
        today=dt.date(2025, 2, 10),
        **COMMITMENT,
    )
    ProgramYear.objects.filter(pk=closed.pk).update(status=YearStatus.CLOSED)

    client = login(world.secretary)
    queue = client.get("/registrations/review/")
    assert [row["c"].pk for row in queue.context["rows"]] == [c.pk for c in shown]
    home = client.get("/my/")  # a secretary's cards: "My tasks" (their home is the dashboard)
    assert home.context["waiting_approval"] == len(shown) == 3
    assert CARD_LINK in home.content.decode()


def test_no_review_card_without_anything_to_review(world, year, login):
    home = login(world.secretary).get("/my/")
    assert home.context["waiting_approval"] == 0
    assert CARD_LINK not in home.content.decode()
    # A member who reviews nothing is not even asked.
    assert "waiting_approval" not in login(world.member).get("/").context
