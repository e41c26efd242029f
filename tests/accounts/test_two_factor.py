"""The second factor (django-otp): enrolment with an authenticator app, the code after the
password, recovery codes, throttled guessing, and who must use it."""

from __future__ import annotations

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "demo12345"


def sign_in(client, username):
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def now_code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def test_office_must_enrol_then_uses_a_recovery_code(world, client, required):
    sign_in(client, "vanphong")
    response = client.get("/units/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/")
    page = client.get("/accounts/two-factor/").content.decode()
    assert "Quét mã này bằng ứng dụng xác thực" in page and "<svg" in page
    device = TOTPDevice.objects.get(user=world.office, confirmed=False)
    wrong = client.post("/accounts/two-factor/", {"token": "000000"}).content.decode()
    assert "Mã không đúng hoặc đã hết hạn" in wrong
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the wrong code above made the next try wait
    device.throttling_failure_timestamp = None
    device.save()
    done = client.post("/accounts/two-factor/", {"token": now_code(device)})
    codes = done.context["codes"]
    assert len(codes) == 10 and "Mã khôi phục" in done.content.decode()
    assert client.get("/units/").status_code == 200

    client.post("/accounts/logout/")
    sign_in(client, "vanphong")
    assert client.get("/units/")["Location"].startswith("/accounts/two-factor/verify/")
    response = client.post("/accounts/two-factor/verify/?next=/units/", {"token": codes[0]})
    assert response["Location"] == "/units/"
    assert client.get("/units/").status_code == 200
    # A recovery code works once.
    client.post("/accounts/logout/")
    sign_in(client, "vanphong")
    again = client.post("/accounts/two-factor/verify/", {"token": codes[0]})
    assert again.status_code == 200 and "Mã không đúng" in again.content.decode()


def test_guessing_is_throttled(world, client):
    device = TOTPDevice.objects.create(user=world.secretary, name="app", confirmed=True)
    sign_in(client, "bithu")  # enrolled, so asked even when not required
    assert client.get("/")["Location"].startswith("/accounts/two-factor/verify/")
    client.post("/accounts/two-factor/verify/", {"token": "123456"})
    # Right after a wrong code even the right one waits: django-otp's throttle.
    refused = client.post("/accounts/two-factor/verify/", {"token": now_code(device)})
    assert refused.status_code == 200
    assert client.get("/")["Location"].startswith("/accounts/two-factor/verify/")


def test_the_right_code_signs_in(world, client):
    device = TOTPDevice.objects.create(user=world.secretary, name="app", confirmed=True)
    sign_in(client, "bithu")
    response = client.post("/accounts/two-factor/verify/", {"token": now_code(device)})
    assert response.status_code == 302 and client.get("/").status_code == 200


def test_members_are_not_asked(world, client, required):
    sign_in(client, "dangvien")
    assert client.get("/").status_code == 200
