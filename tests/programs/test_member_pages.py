"""A member's registration pages: register, submit, copy, edit, conflicts, progress with
evidence, self-assessment, the commitment page's history, and fixed query counts.

The pages use today's date (timezone.localdate()), so the years here have their windows set
around the real today; the services' `today` argument is only used to build the past year.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from lamtheo.programs import services
from lamtheo.programs.cards import registration
from lamtheo.programs.models import Commitment, CommitmentEvent, Evidence, ProgressNote
from lamtheo.programs.queries.member import EVENT_LABELS
from lamtheo.programs.services.registrations import EVIDENCE_MAX_BYTES
from tests.factories import UserFactory, png_bytes
from tests.programs.conftest import COMMITMENT

DAY = dt.timedelta(days=1)
PNG = png_bytes()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def windows(day: dt.date, phase: str = "registration") -> dict:
    """Windows around `day`: registration open, registration over, or self-assessment open."""
    if phase == "registration":
        reg, sa = (day - 10 * DAY, day + 10 * DAY), (day + 30 * DAY, day + 60 * DAY)
    elif phase == "late":
        reg, sa = (day - 40 * DAY, day - 10 * DAY), (day + 30 * DAY, day + 60 * DAY)
    else:
        reg, sa = (day - 60 * DAY, day - 30 * DAY), (day - 5 * DAY, day + 5 * DAY)
    return {
        "registration_opens": reg[0],
        "registration_closes": reg[1],
        "self_assessment_opens": sa[0],
        "self_assessment_closes": sa[1],
        "evaluation_deadline": sa[1] + 10 * DAY,
    }


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def live_program(world, today):
    return services.program_create(
        by=world.office,
        unit=world.committee,
        name="Thực hiện Kết luận 01-KL/TW",
        start_year=today.year - 3,
        end_year=today.year + 1,
    )


@pytest.fixture
def last_year(world, live_program, today):
    """Last year, closed: person_a registered one commitment, met."""
    y = today.year - 1
    year = services.year_create(
        by=world.office,
        program=live_program,
        year=y,
        theme="Chuyên đề năm trước",
        **windows(dt.date(y, 3, 1)),
    )
    year = services.year_advance(by=world.office, year=year)
    commitment = services.commitment_create(
        by=world.member,
        year=year,
        person=world.person_a,
        submit=True,
        today=dt.date(y, 3, 1),
        **{**COMMITMENT, "action": "Việc làm theo Bác năm trước", "due_on": dt.date(y, 12, 1)},
    )
    services.commitment_approve(by=world.secretary, commitment=commitment, version=None)
    services.commitment_evaluate(
        by=world.secretary, commitment=commitment, version=None, outcome="met"
    )
    year = services.year_advance(by=world.office, year=year)
    return services.year_advance(by=world.office, year=year)


@pytest.fixture
def live_year(world, live_program, last_year, today):
    """This year, open, registration open today."""
    year = services.year_create(
        by=world.office,
        program=live_program,
        year=today.year,
        theme="Chuyên đề năm nay",
        **windows(today),
    )
    return services.year_advance(by=world.office, year=year)


@pytest.fixture
def make(world, live_year):
    """make(status="submitted" | "draft" | "approved") a commitment of person_a this year."""

    def _make(status="submitted", **fields):
        commitment = services.commitment_create(
            by=world.member,
            year=live_year,
            person=world.person_a,
            submit=status != "draft",
            **{**COMMITMENT, "due_on": None, **fields},
        )
        if status == "approved":
            commitment = services.commitment_approve(
                by=world.secretary, commitment=commitment, version=None
            )
        return commitment

    return _make


def form(**changes) -> dict:
    data = {
        "content_area": "work_style",
        "action": "Trả lời mọi phản ánh của khách hàng trong 24 giờ",
        "expected_result": "100% phản ánh được trả lời đúng hạn",
        "due_on": "30/11/2026",
        "shortcoming": "Còn chậm trả lời khách hàng",
        "intent": "submit",
    }
    data.update(changes)
    return data


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def page_text(response) -> str:
    return response.content.decode()


# -- registering -----------------------------------------------------------------------------


def test_member_registers_and_submits_in_the_window(world, login, live_year):
    client = login(world.member)
    page = client.get(f"/registrations/new/?year={live_year.pk}")
    assert page.status_code == 200 and page.context["problem"] == ""
    response = client.post(f"/registrations/new/?year={live_year.pk}", form())
    assert response.status_code == 302 and response["Location"] == "/registrations/"
    commitment = Commitment.objects.get(year=live_year)
    assert commitment.status == "submitted"
    assert (commitment.person_id, commitment.unit_id) == (world.person_a.pk, world.cell_a.pk)
    assert commitment.due_on == dt.date(2026, 11, 30)
    mine = client.get("/registrations/")
    [card] = mine.context["cards"]
    assert [e.commitment.pk for e in card.entries] == [commitment.pk]
    assert escape(gettext("Waiting for approval")) in page_text(mine)


def test_draft_then_submit_from_my_page(world, login, live_year):
    client = login(world.member)
    client.post(f"/registrations/new/?year={live_year.pk}", form(intent="save"))
    draft = Commitment.objects.get(year=live_year)
    assert draft.status == "draft"
    [card] = client.get("/registrations/").context["cards"]
    step = card.entries[0].step
    assert step.post and step.label == gettext("Submit")
    response = client.post(step.url, {"version": draft.version, "next": "/registrations/"})
    assert response.status_code == 302 and response["Location"] == "/registrations/"
    draft.refresh_from_db()
    assert draft.status == "submitted"
    actions = list(draft.events.order_by("at", "id").values_list("action", flat=True))
    assert actions == ["created", "submitted"]


def test_late_registration_is_refused_with_the_message_and_keeps_the_input(
    world, login, live_year, today
):
    services.year_update(by=world.office, year=live_year, **windows(today, "late"))
    closes = (today - 10 * DAY).strftime("%d/%m/%Y")
    client = login(world.member)
    page = client.get(f"/registrations/new/?year={live_year.pk}")
    assert closes in page.context["problem"]
    response = client.post(f"/registrations/new/?year={live_year.pk}", form())
    assert response.status_code == 200
    assert closes in " ".join(response.context["form"].non_field_errors())
    assert escape(form()["action"]) in page_text(response)
    assert not Commitment.objects.filter(year=live_year).exists()
    # The register button is gone and the page says why.
    [card] = client.get("/registrations/").context["cards"]
    assert not card.register.allowed and closes in card.register_note


def test_at_most_the_allowed_number(world, login, make, live_year):
    make()
    make()
    client = login(world.member)
    [card] = client.get("/registrations/").context["cards"]
    assert card.counting == 2 and not card.register.allowed and card.register_note == ""
    response = client.post(f"/registrations/new/?year={live_year.pk}", form())
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Commitment.objects.filter(year=live_year).count() == 2


def test_withdraw_frees_a_place(world, login, make):
    first = make()
    make()
    client = login(world.member)
    response = client.post(f"/registrations/{first.pk}/withdraw/", {"version": first.version})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "withdrawn"
    [card] = client.get("/registrations/").context["cards"]
    assert card.counting == 1 and card.register.allowed


def test_invalid_form_keeps_the_input(world, login, live_year):
    client = login(world.member)
    response = client.post(
        f"/registrations/new/?year={live_year.pk}", form(expected_result="", due_on="31/31/2026")
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"expected_result", "due_on"}
    assert escape(form()["action"]) in page_text(response)


def test_secretary_registers_for_a_member_and_for_the_cell(world, login, live_year):
    client = login(world.secretary)
    url = f"/registrations/new/?year={live_year.pk}&person={world.person_a.pk}"
    response = client.post(url, form())
    commitment = Commitment.objects.get(person=world.person_a, year=live_year)
    assert response["Location"] == f"/registrations/{commitment.pk}/"
    assert commitment.events.get(action="created").actor == world.secretary
    client.post(f"/registrations/new/?year={live_year.pk}&unit={world.cell_a.pk}", form())
    collective = Commitment.objects.get(kind="collective")
    assert collective.unit_id == world.cell_a.pk and collective.status == "submitted"
    outsider = login(world.other_secretary)
    assert outsider.post(url, form()).status_code == 404
    assert Commitment.objects.count() == 3  # with last year's


def test_copy_last_years_commitment_as_a_draft(world, login, live_year, last_year):
    client = login(world.member)
    [card] = client.get("/registrations/").context["cards"]
    [source] = card.copyable
    assert source.year_id == last_year.pk
    response = client.post(f"/registrations/copy/{source.pk}/?year={live_year.pk}")
    draft = Commitment.objects.get(year=live_year)
    assert response.status_code == 302
    assert response["Location"] == f"/registrations/{draft.pk}/edit/"
    assert draft.status == "draft" and draft.copied_from_id == source.pk
    assert draft.action == source.action and draft.due_on is None
    page = client.get(response["Location"])
    assert page.status_code == 200 and page.context["can_submit"]


def test_past_years_show_their_result(world, login, live_year, last_year):
    past = login(world.member).get("/registrations/").context["past"]
    assert [p.year.pk for p in past] == [last_year.pk]
    assert [c.outcome for c in past[0].commitments] == ["met"]


def test_account_without_a_person_gets_a_page_that_says_so(world, login):
    response = login(world.office).get("/registrations/")
    assert response.status_code == 200
    assert response.templates[0].name == "programs/member/not_linked.html"


# -- editing and conflicts -------------------------------------------------------------------


def test_editing_an_approved_commitment_sends_it_back_for_approval(world, login, make):
    commitment = make("approved")
    client = login(world.member)
    page = client.get(f"/registrations/{commitment.pk}/edit/")
    assert page.status_code == 200 and not page.context["can_submit"]
    data = form(action="Một việc khác hẳn", intent="save", version=commitment.version)
    response = client.post(f"/registrations/{commitment.pk}/edit/", data)
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == "submitted" and commitment.action == "Một việc khác hẳn"
    history = client.get(f"/registrations/{commitment.pk}/").context["history"]
    assert history[0]["action"] == EVENT_LABELS["edited_after_approval"]
    label = str(Commitment._meta.get_field("action").verbose_name)
    assert (label, COMMITMENT["action"], "Một việc khác hẳn") in history[0]["changes"]


def test_two_people_editing_at_once_one_wins_the_other_keeps_their_text(world, make):
    commitment = make("draft")
    member, secretary = client_for(world.member), client_for(world.secretary)
    url = f"/registrations/{commitment.pk}/edit/"
    seen = member.get(url).context["form"]["version"].value()
    assert secretary.get(url).context["form"]["version"].value() == seen
    won = secretary.post(url, form(action="Bí thư sửa", intent="save", version=seen))
    assert won.status_code == 302
    lost = member.post(url, form(action="Đảng viên sửa", intent="save", version=seen))
    assert lost.status_code == 200
    text = page_text(lost)
    assert "đã có người cập nhật" in text.lower()
    assert "Đảng viên sửa" in text  # what the member typed
    current = lost.context["current"]
    assert current.action == "Bí thư sửa" and "Bí thư sửa" in text  # what is stored now
    assert Commitment.objects.get(pk=commitment.pk).action == "Bí thư sửa"
    # Saving again after reading the stored version goes through: nothing was lost.
    fresh_version = lost.context["form"]["version"].value()
    assert int(fresh_version) == current.version
    again = member.post(url, form(action="Đảng viên sửa", intent="save", version=fresh_version))
    assert again.status_code == 302
    assert Commitment.objects.get(pk=commitment.pk).action == "Đảng viên sửa"
    edits = CommitmentEvent.objects.filter(commitment=commitment, action="edited")
    assert sorted(e.changes["action"][1] for e in edits) == ["Bí thư sửa", "Đảng viên sửa"]


def test_a_stale_submit_button_is_refused_with_a_message(world, login, make):
    commitment = make("draft")
    stale = commitment.version
    services.commitment_update(
        by=world.secretary, commitment=commitment, version=stale, action="Bí thư sửa"
    )
    client = login(world.member)
    response = client.post(f"/registrations/{commitment.pk}/submit/", {"version": stale})
    assert response.status_code == 302
    assert Commitment.objects.get(pk=commitment.pk).status == "draft"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("đã có người cập nhật" in m.lower() for m in messages)


def test_inspector_may_read_but_not_change(world, login, make):
    commitment = make()
    client = login(world.inspector)
    assert client.get(f"/registrations/{commitment.pk}/").status_code == 200
    response = client.post(
        f"/registrations/{commitment.pk}/edit/", form(version=commitment.version)
    )
    assert response.status_code == 403
    assert Commitment.objects.get(pk=commitment.pk).action == COMMITMENT["action"]


# -- progress and evidence -------------------------------------------------------------------


def test_progress_with_evidence_and_downloads_in_scope_only(world, login, make):
    commitment = make("approved")
    client = login(world.member)
    response = client.post(
        f"/registrations/{commitment.pk}/progress/",
        {
            "text": "Quý I: 3/3 số đúng hạn",
            "files": [
                SimpleUploadedFile("anh-chup.png", PNG, content_type="image/png"),
                SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf"),
            ],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/registrations/{commitment.pk}/#progress"
    note = ProgressNote.objects.get(commitment=commitment)
    files = {e.original_name: e for e in Evidence.objects.filter(note=note)}
    assert set(files) == {"anh-chup.png", "bien-ban.pdf"}
    page = client.get(f"/registrations/{commitment.pk}/")
    assert page.context["notes"][0].files and "/registrations/evidence/" in page_text(page)
    assert "/media/" not in page_text(page)
    url = f"/registrations/evidence/{files['anh-chup.png'].pk}/"
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert "attachment" in download["Content-Disposition"]
    assert login(world.other_secretary).get(url).status_code == 404
    outsider = UserFactory(username="ngoai")
    assert login(outsider).get(url).status_code == 404


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("to.pdf", b"%PDF" + b"0" * EVIDENCE_MAX_BYTES, "application/pdf"),
        SimpleUploadedFile("trang.html", b"<script>alert(1)</script>", "text/html"),
        # The browser's word for the type decides nothing: the bytes are a web page.
        SimpleUploadedFile("bao-cao.pdf", b"<script>alert(1)</script>", "application/pdf"),
    ],
    ids=["too-large", "wrong-type", "disguised"],
)
def test_oversize_or_wrong_type_evidence_is_refused(world, login, make, upload):
    commitment = make("approved")
    upload.seek(0)
    response = login(world.member).post(
        f"/registrations/{commitment.pk}/progress/",
        {"text": "Đã làm xong phần việc quý I", "files": [upload]},
    )
    assert response.status_code == 200
    assert response.context["progress_form"].errors["files"]
    assert "Đã làm xong phần việc quý I" in page_text(response)
    assert not ProgressNote.objects.exists() and not Evidence.objects.exists()


def test_progress_before_approval_is_not_offered(world, login, make):
    commitment = make()
    client = login(world.member)
    page = client.get(f"/registrations/{commitment.pk}/")
    assert page.context["progress_form"] is None
    response = client.post(f"/registrations/{commitment.pk}/progress/", {"text": "Sớm quá"})
    assert response.status_code == 200 and response.context["progress_form"].errors


# -- self-assessment -------------------------------------------------------------------------


def test_self_assessment_outside_then_inside_its_window(world, login, make, live_year, today):
    commitment = make("approved")
    client = login(world.member)
    url = f"/registrations/{commitment.pk}/self-assess/"
    opens = (today + 30 * DAY).strftime("%d/%m/%Y")
    page = client.get(url)
    assert page.status_code == 200 and opens in page.context["problem"]
    data = {"text": "Hoàn thành 12/12 số", "proposed_outcome": "met", "version": commitment.version}
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert opens in " ".join(refused.context["form"].non_field_errors())
    assert "Hoàn thành 12/12 số" in page_text(refused)
    assert Commitment.objects.get(pk=commitment.pk).status == "approved"

    services.year_update(by=world.office, year=live_year, **windows(today, "self_assessment"))
    [card] = client.get("/registrations/").context["cards"]
    assert card.entries[0].step.label == gettext("Assess myself")
    assert client.post(url, data).status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == "self_assessed" and commitment.proposed_outcome == "met"
    assert commitment.self_assessment == "Hoàn thành 12/12 số"


def test_self_assessment_conflict_keeps_the_text(world, login, make, live_year, today):
    commitment = make("approved")
    services.year_update(by=world.office, year=live_year, **windows(today, "self_assessment"))
    client = login(world.member)
    url = f"/registrations/{commitment.pk}/self-assess/"
    seen = client.get(url).context["form"]["version"].value()
    services.progress_add(by=world.member, commitment=commitment, text="Từ máy khác")
    data = {"text": "Tự đánh giá của tôi", "proposed_outcome": "exceeded", "version": seen}
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["current"] is not None
    assert "Tự đánh giá của tôi" in page_text(response)
    data["version"] = response.context["form"]["version"].value()
    assert client.post(url, data).status_code == 302


# -- the commitment page ---------------------------------------------------------------------


def test_returned_commitment_shows_the_comment_and_the_revise_step(world, login, make):
    commitment = make()
    services.commitment_return(
        by=world.secretary, commitment=commitment, version=None, comment="Kết quả cần đo được"
    )
    client = login(world.member)
    mine = client.get("/registrations/")
    [card] = mine.context["cards"]
    assert card.entries[0].step.label == gettext("Revise as suggested")
    assert "Kết quả cần đo được" in page_text(mine)
    detail = client.get(f"/registrations/{commitment.pk}/")
    assert [row["who"] for row in detail.context["history"]][0] == "bithu"
    assert detail.context["history"][0]["comment"] == "Kết quả cần đo được"


def test_evaluated_commitment_shows_its_result(world, login, make):
    commitment = make("approved")
    services.commitment_evaluate(
        by=world.secretary, commitment=commitment, version=None, outcome="exceeded"
    )
    page = login(world.member).get(f"/registrations/{commitment.pk}/")
    assert page.context["commitment"].outcome == "exceeded"
    assert escape(gettext("Exceeded (vượt)")) in page_text(page)
    assert "HTXS" not in page_text(page)
    assert not any(o.allowed for o in page.context["offers"].values())


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_my_page_runs_a_fixed_number_of_queries(world, make, live_year):
    client = client_for(world.member)
    make()
    few = _count_queries(client, "/registrations/")
    for _ in range(4):
        extra = make()
        services.commitment_withdraw(by=world.member, commitment=extra, version=extra.version)
    make("approved")
    many = _count_queries(client, "/registrations/")
    assert few == many <= 12


@pytest.mark.parametrize("viewer", ["member", "secretary"])
def test_commitment_page_runs_a_fixed_number_of_queries(world, make, viewer):
    commitment = make("approved")
    client = client_for(getattr(world, viewer))
    url = f"/registrations/{commitment.pk}/"
    few = _count_queries(client, url)
    for i in range(8):
        services.progress_add(
            by=world.member,
            commitment=commitment,
            text=f"Tiến độ {i}",
            files=[SimpleUploadedFile(f"anh-{i}.png", PNG, content_type="image/png")],
        )
    commitment.refresh_from_db()
    services.commitment_update(
        by=world.member, commitment=commitment, version=commitment.version, action="Sửa lại"
    )
    many = _count_queries(client, url)
    page = client.get(url)
    assert len(page.context["notes"]) == 8 and len(page.context["history"]) == 12
    assert few == many <= 12


def test_home_card_has_one_next_step_in_fixed_queries(
    world, make, live_year, django_assert_num_queries
):
    draft = make("draft")
    make()
    user = type(world.member).objects.get(pk=world.member.pk)  # no cached scope
    with django_assert_num_queries(5):  # grants, person scope, person, years, commitments
        card = registration(user)
    context = {"registration_card": card}
    assert card["year"].pk == live_year.pk and card["counting"] == 2
    assert card["step"].label == gettext("Submit") and card["commitment"].pk == draft.pk
    assert {s: n for s, _label, n in card["statuses"]} == {"draft": 1, "submitted": 1}
    request = RequestFactory().get("/")
    request.user = user
    html = render_to_string("programs/member/_home_card.html", context, request=request)
    assert f"/registrations/{draft.pk}/submit/" in html


def test_home_card_is_empty_without_a_person_or_a_year(world):
    assert registration(world.office) is None
    assert registration(world.member) is None
