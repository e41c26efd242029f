"""load_demo on an empty database: the guard for production, and determinism."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from lamtheo.devdata.demo import org as demo
from lamtheo.org.models import Person, Unit


def load(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", "--force", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Unit.objects.exists()
    assert not get_user_model().objects.exists()


@pytest.mark.django_db(transaction=True)
def test_deterministic_on_empty_databases():
    """Two loads into empty databases give the same people, to the last digit."""
    load()
    first = demo.digest(Person.objects.all())
    first_units = sorted(Unit.objects.values_list("code", "name", "path"))
    call_command("flush", interactive=False, verbosity=0)
    assert not Person.objects.exists()
    load()
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
