"""The registration workflow through its services: who, from which state, in which window."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lamtheo.core.workflow import CONFLICT
from lamtheo.programs import services
from lamtheo.programs.models import Commitment, CommitmentEvent
from tests.factories import PersonFactory, UserFactory
from tests.programs.conftest import COMMITMENT, TODAY


def messages(exc_info) -> str:
    return " ".join(exc_info.value.messages)


def test_member_registers_and_is_approved(world, commit):
    commitment = commit()
    assert commitment.status == "submitted"
    assert commitment.unit_id == world.cell_a.pk
    approved = services.commitment_approve(
        by=world.secretary, commitment=commitment, version=commitment.version, comment="Tốt"
    )
    assert approved.status == "approved" and approved.approved_at
    actions = list(
        CommitmentEvent.objects.filter(commitment=commitment)
        .order_by("at", "id")
        .values_list("action", "actor__username")
    )
    assert actions == [("created", "dangvien"), ("submitted", "dangvien"), ("approved", "bithu")]


def test_registration_window_applies_to_members_not_secretaries(world, year, commit):
    late = dt.date(2026, 4, 15)
    with pytest.raises(ValidationError) as exc:
        services.commitment_create(
            by=world.member, year=year, person=world.person_a, today=late, **COMMITMENT
        )
    assert "31/03/2026" in messages(exc)
    by_secretary = services.commitment_create(
        by=world.secretary,
        year=year,
        person=world.person_a,
        today=late,
        submit=True,
        **COMMITMENT,
    )
    assert by_secretary.status == "submitted"


def test_at_most_the_allowed_number(world, commit):
    commit()
    commit()
    with pytest.raises(ValidationError) as exc:
        commit()
    assert "2" in messages(exc)
    assert Commitment.objects.count() == 2


def test_withdrawn_do_not_count(world, commit):
    first = commit()
    commit()
    services.commitment_withdraw(by=world.member, commitment=first, version=first.version)
    commit()
    assert Commitment.objects.counting().count() == 2


def test_return_needs_a_comment_then_resubmit(world, commit):
    commitment = commit()
    with pytest.raises(ValidationError):
        services.commitment_return(
            by=world.secretary, commitment=commitment, version=commitment.version, comment=" "
        )
    returned = services.commitment_return(
        by=world.secretary,
        commitment=commitment,
        version=commitment.version,
        comment="Kết quả cần đo được",
    )
    assert returned.status == "returned" and returned.review_comment == "Kết quả cần đo được"
    edited = services.commitment_update(
        by=world.member,
        commitment=returned,
        version=returned.version,
        expected_result="12 số đúng hạn, không số nào trễ quá 2 ngày",
    )
    resubmitted = services.commitment_submit(
        by=world.member, commitment=edited, version=edited.version, today=TODAY
    )
    assert resubmitted.status == "submitted"


def test_editing_an_approved_commitment_sends_it_back(world, commit):
    commitment = commit()
    commitment = services.commitment_approve(
        by=world.secretary, commitment=commitment, version=commitment.version
    )
    edited = services.commitment_update(
        by=world.member,
        commitment=commitment,
        version=commitment.version,
        action="Một việc khác hẳn",
    )
    assert edited.status == "submitted"
    event = CommitmentEvent.objects.filter(commitment=commitment).order_by("-id").first()
    assert event.action == "edited_after_approval"
    assert event.changes["action"][1] == "Một việc khác hẳn"


def test_stale_version_is_refused_and_changes_nothing(world, commit):
    commitment = commit(submit=False)
    stale = commitment.version
    services.commitment_update(
        by=world.secretary, commitment=commitment, version=stale, action="Bí thư sửa"
    )
    with pytest.raises(ValidationError) as exc:
        services.commitment_update(
            by=world.member, commitment=commitment, version=stale, action="Đảng viên sửa"
        )
    assert exc.value.code == CONFLICT
    assert "đã có người cập nhật" in messages(exc)
    assert Commitment.objects.get(pk=commitment.pk).action == "Bí thư sửa"


def test_nobody_approves_their_own(world, year):
    secretary_person = PersonFactory(unit=world.cell_a, user=world.secretary)
    commitment = services.commitment_create(
        by=world.secretary,
        year=year,
        person=secretary_person,
        submit=True,
        today=TODAY,
        **COMMITMENT,
    )
    with pytest.raises(PermissionDenied):
        services.commitment_approve(
            by=world.secretary, commitment=commitment, version=commitment.version
        )
    approved = services.commitment_approve(
        by=world.office, commitment=commitment, version=commitment.version
    )
    assert approved.status == "approved"


def test_outsiders_and_inspectors_cannot_review(world, commit):
    commitment = commit()
    for user in (world.other_secretary, world.inspector, world.member):
        with pytest.raises(PermissionDenied):
            services.commitment_approve(by=user, commitment=commitment, version=None)


def test_collective_commitment_is_approved_above(world, year):
    collective = services.commitment_create(
        by=world.secretary, year=year, unit=world.cell_a, submit=True, today=TODAY, **COMMITMENT
    )
    assert collective.kind == "collective" and collective.person is None
    with pytest.raises(PermissionDenied):
        services.commitment_approve(by=world.secretary, commitment=collective, version=None)
    assert (
        services.commitment_approve(by=world.office, commitment=collective, version=None).status
        == "approved"
    )


def _approved(world, commit, **fields):
    commitment = commit(**fields)
    return services.commitment_approve(by=world.secretary, commitment=commitment, version=None)


def test_progress_then_self_assessment_in_its_window(world, commit):
    commitment = _approved(world, commit)
    note = services.progress_add(by=world.member, commitment=commitment, text="Đã xong quý I")
    assert note.commitment_id == commitment.pk
    commitment.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.commitment_self_assess(
            by=world.member,
            commitment=commitment,
            version=commitment.version,
            text="Hoàn thành",
            proposed_outcome="met",
            today=dt.date(2026, 6, 1),
        )
    assert "01/11/2026" in messages(exc)
    assessed = services.commitment_self_assess(
        by=world.member,
        commitment=commitment,
        version=commitment.version,
        text="Hoàn thành 12/12 số",
        proposed_outcome="met",
        today=dt.date(2026, 11, 20),
    )
    assert assessed.status == "self_assessed" and assessed.proposed_outcome == "met"


def test_progress_before_approval_is_refused(world, commit):
    commitment = commit()
    with pytest.raises(ValidationError):
        services.progress_add(by=world.member, commitment=commitment, text="Sớm quá")


def test_evaluation_records_an_outcome_not_a_rank(world, year, commit):
    first = _approved(world, commit)
    evaluated = services.commitment_evaluate(
        by=world.secretary,
        commitment=first,
        version=None,
        outcome="exceeded",
        comment="Vượt chỉ tiêu",
    )
    assert (evaluated.status, evaluated.outcome) == ("evaluated", "exceeded")
    assert evaluated.evaluation_comment == "Vượt chỉ tiêu"
    second = _approved(world, commit, action="Việc thứ hai")
    with pytest.raises(ValidationError) as exc:
        services.commitment_evaluate(
            by=world.secretary, commitment=second, version=None, outcome="htxs"
        )
    assert "vượt" in messages(exc).lower() or "exceeded" in messages(exc)
    second.refresh_from_db()
    assert (second.status, second.outcome) == ("approved", "")


def test_closing_the_year_locks_everything(world, year, commit):
    commitment = _approved(world, commit)
    services.year_advance(by=world.office, year=year)  # under evaluation
    services.commitment_evaluate(
        by=world.secretary, commitment=commitment, version=None, outcome="met"
    )
    services.year_advance(by=world.office, year=year)  # closed
    with pytest.raises(ValidationError) as exc:
        services.commitment_evaluate(
            by=world.secretary, commitment=commitment, version=None, outcome="met"
        )
    assert "2026" in messages(exc)
    with pytest.raises(ValidationError):
        services.year_advance(by=world.office, year=year)


def test_copy_last_years_commitment(world, program):
    from tests.programs.conftest import WINDOWS

    def new_year(number):
        return services.year_create(
            by=world.office,
            program=program,
            year=number,
            **{k: v.replace(year=number) for k, v in WINDOWS.items()},
        )

    last = services.year_advance(by=world.office, year=new_year(2025))
    source = services.commitment_create(
        by=world.member,
        year=last,
        person=world.person_a,
        today=TODAY.replace(year=2025),
        submit=True,
        **COMMITMENT,
    )
    this = new_year(2026)
    with pytest.raises(ValidationError):
        services.year_advance(by=world.office, year=this)  # one open year at a time
    services.year_advance(by=world.office, year=last)
    this = services.year_advance(by=world.office, year=this)
    copy = services.commitment_copy(by=world.member, source=source, year=this, today=TODAY)
    assert copy.status == "draft" and copy.copied_from_id == source.pk
    assert copy.year_id == this.pk and copy.action == source.action and copy.due_on is None


def test_only_office_manages_programmes(world, program):
    with pytest.raises(PermissionDenied):
        services.program_create(
            by=world.secretary, unit=world.cell_a, name="X", start_year=2026, end_year=2026
        )
    with pytest.raises(ValidationError):
        services.year_create(
            by=world.office,
            program=program,
            year=2030,
            registration_opens=dt.date(2030, 1, 1),
            registration_closes=dt.date(2030, 2, 1),
            self_assessment_opens=dt.date(2030, 11, 1),
            self_assessment_closes=dt.date(2030, 12, 1),
            evaluation_deadline=dt.date(2030, 12, 20),
        )


def test_people_outside_the_programme_cannot_register(world, year):
    from tests.factories import UnitFactory

    other_root = UnitFactory(code="KHAC")
    stranger = PersonFactory(unit=other_root, user=UserFactory(username="nguoingoai"))
    with pytest.raises(ValidationError):
        services.commitment_create(
            by=stranger.user, year=year, person=stranger, today=TODAY, **COMMITMENT
        )


def test_a_cell_assesses_its_own_collective_commitment(world, year):
    collective = services.commitment_create(
        by=world.secretary, year=year, unit=world.cell_a, submit=True, today=TODAY, **COMMITMENT
    )
    collective = services.commitment_approve(by=world.office, commitment=collective, version=None)
    assessed = services.commitment_self_assess(
        by=world.secretary,
        commitment=collective,
        version=collective.version,
        text="Chi bộ hoàn thành",
        proposed_outcome="met",
    )
    assert assessed.status == "self_assessed"
    with pytest.raises(PermissionDenied):
        services.commitment_evaluate(
            by=world.secretary, commitment=assessed, version=None, outcome="met"
        )
