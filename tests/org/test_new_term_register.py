"""A new term of office and the document register's term are one record: opening a new term
(`reorganise.new_term`) closes the register's term the day before and opens the new one,
whose numbers run from 01; undoing it before it starts takes the register's term away too
(refused once a number was given in it). The org migration 0013 gives the units whose new
terms came before this their register terms."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.core.exceptions import ValidationError

from lamtheo.org import register, reorganise
from lamtheo.org.models import Position, Term

pytestmark = pytest.mark.django_db

D = dt.date
backfill = importlib.import_module("lamtheo.org.migrations.0014_terms_of_new_terms")


def secretary(world, start):
    return Position.objects.create(
        person=world.person_a, unit=world.committee, title="secretary", started_on=start
    )


def test_a_new_term_opens_the_registers_numbering(world):
    secretary(world, D(2020, 10, 1))
    register.record_term(
        by=world.office, unit=world.committee, starts_on=D(2020, 10, 1), symbol="ĐUK"
    )
    for day in (D(2024, 1, 5), D(2025, 3, 1)):
        register.issue(by=world.office, body=world.committee, kind="QĐ", issued_on=day, summary="x")
    reorganise.new_term(
        by=world.admin,
        unit=world.committee,
        starts_on=D(2025, 7, 25),
        holders=[(world.person_a, "secretary")],
    )
    old, new = Term.objects.filter(unit=world.committee).order_by("starts_on")
    assert (old.ends_on, new.starts_on, new.ends_on, new.symbol) == (
        D(2025, 7, 24),
        D(2025, 7, 25),
        None,
        "ĐUK",
    )
    doc = register.issue(
        by=world.office, body=world.committee, kind="QĐ", issued_on=D(2025, 8, 1), summary="y"
    )
    assert (doc.term, doc.symbol) == (new, "01-QĐ/ĐUK")
    late = register.issue(
        by=world.office, body=world.committee, kind="QĐ", issued_on=D(2025, 7, 1), summary="z"
    )
    assert (late.term, late.symbol) == (old, "03-QĐ/ĐUK")


def test_undoing_a_new_term_takes_its_register_term_away(world):
    secretary(world, D(2020, 10, 1))
    register.record_term(
        by=world.office, unit=world.committee, starts_on=D(2020, 10, 1), symbol="ĐUK"
    )
    later = dt.date.today() + dt.timedelta(days=30)
    holders = [(world.person_a, "secretary")]
    reorganise.new_term(by=world.admin, unit=world.committee, starts_on=later, holders=holders)
    reorganise.new_term_undo(by=world.admin, unit=world.committee, starts_on=later)
    (term,) = Term.objects.filter(unit=world.committee)
    assert (term.starts_on, term.ends_on) == (D(2020, 10, 1), None)
    # Once a number is given in the new term, undoing it is refused and nothing changes.
    reorganise.new_term(by=world.admin, unit=world.committee, starts_on=later, holders=holders)
    register.issue(by=world.office, body=world.committee, kind="TB", issued_on=later, summary="x")
    with pytest.raises(ValidationError):
        reorganise.new_term_undo(by=world.admin, unit=world.committee, starts_on=later)
    assert Term.objects.filter(unit=world.committee).count() == 2
    assert Position.objects.filter(unit=world.committee, started_on=later).exists()


@pytest.mark.parametrize(
    "offices,starts",
    [
        # a whole new term: every office ended the day before
        ([(D(2020, 10, 1), D(2025, 7, 24)), (D(2025, 7, 25), None)], [D(2025, 7, 25)]),
        # a deputy appointed mid-term: the secretary's office runs across the day
        ([(D(2020, 10, 1), None), (D(2022, 3, 1), None)], []),
        # a deputy replaced mid-term: still the secretary's office runs across it
        (
            [(D(2020, 10, 1), None), (D(2020, 10, 1), D(2022, 2, 28)), (D(2022, 3, 1), None)],
            [],
        ),
        ([(D(2020, 10, 1), None)], []),
    ],
)
def test_the_migration_finds_new_terms_from_their_trace(offices, starts):
    assert backfill.new_term_starts(offices) == starts
