"""The demo's announcements of November 2026: the office's to the whole enterprise committee
(with the gallery link of the Zalo model) and a cell secretary's to their cell, read by the
demo's member and secretary, dated in the story."""

from __future__ import annotations

import datetime as dt

from lamtheo.devdata.data.reform import DN_WARD
from lamtheo.devdata.demo import notify as demo
from lamtheo.devdata.demo.common import DATA_TODAY
from lamtheo.notify.models import Message, ReadCount, Receipt
from lamtheo.notify.queries import read_rates
from lamtheo.org.models import Person, Unit


def test_announcements_reach_their_units(loaded, db):
    root = Unit.objects.get(code=DN_WARD[0])
    committee = Message.objects.get(title=demo.COMMITTEE_TITLE)
    cell = Message.objects.get(title=demo.CELL_TITLE)
    current = Person.objects.in_subtree(root).current().count()
    assert committee.recipient_count == current > 100
    assert "/dien-hinh/" in committee.link
    assert cell.unit.code != DN_WARD[0]
    assert cell.recipient_count == Person.objects.in_subtree(cell.unit).current().count()
    # The member and the secretary read everything they received; the counts agree.
    readers = Receipt.objects.filter(read_at__isnull=False)
    assert set(readers.values_list("person__user__username", flat=True)) == {"dangvien", "bithu"}
    kept = sum(ReadCount.objects.filter(message=committee).values_list("read", flat=True))
    assert kept == readers.filter(message=committee).count() == read_rates(committee).read


def test_dated_in_the_story(loaded, db):
    for message in Message.objects.all():
        assert dt.date(2026, 11, 1) <= message.created_at.date() <= DATA_TODAY
    for receipt in Receipt.objects.filter(read_at__isnull=False).select_related("message"):
        assert receipt.message.created_at < receipt.read_at
        assert receipt.read_at.date() <= DATA_TODAY


def test_loading_again_writes_nothing(loaded, db):
    assert demo.load_notify("http://x") == 0
    assert Message.objects.filter(kind="announcement").count() == 2
