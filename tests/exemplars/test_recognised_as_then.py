"""“Recognised by” names the recognising committee as it was on the day of recognition
(org.history): a committee renamed in a reorganisation since still recognised under its old
name, on the signed-in page and in the public gallery, without an extra query."""

from __future__ import annotations

import datetime as dt

from lamtheo.exemplars.services.exemplars import (
    exemplar_propose,
    exemplar_publish,
    exemplar_recognise,
)
from lamtheo.org.services import unit_update
from tests.exemplars.test_exemplar_services import new_model

RECOGNISED = dt.date(2023, 5, 4)
RENAMED = dt.date(2025, 7, 1)


def _published_then_renamed(world):
    exemplar = new_model(world)
    exemplar = exemplar_propose(by=world.secretary, exemplar=exemplar, version=exemplar.version)
    exemplar = exemplar_recognise(
        by=world.office, exemplar=exemplar, version=exemplar.version, on=RECOGNISED
    )
    exemplar = exemplar_publish(by=world.office, exemplar=exemplar, version=exemplar.version)
    unit_update(
        by=world.admin,
        unit=world.committee,
        name="Đảng bộ Doanh nghiệp phường Đống Đa",
        kind=world.committee.kind,
        code=world.committee.code,
        effective_on=RENAMED,
    )
    return exemplar


def test_the_exemplar_page_names_the_committee_as_on_the_recognition_day(world, login):
    exemplar = _published_then_renamed(world)
    page = login(world.office).get(f"/exemplars/{exemplar.pk}/").content.decode()
    assert "Đảng ủy Khối doanh nghiệp công nhận ngày 04/05/2023" in page
    assert "Đảng ủy Doanh nghiệp phường Đống Đa công nhận" not in page


def test_the_gallery_names_the_committee_as_on_the_recognition_day(world, client):
    exemplar = _published_then_renamed(world)
    page = client.get(f"/dien-hinh/{exemplar.pk}/", follow=True).content.decode()
    assert "Đảng ủy Khối doanh nghiệp công nhận ngày 04/05/2023" in page


def test_a_recognition_today_names_the_committee_as_today(world, login):
    exemplar = new_model(world)
    exemplar = exemplar_propose(by=world.secretary, exemplar=exemplar, version=exemplar.version)
    exemplar_recognise(by=world.office, exemplar=exemplar, version=exemplar.version)
    page = login(world.office).get(f"/exemplars/{exemplar.pk}/").content.decode()
    assert "Đảng ủy Khối doanh nghiệp công nhận ngày" in page
