"""The pages of study sessions: planning, publishing, the session page, the roll call, excuses,
self-study, a member's own record, materials and the calendar feed.

Vietnamese wording that exists only in docs/i18n/study-sessions.po is not compiled yet, so the
tests assert on values, structure and status codes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lamtheo.accounts.models import FeedToken
from lamtheo.accounts.services import feed_token_for, feed_token_reset
from lamtheo.org.models import Person
from lamtheo.study import services
from lamtheo.study.models import (
    Attendance,
    AudiencePerson,
    AudienceUnit,
    ConnectionPoint,
    Excuse,
    Invitation,
    Material,
    SelfStudy,
    StudySession,
)
from lamtheo.study.views import calendar
from tests.factories import GrantFactory, PersonFactory, UnitFactory, UserFactory, png_bytes

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = png_bytes()


def local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


def form_data(**overrides) -> dict:
    start = timezone.localtime() + dt.timedelta(days=3)
    start = start.replace(hour=8, minute=0, second=0, microsecond=0)
    data = {
        "title": "Hội nghị cán bộ chủ chốt quý IV",
        "kind": "key_cadre",
        "format": "hybrid",
        "program_year": "",
        "topic": "Quán triệt Kết luận 01-KL/TW",
        "starts_at": local(start),
        "ends_at": local(start + dt.timedelta(hours=3)),
        "place": "Hội trường Đảng ủy Khối",
        "online_link": "https://meet.example.org/dukh",
        "agenda": "1. Khai mạc\n2. Quán triệt",
        "counts_for_participation": "on",
        "points": "CBA: Điểm cầu Chi bộ A\nĐiểm cầu: Hội trường chính",
        "audience_units": "DUK",
        "extra_people": "",
    }
    data.update(overrides)
    return data


def docx_bytes(member: str = "word/document.xml") -> bytes:
    # A fixed date in the archive: the bytes name parametrized tests, and pytest-xdist refuses
    # to run when its workers, collecting a second apart, name them differently.
    day = (2026, 1, 1, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("[Content_Types].xml", date_time=day), "<Types/>")
        archive.writestr(zipfile.ZipInfo(member, date_time=day), "<w:document/>")
    return buffer.getvalue()


def make_session(world, *, by=None, unit=None, starts_in=dt.timedelta(hours=1), **fields):
    start = timezone.now() + starts_in
    session = services.session_create(
        by=by or world.office,
        unit=unit or world.committee,
        title=fields.pop("title", "Sinh hoạt chuyên đề"),
        kind=fields.pop("kind", "thematic"),
        starts_at=start,
        ends_at=start + fields.pop("duration", dt.timedelta(hours=2)),
        **fields,
    )
    return session


# -- planning and publishing -----------------------------------------------------------------


def test_create_then_publish_then_invitations_shown(world, login):
    client = login(world.office)
    url = f"/study/new/?unit={world.committee.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"]["audience_units"].value() == "DUK"

    response = client.post(url, form_data())
    session = StudySession.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/study/{session.pk}/"
    assert session.status == "draft" and session.unit == world.committee
    assert session.created_by == world.office
    assert timezone.localtime(session.starts_at).hour == 8
    assert list(AudienceUnit.objects.values_list("unit__code", flat=True)) == ["DUK"]
    points = {p.name: p.unit for p in ConnectionPoint.objects.all()}
    # "CBA:" is a unit code, "Điểm cầu:" is not: the second line is a name as typed.
    assert points == {"Điểm cầu Chi bộ A": world.cell_a, "Điểm cầu: Hội trường chính": None}

    detail = client.get(f"/study/{session.pk}/")
    assert detail.context["will_invite"] == 2
    assert detail.context["totals"].invited == 0

    response = client.post(f"/study/{session.pk}/publish/")
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == "published" and session.published_at
    detail = client.get(f"/study/{session.pk}/")
    # Vietnamese order: by given name, Ánh before Quang.
    names = [row["invitation"].person.full_name for row in detail.context["rows"]]
    assert names == ["Trần Thị Ánh", "Nguyễn Văn Quang"]
    assert detail.context["totals"].invited == 2
    assert detail.context["totals"].not_recorded == 2
    # Person A's invitation sits at cell A's connection point.
    point_a = ConnectionPoint.objects.get(unit=world.cell_a)
    assert Invitation.objects.get(person=world.person_a).point == point_a
    assert Invitation.objects.get(person=world.person_b).point is None
    per_point = {row["point"]: row["invited"] for row in detail.context["per_point"]}
    assert per_point[point_a] == 1 and per_point[None] == 1

    # The invited member sees the session in their list with their invitation.
    member = login(world.member)
    listing = member.get("/study/")
    row = next(s for s in listing.context["upcoming"] if s.pk == session.pk)
    assert row.mark.invited and row.mark.status == "invited"


def test_a_refused_form_keeps_what_was_typed(world, login):
    client = login(world.office)
    data = form_data(audience_units="DUK NOPE", extra_people="99999999")
    response = client.post(f"/study/new/?unit={world.committee.pk}", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "NOPE" in str(form.errors["audience_units"])
    assert "99999999" in str(form.errors["extra_people"])
    assert form["title"].value() == data["title"]
    assert not StudySession.objects.exists()


def test_end_before_start_is_refused(world, login):
    client = login(world.office)
    data = form_data()
    data["ends_at"], data["starts_at"] = data["starts_at"], data["ends_at"]
    response = client.post(f"/study/new/?unit={world.committee.pk}", data)
    assert response.status_code == 200 and "ends_at" in response.context["form"].errors
    assert not StudySession.objects.exists()


def test_audience_outside_the_hosts_scope_is_refused(world, login):
    client = login(world.secretary)
    response = client.post(f"/study/new/?unit={world.cell_a.pk}", form_data(audience_units="CBB"))
    assert response.status_code == 200
    assert "CBB" in str(response.context["form"].errors["audience_units"])
    response = client.post(f"/study/new/?unit={world.cell_a.pk}", form_data(audience_units="CBA"))
    assert response.status_code == 302
    assert StudySession.objects.get().unit == world.cell_a


def test_extra_people_by_card_number_code_or_number(world, login, session):
    guest = PersonFactory(unit=world.cell_b, party_card_number="01234567", code="NV-9")
    other = PersonFactory(unit=world.cell_b, code="NV-10")
    plain = PersonFactory(unit=world.group_a)
    client = login(world.office)
    data = form_data(
        audience_units="CBA",
        extra_people=f"01234567, NV-10 #{plain.pk}",
        points="",
    )
    response = client.post(f"/study/{session.pk}/edit/", data)
    assert response.status_code == 302
    people = set(AudiencePerson.objects.values_list("person_id", flat=True))
    assert people == {guest.pk, other.pk, plain.pk}
    again = client.get(f"/study/{session.pk}/edit/").context["form"].initial["extra_people"]
    assert set(again.split()) == {"01234567", "NV-10", f"#{plain.pk}"}


def test_the_audience_form_shows_card_numbers_only_to_whom_may_see_them(world, login, session):
    """A committee's secretary plans the committee's sessions but sees the card numbers of
    the people of its cells masked (org.privacy): the form names those people by personal
    code or record number, and a card number typed does not find them."""
    guest = PersonFactory(unit=world.cell_b, party_card_number="01234567", code="NV-9")
    bare = PersonFactory(unit=world.cell_b, party_card_number="76543210")
    AudiencePerson.objects.create(session=session, person=guest)
    AudiencePerson.objects.create(session=session, person=bare)
    head = UserFactory(username="bithu_dang_uy")
    GrantFactory(user=head, unit=world.committee, role="secretary")
    client = login(head)
    page = client.get(f"/study/{session.pk}/edit/")
    assert set(page.context["form"].initial["extra_people"].split()) == {"NV-9", f"#{bare.pk}"}
    html = page.content.decode()
    assert "01234567" not in html and "76543210" not in html

    # Guessing a card number finds nobody, and changes nothing.
    data = form_data(audience_units="DUK", extra_people="NV-9 76543210", points="")
    response = client.post(f"/study/{session.pk}/edit/", data)
    assert response.status_code == 200
    assert "76543210" in str(response.context["form"].errors["extra_people"])
    assert set(AudiencePerson.objects.values_list("person_id", flat=True)) == {guest.pk, bare.pk}

    # The office over the cells sees them: the form keeps the card numbers.
    again = login(world.office).get(f"/study/{session.pk}/edit/").context["form"].initial
    assert set(again["extra_people"].split()) == {"01234567", "76543210"}


def test_edit_a_published_session_invites_people_added(world, login, published):
    newcomer = PersonFactory(unit=world.cell_b, party_card_number="7654321")
    client = login(world.office)
    initial = client.get(f"/study/{published.pk}/edit/").context["form"].initial
    assert initial["audience_units"] == "DUK"
    data = form_data(title="Hội nghị (đổi giờ)", extra_people="7654321", points="")
    response = client.post(f"/study/{published.pk}/edit/", data)
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.title == "Hội nghị (đổi giờ)"
    # The newcomer is in DUK's subtree too: invited now, once.
    assert Invitation.objects.filter(session=published, person=newcomer).count() == 1


def test_cancel_then_edit_is_refused(world, login, published):
    client = login(world.office)
    response = client.post(f"/study/{published.pk}/cancel/")
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == "cancelled"
    response = client.get(f"/study/{published.pk}/edit/")
    assert response.status_code == 302 and response["Location"] == f"/study/{published.pk}/"
    response = client.post(f"/study/{published.pk}/edit/", form_data())
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    # Cancelling twice says so rather than failing.
    response = client.post(f"/study/{published.pk}/cancel/", follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_publish_without_audience_is_refused(world, login):
    session = make_session(world)
    client = login(world.office)
    response = client.post(f"/study/{session.pk}/publish/", follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    session.refresh_from_db()
    assert session.status == "draft"


def test_only_the_host_publishes(world, login, session):
    # A draft is not shown to a cell secretary yet: nobody of theirs is invited.
    assert login(world.secretary).post(f"/study/{session.pk}/publish/").status_code == 404
    assert login(world.inspector).post(f"/study/{session.pk}/publish/").status_code == 403
    assert login(world.other_secretary).post(f"/study/{session.pk}/cancel/").status_code == 404
    session.refresh_from_db()
    assert session.status == "draft"


def test_programme_years_offered_cover_the_host_unit(world, login):
    from lamtheo.programs import services as program_services

    today = timezone.localdate()
    program = program_services.program_create(
        by=world.office,
        unit=world.committee,
        name="Kết luận 01-KL/TW",
        start_year=today.year,
        end_year=today.year + 1,
    )
    year = program_services.year_create(
        by=world.office,
        program=program,
        year=today.year,
        theme="Ý chí tự lực, tự cường",
        registration_opens=today,
        registration_closes=today,
        self_assessment_opens=today,
        self_assessment_closes=today,
        evaluation_deadline=today,
    )
    client = login(world.secretary)
    page = client.get(f"/study/new/?unit={world.cell_a.pk}")
    assert list(page.context["form"].fields["program_year"].queryset) == [year]
    response = client.post(
        f"/study/new/?unit={world.cell_a.pk}",
        form_data(program_year=str(year.pk), audience_units="CBA", points=""),
    )
    assert response.status_code == 302
    session = StudySession.objects.get()
    assert session.program_year == year
    assert "Ý chí tự lực, tự cường" in client.get(f"/study/{session.pk}/").content.decode()


# -- the list and calendar -------------------------------------------------------------------


def test_list_filters_by_unit_subtree_and_month(world, login, published):
    cell_meeting = make_session(world, by=world.secretary, unit=world.cell_a, title="Chi bộ A họp")
    client = login(world.office)
    everything = client.get("/study/")
    assert {s.pk for s in everything.context["upcoming"]} == {published.pk, cell_meeting.pk}
    only_a = client.get("/study/?unit=CBA")
    assert [s.pk for s in only_a.context["upcoming"]] == [cell_meeting.pk]
    assert client.get("/study/?unit=NOPE").status_code == 404
    assert client.get("/study/?month=2026-13").status_code == 404

    month = timezone.localtime(published.starts_at).strftime("%Y-%m")
    by_month = client.get(f"/study/?month={month}")
    assert {s.pk for s in by_month.context["page"]} == {published.pk, cell_meeting.pk}
    days = [day for week in by_month.context["weeks"] for day in week if day.count]
    assert sum(day.count for day in days) == 2
    # The grid names them on their days, linked, from the rows read as plain values.
    named = {s.pk: s for day in days for s in day.sessions}
    assert set(named) == {published.pk, cell_meeting.pk}
    html = by_month.content.decode()
    for session in (published, cell_meeting):
        assert named[session.pk].title == session.title
        assert f'href="/study/{session.pk}/" title="{session.title}"' in html
    other = client.get("/study/?month=2001-01")
    assert list(other.context["page"]) == []


def test_the_new_session_button_only_for_hosts(world, login):
    assert login(world.office).get("/study/").context["create_units"] == [world.committee]
    assert login(world.secretary).get("/study/").context["create_units"] == [world.cell_a]
    assert login(world.inspector).get("/study/").context["create_units"] == []
    assert login(world.member).get("/study/").context["create_units"] == []


def test_dates_show_as_dd_mm_yyyy(world, login, published):
    body = login(world.office).get(f"/study/{published.pk}/").content.decode()
    assert timezone.localtime(published.starts_at).strftime("%d/%m/%Y %H:%M") in body


# -- the session page and its live part ------------------------------------------------------


def test_a_member_sees_their_invitation_not_the_others(world, login, published):
    response = login(world.member).get(f"/study/{published.pk}/")
    assert response.status_code == 200
    assert response.context["mark"].invited
    assert "rows" not in response.context
    assert "Trần Thị Ánh" not in response.content.decode()
    # The live fragment is for those with a grant.
    assert login(world.member).get(f"/study/{published.pk}/attendance/").status_code == 403


def test_live_fragment_polls_while_the_session_runs(world, login, published):
    client = login(world.office)
    fragment = client.get(f"/study/{published.pk}/attendance/")
    assert fragment.status_code == 200
    assert 'hx-trigger="every 5s"' in fragment.content.decode()
    services.roll_call(by=world.office, session=published, marks={world.person_a.pk: "late"})
    fragment = client.get(f"/study/{published.pk}/attendance/")
    assert fragment.context["totals"].late == 1
    assert fragment.context["totals"].not_recorded == 1
    # A session next month is not running: no polling.
    later = make_session(world, starts_in=dt.timedelta(days=30))
    services.audience_set(by=world.office, session=later, units=[world.committee])
    services.session_publish(by=world.office, session=later)
    fragment = client.get(f"/study/{later.pk}/attendance/")
    assert "hx-trigger" not in fragment.content.decode()


def test_a_cell_secretary_sees_the_invitees_of_their_cell(world, login, published):
    response = login(world.secretary).get(f"/study/{published.pk}/")
    assert [r["invitation"].person for r in response.context["rows"]] == [world.person_a]
    assert response.context["totals"].invited == 1


# -- the roll call ---------------------------------------------------------------------------


def test_roll_call_by_a_cell_secretary_sees_only_their_cell(world, login, published):
    client = login(world.secretary)
    page = client.get(f"/study/{published.pk}/roll-call/")
    assert page.status_code == 200
    assert [row["person"] for row in page.context["rows"]] == [world.person_a]
    assert f'name="mark-{world.person_a.pk}"' in page.content.decode()

    response = client.post(
        f"/study/{published.pk}/roll-call/", {f"mark-{world.person_a.pk}": "present"}
    )
    assert response.status_code == 302
    record = Attendance.objects.get(person=world.person_a)
    assert record.status == "present" and record.method == "roll_call"
    assert record.recorded_by == world.secretary

    # Someone of cell B is not theirs to mark.
    response = client.post(
        f"/study/{published.pk}/roll-call/", {f"mark-{world.person_b.pk}": "present"}
    )
    assert response.status_code == 403
    assert not Attendance.objects.filter(person=world.person_b).exists()

    # The other cell's secretary takes their own roll.
    other = login(world.other_secretary)
    page = other.get(f"/study/{published.pk}/roll-call/")
    assert [row["person"] for row in page.context["rows"]] == [world.person_b]
    other.post(f"/study/{published.pk}/roll-call/", {f"mark-{world.person_b.pk}": "absent"})
    assert Attendance.objects.get(person=world.person_b).status == "absent"


def test_roll_call_filter_not_yet_recorded(world, login, published):
    services.roll_call(by=world.office, session=published, marks={world.person_a.pk: "present"})
    client = login(world.office)
    everyone = client.get(f"/study/{published.pk}/roll-call/")
    assert len(everyone.context["rows"]) == 2
    todo = client.get(f"/study/{published.pk}/roll-call/?todo=1")
    assert [row["person"] for row in todo.context["rows"]] == [world.person_b]


def test_roll_call_row_by_htmx(world, login, published):
    client = login(world.secretary)
    response = client.post(
        f"/study/{published.pk}/roll-call/",
        {f"mark-{world.person_a.pk}": "late"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.context["row"]["value"] == "late" and response.context["saved"]
    assert f'id="roll-{world.person_a.pk}"' in response.content.decode()
    assert Attendance.objects.get(person=world.person_a).status == "late"


def test_roll_call_too_early_keeps_the_marks(world, login):
    session = make_session(world, starts_in=dt.timedelta(days=2))
    services.audience_set(by=world.office, session=session, units=[world.committee])
    services.session_publish(by=world.office, session=session)
    client = login(world.office)
    response = client.post(
        f"/study/{session.pk}/roll-call/", {f"mark-{world.person_a.pk}": "present"}
    )
    assert response.status_code == 200 and response.context["error"]
    row = next(r for r in response.context["rows"] if r["person"] == world.person_a)
    assert row["value"] == "present"
    assert not Attendance.objects.exists()


def test_roll_call_not_for_members_or_inspectors(world, login, published):
    assert login(world.member).get(f"/study/{published.pk}/roll-call/").status_code == 403
    assert login(world.inspector).get(f"/study/{published.pk}/roll-call/").status_code == 403
    response = login(world.member).post(
        f"/study/{published.pk}/roll-call/", {f"mark-{world.person_a.pk}": "present"}
    )
    assert response.status_code == 403
    assert not Attendance.objects.exists()


# -- excuses ---------------------------------------------------------------------------------


def test_excuse_before_the_start_then_decided(world, login, published):
    member = login(world.member)
    page = member.get(f"/study/{published.pk}/")
    assert "excuse_form" in page.context
    response = member.post(f"/study/{published.pk}/excuse/", {"reason": "Đi công tác Hải Phòng"})
    assert response.status_code == 302
    excuse = Excuse.objects.get()
    assert excuse.person == world.person_a and excuse.status == "pending"

    secretary = login(world.secretary)
    queue = secretary.get("/study/excuses/")
    assert [row["excuse"] for row in queue.context["rows"]] == [excuse]
    assert secretary.get(f"/study/{published.pk}/").context["pending_excuses"] == 1
    assert login(world.other_secretary).get("/study/excuses/").context["rows"] == []

    secretary = login(world.secretary)
    response = secretary.post(
        f"/study/excuses/{excuse.pk}/decide/",
        {"decision": "approve", "comment": "Đồng ý", "next": "/study/excuses/"},
    )
    assert response.status_code == 302 and response["Location"] == "/study/excuses/"
    excuse.refresh_from_db()
    assert excuse.status == "approved" and excuse.decided_by == world.secretary
    assert Attendance.objects.get(person=world.person_a).status == "excused"
    # Deciding again says it is decided, on the form.
    again = secretary.post(f"/study/excuses/{excuse.pk}/decide/", {"decision": "reject"})
    assert again.status_code == 200 and again.context["problem"]
    excuse.refresh_from_db()
    assert excuse.status == "approved"


def test_excuse_rejected(world, login, published):
    excuse = services.excuse_request(
        by=world.member, session=published, person=world.person_a, reason="Bận việc riêng"
    )
    response = login(world.office).post(
        f"/study/excuses/{excuse.pk}/decide/", {"decision": "reject", "comment": "Cần dự"}
    )
    assert response.status_code == 302
    excuse.refresh_from_db()
    assert excuse.status == "rejected" and excuse.comment == "Cần dự"
    assert not Attendance.objects.exists()


def test_excuse_decisions_not_by_others(world, login, published):
    excuse = services.excuse_request(
        by=world.member, session=published, person=world.person_a, reason="Ốm"
    )
    assert (
        login(world.inspector)
        .post(f"/study/excuses/{excuse.pk}/decide/", {"decision": "approve"})
        .status_code
        == 403
    )
    # Cell B's secretary sees the session (person B is invited) but not this excuse's person.
    assert (
        login(world.other_secretary)
        .post(f"/study/excuses/{excuse.pk}/decide/", {"decision": "approve"})
        .status_code
        == 403
    )
    assert (
        login(world.member)
        .post(f"/study/excuses/{excuse.pk}/decide/", {"decision": "approve"})
        .status_code
        == 403
    )
    excuse.refresh_from_db()
    assert excuse.status == "pending"


def test_excuse_after_the_start_keeps_the_reason(world, login, published):
    StudySession.objects.filter(pk=published.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=5)
    )
    response = login(world.member).post(f"/study/{published.pk}/excuse/", {"reason": "Kẹt xe"})
    assert response.status_code == 200
    assert response.context["excuse_form"]["reason"].value() == "Kẹt xe"
    assert response.context["excuse_form"].non_field_errors()
    assert not Excuse.objects.exists()


def test_excuse_needs_a_linked_person(world, login, published):
    assert (
        login(world.office).post(f"/study/{published.pk}/excuse/", {"reason": "x"}).status_code
        == 403
    )


# -- self-study and a member's record --------------------------------------------------------


def test_self_study_recorded_by_the_member(world, login):
    client = login(world.member)
    assert client.get("/study/me/self-study/").status_code == 200
    today = timezone.localdate()
    response = client.post(
        "/study/me/self-study/",
        {
            "studied_on": today.strftime("%d/%m/%Y"),
            "material": "  Tài liệu   chuyên đề năm 2026 ",
            "minutes": "45",
            "note": "Tự lực, tự cường",
        },
    )
    assert response.status_code == 302
    entry = SelfStudy.objects.get()
    assert entry.person == world.person_a and entry.material == "Tài liệu chuyên đề năm 2026"
    assert entry.minutes == 45 and entry.unit == world.cell_a
    record = client.get("/study/me/")
    this_year = record.context["years"][0]
    assert this_year.year == today.year and this_year.self_study == [entry]


def test_self_study_in_the_future_keeps_what_was_typed(world, login):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = login(world.member).post(
        "/study/me/self-study/",
        {"studied_on": tomorrow.strftime("%d/%m/%Y"), "material": "Sách", "minutes": ""},
    )
    assert response.status_code == 200
    assert "studied_on" in response.context["form"].errors
    assert response.context["form"]["material"].value() == "Sách"
    assert not SelfStudy.objects.exists()


def test_self_study_needs_a_linked_person(world, login):
    assert login(world.office).get("/study/me/self-study/").status_code == 403
    assert login(world.office).get("/study/me/").status_code == 200  # says it is not linked


def test_members_record_counts_sessions_taken_part_in(world, login):
    def held(title, hours_ago, counts=True):
        session = make_session(
            world,
            title=title,
            starts_in=-dt.timedelta(hours=hours_ago),
            counts_for_participation=counts,
        )
        services.audience_set(by=world.office, session=session, units=[world.cell_a])
        return services.session_publish(by=world.office, session=session)

    first = held("Sinh hoạt tháng 1", 5)
    second = held("Sinh hoạt tháng 2", 3)
    held("Giao lưu", 2, counts=False)
    upcoming = make_session(world, title="Sắp tới", starts_in=dt.timedelta(days=1))
    services.audience_set(by=world.office, session=upcoming, units=[world.cell_a])
    services.session_publish(by=world.office, session=upcoming)
    services.roll_call(by=world.office, session=first, marks={world.person_a.pk: "present"})
    services.roll_call(by=world.office, session=second, marks={world.person_a.pk: "absent"})

    response = login(world.member).get("/study/me/")
    year = response.context["years"][0]
    assert (year.took_part, year.counted) == (1, 2)
    assert len(year.entries) == 4
    statuses = {e["session"].title: e["mark"].status for e in year.entries}
    assert statuses["Sinh hoạt tháng 1"] == "present"
    assert statuses["Sinh hoạt tháng 2"] == "absent"
    assert statuses["Sắp tới"] == "invited"
    assert 'data-took-part="1" data-counted="2"' in response.content.decode()


# -- materials -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,content,stored_type",
    [
        ("ke-hoach.pdf", PDF, "application/pdf"),
        ("anh.png", PNG, "image/png"),
        (
            "tai-lieu.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "trinh-chieu.pptx",
            docx_bytes("ppt/presentation.xml"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
    ],
)
def test_materials_accepted_by_their_first_bytes(
    world, login, published, name, content, stored_type
):
    client = login(world.office)
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = client.post(f"/study/{published.pk}/materials/", {"title": "", "file": upload})
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.content_type == stored_type and material.size == len(content)
    assert material.title == name.rsplit(".", 1)[0]
    # An invited member downloads it, as an attachment.
    download = login(world.member).get(f"/study/materials/{material.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Type"] == stored_type
    assert download["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "name,content,declared",
    [
        ("virus.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
        ("trang.html", b"<html><script>alert(1)</script>", "image/png"),
        ("bang.xlsx", docx_bytes("xl/workbook.xml"), "application/pdf"),
        ("hong.docx", b"PK\x03\x04 broken zip", "application/msword"),
    ],
)
def test_materials_refused_by_their_first_bytes(world, login, published, name, content, declared):
    upload = SimpleUploadedFile(name, content, content_type=declared)
    response = login(world.office).post(f"/study/{published.pk}/materials/", {"file": upload})
    assert response.status_code == 200
    assert "file" in response.context["material_form"].errors
    assert not Material.objects.exists()


def test_materials_larger_than_20_mb_refused(world, login, published):
    big = SimpleUploadedFile(
        "lon.pdf", PDF + b"0" * (20 * 1024 * 1024), content_type="application/pdf"
    )
    response = login(world.office).post(f"/study/{published.pk}/materials/", {"file": big})
    assert response.status_code == 200
    assert "file" in response.context["material_form"].errors
    assert not Material.objects.exists()


def test_materials_only_by_the_host_and_seen_by_those_who_see_the_session(world, login, session):
    other = make_session(world, title="Khác")
    services.audience_set(by=world.office, session=other, units=[world.cell_a])
    services.session_publish(by=world.office, session=other)
    upload = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    response = login(world.secretary).post(f"/study/{other.pk}/materials/", {"file": upload})
    assert response.status_code == 403
    material = services.material_add(
        by=world.office, session=session, upload=SimpleUploadedFile("a.pdf", PDF)
    )
    # A draft is not visible to the member yet (no invitation).
    assert login(world.member).get(f"/study/materials/{material.pk}/").status_code == 404
    assert login(world.inspector).get(f"/study/materials/{material.pk}/").status_code == 200


# -- the calendar feed -----------------------------------------------------------------------


def unfolded(response) -> list[str]:
    text = response.content.decode()
    return text.replace("\r\n ", "").split("\r\n")


def test_feed_lists_the_users_sessions(world, client, login, published):
    services.session_update(by=world.office, session=published, title="Hội nghị, giao ban; quý IV")
    published.refresh_from_db()
    cancelled = make_session(world, title="Hoãn", starts_in=dt.timedelta(days=2))
    services.audience_set(by=world.office, session=cancelled, units=[world.cell_a])
    services.session_publish(by=world.office, session=cancelled)
    services.session_cancel(by=world.office, session=cancelled)
    old = make_session(world, title="Quá xa", starts_in=-dt.timedelta(days=200))
    services.audience_set(by=world.office, session=old, units=[world.cell_a])
    services.session_publish(by=world.office, session=old)
    not_mine = make_session(world, by=world.other_secretary, unit=world.cell_b, title="Chi bộ B")
    services.audience_set(by=world.other_secretary, session=not_mine, units=[world.cell_b])
    services.session_publish(by=world.other_secretary, session=not_mine)

    client.logout()
    response = client.get(f"/study/calendar/{feed_token_for(world.member)}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    lines = unfolded(response)
    assert all(len(line.encode()) <= 75 for line in response.content.decode().split("\r\n"))
    assert lines.count("BEGIN:VEVENT") == 2
    assert f"UID:study-session-{published.pk}@lamtheo" in lines
    assert f"UID:study-session-{cancelled.pk}@lamtheo" in lines
    assert f"UID:study-session-{not_mine.pk}@lamtheo" not in lines
    assert f"UID:study-session-{old.pk}@lamtheo" not in lines
    assert "SUMMARY:Hội nghị\\, giao ban\\; quý IV" in lines
    start = published.starts_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}" in lines
    assert "LOCATION:Hội trường Đảng ủy Khối" in lines
    assert "STATUS:CANCELLED" in lines and "STATUS:CONFIRMED" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert f"/study/{published.pk}/" in description or f"/study/{cancelled.pk}/" in description


def test_feed_token_is_per_user_and_checked(world, client, published):
    assert client.get(f"/study/calendar/{'A' * 43}.ics").status_code == 404
    token = feed_token_for(world.member)
    assert feed_token_for(world.member) == token  # made once, then kept
    assert feed_token_for(world.office) != token
    assert client.get(f"/study/calendar/{token}.ics").status_code == 200
    world.member.is_active = False
    world.member.save()
    assert client.get(f"/study/calendar/{token}.ics").status_code == 404


def test_the_old_signed_address_no_longer_opens_the_feed(world, client, published):
    """The feed's address used to be the user's id signed with the site's key: it never
    expired and could not be revoked. Such an address now answers 404."""
    signed = signing.Signer(salt="study-calendar").sign(str(world.member.pk))
    assert client.get(f"/study/calendar/{signed}.ics").status_code == 404


def test_a_new_address_revokes_the_old_one(world, client, login, published):
    old = feed_token_for(world.member)
    page = login(world.member).post("/study/calendar/new-address/", follow=True)
    assert page.redirect_chain == [("/study/#feed-title", 302)]
    new = feed_token_for(world.member)
    assert new != old
    assert f"/study/calendar/{new}.ics" in page.context["feed_url"]
    assert "địa chỉ mới" in str(list(page.context["messages"])[0])
    client.logout()
    assert client.get(f"/study/calendar/{old}.ics").status_code == 404
    feed = client.get(f"/study/calendar/{new}.ics")
    assert feed.status_code == 200
    assert f"UID:study-session-{published.pk}@lamtheo" in unfolded(feed)
    # Another user's address is untouched.
    assert feed_token_for(world.office) != new


def test_only_a_post_by_a_signed_in_user_makes_a_new_address(world, client, login):
    old = feed_token_for(world.member)
    assert login(world.member).get("/study/calendar/new-address/").status_code == 405
    client.logout()
    response = client.post("/study/calendar/new-address/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert feed_token_for(world.member) == old


def test_feed_tokens_cannot_be_guessed(world):
    """Random, 256 bits (43 URL-safe characters), unrelated to the user's id or the site's
    key: two users never share one, and a new one is never the old one."""
    users = [UserFactory() for _ in range(20)]
    tokens = [feed_token_for(user) for user in users]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", token) for token in tokens)
    assert len(set(tokens)) == len(tokens)
    seen = {feed_token_for(world.member)}
    for _ in range(5):
        seen.add(feed_token_reset(user=world.member))
    assert len(seen) == 6
    # Made again from scratch (as after the old signed scheme) it is a different secret.
    FeedToken.objects.filter(user=world.member).delete()
    assert feed_token_for(world.member) not in seen


def test_the_list_shows_the_users_feed_link(world, login):
    response = login(world.member).get("/study/")
    assert f"/study/calendar/{feed_token_for(world.member)}.ics" in response.context["feed_url"]
    assert response.context["webcal_url"].startswith("webcal://")


def test_list_upcoming_puts_sessions_in_progress_first_then_by_start(world, login):
    """Upcoming: what has not ended, by start: a week's course begun three days ago, a
    meeting begun an hour ago, then those to come; a session that has ended is recent."""
    course = make_session(
        world, title="Lớp bồi dưỡng", starts_in=-dt.timedelta(days=3), duration=dt.timedelta(days=7)
    )
    meeting = make_session(world, title="Đang họp", starts_in=-dt.timedelta(hours=1))
    later = make_session(world, title="Tuần sau", starts_in=dt.timedelta(days=7))
    soon = make_session(world, title="Ngày mai", starts_in=dt.timedelta(days=1))
    ended = make_session(world, title="Đã xong", starts_in=-dt.timedelta(hours=5))
    response = login(world.office).get("/study/")
    upcoming = [s.pk for s in response.context["upcoming"]]
    assert upcoming == [course.pk, meeting.pk, soon.pk, later.pk]
    assert [s.pk for s in response.context["recent"]] == [ended.pk]


def test_list_upcoming_keeps_thirty_when_more_are_in_progress(world, login):
    in_progress = [
        make_session(world, title=f"Đang học {i}", starts_in=-dt.timedelta(minutes=90 - i))
        for i in range(calendar.UPCOMING + 2)
    ]
    make_session(world, title="Ngày mai", starts_in=dt.timedelta(days=1))
    response = login(world.office).get("/study/")
    upcoming = [s.pk for s in response.context["upcoming"]]
    # Those ending first: a two-hour session begun earliest ends first.
    assert upcoming == [s.pk for s in in_progress[: calendar.UPCOMING]]


# -- fixed number of queries -----------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        b"".join(response.streaming_content)
    return len(ctx.captured_queries)


def _crowd(world, n: int) -> list:
    unit = UnitFactory(parent=world.cell_a)
    return [PersonFactory(unit=unit) for _ in range(n)]


def test_session_pages_run_a_fixed_number_of_queries(world, login, session):
    """Few invitees, then many (more than a page): the same number of queries."""
    services.session_publish(by=world.office, session=session)
    services.points_set(by=world.office, session=session, points=[("A", world.cell_a), ("B", None)])
    services.roll_call(by=world.office, session=session, marks={world.person_a.pk: "present"})
    services.excuse_request(by=world.member, session=session, person=world.person_a, reason="Ốm")
    client = login(world.office)
    urls = [
        f"/study/{session.pk}/",
        f"/study/{session.pk}/attendance/",
        f"/study/{session.pk}/roll-call/",
        f"/study/{session.pk}/roll-call/?todo=1",
        "/study/excuses/",
        f"/study/{session.pk}/edit/",
    ]
    few = {url: _queries(client, url) for url in urls}
    crowd = _crowd(world, 60)
    services.audience_set(
        by=world.office, session=session, units=[world.committee], people=crowd[:10]
    )
    invited = list(Invitation.objects.filter(session=session).values_list("person_id", flat=True))
    services.roll_call(by=world.office, session=session, marks=dict.fromkeys(invited[:30], "late"))
    for pk in invited[30:]:
        person = Person.objects.get(pk=pk)
        services.excuse_request(by=world.office, session=session, person=person, reason="Bận")
    many = {url: _queries(client, url) for url in urls}
    assert few == many


def test_member_pages_run_a_fixed_number_of_queries(world, login):
    def publish(n):
        for i in range(n):
            s = make_session(world, title=f"Buổi {i}", starts_in=dt.timedelta(hours=i - 5))
            services.audience_set(by=world.office, session=s, units=[world.cell_a])
            services.session_publish(by=world.office, session=s)
            if i % 2 and i < 5:
                services.roll_call(by=world.office, session=s, marks={world.person_a.pk: "present"})
            services.self_study_record(
                by=world.member,
                person=world.person_a,
                studied_on=timezone.localdate(),
                material=f"Tài liệu {i}",
            )

    client = login(world.member)
    feed_token_for(world.member)  # the first visit makes the feed's address: a single write
    month = timezone.localdate().strftime("%Y-%m")
    urls = ["/study/", f"/study/?month={month}", "/study/me/"]
    publish(2)
    few = {url: _queries(client, url) for url in urls}
    few_feed = _queries(client, f"/study/calendar/{feed_token_for(world.member)}.ics")
    publish(12)
    many = {url: _queries(client, url) for url in urls}
    assert few == many
    assert _queries(client, f"/study/calendar/{feed_token_for(world.member)}.ics") == few_feed


def test_list_for_an_office_runs_a_fixed_number_of_queries(world, login):
    client = login(world.office)
    feed_token_for(world.office)  # the first visit makes the feed's address: a single write
    month = timezone.localdate().strftime("%Y-%m")
    urls = ["/study/", f"/study/?month={month}", "/study/?unit=CBA"]

    def add(n):
        for i in range(n):
            unit = world.cell_a if i % 2 else world.committee
            make_session(world, unit=unit, title=f"Phiên {i}", starts_in=dt.timedelta(hours=i))

    add(2)
    few = {url: _queries(client, url) for url in urls}
    add(20)
    many = {url: _queries(client, url) for url in urls}
    assert few == many


def test_grant_holders_who_are_also_members_see_both(world, login, published):
    """A secretary linked to a person sees the invitees of their cell and their own mark."""
    user = UserFactory(username="bithu_a2")
    GrantFactory(user=user, unit=world.cell_a, role="secretary")
    me = PersonFactory(unit=world.cell_a, user=user)
    services.audience_set(by=world.office, session=published, units=[world.committee])
    response = login(user).get(f"/study/{published.pk}/")
    assert response.context["mark"].invited
    assert {r["invitation"].person for r in response.context["rows"]} == {world.person_a, me}


def test_per_point_counts_where_people_took_part(world, login, published):
    """Took part at the point checked in at, else at the point the invitee was expected."""
    services.points_set(
        by=world.office,
        session=published,
        points=[("Chi bộ A", world.cell_a), ("Hội trường", None)],
    )
    hall = ConnectionPoint.objects.get(name="Hội trường")
    services.roll_call(by=world.office, session=published, marks={world.person_a.pk: "present"})
    services.record_attendance(
        session=published, person=world.person_b, status="late", method="qr", point=hall
    )
    response = login(world.office).get(f"/study/{published.pk}/attendance/")
    counts = {
        (row["point"].name if row["point"] else None): (row["invited"], row["took_part"])
        for row in response.context["per_point"]
    }
    assert counts == {"Chi bộ A": (1, 1), "Hội trường": (0, 1), None: (1, 0)}


def test_saving_a_roll_call_page_keeps_a_later_check_in(world, login, published):
    """The page showed A absent; A then checked in by QR; saving the page (A unchanged, B
    marked) keeps A present."""
    services.roll_call(by=world.office, session=published, marks={world.person_a.pk: "absent"})
    client = login(world.office)
    page = client.get(f"/study/{published.pk}/roll-call/")
    assert f'name="was-{world.person_a.pk}" value="absent"' in page.content.decode()
    Attendance.objects.filter(person=world.person_a).update(status="present", method="qr")
    response = client.post(
        f"/study/{published.pk}/roll-call/",
        {
            f"mark-{world.person_a.pk}": "absent",
            f"was-{world.person_a.pk}": "absent",
            f"mark-{world.person_b.pk}": "present",
            f"was-{world.person_b.pk}": "",
        },
    )
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("person_id", "status")) == {
        world.person_a.pk: "present",
        world.person_b.pk: "present",
    }
