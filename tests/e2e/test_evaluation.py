"""A whole year-end round on a phone: the member writes the self-review, the cell's secretary
records the meeting's proposal, the committee office decides; the member sees the rank."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext
from playwright.sync_api import expect

from lamtheo.evaluation import services
from lamtheo.evaluation.models import MemberReview

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_round_member_cell_committee_on_a_phone(world, sign_in, live_server):
    evaluation_round = services.round_open(by=world.office, unit=world.committee, year=2025)
    review = MemberReview.objects.get(round=evaluation_round, person=world.person_a)
    url = f"{live_server.url}/evaluation/reviews/{review.pk}/"

    page = sign_in("dangvien")
    page.goto(f"{live_server.url}/evaluation/")
    page.get_by_role("link", name=evaluation_round.title).click()
    page.wait_for_url(url)
    page.get_by_label(
        gettext("I. Strengths and results (political quality, tasks, the commitments kept)")
    ).fill("Hoàn thành tốt nhiệm vụ chuyên môn, tham gia đầy đủ sinh hoạt chi bộ.")
    page.get_by_label(gettext("Group I, general criteria (…/30)")).fill("26")
    page.get_by_label(gettext("Group II, results of the tasks (…/70)")).fill("58,5")
    page.get_by_label(gettext("Tasks of the year")).fill("8")
    page.get_by_label(gettext("done"), exact=True).fill("8")
    page.get_by_label(gettext("of which on time")).fill("8")
    page.get_by_label(gettext("exceeded"), exact=True).fill("2")
    page.get_by_label(gettext("The rank I propose")).select_option("htt")
    page.get_by_role("button", name=gettext("Send my self-review")).click()
    expect(page.get_by_test_id("step")).to_have_text(gettext("Self-reviewed"))

    page.context.clear_cookies()
    page = sign_in("bithu")
    page.goto(url)
    page.get_by_label(gettext("The cell's comment")).fill(
        "Chi bộ thống nhất đề xuất hoàn thành tốt."
    )
    page.get_by_label(gettext("Rank the cell proposes")).select_option("htt")
    page.get_by_role("button", name=gettext("Record the cell's proposal")).click()
    expect(page.get_by_test_id("step")).to_have_text(gettext("Proposed by the cell"))

    page.context.clear_cookies()
    page = sign_in("vanphong")
    page.goto(url)
    page.get_by_label(gettext("Rank decided")).select_option("htxs")  # above what the rules allow
    page.get_by_role("button", name=gettext("Decide the rank")).click()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()
    page.get_by_label(gettext("Rank decided")).select_option("htt")
    page.get_by_role("button", name=gettext("Decide the rank")).click()
    expect(page.get_by_test_id("rank")).to_have_text(gettext("Good (HTT)"))

    review.refresh_from_db()
    assert (review.status, review.rank, review.total_score) == ("decided", "htt", 84.5)
