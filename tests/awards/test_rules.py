"""Eligibility rules, votes and thresholds, numbering, revocation (issue 15 §2–§4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lamtheo.awards import services
from lamtheo.awards.models import Award, Nomination, NominationStatus
from tests.awards.conftest import D, vote_all
from tests.awards.evidence import ranked

pytestmark = pytest.mark.django_db


def test_hard_rules_refuse_with_the_reason(world, round_):
    with pytest.raises(ValidationError) as err:  # TSVM is for collectives
        services.nominate(
            by=world.office,
            round_=round_,
            form="strong_year",
            person=world.person_a,
            achievement="x",
        )
    assert "tập thể" in " ".join(err.value.messages).lower()
    with pytest.raises(ValidationError):  # not offered in this round
        services.nominate(
            by=world.office,
            round_=round_,
            form="excellent_year",
            person=world.person_a,
            achievement="x",
        )
    with pytest.raises(ValidationError):  # no report of achievements
        services.nominate(
            by=world.office, round_=round_, form="merit", person=world.person_a, achievement="  "
        )
    with pytest.raises(PermissionDenied):  # cell B is not the secretary's
        services.nominate(
            by=world.secretary, round_=round_, form="merit", person=world.person_b, achievement="x"
        )
    assert Nomination.objects.count() == 0


def test_discipline_in_the_year_refuses(world, round_):
    ranked(world, 2022, person=world.person_a, rank="ht", discipline="reprimand")
    with pytest.raises(ValidationError) as err:
        services.nominate(
            by=world.office, round_=round_, form="merit", person=world.person_a, achievement="x"
        )
    assert "kỷ luật" in " ".join(err.value.messages).lower()


def test_soft_rules_warn_and_keep_the_nomination(world, round_):
    made = services.nominate(
        by=world.secretary,
        round_=round_,
        form="merit",
        person=world.person_a,
        achievement="Thành tích",
    )
    assert made.warnings  # no study, no exemplar recorded
    with pytest.raises(ValidationError):  # twice the same form
        services.nominate(
            by=world.secretary,
            round_=round_,
            form="merit",
            person=world.person_a,
            achievement="again",
        )


def test_one_achievement_one_form(world, decided):
    round2 = services.open_round(
        by=world.office,
        unit=world.committee,
        title="Đợt bổ sung",
        kind="ad_hoc",
        year=2022,
        quotas={"merit": 1},
    )
    with pytest.raises(ValidationError) as err:
        services.nominate(
            by=world.office, round_=round2, form="merit", person=world.person_a, achievement="x"
        )
    assert "một hình thức" in " ".join(err.value.messages)


@pytest.mark.parametrize(
    "members,yes,threshold,passes",
    [
        (3, 2, 50, True),
        (3, 1, 50, False),
        (4, 2, 50, False),
        (4, 3, 50, True),
        (3, 2, 66, True),
        (3, 2, 67, False),
        (0, 0, 50, False),
    ],
)
def test_threshold(members, yes, threshold, passes):
    assert services.passes(yes, members, threshold) is passes


def test_votes_decide_and_the_quota_holds(world, round_):
    a = services.nominate(
        by=world.office, round_=round_, form="strong_year", unit=world.cell_a, achievement="x"
    )
    b = services.nominate(
        by=world.office, round_=round_, form="strong_year", unit=world.cell_b, achievement="y"
    )
    vote_all(world, round_, {a.pk: 3, b.pk: 2})  # both pass, quota is 1
    with pytest.raises(ValidationError):
        services.close_review(by=world.office, round_=round_)
    vote_all(world, round_, {a.pk: 3, b.pk: 1})
    services.close_review(by=world.office, round_=round_)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, a.votes_for) == (NominationStatus.APPROVED, 3)
    assert (b.status, b.votes_for, b.votes_against) == (NominationStatus.NOT_APPROVED, 1, 2)
    with pytest.raises(ValidationError):  # closed: no more nominations
        services.nominate(
            by=world.office, round_=round_, form="merit", person=world.person_a, achievement="x"
        )


def test_signing_numbers_from_the_register(world, decided):
    assert decided.submission.symbol == "01-TTr/ĐUK"
    assert decided.document.symbol == "01-QĐ/ĐUK"
    assert decided.document.issued_on == D(2023, 3, 14)
    codes = list(Award.objects.values_list("code", flat=True))
    assert len(codes) == 2 and all(len(c) >= 20 for c in codes) and len(set(codes)) == 2
    with pytest.raises(ValidationError):
        services.sign(
            by=world.office, decision=decided, on=D(2023, 3, 15), signer_name="x", signer_title="y"
        )


def test_signing_refusals_leave_no_number(world, round_):
    a = services.nominate(
        by=world.office, round_=round_, form="merit", person=world.person_a, achievement="x"
    )
    vote_all(world, round_, {a.pk: 1})
    services.close_review(by=world.office, round_=round_)
    decision = round_.decision
    with pytest.raises(ValidationError):  # no submission yet
        services.sign(
            by=world.office, decision=decision, on=D(2023, 3, 14), signer_name="x", signer_title="y"
        )
    services.submit(by=world.office, decision=decision, on=D(2023, 3, 10))
    with pytest.raises(ValidationError):  # nobody approved
        services.sign(
            by=world.office, decision=decision, on=D(2023, 3, 14), signer_name="x", signer_title="y"
        )
    from lamtheo.org.models import RegisteredDocument

    assert list(RegisteredDocument.objects.values_list("symbol", flat=True)) == ["01-TTr/ĐUK"]


def test_revocation_is_a_numbered_decision(world, decided):
    award = Award.objects.get(nomination__person=world.person_a)
    with pytest.raises(ValidationError):
        services.revoke(by=world.office, award=award, on=D(2023, 6, 1), reason=" ")
    with pytest.raises(PermissionDenied):
        services.revoke(by=world.secretary, award=award, on=D(2023, 6, 1), reason="x")
    services.revoke(by=world.office, award=award, on=D(2023, 6, 1), reason="Sai thành tích")
    award.refresh_from_db()
    assert award.revoked_on == dt.date(2023, 6, 1)
    assert award.revocation.symbol == "02-QĐ/ĐUK"
    with pytest.raises(ValidationError):
        services.revoke(by=world.office, award=award, on=D(2023, 6, 2), reason="again")


def test_the_year_end_rank_decides_the_excellent_forms(world, term):
    round_ = services.open_round(
        by=world.office,
        unit=world.committee,
        title="Năm 2022",
        kind="yearly",
        year=2022,
        quotas={"excellent_year": 2, "strong_year": 2},
    )
    # No rank decided yet: a warning, the council decides.
    made = services.nominate(
        by=world.office,
        round_=round_,
        form="excellent_year",
        person=world.person_b,
        achievement="x",
    )
    assert any("xếp loại cuối năm" in w for w in made.warnings)
    ranked(world, 2022, person=world.person_a, rank="htt", unit=world.cell_a)
    with pytest.raises(ValidationError) as err:  # ranked HTT: not eligible (HD 21)
        services.nominate(
            by=world.office,
            round_=round_,
            form="excellent_year",
            person=world.person_a,
            achievement="x",
        )
    assert "HTXS" in " ".join(err.value.messages)
    with pytest.raises(ValidationError):
        services.nominate(
            by=world.office, round_=round_, form="strong_year", unit=world.cell_a, achievement="x"
        )


def test_years_running_come_from_the_year_end_ranks(world, term):
    from lamtheo.awards import eligibility

    for year in (2020, 2021, 2022):
        ranked(world, year, person=world.person_a, unit=world.cell_b)
    round_ = services.open_round(
        by=world.office,
        unit=world.committee,
        title="5 năm",
        kind="yearly",
        year=2022,
        quotas={"excellent_5y": 1},
    )
    found = eligibility.gather(round_, {world.person_a.pk}, {world.cell_b.pk})
    assert found["p", world.person_a.pk].party_running == 3
    assert found["u", world.cell_b.pk].party_rank == "htxs"
    made = services.nominate(
        by=world.office, round_=round_, form="excellent_5y", person=world.person_a, achievement="x"
    )
    assert any("3 năm liền" in w for w in made.warnings)
