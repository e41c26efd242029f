"""Query strings that answered 500 in the audit (issue 10 §7) answer 404: an address that
cannot exist. tests/test_fuzz.py looks for the ones nobody listed."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/study/?month=9999-12",
        "/study/?month=0001-01",
        "/study/?month=0-1",
        "/study/?month=2026-13",
        "/study/?month=٢٠٢٦-١",
        "/campaigns/?year=0",
        "/campaigns/?year=99999999999999999999",
        "/campaigns/?year=²",
        "/registrations/review/?year=99999999999999999999",
        "/exemplars/?unit=99999999999999999999",
    ],
)
def test_an_impossible_query_is_not_found(client, world, login, url):
    assert login(world.admin).get(url).status_code == 404


def test_a_possible_month_and_year_still_filter(client, world, login):
    client = login(world.admin)
    assert client.get("/study/?month=2026-12").status_code == 200
    assert client.get("/campaigns/?year=2026").status_code == 200
