"""Complaints (khiếu nại) and petitions (kiến nghị) about an announced rank: the member lodges
one within the window, the level that decided the rank answers, an accepted one ranks the
member again; every refusal in Vietnamese with nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import override

from lamtheo.evaluation import services
from lamtheo.evaluation.models import Complaint, MemberReview, OrgReview
from tests.access import db_state
from tests.evaluation.conftest import proposed
from tests.pdf import as_pdf


@pytest.fixture
def announced(world, evaluation_round, review_a):
    """person_a ranked HTT through the steps; the others' ranks set directly (they are not
    what these tests are about); then the round announced by the office."""
    review = proposed(world, review_a, rank="htt")
    services.member_decide(by=world.office, review=review, version=review.version, rank="htt")
    MemberReview.objects.filter(round=evaluation_round).exclude(pk=review_a.pk).update(
        status="decided", rank="htt"
    )
    OrgReview.objects.filter(round=evaluation_round).update(status="decided", rank="htt")
    services.round_announce(by=world.office, evaluation_round=evaluation_round, version=None)
    return MemberReview.objects.get(pk=review_a.pk)


def lodge(world, review, **changes):
    data = {"kind": "complaint", "text": "Tôi đã vượt 40 % nhiệm vụ, đề nghị xem xét lại."}
    return services.complaint_lodge(by=world.member, review=review, **{**data, **changes})


def refused(call, exc=ValidationError):
    before = db_state()
    with override("vi"), pytest.raises(exc) as info:
        call()
    assert db_state() == before
    return info.value


def test_lodged_then_accepted_ranks_the_member_again(world, announced):
    complaint = lodge(world, announced, asked_rank="htxs")
    assert complaint.status == "lodged" and complaint.old_rank == "htt"
    answered = services.complaint_decide(
        by=world.office,
        complaint=complaint,
        version=complaint.version,
        accept=True,
        answer="Đã thẩm định lại: còn nhiệm vụ chậm tiến độ, xếp loại lại.",
        new_rank="ht",
    )
    assert answered.status == "upheld" and answered.new_rank == "ht"
    review = MemberReview.objects.get(pk=announced.pk)
    assert review.rank == "ht" and review.status == "announced"
    assert review.events.filter(action="reranked").exists()
    assert [e.action for e in complaint.events.order_by("pk")] == ["lodged", "upheld"]


def test_not_accepted_keeps_the_rank_and_a_new_one_may_follow(world, announced):
    complaint = lodge(world, announced)
    services.complaint_decide(
        by=world.office, complaint=complaint, version=None, accept=False, answer="Giữ nguyên."
    )
    assert MemberReview.objects.get(pk=announced.pk).rank == "htt"
    assert lodge(world, announced, kind="petition").kind == "petition"


def test_a_complaint_before_the_announcement_is_refused(world, review_a):
    error = refused(lambda: lodge(world, review_a))
    assert "chưa được công bố" in " ".join(error.messages)


def test_a_complaint_after_the_window_is_refused(world, announced):
    late = timezone.localdate() + dt.timedelta(days=31)
    error = refused(lambda: lodge(world, announced, today=late))
    assert "khiếu nại" in " ".join(error.messages)
    # The rule set holds the window (a default): widened, the same day is in time.
    rule_set = announced.round.rule_set
    rule_set.complaint_days = 40
    rule_set.save()
    assert lodge(world, MemberReview.objects.get(pk=announced.pk), today=late).pk


@pytest.mark.parametrize(
    "changes,field",
    [({"text": "  "}, "text"), ({"kind": "appeal"}, "kind"), ({"asked_rank": "htt"}, "asked_rank")],
)
def test_bad_complaints_are_refused(world, announced, changes, field):
    error = refused(lambda: lodge(world, announced, **changes))
    assert field in error.message_dict


def test_only_the_member_lodges_and_one_at_a_time(world, announced):
    refused(
        lambda: services.complaint_lodge(
            by=world.office, review=announced, kind="complaint", text="Thay mặt"
        ),
        PermissionDenied,
    )
    lodge(world, announced)
    error = refused(lambda: lodge(world, announced))
    assert "chờ trả lời" in " ".join(error.messages)


def test_only_the_deciding_level_answers_within_the_rules(world, announced):
    complaint = lodge(world, announced)

    def answer(by, **changes):
        data = {"accept": True, "answer": "Xếp loại lại.", "new_rank": "ht"}
        return services.complaint_decide(
            by=by, complaint=complaint, version=complaint.version, **{**data, **changes}
        )

    refused(lambda: answer(world.secretary), PermissionDenied)  # the cell does not decide
    refused(lambda: answer(world.inspector), PermissionDenied)
    refused(lambda: answer(world.member), PermissionDenied)
    assert "new_rank" in refused(lambda: answer(world.office, new_rank="htxs")).message_dict
    assert "new_rank" in refused(lambda: answer(world.office, new_rank="htt")).message_dict
    assert "answer" in refused(lambda: answer(world.office, answer="")).message_dict
    assert "new_rank" in refused(lambda: answer(world.office, new_rank="")).message_dict
    answer(world.office)
    error = refused(lambda: answer(world.office))
    assert error.messages  # stale version, or already answered: refused either way


def test_member_lodges_and_the_office_answers_on_the_pages(world, announced, login):
    url = f"/evaluation/reviews/{announced.pk}/"
    client = login(world.member)
    page = client.get(url)
    assert page.context["complaint_form"] is not None and page.context["answer_form"] is None
    assert "30" in page.content.decode()  # the window, a default, is said on the page
    bad = client.post(f"{url}complaint/", {"kind": "complaint", "text": ""})
    assert bad.status_code == 200 and bad.context["complaint_form"].errors
    response = client.post(
        f"{url}complaint/", {"kind": "complaint", "text": "Đề nghị xem xét.", "asked_rank": ""}
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get(review=announced)
    office = login(world.office)
    page = office.get(url)
    assert page.context["answer_form"] is not None
    listing = office.get(f"/evaluation/rounds/{announced.round_id}/complaints/")
    assert world.person_a.full_name in listing.content.decode()
    response = office.post(
        f"/evaluation/complaints/{complaint.pk}/answer/",
        {"version": complaint.version, "accept": "1", "new_rank": "ht", "answer": "Xếp lại."},
    )
    assert response.status_code == 302
    assert MemberReview.objects.get(pk=announced.pk).rank == "ht"
    body = login(world.member).get(url).content.decode()
    assert "Xếp lại." in body


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_complaint_pages_run_a_fixed_number_of_queries(world, announced, login):
    """The review page with its complaints and the round's list, as the office and the member,
    with one complaint and with many (answered ones, other members')."""
    lodge(world, announced)
    urls = [
        (world.office, f"/evaluation/reviews/{announced.pk}/"),
        (world.member, f"/evaluation/reviews/{announced.pk}/"),
        (world.office, f"/evaluation/rounds/{announced.round_id}/complaints/"),
    ]
    few = [_count(login(user), url) for user, url in urls]
    others = MemberReview.objects.filter(round=announced.round).exclude(pk=announced.pk)
    Complaint.objects.bulk_create(
        [Complaint(review=r, kind="petition", text="Kiến nghị", old_rank="htt") for r in others]
        + [
            Complaint(review=announced, kind="complaint", text="Cũ", status="rejected")
            for _ in range(3)
        ]
    )
    many = [_count(login(user), url) for user, url in urls]
    assert few == many


def test_the_re_ranking_decision_prints_as_a_party_decision(world, announced, login):
    complaint = lodge(world, announced)
    services.complaint_decide(
        by=world.office,
        complaint=complaint,
        version=None,
        accept=True,
        answer="Còn 02 nhiệm vụ chậm tiến độ chưa được tính khi xếp loại.",
        new_rank="ht",
    )
    response = login(world.member).get(f"/evaluation/complaints/{complaint.pk}/decision.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="quyet-dinh-xep-loai-lai-2025-'
    )
    pdf = as_pdf(response.content, "mau-03")
    for phrase in [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "QUYẾT ĐỊNH",
        "Về việc đánh giá, xếp loại lại chất lượng đảng viên năm 2025",
        "BAN THƯỜNG VỤ ĐẢNG ỦY",
        "Căn cứ Quy định 366-QĐ/TW",
        "Xét khiếu nại của đồng chí Nguyễn Văn Quang",
        "Hoàn thành tốt nhiệm vụ",
        "xếp loại lại: Hoàn thành nhiệm vụ",
        "Còn 02 nhiệm vụ chậm tiến độ",
        "T/M BAN THƯỜNG VỤ",
    ]:
        assert pdf.has(phrase), phrase
    assert "{{" not in pdf.text
    # Only an accepted complaint has a decision.
    rejected = lodge(world, MemberReview.objects.get(pk=announced.pk), kind="petition")
    services.complaint_decide(
        by=world.office, complaint=rejected, version=None, accept=False, answer="Giữ nguyên."
    )
    missing = login(world.office).get(f"/evaluation/complaints/{rejected.pk}/decision.docx")
    assert missing.status_code == 404


def test_an_answer_to_a_complaint_answered_meanwhile_is_refused_on_the_page(
    world, announced, login
):
    complaint = lodge(world, announced)
    services.complaint_decide(
        by=world.admin, complaint=complaint, version=None, accept=False, answer="Giữ nguyên."
    )
    with override("vi"):
        response = login(world.office).post(
            f"/evaluation/complaints/{complaint.pk}/answer/",
            {"version": complaint.version, "accept": "1", "new_rank": "ht", "answer": "Xếp lại."},
        )
    assert response.status_code == 200
    assert MemberReview.objects.get(pk=announced.pk).rank == "htt"
    errors = " ".join(response.context["answer_form"].non_field_errors())
    assert errors


def test_ranking_again_to_htxs_respects_a_blocking_quota(world, announced):
    """Facts that allow HTXS, few HTT in the group: under a blocking quota the new rank is
    refused; under the default (warn) it is given."""
    MemberReview.objects.filter(pk=announced.pk).update(
        general_score=29, results_score=66, tasks_exceeded=5
    )
    rule_set = announced.round.rule_set
    rule_set.quota_mode = "block"
    rule_set.save()
    complaint = lodge(world, announced, asked_rank="htxs")

    def answer():
        return services.complaint_decide(
            by=world.office,
            complaint=complaint,
            version=None,
            accept=True,
            answer="Đủ điều kiện hoàn thành xuất sắc.",
            new_rank="htxs",
        )

    error = refused(answer)
    assert "HTXS" in error.message_dict["new_rank"][0]
    rule_set.quota_mode = "warn"
    rule_set.save()
    assert answer().status == "upheld"
    assert MemberReview.objects.get(pk=announced.pk).rank == "htxs"
