"""The benchmark command runs end to end on a small tree (figures are not asserted: noise)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from lamtheo.org import counts
from lamtheo.org.models import Person, Unit
from lamtheo.study.models import Attendance
from tests.factories import UnitFactory
from tests.org.test_year_end_counts import live as year_end_live
from tests.org.test_year_end_counts import stored as year_end_stored


def test_bench_org_small(db, tmp_path):
    out = io.StringIO()
    call_command(
        "bench_org", people=500, repeat=1, workdir=str(tmp_path), stdout=out, stderr=io.StringIO()
    )
    table = out.getvalue()
    assert "import_people, end to end" in table
    assert "search, common name" in table
    assert "progress rollup, whole tree" in table and "progress table page 1" in table
    assert Person.objects.count() == 500
    root = Unit.objects.get(depth=1)
    assert counts.subtree_counts(root)["total"] == 500


def test_bench_org_refuses_a_database_with_data(db, tmp_path):
    UnitFactory()
    with pytest.raises(CommandError, match="empty database"):
        call_command("bench_org", people=100, workdir=str(tmp_path))


def test_bench_all_small(db, tmp_path):
    from lamtheo.devdata.bench.all import pages
    from lamtheo.programs import counts as progress_counts
    from lamtheo.programs.models import ProgramYear

    out = io.StringIO()
    call_command(
        "bench_all",
        people=300,
        years=2,
        repeat=1,
        workdir=str(tmp_path),
        stdout=out,
        stderr=io.StringIO(),
    )
    table = out.getvalue()
    root = Unit.objects.get(depth=1)
    year = ProgramYear.objects.get(status="open")
    for page, _url in pages(root, year):
        assert table.count(f"| {page} |") == 2, page  # the whole tree and one bloc
    assert ProgramYear.objects.count() == 2
    for year in ProgramYear.objects.all():  # written in bulk, then the aggregates rebuilt
        assert progress_counts.stored_rows(year) == progress_counts.live_rows(year) != {}
        # The people on its last day too: the study step backdates who joined when.
        assert year_end_stored(year.year) == year_end_live(year.year) != {}
    # The attendance load sets the table's indexes aside on PostgreSQL: they are back, the
    # unique one refusing a second row for the same session and person.
    first = Attendance.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(
            session_id=first.session_id,
            person_id=first.person_id,
            unit_id=first.unit_id,
            status=first.status,
            method=first.method,
        )
    again = io.StringIO()
    call_command("bench_all", measure_only=True, repeat=1, stdout=again, stderr=io.StringIO())
    assert "| people | one bloc |" in again.getvalue()


def test_bench_all_refuses_before_generating_when_static_files_are_not_collected(
    db, tmp_path, settings
):
    """Production's storage without collectstatic: the pages would fail after the hour of
    generating (session 13 lost a 1M measurement that way), so it refuses first."""
    settings.STATIC_ROOT = str(tmp_path / "static")  # empty: no manifest
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with pytest.raises(CommandError, match="collectstatic"):
        call_command("bench_all", people=100, years=1, workdir=str(tmp_path))
    assert not Unit.objects.exists()


def test_bench_export_log_small(db):
    from lamtheo.org.models import PersonAccess, PersonExport

    out = io.StringIO()
    call_command("bench_export_log", people=300, repeat=1, stdout=out, stderr=io.StringIO())
    table = out.getvalue()
    assert "export alone" in table and "log_export of those people" in table
    # One logged export and its floor's rows, a row per person each.
    assert PersonExport.objects.count() == 2
    assert PersonAccess.objects.count() == 2 * Person.objects.count() == 600


def test_bench_export_log_refuses_a_database_with_data(db):
    UnitFactory()
    with pytest.raises(CommandError, match="empty database"):
        call_command("bench_export_log", people=100)


def test_bench_oversight_small(db):
    out = io.StringIO()
    call_command("bench_oversight", people=200, repeat=1, stdout=out, stderr=io.StringIO())
    table = out.getvalue()
    assert "list, inspector" in table and "inspection, secretary" in table
    assert "evidence, whole committee" in table
