"""Emulation campaigns through the services and the pages: launching, registering targets,
recording activities, assessing results, summing up, the list's filters, the spreadsheet."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from lamtheo.exemplars.models import Activity, Campaign, CampaignEntry, Exemplar
from lamtheo.exemplars.services import campaigns as services
from tests.factories import UnitFactory

TODAY = timezone.localdate()
START = TODAY - dt.timedelta(days=60)
END = TODAY + dt.timedelta(days=120)
TITLE = "Thi đua lập thành tích chào mừng 10 năm Ngày thành lập Đảng bộ Khối"


def d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def campaign(world):
    created = services.campaign_create(
        by=world.office,
        unit=world.committee,
        title=TITLE,
        starts_on=START,
        ends_on=END,
        goals="Hoàn thành xuất sắc nhiệm vụ chính trị",
        criteria="Mỗi chi bộ có ít nhất một công trình\nKhông có đảng viên vi phạm",
    )
    return services.campaign_open(by=world.office, campaign=created)


@pytest.fixture
def entry_a(world, campaign):
    return services.entry_register(
        by=world.secretary, campaign=campaign, unit=world.cell_a, targets="100% đảng viên tham gia"
    )


# -- services --------------------------------------------------------------------------------


def test_a_campaign_goes_from_draft_to_under_way_to_summed_up(world):
    draft = services.campaign_create(
        by=world.office,
        unit=world.committee,
        title="  Thi đua   yêu nước ",
        starts_on=START,
        ends_on=END,
    )
    assert draft.status == "draft" and draft.title == "Thi đua yêu nước"
    with pytest.raises(ValidationError, match="goals and the criteria|mục tiêu"):
        services.campaign_open(by=world.office, campaign=draft)
    services.campaign_update(
        by=world.office,
        campaign=draft,
        title=draft.title,
        starts_on=START,
        ends_on=END,
        goals="Mục tiêu",
        criteria="Tiêu chí",
    )
    opened = services.campaign_open(by=world.office, campaign=draft)
    assert opened.status == "open"
    with pytest.raises(ValidationError):
        services.campaign_open(by=world.office, campaign=opened)
    closed = services.campaign_close(by=world.office, campaign=opened)
    assert closed.status == "closed"
    with pytest.raises(ValidationError):
        services.campaign_update(
            by=world.office, campaign=closed, title="x", starts_on=START, ends_on=END
        )


def test_only_the_host_office_launches(world):
    with pytest.raises(PermissionDenied):
        services.campaign_create(
            by=world.secretary, unit=world.cell_a, title="x", starts_on=START, ends_on=END
        )
    with pytest.raises(ValidationError):
        services.campaign_create(
            by=world.office, unit=world.committee, title="x", starts_on=END, ends_on=START
        )


def test_units_under_the_host_register_once_while_under_way(world, campaign, entry_a):
    assert entry_a.registered_by == world.secretary
    with pytest.raises(ValidationError, match="already|đã đăng ký"):
        services.entry_register(
            by=world.secretary, campaign=campaign, unit=world.cell_a, targets="Lại"
        )
    with pytest.raises(PermissionDenied):  # cell B is not the secretary's
        services.entry_register(
            by=world.secretary, campaign=campaign, unit=world.cell_b, targets="x"
        )
    with pytest.raises(PermissionDenied):  # the host does not take part in its own campaign
        services.entry_register(
            by=world.office, campaign=campaign, unit=world.committee, targets="x"
        )
    draft = Campaign.objects.create(
        unit=world.committee, title="Nháp", starts_on=START, ends_on=END
    )
    with pytest.raises(ValidationError, match="launched|phát động"):
        services.entry_register(by=world.secretary, campaign=draft, unit=world.cell_a, targets="x")


def test_activities_fall_within_the_campaign_and_have_happened(world, campaign, entry_a):
    activity = services.activity_record(
        by=world.secretary,
        entry=entry_a,
        kind="gratitude",
        title="Thăm gia đình chính sách",
        held_on=TODAY - dt.timedelta(days=3),
        participants=12,
    )
    assert activity.recorded_by == world.secretary
    for day in (START - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)):
        with pytest.raises(ValidationError):
            services.activity_record(
                by=world.secretary, entry=entry_a, kind="sport", title="x", held_on=day
            )
    with pytest.raises(PermissionDenied):
        services.activity_record(
            by=world.other_secretary, entry=entry_a, kind="sport", title="x", held_on=TODAY
        )


def test_the_host_assesses_results_and_summing_up_freezes_them(world, campaign, entry_a):
    with pytest.raises(PermissionDenied):
        services.entry_assess(by=world.secretary, entry=entry_a, result="Tự chấm")
    with pytest.raises(ValidationError):
        services.entry_assess(by=world.office, entry=entry_a, result="x", score=Decimal(101))
    assessed = services.entry_assess(
        by=world.office, entry=entry_a, result="Hoàn thành xuất sắc", score=Decimal("95.5")
    )
    assert assessed.score == Decimal("95.5") and assessed.assessed_by == world.office
    with pytest.raises(ValidationError, match="assessed|đánh giá"):
        services.entry_update(by=world.secretary, entry=entry_a, targets="Khác")
    services.campaign_close(by=world.office, campaign=campaign)
    for call in (
        lambda: services.entry_assess(by=world.office, entry=entry_a, result="y"),
        lambda: services.activity_record(
            by=world.secretary, entry=entry_a, kind="sport", title="x", held_on=TODAY
        ),
    ):
        with pytest.raises(ValidationError):
            call()


# -- pages -----------------------------------------------------------------------------------


def test_office_launches_a_campaign_through_the_pages(world, login):
    client = login(world.office)
    page = client.get("/campaigns/new/")
    assert page.status_code == 200 and page.context["unit"] == world.committee
    refused = client.post(
        "/campaigns/new/", {"title": TITLE, "starts_on": d(END), "ends_on": d(START)}
    )
    assert refused.status_code == 200 and refused.context["form"].errors["ends_on"]
    assert TITLE in refused.content.decode()  # what was typed stays
    response = client.post(
        "/campaigns/new/",
        {
            "title": TITLE,
            "starts_on": d(START),
            "ends_on": d(END),
            "goals": "Mục tiêu",
            "criteria": "Tiêu chí 1\nTiêu chí 2",
        },
    )
    created = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/campaigns/{created.pk}/"
    assert created.unit == world.committee and created.created_by == world.office
    client.post(f"/campaigns/{created.pk}/open/")
    created.refresh_from_db()
    assert created.status == "open"
    detail = client.get(f"/campaigns/{created.pk}/").content.decode()
    assert "Tiêu chí 1<br>Tiêu chí 2" in detail and d(START) in detail


def test_secretary_registers_records_and_sees_only_their_unit(world, campaign, login):
    client = login(world.secretary)
    page = client.get(f"/campaigns/{campaign.pk}/register/")
    assert list(page.context["form"].fields["unit"].queryset) == [world.cell_a, world.group_a]
    outside = client.post(
        f"/campaigns/{campaign.pk}/register/", {"unit": world.cell_b.pk, "targets": "x"}
    )
    assert outside.status_code == 200 and outside.context["form"].errors["unit"]
    response = client.post(
        f"/campaigns/{campaign.pk}/register/",
        {"unit": world.cell_a.pk, "targets": "  Tỷ lệ tham gia   học tập 100% "},
    )
    assert response.status_code == 302
    entry = CampaignEntry.objects.get(unit=world.cell_a)
    assert entry.targets == "Tỷ lệ tham gia học tập 100%"
    services.entry_register(
        by=world.other_secretary, campaign=campaign, unit=world.cell_b, targets="B"
    )
    recorded = client.post(
        f"/campaigns/entries/{entry.pk}/activities/new/",
        {
            "kind": "sport",
            "title": "Giải bóng đá chào mừng",
            "held_on": d(TODAY),
            "participants": "40",
        },
    )
    assert recorded.status_code == 302 and Activity.objects.get().participants == 40
    detail = client.get(f"/campaigns/{campaign.pk}/")
    assert [e.unit for e in detail.context["entries"]] == [world.cell_a]
    sport = next(k for k in detail.context["kinds"] if k.kind == "sport")
    assert (sport.activities, sport.participants) == (1, 40)
    assert len(detail.context["kinds"]) == 6  # every kind, even without activities
    office = login(world.office).get(f"/campaigns/{campaign.pk}/")
    assert [e.unit for e in office.context["entries"]] == [world.cell_a, world.cell_b]


def test_assessment_through_the_page(world, campaign, entry_a, login):
    client = login(world.office)
    refused = client.post(
        f"/campaigns/entries/{entry_a.pk}/assess/", {"result": "x", "score": "150"}
    )
    assert refused.status_code == 200 and refused.context["form"].errors["score"]
    response = client.post(
        f"/campaigns/entries/{entry_a.pk}/assess/", {"result": "Xuất sắc", "score": "92"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#results")
    entry_a.refresh_from_db()
    assert entry_a.score == 92 and entry_a.result == "Xuất sắc"


def test_exemplars_from_the_campaign_are_shown(world, campaign, login):
    exemplar = Exemplar.objects.create(
        kind="model",
        title="Mô hình dân vận khéo",
        unit=world.cell_a,
        subject_unit=world.cell_a,
        field="social",
        actions="…",
        campaign=campaign,
    )
    page = login(world.secretary).get(f"/campaigns/{campaign.pk}/")
    assert page.context["exemplars"] == [exemplar]
    assert f'href="/exemplars/{exemplar.pk}/"' in page.content.decode()
    # cell B's secretary does not see cell A's draft exemplar
    assert login(world.other_secretary).get(f"/campaigns/{campaign.pk}/").context["exemplars"] == []


def test_the_list_filters_by_unit_status_and_year_and_says_when_empty(world, campaign, login):
    Campaign.objects.create(
        unit=world.cell_b,
        title="Thi đua của chi bộ B",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 6, 30),
        status="closed",
    )
    client = login(world.office)
    titles = lambda url: [c.title for c in client.get(url).context["page"]]  # noqa: E731
    assert titles("/campaigns/") == [TITLE, "Thi đua của chi bộ B"]
    assert titles("/campaigns/?status=closed") == ["Thi đua của chi bộ B"]
    assert titles("/campaigns/?year=2024") == ["Thi đua của chi bộ B"]
    assert titles(f"/campaigns/?unit={world.cell_a.pk}") == [TITLE]
    assert titles(f"/campaigns/?unit={world.cell_b.pk}") == [TITLE, "Thi đua của chi bộ B"]
    empty = client.get("/campaigns/?year=2020")
    assert _("No campaign matches this filter.") in empty.content.decode()
    Campaign.objects.all().delete()
    assert _("No emulation campaign yet.") in client.get("/campaigns/").content.decode()


def test_results_spreadsheet_is_safe_from_formulas(world, campaign, login):
    entry = services.entry_register(
        by=world.secretary, campaign=campaign, unit=world.cell_a, targets='=HYPERLINK("x")'
    )
    services.activity_record(
        by=world.secretary, entry=entry, kind="study", title="x", held_on=TODAY, participants=7
    )
    services.entry_assess(by=world.office, entry=entry, result="+1+1", score=Decimal(88))
    response = login(world.office).get(f"/campaigns/{campaign.pk}/results.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="ket-qua-thi-dua-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == TITLE
    data = rows[4]
    assert data[1] == "Chi bộ A" and data[3] == '\'=HYPERLINK("x")' and data[6] == "'+1+1"
    assert data[4] == 1 and data[5] == 7 and data[7] == 88
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_results_spreadsheet_keeps_text_as_text(world, campaign, login):
    """Defect of issue 9: the campaign sheet did not force its text cells to text as the other
    sheets do, so a result typed as "#N/A" came back as an Excel error value."""
    unit = UnitFactory(parent=world.committee, name="Chi bộ 007", code="007")
    entry = services.entry_register(by=world.office, campaign=campaign, unit=unit, targets="#N/A")
    services.entry_assess(by=world.office, entry=entry, result="#DIV/0!", score=Decimal(70))
    response = login(world.office).get(f"/campaigns/{campaign.pk}/results.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = next(i for i, row in enumerate(sheet.iter_rows()) if row[0].value == "STT")
    data = list(sheet.iter_rows())[header + 1]
    unit_name, code, targets, result = data[1], data[2], data[3], data[6]
    assert [c.value for c in (unit_name, code, targets, result)] == [
        "Chi bộ 007",
        "007",  # the leading zeros stay
        "#N/A",
        "#DIV/0!",
    ]
    # Before the fix "#N/A" and "#DIV/0!" were written as error cells (data type "e").
    assert [c.data_type for c in (unit_name, code, targets, result)] == ["s"] * 4
    # Text cells have the text format, so an edit in Excel keeps them text too.
    assert [c.number_format for c in (unit_name, code, targets, result)] == ["@"] * 4
    assert data[7].data_type == "n" and data[7].value == 70


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/campaigns/",
        "/campaigns/{campaign}/",
        "/campaigns/{campaign}/register/",
        "/campaigns/{campaign}/results.xlsx",
    ],
)
def test_pages_run_a_fixed_number_of_queries(world, campaign, entry_a, login, url):
    client = login(world.office)
    url = url.format(campaign=campaign.pk)
    few = _count(client, url)
    for n in range(5):
        unit = UnitFactory(parent=world.committee, name=f"Chi bộ {n}")
        entry = services.entry_register(
            by=world.office, campaign=campaign, unit=unit, targets=f"Chỉ tiêu {n}"
        )
        for kind in ("study", "sport", "culture"):
            services.activity_record(
                by=world.office, entry=entry, kind=kind, title=kind, held_on=TODAY
            )
        services.entry_assess(by=world.office, entry=entry, result="Tốt", score=Decimal(80))
        Campaign.objects.create(
            unit=unit, title=f"Phong trào {n}", starts_on=START, ends_on=END, status="open"
        )
    many = _count(client, url)
    assert few == many, f"{url}: {few} queries with few rows, {many} with many"
