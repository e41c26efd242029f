"""The demo's announcements: the office's to the whole committee (with the gallery link of the
Zalo model) and a cell secretary's to their cell, read by the demo's member and secretary."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from lamtheo.devdata.data.org import ROOT_CODE
from lamtheo.devdata.demo import notify as demo
from lamtheo.notify.models import Message, ReadCount, Receipt
from lamtheo.notify.queries import read_rates
from lamtheo.org.models import Person, Unit


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", "--force", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_announcements_reach_their_units(loaded, db):
    root = Unit.objects.get(code=ROOT_CODE)
    committee = Message.objects.get(title=demo.COMMITTEE_TITLE)
    cell = Message.objects.get(title=demo.CELL_TITLE)
    current = Person.objects.in_subtree(root).current().count()
    assert committee.recipient_count == current > 100
    assert "/dien-hinh/" in committee.link
    assert cell.unit.code != ROOT_CODE
    assert cell.recipient_count == Person.objects.in_subtree(cell.unit).current().count()
    # The member and the secretary read everything they received; the counts agree.
    readers = Receipt.objects.filter(read_at__isnull=False)
    assert set(readers.values_list("person__user__username", flat=True)) == {"dangvien", "bithu"}
    kept = sum(ReadCount.objects.filter(message=committee).values_list("read", flat=True))
    assert kept == readers.filter(message=committee).count() == read_rates(committee).read


def test_loading_again_writes_nothing(loaded, db):
    assert demo.load_notify("http://x") == 0
    assert Message.objects.filter(kind="announcement").count() == 2
