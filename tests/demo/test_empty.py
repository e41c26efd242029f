"""The demo loaded into an empty database twice gives the same people, to the last digit.

The first load is the package's (tests/demo/conftest.py, into the worker's empty database);
this test flushes it and loads again, so it runs after every other test of the package
(tests/conftest.py)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from lamtheo.devdata.demo import org as demo
from lamtheo.org.models import Person, Unit


@pytest.mark.django_db(transaction=True)
def test_deterministic_on_empty_databases(loaded):
    first = demo.digest(Person.objects.all())
    first_units = sorted(Unit.objects.values_list("code", "name", "path"))
    call_command("flush", interactive=False, verbosity=0)
    assert not Person.objects.exists()
    call_command("load_demo", "--force", stdout=io.StringIO())
    assert demo.digest(Person.objects.all()) == first
    assert sorted(Unit.objects.values_list("code", "name", "path")) == first_units
    # The plan, for everyone the story left as planned (the reform of 2025 confirmed the dự
    # bị members and admitted three in 2026).
    planned = {p.code: p for p in demo.build_plan().people}
    kept = [
        p
        for p in Person.objects.order_by("code")
        if (p.party_status, p.joined_on, p.official_on)
        == tuple(planned[p.code].fields()[k] for k in ("party_status", "joined_on", "official_on"))
    ]
    assert len(kept) > 350
    assert demo.digest(kept) == demo.digest([planned[p.code] for p in kept])
