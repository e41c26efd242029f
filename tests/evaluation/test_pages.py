"""The evaluation pages: a member's self-review, the cell's meeting and the decision through
the forms; refusals keep the input; each page runs a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lamtheo.evaluation.models import MemberReview, OrgReview
from lamtheo.programs import services as programs
from tests.evaluation.conftest import proposed, written
from tests.factories import PersonFactory, UnitFactory

SELF = {
    "group": "member",
    "self_rank": "htt",
    "strengths": "Hoàn thành các nhiệm vụ được giao.",
    "general_score": "25",
    "results_score": "55,5",
    "tasks_total": "4",
    "tasks_done": "4",
    "tasks_on_time": "4",
    "tasks_exceeded": "1",
    "shortcomings_fixed": "on",
}


def test_member_writes_the_self_review_on_the_page(world, review_a, login):
    client = login(world.member)
    page = client.get(f"/evaluation/reviews/{review_a.pk}/")
    assert page.status_code == 200 and page.context["self_form"] is not None
    assert page.context["form_code"] == "2B" and page.context["meeting_form"] is None
    response = client.post(
        f"/evaluation/reviews/{review_a.pk}/self/", {**SELF, "version": review_a.version}
    )
    assert response.status_code == 302
    review_a.refresh_from_db()
    assert review_a.status == "self_reviewed" and str(review_a.results_score) == "55.50"


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"general_score": "31"}, "general_score"),
        ({"results_score": "-1"}, "results_score"),
        ({"self_rank": "htxs"}, "self_rank"),
        ({"self_rank": "xuat-sac"}, "self_rank"),
        ({"tasks_done": "5"}, "tasks_done"),
    ],
)
def test_bad_self_review_is_refused_in_vietnamese_and_keeps_the_input(
    world, review_a, login, changes, field
):
    response = login(world.member).post(
        f"/evaluation/reviews/{review_a.pk}/self/",
        {**SELF, "version": review_a.version, **changes},
    )
    assert response.status_code == 200
    form = response.context["self_form"]
    assert form.errors[field] if field in form.fields else form.non_field_errors()
    assert "Hoàn thành các nhiệm vụ được giao." in response.content.decode()
    review_a.refresh_from_db()
    assert review_a.status == "pending" and not review_a.events.exists()


def test_cell_meeting_and_decision_on_the_pages(world, review_a, login):
    review = written(world, review_a)
    client = login(world.secretary)
    page = client.get(f"/evaluation/reviews/{review.pk}/")
    assert page.context["meeting_form"] is not None and page.context["decide_form"] is None
    response = client.post(
        f"/evaluation/reviews/{review.pk}/meeting/",
        {
            "version": review.version,
            "comment": "Chi bộ thống nhất đề xuất.",
            "proposed_rank": "htt",
            "general_score": "25",
            "results_score": "55",
            "tasks_total": "10",
            "tasks_done": "10",
            "tasks_on_time": "10",
            "tasks_exceeded": "2",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "cell_reviewed"
    office = login(world.office)
    page = office.get(f"/evaluation/reviews/{review.pk}/")
    assert page.context["decide_form"] is not None
    response = office.post(
        f"/evaluation/reviews/{review.pk}/decide/", {"version": review.version, "rank": "htxs"}
    )
    assert response.status_code == 200 and response.context["decide_form"].errors["rank"]
    response = office.post(
        f"/evaluation/reviews/{review.pk}/decide/", {"version": review.version, "rank": "htt"}
    )
    assert response.status_code == 302
    assert MemberReview.objects.get(pk=review.pk).rank == "htt"


def test_the_self_review_shows_the_year_registrations_outcomes(world, review_a, login):
    from tests.programs.conftest import COMMITMENT, WINDOWS

    program = programs.program_create(
        by=world.office, unit=world.committee, name="CT", start_year=2025, end_year=2025
    )
    windows = {k: v.replace(year=2025) if v else v for k, v in WINDOWS.items()}
    year = programs.year_create(by=world.office, program=program, year=2025, **windows)
    year = programs.year_advance(by=world.office, year=year)
    commitment = programs.commitment_create(
        by=world.member,
        year=year,
        person=world.person_a,
        submit=True,
        today=windows["registration_opens"],
        **COMMITMENT,
    )
    programs.commitment_approve(by=world.secretary, commitment=commitment, version=None)
    programs.commitment_evaluate(
        by=world.secretary,
        commitment=commitment,
        version=None,
        outcome="exceeded",
        comment="Rất tốt",
    )
    body = login(world.member).get(f"/evaluation/reviews/{review_a.pk}/").content.decode()
    assert COMMITMENT["action"][:40] in body and "Rất tốt" in body


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/evaluation/",
        "/evaluation/rounds/{round}/",
        "/evaluation/rounds/{round}/?unit={cell_a}",
        "/evaluation/rounds/{round}/units/{cell_a}/",
        "/evaluation/reviews/{review}/",
        "/evaluation/org/{org}/",
    ],
)
def test_pages_run_a_fixed_number_of_queries(world, evaluation_round, review_a, login, url):
    review = proposed(world, review_a)
    fill = {
        "round": evaluation_round.pk,
        "cell_a": world.cell_a.pk,
        "review": review.pk,
        "org": OrgReview.objects.get(round=evaluation_round, unit=world.cell_a).pk,
    }
    client = login(world.office)
    few = _count(client, url.format(**fill))
    # More members in the cell and more cells below, at every step.
    people = [PersonFactory(unit=world.cell_a) for _ in range(8)]
    for i in range(4):
        UnitFactory(parent=world.committee, kind="cell", code=f"CBX{i}")
    other = MemberReview.objects.filter(round=evaluation_round).first()
    MemberReview.objects.bulk_create(
        [
            MemberReview(
                round=evaluation_round,
                person=p,
                cell=world.cell_a,
                party_status="official",
                status=["pending", "decided", "cell_reviewed"][i % 3],
                rank="htt" if i % 3 == 1 else "",
            )
            for i, p in enumerate(people)
        ]
    )
    review.events.create(action="cell_reviewed", to_state="cell_reviewed", reason="Lại")
    assert other is not None
    many = _count(client, url.format(**fill))
    assert few == many, f"{url}: {few} queries with few rows, {many} with many"
