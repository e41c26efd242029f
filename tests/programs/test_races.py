"""Counted limits hold under concurrency (issue 10 §4): simultaneous registrations of one
person, each in its own connection and transaction, stop at the year's maximum. PostgreSQL
only: SQLite serialises writers (IMMEDIATE transactions), and the suite's in-memory SQLite
database refuses a second writer outright ("database table is locked") instead of waiting."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from lamtheo.programs import services
from lamtheo.programs.models import Commitment
from tests.programs.conftest import COMMITMENT, TODAY

ATTEMPTS = 4
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a race between connections: PostgreSQL"
)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_registrations_stop_at_the_maximum(world, year):
    assert year.max_commitments == 2
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: list[str] = []

    def register():
        try:
            barrier.wait(timeout=30)
            services.commitment_create(
                by=world.member, year=year, person=world.person_a, today=TODAY, **COMMITMENT
            )
            outcomes.append("created")
        except ValidationError:
            outcomes.append("refused")
        except Exception as exc:  # noqa: BLE001  (reported below, the thread cannot raise)
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["created", "created", "refused", "refused"], outcomes
    assert Commitment.objects.filter(person=world.person_a, year=year).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_programmes_opening_the_same_year_at_once_count_its_last_day_once(world, program):
    """year_create marks the calendar year's last day counted (org.CountedYearEnd) before
    writing its people per unit; two committees opening 2025 at once must not both write."""
    from lamtheo.org.models import CountedYearEnd, YearEndCount
    from lamtheo.programs.models import Program
    from tests.programs.conftest import WINDOWS

    other = Program.objects.create(
        unit=world.cell_b, name="Chuyên đề chi bộ B", start_year=2021, end_year=2026
    )
    windows = {key: day.replace(year=2025) for key, day in WINDOWS.items()}
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def open_year(of, by):
        try:
            barrier.wait(timeout=30)
            services.year_create(by=by, program=of, year=2025, **windows)
            outcomes.append("created")
        except Exception as exc:  # noqa: BLE001  (reported below, the thread cannot raise)
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=open_year, args=(program, world.office)),
        threading.Thread(target=open_year, args=(other, world.office)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes == ["created", "created"], outcomes
    assert list(CountedYearEnd.objects.values_list("year", flat=True)) == [2025]
    rows = YearEndCount.objects.filter(year=2025).values_list("unit_id", "people")
    assert sorted(rows) == sorted([(world.cell_a.pk, 1), (world.cell_b.pk, 1)])
