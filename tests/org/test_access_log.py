"""The log of who opened whose personal record: written by every look at someone else's
record, shown to the person, not editable from the application."""

from __future__ import annotations

from lamtheo.org.models import PersonAccess


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


def test_the_log_has_no_page_to_change_it(world):
    from django.contrib import admin

    assert PersonAccess not in admin.site._registry
