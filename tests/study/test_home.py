"""The study card on the home page: a member's next sessions, a recorder's excuses to decide."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lamtheo.study import services
from tests.factories import PersonFactory


def test_member_sees_the_next_session_they_are_invited_to(login, world, published):
    response = login(world.member).get(reverse("home"))
    assert response.status_code == 200
    assert [s.pk for s in response.context["study_card"]["upcoming"]] == [published.pk]
    assert published.title in response.content.decode()


def test_a_draft_or_a_session_of_others_is_not_on_the_home_page(login, world, session):
    response = login(world.member).get(reverse("home"))
    assert response.context["study_card"]["upcoming"] == []


def test_the_secretary_sees_excuses_to_decide(login, world, published):
    services.excuse_request(
        by=world.member, session=published, person=world.person_a, reason="Đi công tác"
    )
    response = login(world.secretary).get(reverse("my-cards"))  # their home is the dashboard
    assert response.context["study_card"]["excuses"] == 1
    assert reverse("excuses") in response.content.decode()
    # The member who asked does not decide their own excuse.
    assert login(world.member).get(reverse("home")).context["study_card"]["excuses"] == 0


def test_home_runs_the_same_queries_with_more_sessions(
    login, world, published, django_assert_max_num_queries
):
    client = login(world.member)
    client.get(reverse("home"))  # warm the session and the scope
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for hours in range(2, 12):
        start = timezone.now() + dt.timedelta(hours=hours)
        extra = services.session_create(
            by=world.office,
            unit=world.committee,
            title=f"Sinh hoạt chuyên đề {hours}",
            kind="thematic",
            format="in_person",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
        )
        services.audience_set(by=world.office, session=extra, units=[world.committee])
        services.session_publish(by=world.office, session=extra)
    PersonFactory.create_batch(5, unit=world.cell_a)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("home"))
    assert len(response.context["study_card"]["upcoming"]) == 3


def test_the_session_page_offers_the_minutes_and_the_list_to_the_host_only(login, world, published):
    minutes = reverse("session-minutes", args=[published.pk])
    page = login(world.office).get(reverse("session", args=[published.pk])).content.decode()
    assert minutes in page and reverse("session-attendance-xlsx", args=[published.pk]) in page
    assert login(world.secretary).get(minutes).status_code == 403
    page = login(world.secretary).get(reverse("session", args=[published.pk])).content.decode()
    assert minutes not in page
