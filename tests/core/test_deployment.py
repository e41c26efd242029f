"""The README's deployment recipe, as far as it runs inside the test suite: a production
`collectstatic` with the manifest storage, `check --deploy` with the README's environment, the
favicon and the request body cap. `.ci/deploy-check` runs the whole recipe against gunicorn."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client, override_settings


def readme_production_env() -> dict[str, str]:
    """The variables the README's deployment recipe exports, with its *** filled in."""
    readme = (settings.BASE_DIR / "README.md").read_text()
    recipe = readme.split("## Deployment", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    line = next(line for line in recipe.splitlines() if line.startswith("export "))
    env = dict(re.findall(r"(\w+)=(\S+)", line.split("#", 1)[0]))
    env.pop("DATABASE_URL")  # the suite's own database stands in for the server's
    env["SECRET_KEY"] = "k" * 30 + "-not-a-real-secret-but-long-and-random-enough-3a7c9e"
    return env


def manage(*args, env: dict[str, str], cwd=None) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "DEBUG")
        and not k.startswith(("SITE_URL", "EMAIL_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**base, "DJANGO_SETTINGS_MODULE": "lamtheo.settings", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_readme_environment_passes_the_deploy_check():
    env = readme_production_env()
    assert env["SITE_URL"].startswith("https://"), "the recipe sets the public address"
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deploy_check_catches_a_site_url_left_at_its_default():
    env = readme_production_env()
    del env["SITE_URL"]
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0 and "lamtheo.W002" in result.stderr


def test_production_collectstatic_builds_the_manifest_of_what_pages_use(tmp_path):
    env = {**readme_production_env(), "STATIC_ROOT": str(tmp_path)}
    result = manage("collectstatic", "--noinput", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in (
        "vendor/tabler/css/tabler.min.css",
        "vendor/tabler/js/tabler.min.js",
        "vendor/htmx/htmx.min.js",
        "vendor/echarts/echarts.common.min.js",
        "css/app.css",
        "favicon.svg",
    ):
        assert name in paths
    vendor = {name for name in paths if name.startswith("vendor/")}
    # Not Tabler's whole dist: only the files the templates load and Tabler's source maps.
    assert len(vendor) == 6, sorted(vendor)


def test_every_page_names_the_favicon_and_the_old_address_redirects_to_it(client, world, login):
    assert 'rel="icon"' in login(world.member).get("/").content.decode()
    assert 'rel="icon"' in Client().get("/accounts/login/").content.decode()
    response = Client().get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("/favicon.svg")


@pytest.mark.django_db
@override_settings(REQUEST_MAX_BYTES=1000)
def test_a_body_over_the_cap_is_refused_before_anything_reads_it():
    response = Client().post("/accounts/login/", {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 413
    assert "quá lớn" in response.content.decode()
    small = Client().post("/accounts/login/", {"username": "x", "password": "y"})
    assert small.status_code == 200
