"""The transfer page (form → preview → confirm), the handover record and its undo."""

from __future__ import annotations

import datetime as dt

from lamtheo.org import reorganise
from lamtheo.org.models import Handover, Unit, UnitPeriod
from tests.factories import GrantFactory, PersonFactory, UnitFactory

FUTURE = dt.date(2030, 1, 1)


def _ward():
    return UnitFactory(code="PDD", name="Đảng bộ phường Đống Đa", kind="committee")


def _post(client, world, ward, **extra):
    data = {
        "cells": [world.cell_a.pk, world.cell_b.pk],
        "target": ward.code,
        "effective_on": FUTURE.strftime("%d/%m/%Y"),
        "note": "Theo Quyết định số 01",
        **extra,
    }
    return client.post(f"/units/{world.committee.pk}/transfer/", data)


def test_preview_shows_what_will_change_and_writes_nothing(world, login):
    ward = _ward()
    PersonFactory(unit=world.cell_b, party_status="probationary")
    client = login(world.admin)
    assert client.get(f"/units/{world.committee.pk}/transfer/").status_code == 200
    response = _post(client, world, ward)
    assert response.status_code == 200
    lines = response.context["lines"]
    assert [(line.unit.code, line.members) for line in lines] == [("CBA", 1), ("CBB", 2)]
    assert response.context["total_members"] == 3
    assert "Xác nhận" in response.content.decode()
    assert not Handover.objects.exists()


def test_confirm_transfers_and_the_record_can_be_undone_before_the_day(world, login):
    ward = _ward()
    client = login(world.admin)
    response = _post(client, world, ward, confirm="1")
    handover = Handover.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/handovers/{handover.pk}/"
    assert Unit.objects.get(pk=world.cell_a.pk).path.startswith(ward.path)
    page = client.get(f"/handovers/{handover.pk}/")
    body = page.content.decode()
    assert "Chi bộ A" in body and "Đảng bộ Khối doanh nghiệp" in body
    assert page.context["can_undo"]
    undone = client.post(f"/handovers/{handover.pk}/undo/")
    assert undone.status_code == 302
    assert not Handover.objects.exists()
    assert Unit.objects.get(pk=world.cell_a.pk).path.startswith(world.committee.path)


def test_a_transfer_in_effect_cannot_be_undone(world, login):
    ward = _ward()
    client = login(world.admin)
    _post(client, world, ward, confirm="1", effective_on="01/01/2025")
    handover = Handover.objects.get()
    assert not client.get(f"/handovers/{handover.pk}/").context["can_undo"]
    response = client.post(f"/handovers/{handover.pk}/undo/", follow=True)
    assert "không thể hủy" in response.content.decode()
    assert Handover.objects.exists()


def test_bad_input_says_why_and_writes_nothing(world, login):
    ward = _ward()
    client = login(world.admin)
    response = _post(client, world, ward, cells=[], confirm="1")
    assert "Hãy chọn ít nhất một đơn vị" in response.content.decode()
    response = _post(client, world, ward, target="NOPE", confirm="1")
    assert response.status_code == 200 and response.context["form"].errors["target"]
    assert not Handover.objects.exists()


def test_the_handover_page_runs_a_fixed_number_of_queries(world, login, django_assert_num_queries):
    ward = _ward()
    client = login(world.admin)
    _post(client, world, ward, confirm="1")
    handover = Handover.objects.get()
    client.get(f"/handovers/{handover.pk}/")
    with django_assert_num_queries(6):
        client.get(f"/handovers/{handover.pk}/")


