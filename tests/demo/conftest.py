"""The demo committee, loaded once for every test of this package.

Loading the demo takes 20 s on SQLite and longer on PostgreSQL; each module used to load it
again. Here it is loaded once, as `make demo` does (DEBUG on, no --force), and committed, so
that the crawl's live server (another connection) sees it too. Each test still runs in its own
transaction (the `db` fixture), so what a test writes is rolled back; what the live server
writes is committed, which is why tests/conftest.py runs the crawl last. After the package the
database is flushed for the tests that follow on the same worker.

The package's tests form one xdist group (tests/conftest.py), so that one worker runs them
one after another and loads the demo once (`--dist loadgroup` in pyproject.toml).
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from lamtheo.devdata.data.org import ROOT_CODE
from lamtheo.org.models import Unit


@pytest.fixture(scope="package")
def loaded(django_db_setup, django_db_blocker) -> str:
    """What `load_demo` printed."""
    with django_db_blocker.unblock():
        out = io.StringIO()
        with override_settings(DEBUG=True):
            call_command("load_demo", stdout=out)
        if connection.vendor == "postgresql":
            # Fresh tables have no statistics until autovacuum comes by; without them the
            # planner picked nested loops that ran one test's query for over ten minutes.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        try:
            yield out.getvalue()
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def root(loaded, db) -> Unit:
    """The bloc (Đảng bộ Khối doanh nghiệp quận Đống Đa), closed since 30/06/2025."""
    return Unit.objects.get(code=ROOT_CODE)
