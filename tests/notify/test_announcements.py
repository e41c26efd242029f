"""Announcements: who may send to whom, attachments typed by their bytes, refusals that write
nothing, the inbox and the read share per unit."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheo.notify.models import Attachment, Delivery, Message, Receipt
from lamtheo.notify.services import announce, mark_read, preferences_set
from tests.factories import PersonFactory, UnitFactory

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _nothing_written():
    assert Message.objects.count() == 0
    assert Receipt.objects.count() == 0
    assert Delivery.objects.count() == 0
    assert Attachment.objects.count() == 0


def test_subtree_announcement_reaches_current_people_below(world):
    in_group = PersonFactory(unit=world.group_a)
    left = PersonFactory(unit=world.cell_a, left_on="2025-01-01")
    message = announce(by=world.secretary, unit=world.cell_a, title="Thông báo", body="Nội dung")
    people = set(Receipt.objects.filter(message=message).values_list("person_id", flat=True))
    assert people == {world.person_a.pk, in_group.pk}
    assert left.pk not in people and world.person_b.pk not in people
    assert message.recipient_count == 2
    # Each receipt keeps the unit the person was in.
    assert Receipt.objects.get(person=in_group).unit_id == world.group_a.pk


def test_list_of_people(world):
    message = announce(
        by=world.office,
        unit=world.committee,
        title="Mời họp",
        body="Mời đồng chí dự họp.",
        people=[world.person_b],
    )
    assert list(Receipt.objects.values_list("person_id", flat=True)) == [world.person_b.pk]
    assert not message.whole_subtree


def test_secretary_outside_subtree_is_refused_and_nothing_written(world):
    with pytest.raises(ValidationError) as refused:
        announce(by=world.secretary, unit=world.cell_b, title="T", body="B")
    assert "đơn vị" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError) as refused:
        announce(
            by=world.secretary, unit=world.cell_a, title="T", body="B", people=[world.person_b]
        )
    assert world.person_b.full_name in " ".join(refused.value.messages)
    _nothing_written()


def test_roles_without_the_right_are_refused(world):
    for user in (world.member, world.inspector):
        with pytest.raises(PermissionDenied):
            announce(by=user, unit=world.cell_a, title="T", body="B")
    _nothing_written()


def test_no_recipients_is_refused(world):
    empty = UnitFactory(parent=world.cell_b, code="TRONG", name="Tổ trống", kind="group")
    with pytest.raises(ValidationError) as refused:
        announce(by=world.office, unit=empty, title="T", body="B")
    assert "người nhận" in " ".join(refused.value.messages)
    _nothing_written()


@pytest.mark.parametrize(
    "name,content,said",
    [
        ("anh.jpg", PDF, "PDF"),  # a PDF named as a photo
        ("ke-hoach.pdf", b"MZ\x90\x00 this is a program", "PDF"),  # not a document at all
        ("bao-cao.docx", PNG, "PNG"),
    ],
)
def test_attachment_not_what_its_name_says_is_refused(world, name, content, said):
    with pytest.raises(ValidationError) as refused:
        announce(
            by=world.office,
            unit=world.cell_a,
            title="T",
            body="B",
            files=[SimpleUploadedFile(name, content, content_type="application/pdf")],
        )
    assert name in " ".join(refused.value.messages)
    _nothing_written()


def test_attachments_typed_by_their_bytes_are_kept(world):
    message = announce(
        by=world.office,
        unit=world.cell_a,
        title="T",
        body="B",
        files=[
            SimpleUploadedFile("ke-hoach.pdf", PDF, content_type="application/octet-stream"),
            SimpleUploadedFile("Quyết định.DOCX", _docx()),
        ],
    )
    kept = list(message.attachments.order_by("pk").values_list("name", "content_type"))
    assert kept[0] == ("ke-hoach.pdf", "application/pdf")
    assert kept[1][1].endswith("wordprocessingml.document")


def test_written_in_the_transaction_and_sent_after_commit(
    world, smtp, django_capture_on_commit_callbacks
):
    PersonFactory(unit=world.cell_a, email="a@example.vn")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        announce(by=world.office, unit=world.cell_a, title="Thông báo", body="B")
        assert smtp.messages == []  # nothing goes out before the commit
    assert len(callbacks) == 1
    # The worker task ran (immediate backend in the tests) and delivered.
    assert smtp.recipients == ["a@example.vn"]
    assert Delivery.objects.get().status == "sent"


def test_only_configured_channels_get_deliveries(world, channels_off):
    PersonFactory(unit=world.cell_a, email="a@example.vn", phone="0912345678")
    announce(by=world.office, unit=world.cell_a, title="T", body="B")
    assert Delivery.objects.count() == 0
    assert Receipt.objects.count() == 2


def test_mark_read_only_own_copy(world):
    message = announce(by=world.office, unit=world.cell_a, title="T", body="B")
    receipt = Receipt.objects.get(message=message, person=world.person_a)
    with pytest.raises(PermissionDenied):
        mark_read(by=world.secretary, receipt=receipt)
    assert mark_read(by=world.member, receipt=receipt) is True
    assert mark_read(by=world.member, receipt=receipt) is False


def test_preferences_need_both_ends_of_quiet_hours(world):
    with pytest.raises(ValidationError):
        preferences_set(by=world.member, email=True, zalo=False, quiet_from=dt.time(22))
    with pytest.raises(PermissionDenied):
        preferences_set(by=world.office, email=True, zalo=True)
    saved = preferences_set(
        by=world.member, email=False, zalo=True, quiet_from=dt.time(22), quiet_to=dt.time(6)
    )
    assert saved.person_id == world.person_a.pk and not saved.email
