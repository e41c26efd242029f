"""The demo's programme years: 2021–2025 of the bloc closed (2023 the article's year), 2026 of
the committees that took its cells, open with every kind of case.

The demo is loaded once for the package (tests/demo/conftest.py); each test runs in its own
transaction on top of it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import F, Max, Q

from lamtheo.accounts.scoping import scope_of
from lamtheo.devdata.data import programs as data
from lamtheo.devdata.data.org import ROOT_CODE
from lamtheo.devdata.data.reform import DN_WARD, SUCCESSOR
from lamtheo.devdata.demo import programs as demo
from lamtheo.devdata.demo.common import DATA_TODAY
from lamtheo.org.models import Person, Unit, UnitKind
from lamtheo.programs import services
from lamtheo.programs.models import (
    Commitment,
    CommitmentEvent,
    Program,
    ProgramYear,
    ProgressNote,
)
from tests.demo.helpers import user

CELLS = (UnitKind.CELL, UnitKind.GRASSROOTS_CELL)


@pytest.fixture
def years(loaded, db):
    """The bloc's years, and 2026 of the committee that took the demo users' cells."""
    rows = ProgramYear.objects.select_related("program")
    years = {y.year: y for y in rows.filter(program__unit__code=ROOT_CODE)}
    years[2026] = rows.get(year=2026, program__unit__code=DN_WARD[0])
    return years


def cell_of(unit: Unit) -> Unit:
    return Unit.objects.get_parent(unit) if unit.kind == UnitKind.GROUP else unit


def snapshot(program=None):
    commitments = Commitment.objects.all()
    if program is not None:
        commitments = commitments.filter(year__program=program)
    return {
        "commitments": sorted(
            commitments.values_list(
                "year__year",
                "kind",
                "person__code",
                "unit__code",
                "content_area",
                "action",
                "expected_result",
                "due_on",
                "status",
                "proposed_outcome",
                "outcome",
                "evaluation_comment",
                "review_comment",
                "self_assessment",
                "submitted_at",
                "approved_at",
                "evaluated_at",
                "version",
            ),
            key=str,
        ),
        "events": sorted(
            CommitmentEvent.objects.filter(commitment__in=commitments).values_list(
                "commitment__person__code",
                "commitment__unit__code",
                "action",
                "from_state",
                "to_state",
                "actor__username",
                "at",
            ),
            key=str,
        ),
        "notes": sorted(
            ProgressNote.objects.filter(commitment__in=commitments).values_list(
                "commitment__person__code", "text", "created_at"
            ),
            key=str,
        ),
    }


def test_one_programme_run_by_the_committee(years):
    program = Program.objects.get(unit__code=ROOT_CODE)
    assert program.name == "Thực hiện Kết luận 01-KL/TW giai đoạn 2021–2026"
    assert program.unit.code == "DBKDN-DD"
    assert "Kết luận số 01-KL/TW ngày 18/5/2021" in program.basis
    assert "Chỉ thị số 05-CT/TW ngày 15/5/2016" in program.basis
    assert "ý chí tự lực, tự cường và khát vọng phát triển đất nước" in program.term_theme
    assert sorted(years) == [2021, 2022, 2023, 2024, 2025, 2026]
    # After the reform each committee that took cells runs its own programme.
    successors = Program.objects.exclude(pk=program.pk)
    assert {p.unit.code for p in successors} == set(SUCCESSOR.values())
    assert all(p.years.get().year == 2026 for p in successors)


def test_past_years_differ_and_2025_ends_with_the_bloc(years):
    counts = {y: Commitment.objects.filter(year=years[y]).count() for y in range(2021, 2026)}
    assert len(set(counts.values())) == 5 and min(counts.values()) > 250, counts
    for y in (2021, 2022, 2024):
        assert years[y].status == "closed"
        assert not Commitment.objects.filter(year=years[y], outcome="").exists()
        assert set(Commitment.objects.filter(year=years[y]).values_list("status", flat=True)) == {
            "evaluated"
        }
    assert years[2025].status == "closed"
    assert not Commitment.objects.filter(year=years[2025]).exclude(outcome="").exists()
    assert set(Commitment.objects.filter(year=years[2025]).values_list("status", flat=True)) == {
        "approved"
    }
    assert years[2021].registration_opens > dt.date(2021, 5, 18)  # after Kết luận 01-KL/TW


def test_2023_closed_and_every_counting_commitment_evaluated(years):
    year = years[2023]
    assert year.status == "closed"
    assert "dân là gốc" in year.theme
    counting = Commitment.objects.filter(year=year).counting()
    assert counting.count() > 400
    assert set(counting.values_list("status", flat=True)) == {"evaluated"}
    assert not counting.filter(outcome="").exists()
    assert not counting.exclude(self_assessment="").filter(proposed_outcome="").exists()
    assert not counting.filter(evaluation_comment="").exists()


def test_2023_outcomes_are_plausible(years):
    """Each commitment ends exceeded, met or not met: its own scale, no Party rank."""
    outcomes = Counter(
        Commitment.objects.filter(year=years[2023]).counting().values_list("outcome", flat=True)
    )
    assert set(outcomes) == {"exceeded", "met", "not_met"}
    assert outcomes["met"] > 0.6 * sum(outcomes.values())
    assert 0 < outcomes["exceeded"] < outcomes["met"]
    assert 1 <= outcomes["not_met"] <= 3


def test_2023_records_keep_the_unit_of_the_time(years):
    merged = Unit.objects.get(code="DD-TMCL")  # merged into another cell on 01/04/2024
    assert merged.closed_on is not None
    assert Commitment.objects.filter(year=years[2023], unit=merged).exists()
    assert not Commitment.objects.filter(year=years[2026], unit=merged).exists()


def test_2026_open_with_its_windows(years):
    year = years[2026]
    assert year.status == "open"
    assert year.registration_opens == dt.date(2026, 1, 5)
    assert year.registration_closes == dt.date(2026, 3, 31)
    assert year.midyear_review_on == dt.date(2026, 7, 15)
    assert year.self_assessment_opens == dt.date(2026, 11, 1)
    assert year.self_assessment_closes == dt.date(2026, 12, 10)
    assert year.evaluation_deadline == dt.date(2026, 12, 25)
    assert "tự soi, tự sửa" in year.theme
    all_2026 = Commitment.objects.filter(year__year=2026)
    statuses = Counter(all_2026.values_list("status", flat=True))
    assert statuses["approved"] > statuses["self_assessed"] > statuses["submitted"] > 0
    assert statuses["returned"] == 2 and statuses["evaluated"] == 0
    returned = all_2026.filter(status="returned")
    assert all(len(c.review_comment) > 30 for c in returned)
    assert not all_2026.exclude(outcome="").exists()


def test_every_cell_has_commitments_every_year(years):
    for year in years.values():
        cells = Unit.objects.filter(kind__in=CELLS).exclude(closed_on__lte=year.registration_closes)
        for cell in cells:
            made = Commitment.objects.filter(year__year=year.year).counting()
            assert made.filter(unit__in=Unit.objects.subtree_of(cell)).exists(), (year, cell)


def test_collective_commitments_in_several_cells(years):
    for year in (2023, 2026):
        collective = Commitment.objects.filter(year__year=year, kind="collective")
        assert collective.values("unit").distinct().count() >= 6
    waiting = Commitment.objects.get(year=years[2026], kind="collective", status="submitted")
    assert waiting.unit.code == "DD-TCNNCS"  # for the level above (the office) to approve
    assert services.can_review(user("vanphong"), waiting)
    assert not services.can_review(user("bithu"), waiting)


def test_a_few_members_late_in_three_cells(years):
    registered = set(
        Commitment.objects.filter(year__year=2026).counting().values_list("person_id", flat=True)
    )
    late = [
        p
        for p in Person.objects.current().filter(unit__closed_on=None).select_related("unit")
        if p.pk not in registered
    ]
    assert 5 <= len(late) <= 20
    assert {cell_of(p.unit).code for p in late} == set(data.LATE_CELLS)
    assert all(p.is_member for p in late)
    # Most people registered.
    current = Person.objects.current().filter(unit__closed_on=None).count()
    assert len(registered) > 0.9 * current


def test_dangvien_has_2023_and_2026_and_can_copy_last_year(years):
    member = user("dangvien")
    person = member.person
    mine = Commitment.objects.filter(person=person)
    assert mine.filter(year=years[2023], status="evaluated").exists()
    assert list(mine.filter(year=years[2026]).values_list("status", flat=True)) == ["approved"]
    source = mine.filter(year=years[2023]).first()
    # "Copy last year's" inside the registration window (after it, the secretary registers).
    copy = services.commitment_copy(
        by=member, source=source, year=years[2026], today=dt.date(2026, 3, 2)
    )
    assert copy.status == "draft" and copy.copied_from_id == source.pk
    assert copy.action == source.action


def test_bithu_has_registrations_to_approve(years):
    secretary = user("bithu")
    queue = Commitment.objects.visible_to(secretary, "commitment.review").filter(
        year=years[2026], status="submitted", kind="personal"
    )
    assert queue.count() >= 3
    assert all(services.can_review(secretary, c) for c in queue)
    approved = services.commitment_approve(by=secretary, commitment=queue.first(), version=None)
    assert approved.status == "approved"
    # The cell also has a returned one, and people who have not registered.
    assert Commitment.objects.filter(
        year=years[2026], status="returned", unit__code="DD-TCNNCS"
    ).exists()


def test_nobody_approved_their_own(years):
    approvals = CommitmentEvent.objects.filter(action__in=["approved", "evaluated"])
    assert approvals.filter(commitment__person__user__isnull=False).exists()
    assert not approvals.filter(actor=F("commitment__person__user")).exists()


def test_the_story_is_dated_in_its_own_time(years):
    """Nothing is stamped with the day the demo was loaded."""
    latest = CommitmentEvent.objects.aggregate(at=Max("at"))["at"]
    assert latest.date() <= DATA_TODAY
    for year in years.values():
        events = CommitmentEvent.objects.filter(commitment__year=year)
        assert {e.at.year for e in events} == {year.year}
        submitted = Commitment.objects.filter(year=year).values_list("submitted_at", flat=True)
        assert all(
            year.registration_opens <= s.date() <= year.registration_closes for s in submitted
        )
    assessed = Commitment.objects.filter(year=years[2026], status="self_assessed")
    assert all(dt.date(2026, 11, 1) <= c.self_assessed_at.date() <= DATA_TODAY for c in assessed)
    # Progress is noted at mid-year: July, or June in 2025 (the bloc's last meeting).
    notes = ProgressNote.objects.all()
    assert all(
        n.created_at.month == 7 or (n.created_at.year, n.created_at.month) == (2025, 6)
        for n in notes
    )


def test_the_demo_users_scopes_see_it(years):
    office = user("vanphong")
    # What was filed in the bloc itself and everything of the enterprise committee's cells
    # (their past included), not the cells that went to other wards (today's tree).
    bloc = Program.objects.get(unit__code=ROOT_CODE).unit
    successor = Unit.objects.get(code=DN_WARD[0])
    ours = Commitment.objects.filter(
        Q(unit__path__startswith=bloc.path) | Q(unit__path__startswith=successor.path)
    )
    assert Commitment.objects.visible_to(office).count() == ours.count()
    assert Commitment.objects.count() > ours.count() > 1000
    assert scope_of(user("kiemtra")).covers(bloc.path)


def test_documents_of_the_demo(years, client):
    """The cell's lists of every year: the office keeps the bloc's programme (its grant on the
    bloc); the cell's secretary sees the years of the committee the cell is under now."""
    cell = Unit.objects.get(code="DD-TCNNCS")
    for username, shown in (("vanphong", (2021, 2023, 2026)), ("bithu", (2026,))):
        client.force_login(user(username), backend="django.contrib.auth.backends.ModelBackend")
        for year in shown:
            for fmt in ("docx", "xlsx"):
                response = client.get(
                    f"/registrations/units/{cell.pk}/list.{fmt}?year={years[year].pk}"
                )
                assert response.status_code == 200, (username, year)
    client.force_login(user("vanphong"), backend="django.contrib.auth.backends.ModelBackend")
    person = user("dangvien").person
    response = client.get(f"/registrations/people/{person.pk}/form.docx?year={years[2023].pk}")
    assert response.status_code == 200


def test_loading_again_adds_nothing(years):
    before = snapshot()
    counts = (Program.objects.count(), ProgramYear.objects.count())
    out = io.StringIO()
    call_command("load_demo", "--force", stdout=out)
    assert snapshot() == before
    assert (Program.objects.count(), ProgramYear.objects.count()) == counts
    for year in years:
        assert demo.load_year(user("admin"), year).created_anything is False


def test_deterministic(years):
    """2026 written again from the same people is the same, to the minute."""
    ids = list(Program.objects.filter(years__year=2026).values_list("pk", flat=True))
    programs = Program.objects.filter(pk__in=ids)
    first = [snapshot(p) for p in programs.order_by("unit__code")]
    commitments = Commitment.objects.filter(year__program__in=programs)
    # The commitments' events go with them (the database's cascade): events refuse a delete
    # of their own.
    ProgressNote.objects.filter(commitment__in=commitments).delete()
    commitments.delete()
    ProgramYear.objects.filter(program__in=programs).delete()
    programs.delete()
    result = demo.load_year(user("admin"), 2026)
    assert result.created_anything
    assert result.years == 5 and result.commitments > 500
    again = Program.objects.filter(years__year=2026).order_by("unit__code")
    assert [snapshot(p) for p in again] == first
