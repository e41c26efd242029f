"""Accounts for people: provisioning a subtree, activation by slip or email, sign-in by email or
phone, deactivation on leaving, a new slip for a member."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone

from lamtheo.accounts.models import ActivationCode
from lamtheo.org import accounts, services
from lamtheo.org.models import Person
from tests.factories import PersonFactory
from tests.pdf import as_pdf

User = get_user_model()
PASSWORD = "Hoc-tap-lam-theo-2026"
CODE = re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}")


@pytest.fixture
def cell(world):
    """Cell A: Quang (member, has an account), two without, one with an email, one who left."""
    PersonFactory(unit=world.cell_a, full_name="Lê Thị Hoa", phone="0912 345 678")
    PersonFactory(unit=world.group_a, full_name="Phạm Văn Hùng", email="hung@example.vn")
    gone = PersonFactory(unit=world.cell_a, full_name="Đỗ Văn Nam")
    Person.objects.filter(pk=gone.pk).update(left_on=dt.date(2025, 1, 1))
    return world


def signs_in(client, username, password) -> bool:
    """Through the sign-in page, as a person would (django-axes needs the request)."""
    client.logout()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


def test_office_provisions_the_subtree_once(cell, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        done = accounts.provision_accounts(by=cell.office, unit=cell.cell_a)
    assert (done.created, done.had, done.skipped, done.emailed) == (2, 1, 1, 1)
    hoa = Person.objects.select_related("user").get(full_name="Lê Thị Hoa")
    assert hoa.user.username == "hoalt" and not hoa.user.has_usable_password()
    assert Person.objects.get(full_name="Đỗ Văn Nam").user_id is None
    # The email went through a real SMTP server, with a link that carries the code.
    (body,) = smtp.bodies_to("hung@example.vn")
    assert "hungpv" in body and "/accounts/activate/?u=hungpv&c=" in body
    again = accounts.provision_accounts(by=cell.office, unit=cell.cell_a)
    assert (again.created, again.had, again.skipped, again.emailed) == (0, 3, 1, 0)


def test_usernames_do_not_collide(cell):
    User.objects.create(username="hoalt")
    PersonFactory(unit=cell.cell_b, full_name="Lý Thị Hoa")
    accounts.provision_accounts(by=cell.office, unit=cell.committee)
    names = set(
        User.objects.filter(username__startswith="hoalt").values_list("username", flat=True)
    )
    assert names == {"hoalt", "hoalt2", "hoalt3"}


def test_secretary_cannot_provision_outside_their_cell(cell, client, login):
    with pytest.raises(PermissionDenied):
        accounts.provision_accounts(by=cell.secretary, unit=cell.committee)
    client = login(cell.secretary)
    assert client.post(f"/units/{cell.cell_b.pk}/accounts/").status_code == 404
    assert client.post(f"/units/{cell.committee.pk}/accounts/").status_code == 404
    client = login(cell.inspector)
    assert client.post(f"/units/{cell.cell_a.pk}/accounts/").status_code == 403
    assert User.objects.count() == 6  # the personas only


def test_the_page_shows_counts_and_provisions(cell, client, login, django_assert_num_queries):
    client = login(cell.secretary)
    url = f"/units/{cell.cell_a.pk}/accounts/"
    with django_assert_num_queries(8):
        page = client.get(url).content.decode()
    assert "Tạo 2 tài khoản" in page
    response = client.post(url, follow=True)
    assert "Đã tạo 2 tài khoản" in response.content.decode()


def test_slip_activates_and_signs_in(cell, client, login):
    accounts.provision_accounts(by=cell.office, unit=cell.cell_a, email=False)
    client = login(cell.secretary)
    response = client.post(f"/units/{cell.cell_a.pk}/accounts/slips/", {"format": "docx"})
    assert response["Content-Disposition"].endswith('.docx"')
    pdf = as_pdf(response.content, "phieu-kich-hoat")
    assert pdf.has("PHIẾU KÍCH HOẠT TÀI KHOẢN LAMTHEO") and pdf.has("Lê Thị Hoa")
    assert pdf.has("hoalt") and "hungpv" not in pdf.text  # Hùng is in group A1, not directly
    code = CODE.search(pdf.text).group(0)
    client.logout()
    response = client.post(
        "/accounts/activate/",
        {"username": "hoalt", "code": code.lower(), "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    # Signed in by username, by phone number as people write it, and the code is spent.
    assert signs_in(client, "hoalt", PASSWORD)
    assert signs_in(client, "+84 912.345.678", PASSWORD)
    client.logout()
    reused = client.post(
        "/accounts/activate/",
        {"username": "hoalt", "code": code, "password1": PASSWORD, "password2": PASSWORD},
    )
    assert "Tên đăng nhập hoặc mã kích hoạt không đúng" in reused.content.decode()


def test_pdf_slips_for_the_unit(cell, client, login):
    accounts.provision_accounts(by=cell.office, unit=cell.cell_a, email=False)
    response = login(cell.office).post(
        f"/units/{cell.group_a.pk}/accounts/slips/", {"format": "pdf"}
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_no_slips_when_nobody_waits(cell, client, login):
    response = login(cell.secretary).post(
        f"/units/{cell.cell_a.pk}/accounts/slips/", {"format": "pdf"}, follow=True
    )
    assert "Không ai trong đơn vị này đang chờ kích hoạt" in response.content.decode()
    assert not ActivationCode.objects.exists()


def _activate(client, username, code, password=PASSWORD):
    return client.post(
        "/accounts/activate/",
        {"username": username, "code": code, "password1": password, "password2": password},
    )


def test_wrong_codes_void_the_code(cell, client):
    accounts.provision_accounts(by=cell.office, unit=cell.cell_a, email=False)
    hoa = Person.objects.get(full_name="Lê Thị Hoa")
    (slip,) = [accounts.issue_person_slip(by=cell.secretary, person=hoa)]
    for _ in range(4):
        page = _activate(client, "hoalt", "AAAA-AAAA").content.decode()
        assert "Tên đăng nhập hoặc mã kích hoạt không đúng" in page
    page = _activate(client, "hoalt", "AAAA-AAAA").content.decode()
    assert "Nhập sai mã quá nhiều lần" in page
    page = _activate(client, "hoalt", slip.code).content.decode()
    assert "không đúng" in page
    assert not User.objects.get(username="hoalt").has_usable_password()


def test_expired_code_and_weak_password_are_refused(cell, client):
    accounts.provision_accounts(by=cell.office, unit=cell.cell_a, email=False)
    hoa = Person.objects.get(full_name="Lê Thị Hoa")
    slip = accounts.issue_person_slip(by=cell.secretary, person=hoa)
    weak = _activate(client, "hoalt", slip.code, "12345678").content.decode()
    assert "Mật khẩu này quá phổ biến" in weak or "hoàn toàn là số" in weak
    ActivationCode.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    page = _activate(client, "hoalt", slip.code).content.decode()
    assert "Mã kích hoạt này đã hết hạn" in page
    assert not User.objects.get(username="hoalt").has_usable_password()


def test_guessing_from_one_address_is_throttled(cell, client, settings):
    settings.ACTIVATION_MAX_FAILURES_PER_IP = 3
    for n in range(3):
        _activate(client, f"nobody{n}", "AAAA-AAAA")
    response = _activate(client, "hoalt", "AAAA-AAAA")
    assert response.status_code == 429
    assert "Nhập sai mã kích hoạt quá nhiều lần từ thiết bị này" in response.content.decode()


def test_new_slip_for_a_member_resets_their_password(cell, client, login):
    response = login(cell.secretary).post(f"/people/{cell.person_a.pk}/slip/", {"format": "docx"})
    assert response.status_code == 200
    code = CODE.search(as_pdf(response.content, "phieu-mot-nguoi").text).group(0)
    client.logout()
    assert _activate(client, "dangvien", code, "Mat-khau-moi-2026").status_code == 302
    assert signs_in(client, "dangvien", "Mat-khau-moi-2026")
    # Another cell's secretary cannot: the person is not even visible to them.
    client = login(cell.other_secretary)
    assert client.post(f"/people/{cell.person_a.pk}/slip/").status_code == 404


def test_no_slip_for_a_person_without_an_account(cell, client, login):
    hoa = Person.objects.get(full_name="Lê Thị Hoa")
    response = login(cell.secretary).post(f"/people/{hoa.pk}/slip/", follow=True)
    assert "Người này chưa có tài khoản" in response.content.decode()


def test_email_sign_in_and_ambiguous_email(cell, client):
    accounts.provision_accounts(by=cell.office, unit=cell.cell_a, email=False)
    hung = User.objects.get(username="hungpv")
    hung.set_password(PASSWORD)
    hung.save()
    assert signs_in(client, "HUNG@example.vn", PASSWORD)
    PersonFactory(
        unit=cell.cell_b, full_name="Phạm Hùng", email="hung@example.vn", user=cell.other_secretary
    )
    assert not signs_in(client, "hung@example.vn", PASSWORD)


def test_leaving_deactivates_and_ends_sessions(cell, client, login):
    client = login(cell.member)
    assert client.get("/").status_code == 200
    services.person_leave(
        by=cell.secretary, person=cell.person_a, left_on=dt.date(2026, 12, 1), reason="Từ trần"
    )
    assert client.get("/").status_code == 302  # the open session no longer signs anyone in
    assert not signs_in(client, "dangvien", "demo12345")


def test_password_reset_by_email(cell, client, smtp):
    Person.objects.filter(pk=cell.person_a.pk).update(email="quang@example.vn")
    response = client.post("/accounts/password/reset/", {"email": "quang@example.vn"})
    assert response.status_code == 302
    (body,) = smtp.bodies_to("quang@example.vn")
    assert "dangvien" in body
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", body).group(1)
    form = client.get(link, follow=True)
    assert "Chọn mật khẩu mới" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"},
    )
    assert done.status_code == 302
    assert signs_in(client, "dangvien", "Mat-khau-moi-2026")
    # A second use of the link is refused.
    assert "đã hết hạn hoặc đã được dùng" in client.get(link, follow=True).content.decode()


def test_reset_sends_nothing_for_an_unknown_address(cell, client, smtp):
    response = client.post("/accounts/password/reset/", {"email": "ai@example.vn"})
    assert response.status_code == 302
    assert smtp.messages == []


def test_provision_command_is_idempotent(cell):
    out = StringIO()
    call_command("provision_accounts", "DUK", "--no-email", stdout=out)
    assert "đã tạo 3" in out.getvalue()
    out = StringIO()
    call_command("provision_accounts", "DUK", stdout=out)
    assert "đã tạo 0, đã có 4, bỏ qua (đã ra khỏi tổ chức) 1" in out.getvalue()
    with pytest.raises(CommandError, match="Không có đơn vị nào mang mã"):
        call_command("provision_accounts", "XYZ")


def test_create_admin(db, monkeypatch):
    monkeypatch.setenv("LAMTHEO_ADMIN_PASSWORD", PASSWORD)
    call_command("create_admin", "quantri", "--email", "qt@example.vn", stdout=StringIO())
    user = User.objects.get(username="quantri")
    assert user.is_staff and user.check_password(PASSWORD)
    assert user.grants.get().role == "admin"
    with pytest.raises(CommandError):
        call_command("create_admin", "quantri", stdout=StringIO())
    monkeypatch.setenv("LAMTHEO_ADMIN_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("create_admin", "khac", stdout=StringIO())
    assert not User.objects.filter(username="khac").exists()
