"""load_demo on an empty database: the guard for production (its determinism:
tests/demo/test_empty.py)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from lamtheo.org.models import Unit


@pytest.mark.django_db
def test_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=io.StringIO())
    assert not Unit.objects.exists()
    assert not get_user_model().objects.exists()
