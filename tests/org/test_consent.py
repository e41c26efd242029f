"""Consent to appear by name and photo in the public gallery: recorded with its date and who
recorded it, changed by the person, recorded from a paper by their cell's secretary."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lamtheo.org.models import GalleryConsent


def test_the_person_gives_and_withdraws_consent_from_their_page(world, login):
    client = login(world.member)
    page = client.get(f"/people/{world.person_a.pk}/").content.decode()
    assert 'data-consent="not_asked"' in page and "Chưa được hỏi" in page
    response = client.post(f"/people/{world.person_a.pk}/consent/", {"status": "given"})
    assert response.status_code == 302
    consent = GalleryConsent.objects.get(person=world.person_a)
    assert consent.status == "given" and not consent.on_paper
    assert consent.recorded_by == world.member and consent.given_on == timezone.localdate()
    client.post(f"/people/{world.person_a.pk}/consent/", {"status": "refused"})
    consent.refresh_from_db()
    assert consent.status == "refused"
    assert [h.status for h in consent.history.order_by("history_id")] == ["given", "refused"]
    page = client.get(f"/people/{world.person_a.pk}/").content.decode()
    assert 'data-consent="refused"' in page


def test_a_secretary_records_a_signed_paper(world, login):
    client = login(world.secretary)
    response = client.post(
        f"/people/{world.person_a.pk}/consent/", {"status": "given", "given_on": "03/02/2026"}
    )
    assert response.status_code == 302
    consent = GalleryConsent.objects.get(person=world.person_a)
    assert consent.on_paper and consent.recorded_by == world.secretary
    assert consent.given_on == dt.date(2026, 2, 3)
    page = client.get(f"/people/{world.person_a.pk}/").content.decode()
    assert "bithu" in page and "03/02/2026" in page


def test_bad_input_writes_nothing(world, login):
    client = login(world.secretary)
    url = f"/people/{world.person_a.pk}/consent/"
    future = (timezone.localdate() + dt.timedelta(days=2)).strftime("%d/%m/%Y")
    for data in (
        {"status": "maybe", "given_on": "03/02/2026"},
        {"status": "given"},  # no date of the paper
        {"status": "given", "given_on": future},
    ):
        response = client.post(url, data)
        assert response.status_code == 200, data
        assert "is-invalid" in response.content.decode() or "invalid" in response.content.decode()
    assert not GalleryConsent.objects.exists()
    page = client.post(url, {"status": "given", "given_on": future}).content.decode()
    assert "Ngày ở tương lai" in page or "tương lai" in page


def test_the_consent_page_runs_a_fixed_number_of_queries(
    world, login, django_assert_max_num_queries
):
    client = login(world.secretary)
    with django_assert_max_num_queries(12):
        assert client.get(f"/people/{world.person_a.pk}/consent/").status_code == 200
