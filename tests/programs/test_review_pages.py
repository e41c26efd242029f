"""The review queue, decisions, evaluation, progress and year-result pages, through the pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from lamtheo.programs import services
from lamtheo.programs.models import Commitment
from tests.factories import PersonFactory, UnitFactory
from tests.programs.conftest import COMMITMENT, TODAY


def queued(response) -> list[int]:
    return [row["c"].pk for row in response.context["rows"]]


def _approved(world, commit, **fields):
    commitment = commit(**fields)
    return services.commitment_approve(by=world.secretary, commitment=commitment, version=None)


# -- the queue -------------------------------------------------------------------------------


def test_queue_lists_what_the_user_may_decide_oldest_first(world, year, commit, login):
    first, second = commit(), commit()
    Commitment.objects.filter(pk=second.pk).update(
        submitted_at=first.submitted_at.replace(year=2025)
    )
    own_person = PersonFactory(unit=world.cell_a, user=world.secretary)
    own = services.commitment_create(
        by=world.secretary, year=year, person=own_person, submit=True, today=TODAY, **COMMITMENT
    )
    cell_collective = services.commitment_create(
        by=world.secretary, year=year, unit=world.cell_a, submit=True, today=TODAY, **COMMITMENT
    )
    group_collective = services.commitment_create(
        by=world.secretary, year=year, unit=world.group_a, submit=True, today=TODAY, **COMMITMENT
    )
    other = commit(person=world.person_b, by=world.office)
    draft = commit(submit=False, person=own_person, by=world.secretary)

    response = login(world.secretary).get("/registrations/review/")
    assert response.status_code == 200
    # Not their own, not their cell's own collective commitment (decided above), nor cell B's.
    assert queued(response) == [second.pk, first.pk, group_collective.pk]
    assert own.pk not in queued(response) and draft.pk not in queued(response)

    office = login(world.office).get("/registrations/review/")
    assert set(queued(office)) == {
        first.pk,
        second.pk,
        own.pk,
        cell_collective.pk,
        group_collective.pk,
        other.pk,
    }
    by_unit = login(world.office).get(f"/registrations/review/?unit={world.cell_b.pk}")
    assert queued(by_unit) == [other.pk]


def test_queue_filters_by_year(world, program, year, commit, login):
    commit()
    older = services.year_create(
        by=world.office,
        program=program,
        year=2025,
        registration_opens=year.registration_opens.replace(year=2025),
        registration_closes=year.registration_closes.replace(year=2025),
        self_assessment_opens=year.self_assessment_opens.replace(year=2025),
        self_assessment_closes=year.self_assessment_closes.replace(year=2025),
        evaluation_deadline=year.evaluation_deadline.replace(year=2025),
    )
    client = login(world.secretary)
    assert len(queued(client.get(f"/registrations/review/?year={year.pk}"))) == 1
    # A draft year is not offered and not accepted.
    assert client.get(f"/registrations/review/?year={older.pk}").status_code == 404
    assert client.get("/registrations/review/?year=x").status_code == 404


def test_approve_one_without_javascript(world, commit, login):
    commitment = commit()
    response = login(world.secretary).post(
        f"/registrations/{commitment.pk}/approve/",
        {"version": commitment.version, "comment": "Đồng ý", "next": "/registrations/review/"},
    )
    assert response.status_code == 302 and response["Location"] == "/registrations/review/"
    commitment.refresh_from_db()
    assert commitment.status == "approved" and commitment.review_comment == "Đồng ý"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/x",
        "http://testserver.evil.example/",
        # No path: redirect() took it for a view's name and answered 500 (the fuzz test's find).
        "1e308",
        "review-queue",
    ],
)
def test_a_next_address_off_the_site_is_ignored(world, commit, login, target):
    commitment = commit()
    response = login(world.secretary).post(
        f"/registrations/{commitment.pk}/approve/",
        {"version": commitment.version, "next": target},
    )
    assert response.status_code == 302 and response["Location"] == "/registrations/review/"
    other = commit()
    response = login(world.member).post(
        f"/registrations/{other.pk}/withdraw/", {"version": other.version, "next": target}
    )
    assert response["Location"] == f"/registrations/{other.pk}/"


def test_approve_one_with_htmx_answers_the_row(world, commit, login):
    commitment = commit()
    response = login(world.secretary).post(
        f"/registrations/{commitment.pk}/approve/",
        {"version": commitment.version},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "programs/review/_queue_row.html"
    assert response.context["row"]["done"]
    assert f'id="commitment-{commitment.pk}"' in response.content.decode()
    assert Commitment.objects.get(pk=commitment.pk).status == "approved"


def test_return_needs_a_comment_and_keeps_the_page(world, commit, login):
    commitment = commit()
    client = login(world.secretary)
    response = client.post(
        f"/registrations/{commitment.pk}/return/", {"version": commitment.version, "comment": " "}
    )
    assert response.status_code == 200
    assert response.context["return_form"].errors["comment"]
    assert Commitment.objects.get(pk=commitment.pk).status == "submitted"
    response = client.post(
        f"/registrations/{commitment.pk}/return/",
        {"version": commitment.version, "comment": "Kết quả cần đo được"},
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == "returned" and commitment.review_comment == "Kết quả cần đo được"


def test_return_with_htmx_shows_the_error_in_the_row(world, commit, login):
    commitment = commit()
    response = login(world.secretary).post(
        f"/registrations/{commitment.pk}/return/",
        {"version": commitment.version, "comment": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    row = response.context["row"]
    assert "done" not in row and row["return_form"].errors["comment"]


def test_conflict_keeps_the_comment_and_moves_to_the_new_version(world, commit, login):
    commitment = commit()
    stale = commitment.version
    services.commitment_update(
        by=world.member, commitment=commitment, version=stale, action="Việc khác"
    )
    response = login(world.secretary).post(
        f"/registrations/{commitment.pk}/return/",
        {"version": stale, "comment": "Chưa rõ kết quả"},
    )
    assert response.status_code == 200
    form = response.context["return_form"]
    assert form.non_field_errors()
    fresh = Commitment.objects.get(pk=commitment.pk)
    assert fresh.status == "submitted"
    assert form.data["comment"] == "Chưa rõ kết quả"
    assert form.data["version"] == str(fresh.version)
    body = response.content.decode()
    assert "Chưa rõ kết quả" in body and "Việc khác" in body
    # Saving again from that page goes through.
    again = login(world.secretary).post(
        f"/registrations/{commitment.pk}/return/",
        {"version": fresh.version, "comment": "Chưa rõ kết quả"},
    )
    assert again.status_code == 302
    assert Commitment.objects.get(pk=commitment.pk).status == "returned"


def test_a_post_without_version_is_treated_as_stale(world, commit, login):
    commitment = commit()
    response = login(world.secretary).post(f"/registrations/{commitment.pk}/approve/", {})
    assert response.status_code == 200
    assert Commitment.objects.get(pk=commitment.pk).status == "submitted"


def test_nobody_approves_their_own_through_the_page(world, year, login):
    own_person = PersonFactory(unit=world.cell_a, user=world.secretary)
    own = services.commitment_create(
        by=world.secretary, year=year, person=own_person, submit=True, today=TODAY, **COMMITMENT
    )
    response = login(world.secretary).post(
        f"/registrations/{own.pk}/approve/", {"version": own.version}
    )
    assert response.status_code == 403


def test_bulk_approve_reports_how_many_and_the_problems(world, commit, login):
    first, second = commit(), commit()
    stranger = commit(person=world.person_b, by=world.office)
    client = login(world.secretary)
    response = client.post(
        "/registrations/review/",
        {"ids": [first.pk, second.pk, stranger.pk, "x"]},
        follow=True,
    )
    assert response.status_code == 200
    statuses = dict(Commitment.objects.values_list("pk", "status"))
    assert statuses[first.pk] == statuses[second.pk] == "approved"
    assert statuses[stranger.pk] == "submitted"
    levels = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert [tag for tag, _text in levels] == ["success", "error"]
    assert "2" in levels[0][1] and "1" in levels[1][1]
    assert queued(response) == []


def test_bulk_approve_with_nothing_ticked(world, commit, login):
    commit()
    response = login(world.secretary).post("/registrations/review/", {}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
    assert len(queued(response)) == 1


# -- evaluation ------------------------------------------------------------------------------


def test_evaluate_shows_the_self_assessment_and_records(world, year, commit, login):
    commitment = _approved(world, commit)
    commitment = services.commitment_self_assess(
        by=world.member,
        commitment=commitment,
        version=commitment.version,
        text="Hoàn thành 12/12 số",
        proposed_outcome="met",
        today=year.self_assessment_opens,
    )
    client = login(world.secretary)
    page = client.get(f"/registrations/{commitment.pk}/evaluate/")
    assert page.status_code == 200 and page.context["can_evaluate"]
    assert "Hoàn thành 12/12 số" in page.content.decode()
    assert page.context["form"].initial["outcome"] == "met"
    response = client.post(
        f"/registrations/{commitment.pk}/evaluate/",
        {"version": commitment.version, "outcome": "exceeded", "comment": "Vượt chỉ tiêu"},
    )
    assert (
        response.status_code == 302 and response["Location"] == f"/registrations/{commitment.pk}/"
    )
    commitment.refresh_from_db()
    assert (commitment.status, commitment.outcome) == ("evaluated", "exceeded")
    assert commitment.evaluation_comment == "Vượt chỉ tiêu"
    assert commitment.evaluated_by == world.secretary


def test_evaluate_refusals_keep_the_input(world, commit, login):
    commitment = _approved(world, commit)
    client = login(world.secretary)
    response = client.post(
        f"/registrations/{commitment.pk}/evaluate/",
        {"version": commitment.version, "outcome": "htxs", "comment": "Giữ lại"},
    )
    # A Party rank is not a commitment's outcome.
    assert response.status_code == 200 and response.context["form"].errors["outcome"]
    assert "Giữ lại" in response.content.decode()
    services.progress_add(by=world.member, commitment=commitment, text="Xong quý I")
    stale = client.post(
        f"/registrations/{commitment.pk}/evaluate/",
        {"version": commitment.version, "outcome": "met", "comment": "Giữ lại"},
    )
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    assert stale.context["form"].data["version"] == str(
        Commitment.objects.get(pk=commitment.pk).version
    )
    assert Commitment.objects.get(pk=commitment.pk).status == "approved"


def test_evaluate_is_offered_only_once_approved(world, commit, login):
    commitment = commit()
    page = login(world.secretary).get(f"/registrations/{commitment.pk}/evaluate/")
    assert page.status_code == 200 and not page.context["can_evaluate"]


def test_review_actions_include(world, commit, rf):
    commitment = commit()
    request = rf.get("/registrations/1/")
    context = {"commitment": commitment, "can_review": True, "request": request}
    html = render_to_string("programs/_review_actions.html", context, request=request)
    assert f"/registrations/{commitment.pk}/approve/" in html
    assert f"/registrations/{commitment.pk}/return/" in html
    assert f'name="version" value="{commitment.version}"' in html
    services.commitment_approve(by=world.secretary, commitment=commitment, version=None)
    commitment.refresh_from_db()
    html = render_to_string("programs/_review_actions.html", context, request=request)
    assert f"/registrations/{commitment.pk}/evaluate/" in html and "approve/" not in html
    context["can_review"] = False
    assert "<form" not in render_to_string("programs/_review_actions.html", context)


# -- progress pages --------------------------------------------------------------------------


def test_unit_progress_page(world, year, commit, login):
    commit()
    PersonFactory(unit=world.group_a, full_name="Lê Văn An")
    client = login(world.secretary)
    response = client.get(f"/registrations/units/{world.cell_a.pk}/")
    assert response.status_code == 200
    assert response.context["year"] == year
    counts = {name: n for name, _label, n in response.context["steps"]}
    assert counts["not_registered"] == 1 and counts["waiting"] == 1
    assert [r.person.full_name for r in response.context["table"].rows] == [
        "Lê Văn An",
        "Nguyễn Văn Quang",
    ]
    body = response.content.decode()
    assert f"?year={year.pk}&amp;step=not_registered" in body
    filtered = client.get(f"/registrations/units/{world.cell_a.pk}/?year={year.pk}&step=waiting")
    assert [r.person.full_name for r in filtered.context["table"].rows] == ["Nguyễn Văn Quang"]
    assert client.get(f"/registrations/units/{world.cell_a.pk}/?year=999999").status_code == 404


def test_pages_without_a_programme_year_say_so(world, login):
    response = login(world.office).get(f"/registrations/units/{world.cell_a.pk}/")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "programs/review/no_year.html"


def test_rollup_page_lists_laggards_first_with_links(world, year, commit, login):
    commit()
    PersonFactory(unit=world.cell_b)
    response = login(world.office).get(f"/registrations/rollup/{world.committee.pk}/")
    assert response.status_code == 200
    rows = response.context["rollup"].rows
    assert [row.unit.code for row in rows] == ["CBB", "CBA"]
    body = response.content.decode()
    assert f"/registrations/rollup/{world.cell_a.pk}/?year={year.pk}" in body  # has a group below
    assert f"/registrations/units/{world.cell_b.pk}/?year={year.pk}" in body


# -- fixed query counts ----------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/registrations/review/",
        "/registrations/review/?unit={cell_a}&year={year}",
        "/registrations/units/{cell_a}/",
        "/registrations/units/{committee}/?step=not_registered",
        "/registrations/units/{committee}/?step=evaluated",
        "/registrations/rollup/{committee}/",
        "/registrations/{evaluated}/evaluate/",
    ],
)
def test_pages_run_a_fixed_number_of_queries(world, year, commit, login, url):
    # One row of each kind already, so that "few" is not "none" (an empty page skips a query).
    evaluated = _approved(world, commit)
    services.commitment_evaluate(by=world.office, commitment=evaluated, version=None, outcome="met")
    commit(person=PersonFactory(unit=world.group_a), by=world.office)
    fill = {
        "cell_a": world.cell_a.pk,
        "committee": world.committee.pk,
        "year": year.pk,
        "evaluated": evaluated.pk,
    }
    client = login(world.office)
    few = _count(client, url.format(**fill))
    for i in range(12):
        unit = UnitFactory(parent=world.cell_a if i % 2 else world.committee)
        person = PersonFactory(unit=world.group_a if i % 3 else unit, full_name=f"Vũ Văn Số{i}")
        c = services.commitment_create(
            by=world.office, year=year, person=person, submit=True, today=TODAY, **COMMITMENT
        )
        if i % 2:
            services.commitment_approve(by=world.office, commitment=c, version=None)
            services.commitment_evaluate(
                by=world.office, commitment=c, version=None, outcome="not_met"
            )
    many = _count(client, url.format(**fill))
    assert few == many, f"{url}: {few} queries with few rows, {many} with many"


def test_progress_table_offers_to_register_for_someone_not_registered(world, year, client):
    client.force_login(world.secretary, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(f"/registrations/units/{world.cell_a.pk}/?year={year.pk}").content.decode()
    assert f"/registrations/new/?year={year.pk}&amp;person={world.person_a.pk}" in page
    client.force_login(world.inspector, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(f"/registrations/units/{world.cell_a.pk}/?year={year.pk}").content.decode()
    assert "/registrations/new/" not in page
