"""The heavy read-only pages read from a REAL PostgreSQL streaming replica (issue 13).

Runs only when DATABASE_REPLICA_URL is set: `.ci/run` starts a primary and a hot standby made
with `pg_basebackup -R` (`.ci/replica`) and runs this module against them. The test database
is created on the primary and reaches the standby by replication, as every write does; the
"replica" alias is pointed at the standby for these tests (settings make it a test mirror so
that Django neither creates nor flushes it there).

What is checked: the standby is one; a rollup page's figures are read there (its statements
run on the replica connection, none of the progress tables on the primary) and show what the
primary committed once it is replayed; a user who has just written reads the primary
(sticky cookie) and sees their change at once; light pages, sessions and grants never touch
the replica; the router writes and migrates only the primary.
"""

from __future__ import annotations

import os
import time

import dj_database_url
import pytest
from django.db import connections, router
from django.test.utils import CaptureQueriesContext

from lamtheo.core import replica as replica_module
from lamtheo.programs import services
from lamtheo.programs.models import Commitment, UnitProgress
from tests.programs.conftest import COMMITMENT, TODAY, WINDOWS

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_REPLICA_URL"),
        reason="needs a streaming replica (DATABASE_REPLICA_URL; .ci/run starts one)",
    ),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


@pytest.fixture
def standby():
    """The replica alias on the real standby, reading the test database."""
    connection = connections["replica"]
    url = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"])
    original = connection.settings_dict
    connection.close()
    connection.settings_dict = {
        **connections["default"].settings_dict,
        "HOST": url["HOST"],
        "PORT": url["PORT"],
    }
    yield connection
    connection.close()
    connection.settings_dict = original


def replayed(standby, timeout: float = 20.0) -> None:
    """Wait until the standby has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    while True:
        with standby.cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
        if time.monotonic() > deadline:
            raise AssertionError("the standby did not replay the primary's writes")
        time.sleep(0.05)


def sql_of(captured) -> str:
    return "\n".join(q["sql"] for q in captured.captured_queries)


@pytest.fixture
def registered(world):
    """A programme year with one submitted commitment in cell A (committed on the primary)."""
    program = services.program_create(
        by=world.office, unit=world.committee, name="Chương trình", start_year=2021, end_year=2026
    )
    year = services.year_create(by=world.office, program=program, year=2026, **WINDOWS)
    year = services.year_advance(by=world.office, year=year)
    commitment = services.commitment_create(
        by=world.member, year=year, person=world.person_a, submit=True, today=TODAY, **COMMITMENT
    )
    return year, commitment


def test_the_replica_is_a_streaming_standby_of_the_primary(standby):
    with standby.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_database(), inet_server_port()")
        in_recovery, name, port = cursor.fetchone()
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), inet_server_port()")
        primary_recovery, primary_port = cursor.fetchone()
    assert in_recovery is True and primary_recovery is False
    assert name == connections["default"].settings_dict["NAME"]
    assert port != primary_port


def test_a_rollup_reads_the_replica_and_a_writer_reads_the_primary(
    standby, world, registered, client
):
    year, commitment = registered
    client.force_login(world.office, backend="django.contrib.auth.backends.ModelBackend")
    url = f"/registrations/rollup/{world.committee.pk}/?year={year.pk}"
    replayed(standby)
    with (
        CaptureQueriesContext(standby) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["rollup"].total.waiting == 1
    assert "programs_unitprogress" in sql_of(on_replica)
    assert "programs_unitprogress" not in sql_of(on_primary)
    # Sessions and grants stay on the primary.
    assert "django_session" in sql_of(on_primary)
    assert "django_session" not in sql_of(on_replica)

    # The office approves: its next reads go to the primary and show the approval at once,
    # whatever the standby's lag.
    response = client.post(
        f"/registrations/{commitment.pk}/approve/",
        {"version": commitment.version, "comment": ""},
    )
    assert response.status_code == 302
    assert replica_module.STICKY_COOKIE in response.cookies
    assert Commitment.objects.get(pk=commitment.pk).status == "approved"
    with CaptureQueriesContext(standby) as on_replica:
        response = client.get(url)
    assert response.context["rollup"].total.approved == 1
    assert on_replica.captured_queries == []

    # The cookie gone (its 30 s are up): the replica again, with the approval replayed.
    del client.cookies[replica_module.STICKY_COOKIE]
    replayed(standby)
    with CaptureQueriesContext(standby) as on_replica:
        response = client.get(url)
    assert response.context["rollup"].total.approved == 1
    assert "programs_unitprogress" in sql_of(on_replica)


def test_the_rates_page_reads_the_replica_and_light_pages_do_not(standby, world, client):
    client.force_login(world.office, backend="django.contrib.auth.backends.ModelBackend")
    replayed(standby)
    with CaptureQueriesContext(standby) as on_replica:
        assert client.get(f"/study/rates/{world.committee.pk}/").status_code == 200
    assert "org_person" in sql_of(on_replica)
    for light in ("/", "/units/", f"/units/{world.committee.pk}/", "/people/"):
        with CaptureQueriesContext(standby) as on_replica:
            assert client.get(light).status_code == 200
        assert on_replica.captured_queries == [], light


def test_the_router_writes_and_migrates_only_the_primary(standby):
    assert router.db_for_write(UnitProgress) == "default"
    assert router.db_for_read(UnitProgress) == "default"  # outside a heavy page
    assert router.allow_migrate("default", "programs")
    assert not router.allow_migrate("replica", "programs")
