"""The home page gathers the cards of the registry."""

from __future__ import annotations

from django.template.loader import get_template

from lamtheo.dashboard.registry import CARDS


def test_every_card_has_its_own_variable_and_a_template():
    assert len({card.key for card in CARDS}) == len(CARDS)
    for card in CARDS:
        get_template(card.template)


def test_the_office_home_opens_the_committee_that_still_runs(db, login):
    """After a reform the office keeps its grant on the dissolved committee (to read its past):
    the home page opens the running one, and the dissolved one's dashboard its last year."""
    import datetime as dt

    from tests.factories import GrantFactory, UnitFactory, UserFactory

    user = UserFactory()
    # The dissolved committee sorts first by path: the home page must still skip it.
    closed = UnitFactory(name="Đảng bộ Khối đã giải thể", closed_on=dt.date(2025, 6, 30))
    running = UnitFactory(name="Đảng bộ Doanh nghiệp phường")
    GrantFactory(user=user, unit=closed)
    GrantFactory(user=user, unit=running)
    client = login(user)

    home = client.get("/")
    assert home.status_code == 200
    assert home.context["unit"] == running

    past = client.get(f"/dashboard/{closed.pk}/")
    assert past.context["board"].year == 2025
    # An explicit year is taken as asked.
    assert client.get(f"/dashboard/{closed.pk}/?year=2026").context["board"].year == 2026
