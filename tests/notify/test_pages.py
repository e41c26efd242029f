"""The pages: sending from the form, the inbox, reading, the read share per unit, the notes
for channels that are off; a fixed number of queries whatever the row count."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheo.accounts.scoping import scope_of
from lamtheo.notify import worker
from lamtheo.notify.cards import inbox_card
from lamtheo.notify.models import Delivery, Message, Receipt
from lamtheo.notify.services import announce
from tests.factories import PersonFactory, UnitFactory


def _send(world, n=1, unit=None):
    for i in range(n):
        announce(by=world.office, unit=unit or world.cell_a, title=f"Thông báo {i}", body="B")


def test_announce_from_the_form(login, world):
    client = login(world.secretary)
    response = client.post(
        f"/notify/announce/?unit={world.cell_a.pk}",
        {
            "title": "Họp chi bộ tháng 12",
            "body": "Kính mời các đồng chí.",
            "link": "example.vn/dien-hinh/1",
            "audience": "subtree",
            "files": [SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n%%EOF\n")],
        },
        follow=True,
    )
    message = Message.objects.get()
    assert response.redirect_chain[-1][0] == f"/notify/announcements/{message.pk}/"
    assert "Đã gửi thông báo đến 1 người." in response.content.decode()
    assert message.link == "https://example.vn/dien-hinh/1"
    assert message.attachments.count() == 1


def test_form_refusals_are_in_vietnamese_and_write_nothing(login, world):
    client = login(world.secretary)
    response = client.post(
        f"/notify/announce/?unit={world.cell_a.pk}",
        {
            "title": "T",
            "body": "B",
            "audience": "subtree",
            "files": [SimpleUploadedFile("anh.jpg", b"%PDF-1.4\n%%EOF\n")],
        },
    )
    assert response.status_code == 200
    assert "anh.jpg không đúng loại như tên tệp: nội dung của nó là tệp PDF." in (
        response.content.decode()
    )
    response = client.post(
        f"/notify/announce/?unit={world.cell_a.pk}",
        {"title": "T", "body": "B", "audience": "people", "people": ""},
    )
    assert "Hãy ghi những người cần nhận thông báo." in response.content.decode()
    response = client.post(
        f"/notify/announce/?unit={world.cell_a.pk}",
        {"title": "T", "body": "B", "audience": "people", "people": world.person_b.code},
    )
    # person_b (cell B) is not in the secretary's scope: unknown to them.
    assert world.person_b.code in response.content.decode()
    assert Message.objects.count() == 0


def test_channels_off_are_said(login, world, channels_off):
    page = login(world.office).get("/notify/announce/").content.decode()
    assert "Thư điện tử đang tắt" in page and "Zalo đang tắt" in page


def test_channels_on_say_nothing(login, world, smtp, zalo):
    page = login(world.office).get("/notify/announce/").content.decode()
    assert "đang tắt" not in page


def test_reading_marks_read_and_counts_per_unit(client, login, world):
    for _ in range(3):
        PersonFactory(unit=world.group_a)
    PersonFactory(unit=world.cell_b)
    announce(by=world.office, unit=world.committee, title="Toàn Đảng bộ", body="B")
    message = Message.objects.get()
    inbox = login(world.member).get("/notify/inbox/").content.decode()
    assert "Toàn Đảng bộ" in inbox and "1 thông báo chưa đọc" in inbox
    login(world.member).get(f"/notify/inbox/{message.pk}/")
    assert Receipt.objects.get(person=world.person_a).read_at is not None
    assert "0 thông báo chưa đọc" in login(world.member).get("/notify/inbox/").content.decode()
    client.logout()
    response = login(world.office).get(f"/notify/announcements/{message.pk}/")
    rates = response.context["rates"]
    assert (rates.read, rates.total) == (1, 6)
    branches = {b.name: (b.read, b.total) for b in rates.branches}
    # Cell A's branch sums cell A and its group.
    assert branches == {"Chi bộ A": (1, 4), "Chi bộ B": (0, 2)}
    # Inside cell A: its own people, then its group's.
    response = login(world.office).get(
        f"/notify/announcements/{message.pk}/?under={world.cell_a.pk}"
    )
    branches = {b.name: (b.read, b.total) for b in response.context["rates"].branches}
    assert branches == {"Chi bộ A": (1, 1), "Tổ đảng A1": (0, 3)}
    # A unit outside the message's subtree is not a drill-down.
    other = announce(by=world.office, unit=world.cell_b, title="B", body="B")
    url = f"/notify/announcements/{other.pk}/?under={world.cell_a.pk}"
    assert login(world.office).get(url).status_code == 404
    # Reading twice counts once.
    login(world.member).get(f"/notify/inbox/{message.pk}/")
    response = login(world.office).get(f"/notify/announcements/{message.pk}/")
    assert response.context["rates"].read == 1


@pytest.mark.parametrize("count", [2, 40])
def test_inbox_queries_do_not_grow(login, world, count, django_assert_num_queries):
    _send(world, count)
    client = login(world.member)
    client.get("/notify/inbox/")  # warm the session
    # session, user, scope (grants, person), count, page, unread
    with django_assert_num_queries(7):
        response = client.get("/notify/inbox/")
    assert response.status_code == 200


@pytest.mark.parametrize("units", [1, 12])
def test_read_rates_queries_do_not_grow(login, world, units, django_assert_num_queries):
    for i in range(units):
        unit = UnitFactory(parent=world.cell_b, code=f"T{i}", name=f"Tổ {i}", kind="group")
        PersonFactory(unit=unit)
    announce(by=world.office, unit=world.committee, title="T", body="B")
    message = Message.objects.get()
    client = login(world.office)
    client.get(f"/notify/announcements/{message.pk}/")
    # session, user, grants, person, message, rates, branch names, attachments
    with django_assert_num_queries(8):
        client.get(f"/notify/announcements/{message.pk}/")
    # session, user, grants, person, message, counts, problems
    with django_assert_num_queries(7):
        client.get(f"/notify/announcements/{message.pk}/deliveries/")


@pytest.mark.parametrize("count", [1, 10])
def test_home_card_queries(login, world, count, django_assert_num_queries):
    _send(world, count)
    scope_of(world.member)  # read once per request by every page
    with django_assert_num_queries(2):  # the unread count and the latest three
        card = inbox_card(world.member)
    assert card["unread"] == count and len(card["latest"]) == min(count, 3)
    page = login(world.member).get("/").content.decode()
    assert "Hộp thư" in page and f"{count} chưa đọc" in page


def test_deliveries_page_counts_and_lists_problems(login, world, smtp):
    for i in range(3):
        PersonFactory(unit=world.cell_a, email=f"dv{i}@example.vn")
    message = announce(by=world.office, unit=world.cell_a, title="T", body="B")
    worker.deliver_due()
    stuck = Delivery.objects.order_by("pk").first()
    Delivery.objects.filter(pk=stuck.pk).update(status="uncertain", error="worker stopped")
    page = login(world.office).get(f"/notify/announcements/{message.pk}/deliveries/")
    text = page.content.decode()
    assert "đã gửi 2" in text and "chưa rõ kết quả 1" in text
    assert stuck.person.full_name in text
