"""The log of who opened or exported whose personal record: written by every look at someone
else's record and every export of people's records, shown to the person, not editable from the
application."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from lamtheo.org.models import AppendOnly, PersonAccess, PersonExport
from tests.factories import PersonFactory


def test_looks_are_logged_and_shown_to_the_person(world, client, login):
    login(world.secretary).get(f"/people/{world.person_a.pk}/")
    login(world.office).get(f"/people/{world.person_a.pk}/")
    log = list(PersonAccess.objects.order_by("at", "pk").values_list("user__username", "kind"))
    assert log == [("bithu", "view"), ("vanphong", "view")]
    page = login(world.member).get(f"/people/{world.person_a.pk}/").content.decode()
    assert "Ai đã xem hồ sơ của tôi" in page
    assert "bithu" in page and "vanphong" in page and "đã mở hồ sơ" in page
    # The person's own looks are not logged, and others do not see the log.
    assert PersonAccess.objects.count() == 2
    other = login(world.office).get(f"/people/{world.person_a.pk}/").content.decode()
    assert "Ai đã xem hồ sơ của tôi" not in other


def test_activation_slips_are_logged_as_an_export(world, login):
    from lamtheo.org.accounts import provision_accounts

    waiting = PersonFactory(unit=world.cell_a, full_name="Lê Thị Hoa")
    provision_accounts(by=world.office, unit=world.cell_a, email=False)
    waiting.refresh_from_db()
    response = login(world.secretary).post(
        f"/units/{world.cell_a.pk}/accounts/slips/", {"format": "docx"}
    )
    assert response.status_code == 200
    export = PersonExport.objects.get()
    assert (export.user, export.unit, export.what) == (
        world.secretary,
        world.cell_a,
        "Phiếu kích hoạt tài khoản",
    )
    logged = set(export.accesses.values_list("person_id", "kind"))
    assert logged == {(waiting.pk, "export")}  # the member had an account already
    assert export.count == 1
    waiting.user.set_password("Một mật khẩu dài 2026")
    waiting.user.save()
    page = login(waiting.user).get(f"/people/{waiting.pk}/").content.decode()
    assert "đã tải dữ liệu" in page and "Phiếu kích hoạt tài khoản" in page
    assert "Chi bộ A · 1 người" in page


def test_the_log_cannot_be_changed_or_deleted(world, login):
    login(world.office).get(f"/people/{world.person_a.pk}/")
    row = PersonAccess.objects.get()
    row.kind = "export"
    with pytest.raises(AppendOnly):
        row.save()
    with pytest.raises(AppendOnly):
        row.delete()
    with pytest.raises(AppendOnly):
        PersonAccess.objects.update(user=None)
    with pytest.raises(AppendOnly):
        PersonAccess.objects.all().delete()
    assert PersonAccess.objects.get().kind == "view"


@pytest.mark.parametrize("model", [PersonAccess, PersonExport])
def test_the_admin_shows_the_log_read_only(world, model):
    request = RequestFactory().get("/")
    request.user = world.admin
    model_admin = admin.site._registry[model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_log_export_writes_one_row_per_other_person(world):
    """One row per person listed (repeats once, one's own record not at all), each pointing at
    the export, with its time; on PostgreSQL by one statement (the ids as an array)."""
    from lamtheo.org import access

    others = [PersonFactory(unit=world.cell_b) for _ in range(3)]
    ids = [p.pk for p in others] + [others[0].pk, world.person_a.pk, None]
    export = access.log_export(user=world.member, people=ids, what="Danh sách", unit=world.cell_b)
    assert export.count == 3
    rows = list(export.accesses.values_list("person_id", "user_id", "kind", "at"))
    assert sorted(r[0] for r in rows) == sorted(p.pk for p in others)
    assert {r[1:3] for r in rows} == {(world.member.pk, "export")}
    assert all(r[3] >= export.at for r in rows)
    # Nobody but oneself: nothing written.
    assert access.log_export(user=world.member, people=[world.person_a.pk], what="x") is None
    assert PersonExport.objects.count() == 1
