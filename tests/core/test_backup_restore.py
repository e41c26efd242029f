"""The restore drill of docs/operations.md (issue 10 §8), performed with the commands written
there: a backup of a database holding factory-made data and an uploaded file, restored into an
empty database, and the documented figures read back from it by the application itself
(`manage.py shell -c`, a separate process on the restored database).

PostgreSQL: pg_dump custom format, pg_restore into a new empty database, `migrate` a no-op.
SQLite: the online backup API (both documented forms: Python's and the sqlite3 shell's)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection

from lamtheo.org.models import ImportJob, Person, Unit
from tests.factories import PersonFactory, UnitFactory

REPO = Path(__file__).resolve().parents[2]
# The check of docs/operations.md "Restore", word for word.
FIGURES = (
    "from lamtheo.org.models import Person, Unit; "
    "print(Unit.objects.count(), Person.objects.count())"
)
DOCS = (REPO / "docs" / "operations.md").read_text()


def test_the_drill_runs_the_documented_commands():
    """The commands below are those the operator reads; a change there must change this test."""
    for command in (
        'pg_dump --format=custom --no-owner --file=/srv/backup/lamtheo-$stamp.dump "$DATABASE_URL"',
        'tar -C "$MEDIA_ROOT" -czf /srv/backup/lamtheo-media-$stamp.tar.gz .',
        'pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" '
        "/srv/backup/lamtheo-STAMP.dump",
        'tar -C "$MEDIA_ROOT" -xzf /srv/backup/lamtheo-media-STAMP.tar.gz',
        "sqlite3 var/lamtheo.sqlite3 \".backup '/srv/backup/lamtheo-$stamp.sqlite3'\"",
        "sqlite3.connect('var/lamtheo.sqlite3').backup(",
        FIGURES,
    ):
        assert command in DOCS, command


@pytest.fixture
def data(settings, tmp_path):
    """Units, people and an uploaded file, committed (the backup runs in another process)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    root = UnitFactory()
    cells = [UnitFactory(parent=root) for _ in range(3)]
    for index in range(7):
        PersonFactory(unit=cells[index % 3])
    job = ImportJob(kind="people", original_name="danh-sach.xlsx")
    job.file.save("danh-sach.xlsx", ContentFile(b"PK\x03\x04 not really a workbook"), save=True)
    figures = f"{Unit.objects.count()} {Person.objects.count()}"
    assert figures == "4 7"
    return figures, job


def read_figures(database_url: str, media_root: Path) -> str:
    """The documented check, run by the application against the restored database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lamtheo.settings",
        "LAMTHEO_ALLOW_DEV_SECRET": "1",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
    }
    for args in (["migrate", "--check"], ["shell", "-c", FIGURES]):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
    # Django 5.2+ shell first lists the models it could not auto-import; the figures come last.
    return result.stdout.strip().splitlines()[-1]


def back_up_and_restore_media(media_root: Path, tmp_path: Path) -> Path:
    archive = tmp_path / "lamtheo-media.tar.gz"
    subprocess.run(["tar", "-C", str(media_root), "-czf", str(archive), "."], check=True)
    restored = tmp_path / "restored-media"
    restored.mkdir()
    subprocess.run(["tar", "-C", str(restored), "-xzf", str(archive)], check=True)
    return restored


def assert_file_restored(job: ImportJob, restored_media: Path) -> None:
    original = Path(settings.MEDIA_ROOT) / job.file.name
    copy = restored_media / job.file.name
    assert copy.read_bytes() == original.read_bytes()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump/pg_restore: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_postgresql_dump_restores_into_an_empty_database(data, tmp_path):
    figures, job = data
    params = connection.get_connection_params()
    source = connection.settings_dict["NAME"]
    user, host, port = params.get("user") or "postgres", params.get("host", ""), params.get("port")
    server = f"postgres://{user}@{host}:{port or 5432}"
    dump = tmp_path / "lamtheo.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", f"{server}/{source}"],
        check=True,
    )
    restored_media = back_up_and_restore_media(Path(settings.MEDIA_ROOT), tmp_path)

    target = f"{source}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{target}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={server}/{target}", dump],
            check=True,
        )
        assert read_figures(f"{server}/{target}", restored_media) == figures
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
    assert_file_restored(job, restored_media)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite online backup")
@pytest.mark.django_db(transaction=True)
def test_sqlite_online_backup_restores(data, tmp_path):
    figures, job = data
    connection.ensure_connection()
    # The Python form of the documented backup, from the live (here in-memory) database...
    first = tmp_path / "lamtheo-python.sqlite3"
    with sqlite3.connect(first) as copy:
        connection.connection.backup(copy)
    copy.close()
    # ...then the sqlite3 shell's form, from that file.
    second = tmp_path / "lamtheo-shell.sqlite3"
    subprocess.run(["sqlite3", str(first), f".backup '{second}'"], check=True)
    restored_media = back_up_and_restore_media(Path(settings.MEDIA_ROOT), tmp_path)

    for backup in (first, second):
        assert read_figures(f"sqlite:///{backup}", restored_media) == figures
    assert_file_restored(job, restored_media)