def test_insert_above_previews_then_confirms(world, login):
    client = login(world.admin)
    data = {
        "code": "QUDD",
        "name": "Quận ủy Đống Đa",
        "kind": "committee",
        "effective_on": "01/01/2030",
    }
    url = f"/units/{world.committee.pk}/insert-above/"
    assert client.get(url).status_code == 200
    preview = client.post(url, data)
    assert preview.context["preview"].units_moved == 4
    assert not Unit.objects.filter(code="QUDD").exists()
    done = client.post(url, {**data, "confirm": "1"})
    above = Unit.objects.get(code="QUDD")
    assert done.status_code == 302 and done["Location"] == f"/units/{above.pk}/"
    assert Unit.objects.get(pk=world.committee.pk).path.startswith(above.path)
    # A unit below the top one is refused with a message, nothing written.
    refused = client.post(f"/units/{world.cell_a.pk}/insert-above/", {**data, "code": "X"})
    assert "Chỉ có thể thêm đơn vị cấp trên" in refused.content.decode()
    assert not Unit.objects.filter(code="X").exists()


def _inserted(world, on=FUTURE):
    return reorganise.insert_above(
        by=world.admin,
        unit=world.committee,
        code="QUDD",
        name="Quận ủy Đống Đa",
        kind="committee",
        effective_on=on,
    )


def test_insert_above_undo_shows_what_changes_then_undoes(world, login):
    above = _inserted(world)
    client = login(world.admin)
    unit_page = client.get(f"/units/{above.pk}/").content.decode()
    assert f"/units/{above.pk}/insert-above/undo/" in unit_page
    url = f"/units/{above.pk}/insert-above/undo/"
    page = client.get(url)
    assert page.status_code == 200
    assert [u.code for u in page.context["preview"].units] == ["DUK"]
    assert page.context["preview"].units_moved == 4
    assert "Xác nhận" in page.content.decode()
    assert Unit.objects.filter(code="QUDD").exists()  # the preview wrote nothing
    done = client.post(url, follow=True)
    assert done.redirect_chain[-1][0] == f"/units/{world.committee.pk}/"
    assert "Đã hủy việc thêm" in done.content.decode()
    committee = Unit.objects.get(pk=world.committee.pk)
    assert committee.is_root() and not Unit.objects.filter(code="QUDD").exists()
    # One running period each, as before the insertion.
    assert UnitPeriod.objects.filter(unit=committee).count() == 1


def test_an_insertion_in_effect_cannot_be_undone(world, login):
    above = _inserted(world, dt.date(2025, 1, 1))
    client = login(world.admin)
    assert "/insert-above/undo/" not in client.get(f"/units/{above.pk}/").content.decode()
    page = client.get(f"/units/{above.pk}/insert-above/undo/")
    assert page.context["preview"] is None
    assert "không thể hủy" in page.content.decode()
    client.post(f"/units/{above.pk}/insert-above/undo/")
    assert Unit.objects.get(pk=world.committee.pk).path.startswith(above.path)


def test_an_insertion_with_records_of_its_own_is_not_undone(world, login):
    from lamtheo.org import services

    above = _inserted(world)
    other = services.unit_create(
        by=world.admin, parent=above, code="KHAC", name="Đảng bộ Khối khác", kind="committee"
    )
    client = login(world.admin)
    page = client.get(f"/units/{above.pk}/insert-above/undo/")
    assert "chuyển chúng đi nơi khác trước" in page.content.decode()
    client.post(f"/units/{above.pk}/insert-above/undo/")
    assert Unit.objects.get(pk=other.pk).path.startswith(above.path)
    assert Unit.objects.get(pk=world.committee.pk).path.startswith(above.path)


def test_an_insertion_whose_unit_has_records_is_not_undone(world, login):
    above = _inserted(world)
    GrantFactory(user=world.office, unit=above, role="office")
    response = login(world.admin).post(f"/units/{above.pk}/insert-above/undo/", follow=True)
    assert "đã có hồ sơ riêng" in response.content.decode()
    assert Unit.objects.get(pk=world.committee.pk).path.startswith(above.path)
    assert Unit.objects.filter(pk=above.pk).exists()


def test_the_insert_above_undo_page_runs_a_fixed_number_of_queries(
    world, login, django_assert_num_queries
):
    above = _inserted(world)
    client = login(world.admin)
    client.get(f"/units/{above.pk}/insert-above/undo/")
    with django_assert_num_queries(10):
        client.get(f"/units/{above.pk}/insert-above/undo/")
