"""Retention (org.retention, `anonymise_leavers`): people who left long ago lose everything
that identifies them, and every figure of the past stays as it was."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from lamtheo.accounts.models import Grant
from lamtheo.org import consent, history, services
from lamtheo.org.models import Person, PersonAccess
from lamtheo.study import rates
from tests.factories import PersonFactory, UserFactory
from tests.study.test_rates import at, held, studied

PEOPLE, EVERYONE = rates.Population.MEMBERS, rates.Population.EVERYONE
YEAR_START, YEAR_END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
LEFT_ON = dt.date(2025, 6, 30)


def figures(world) -> dict:
    """The numbers the application shows for 2025: participation for the committee and each
    cell, per month and per child, and the people of each unit on a few days."""
    out = {}
    for unit in (world.committee, world.cell_a, world.cell_b):
        for population in (PEOPLE, EVERYONE):
            key = (unit.code, population)
            out[key] = dataclasses.asdict(
                rates.participation(unit, YEAR_START, YEAR_END, population)
            )
            out[(*key, "months")] = [
                dataclasses.asdict(row.totals)
                for row in rates.participation_by_month(unit, 2025, population)
            ]
            out[(*key, "children")] = [
                (row.unit.pk if row.unit else None, dataclasses.asdict(row.totals))
                for row in rates.participation_by_child(unit, YEAR_START, YEAR_END, population)
            ]
        for day in (dt.date(2025, 3, 1), LEFT_ON, dt.date(2025, 9, 1)):
            people = history.people_on(history.id_path_on(unit, day), day)
            out[(unit.code, day)] = sorted(people.values_list("pk", "party_status"))
    return out


@pytest.fixture
def leaver(world):
    user = UserFactory(username="tranthianh", email="anh@example.vn")
    person = world.person_b
    person.user, person.phone, person.email = user, "0912345678", "anh@example.vn"
    person.party_card_number, person.code = "93011111", "NV-042"
    person.save()
    Grant.objects.create(user=user, unit=world.cell_b, role="secretary")
    stayer = PersonFactory(unit=world.cell_b, full_name="Phạm Văn Ở Lại")
    held(world.cell_b, at(2025, 3, 5), {person: "present", stayer: "absent"})
    held(world.cell_b, at(2025, 8, 6), {stayer: "present"})
    held(world.committee, at(2025, 4, 2), {person: "late", world.person_a: "present"})
    studied(person, dt.date(2025, 5, 10))
    consent.record(by=user, person=person, status="given")
    PersonAccess.objects.create(person=person, user=world.office)
    services.person_leave(by=world.office, person=person, left_on=LEFT_ON, reason="Chuyển công tác")
    person.refresh_from_db()
    return person


def run(*args) -> str:
    out = io.StringIO()
    call_command("anonymise_leavers", *args, stdout=out)
    return out.getvalue()


def test_anonymising_keeps_every_figure_of_past_years(world, leaver):
    before = figures(world)
    assert before[("CBB", PEOPLE)]["people"] == 2 and before[("CBB", PEOPLE)]["took_part"] == 2

    # A dry run by default: it says how many and changes nothing.
    assert "1 người" in run("--years", "1")
    assert Person.objects.get(pk=leaver.pk).full_name == "Trần Thị Ánh"
    assert "đã được ẩn danh" in run("--years", "1", "--apply")

    assert figures(world) == before
    person = Person.objects.get(pk=leaver.pk)
    assert person.full_name == f"Người đã ra khỏi tổ chức #{leaver.pk}"
    assert person.anonymised_on == timezone.localdate()
    for field in ("code", "phone", "email", "party_card_number", "job_title"):
        assert getattr(person, field) == "", field
    assert person.birth_date is None
    # Unchanged: what the figures count.
    for field in ("unit_id", "party_status", "joined_on", "official_on", "left_on", "gender"):
        assert getattr(person, field) == getattr(leaver, field), field
    # Nor in the change history.
    names = set(person.history.values_list("full_name", flat=True))
    phones = set(person.history.values_list("phone", flat=True))
    assert names == {person.full_name} and phones == {""}
    # The account: no identity, no roles, cannot sign in.
    user = person.user
    user.refresh_from_db()
    assert (user.username, user.email, user.is_active) == (f"anon-{user.pk}", "", False)
    assert not user.has_usable_password() and not Grant.objects.filter(user=user).exists()
    assert not hasattr(Person.objects.get(pk=person.pk), "gallery_consent")
    # The access log keeps its rows, pointing at the anonymised record (an opaque reference).
    assert PersonAccess.objects.filter(person=person, user=world.office).count() == 1
    # Done once: a second run finds nobody.
    assert run("--years", "1", "--apply").startswith("0 ")


def test_only_those_who_left_before_the_cutoff(world, leaver):
    with override_settings(PERSONAL_DATA_RETENTION_YEARS=10):
        assert run("--apply").startswith("0 ")  # left in 2025: not ten years yet
    assert Person.objects.get(pk=leaver.pk).full_name == "Trần Thị Ánh"
    assert Person.objects.get(pk=world.person_a.pk).anonymised_on is None


def test_a_bad_number_of_years_is_refused(world, leaver):
    with pytest.raises(CommandError):
        run("--years", "0", "--apply")
    assert Person.objects.get(pk=leaver.pk).anonymised_on is None
