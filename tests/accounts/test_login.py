"""Signing in and out, and the throttle on repeated failures (django-axes)."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings


def test_sign_in_lands_on_home(client, world):
    response = client.post("/accounts/login/", {"username": "bithu", "password": "demo12345"})
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/")
    assert "Chi bộ A" in home.content.decode()


def test_wrong_password_is_refused_in_vietnamese(client, world):
    response = client.post("/accounts/login/", {"username": "bithu", "password": "sai"})
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()


def test_repeated_failures_lock_the_account(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "bithu", "password": "sai"})
    response = client.post("/accounts/login/", {"username": "bithu", "password": "demo12345"})
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    # Another account from the same address is not locked out.
    ok = client.post("/accounts/login/", {"username": "vanphong", "password": "demo12345"})
    assert ok.status_code == 302


def test_sign_out_needs_post(client, world, login):
    client = login(world.secretary)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_production_settings_pass_the_deploy_check():
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")
        },
        "SECRET_KEY": "x" * 60 + "-not-a-real-secret-but-long-and-random-enough-9f8e7d",
        "ALLOWED_HOSTS": "lamtheo.example.vn",
        "SECURE": "True",
        "EMAIL_HOST": "smtp.example.vn",
        "SITE_URL": "https://lamtheo.example.vn",
        "DEBUG": "False",
        "DJANGO_SETTINGS_MODULE": "lamtheo.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_english_is_available(client, world, login):
    client = login(world.secretary)
    assert "Tổng quan" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Overview" in page and "Tổng quan" not in page


def test_vietnamese_even_when_the_browser_asks_for_english(client, world, login):
    client = login(world.secretary)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Tổng quan" in page


def test_an_overlong_username_is_refused_like_a_wrong_password(client, world):
    """django-axes records a failed attempt's username in 255 characters; PostgreSQL refused
    a longer one, a server error found by the fuzz test. Refused before it is tried."""
    from axes.models import AccessAttempt

    response = client.post("/accounts/login/", {"username": "x" * 1000, "password": " "})
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_the_admin_sign_in_records_an_overlong_username_cut(client, world):
    from axes.models import AccessAttempt

    response = client.post("/admin/login/", {"username": "y" * 1000, "password": "sai"})
    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "y" * 255
