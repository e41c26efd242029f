"""The committee office imports a spreadsheet from the page and reads what was wrong."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lamtheo.org.models import Person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = (
    "Họ và tên;Ngày sinh;Giới tính;Mã đơn vị;Số thẻ đảng viên;Ngày vào Đảng;Ngày chính thức;"
    "Đối tượng;Chức vụ;Điện thoại;Email\n"
)


def test_office_fixes_a_file_and_imports_it(world, sign_in, live_server, tmp_path):
    bad = tmp_path / "dang-vien.csv"
    bad.write_bytes(
        (
            HEADER
            + "Lê Văn Một;01/01/1980;Nam;CBB;01111111;01/01/2010;01/01/2011;"
            + "Đảng viên chính thức;;;\n"
            + "Lê Thị Hai;31/02/1985;Nữ;CBB;;;;Quần chúng;;;\n"
        ).encode("utf-8-sig")
    )
    page = sign_in("vanphong")
    page.goto(f"{live_server.url}/imports/")
    page.get_by_label("Nội dung tệp").select_option("people")
    page.get_by_label("Tệp", exact=True).set_input_files(str(bad))
    page.get_by_role("button", name="Nhập", exact=True).click()
    expect(page.get_by_role("heading", name="1 lỗi", exact=False)).to_be_visible()
    expect(page.get_by_role("cell", name="Ngày sinh")).to_be_visible()
    assert not Person.objects.filter(full_name="Lê Văn Một").exists()

    good = tmp_path / "dang-vien-sua.csv"
    good.write_bytes(bad.read_bytes().replace(b"31/02/1985", b"28/02/1985"))
    page.goto(f"{live_server.url}/imports/")
    page.get_by_label("Nội dung tệp").select_option("people")
    page.get_by_label("Tệp", exact=True).set_input_files(str(good))
    page.get_by_role("button", name="Nhập", exact=True).click()
    expect(page.get_by_text("Đã nhập", exact=False).first).to_be_visible()
    assert Person.objects.get(party_card_number="01111111").unit_id == world.cell_b.pk
