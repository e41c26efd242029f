"""Ethics standards and example criteria: versions, what changed between them, review status
and the committee's overview across its units."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.exemplars import standards_overview
from lamtheo.exemplars.models import Standard, StandardVersion
from lamtheo.exemplars.services import standards as services
from tests.factories import UnitFactory

TODAY = timezone.localdate()
V1 = "Điều 1. Trung thực, khách quan.\nĐiều 2. Tận tụy phục vụ nhân dân."
V2 = (
    "Điều 1. Trung thực, khách quan, công tâm.\nĐiều 2. Tận tụy phục vụ nhân dân.\n"
    "Điều 3. Nêu gương."
)


def adopt(world, by=None, unit=None, kind="ethics", text=V1, on=None, **extra):
    return services.version_adopt(
        by=by or world.secretary,
        unit=unit or world.cell_a,
        kind=kind,
        text=text,
        adopted_on=on or TODAY - dt.timedelta(days=30),
        adopted_by="Hội nghị chi bộ",
        **extra,
    )


# -- versions --------------------------------------------------------------------------------


def test_versions_increase_and_the_earlier_ones_stay(world):
    first = adopt(world, title="Chuẩn mực đạo đức công vụ", change_note="Ban hành lần đầu")
    standard = first.standard
    assert (first.number, standard.title, standard.unit) == (
        1,
        "Chuẩn mực đạo đức công vụ",
        world.cell_a,
    )
    services.review_set(by=world.office, standard=standard, review_status="needs_update")
    second = adopt(world, text=V2, on=TODAY, change_note="Bổ sung Điều 3")
    standard.refresh_from_db()
    assert second.number == 2 and standard.review_status == "in_force"
    assert list(standard.versions.values_list("number", "text")) == [(2, V2), (1, V1)]


def test_adoption_is_checked(world):
    adopt(world)
    with pytest.raises(ValidationError, match="same|giống"):
        adopt(world, on=TODAY)
    with pytest.raises(ValidationError):
        adopt(world, text=V2, on=TODAY - dt.timedelta(days=31))  # before version 1
    with pytest.raises(ValidationError):
        adopt(world, text=V2, on=TODAY + dt.timedelta(days=1))  # not adopted yet
    with pytest.raises(PermissionDenied):
        adopt(world, by=world.other_secretary)
    with pytest.raises(PermissionDenied):
        adopt(world, by=world.inspector)
    assert StandardVersion.objects.count() == 1


def test_text_is_normalised_line_by_line(world):
    version = adopt(world, text="  Đie\u0302\u0300u 1.   Trung  thực\n\n\n\nĐiều 2.  ")
    assert version.text == "Điều 1. Trung thực\n\nĐiều 2."


# -- what changed ----------------------------------------------------------------------------


def test_the_diff_marks_words_and_escapes_text():
    diff = standards_overview.version_diff(
        "Điều 1. Trung thực.\n<script>alert(1)</script>\nĐiều 3. Cũ.",
        "Điều 1. Trung thực, công tâm.\n<script>alert(1)</script>\nĐiều 4. Mới.",
    )
    html = str(diff.html)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<ins class="bg-green-lt">, công tâm</ins>' in html
    assert '<del class="bg-red-lt">3</del><ins class="bg-green-lt">4</ins>' in html
    assert '<del class="bg-red-lt">Cũ</del><ins class="bg-green-lt">Mới</ins>' in html
    assert html.count("<br>") == 2
    assert (diff.inserted, diff.deleted) == (5, 2)
    assert standards_overview.version_diff("Giống", "Giống").unchanged


def test_the_diff_page_compares_any_two_versions(world, login):
    adopt(world)
    adopt(world, text=V2, on=TODAY - dt.timedelta(days=10))
    third = adopt(world, text=V2 + "\nĐiều 4. Mới.", on=TODAY)
    standard = third.standard
    client = login(world.member)
    page = client.get(f"/standards/{standard.pk}/diff/")
    assert (page.context["old"].number, page.context["new"].number) == (2, 3)
    assert '<ins class="bg-green-lt">Điều 4. Mới.</ins>' in page.content.decode()
    page = client.get(f"/standards/{standard.pk}/diff/?from=1&to=3")
    assert ", công tâm" in str(page.context["diff"].html)
    assert client.get(f"/standards/{standard.pk}/diff/?from=9").status_code == 404
    assert client.get(f"/standards/{standard.pk}/diff/?from=x").status_code == 404


# -- pages -----------------------------------------------------------------------------------


def test_secretary_adopts_through_the_page_starting_from_the_text_in_force(world, login):
    client = login(world.secretary)
    url = f"/standards/units/{world.cell_a.pk}/example/adopt/"
    page = client.get(url)
    assert page.context["form"].initial["title"] == "Tiêu chí nêu gương"
    post = {
        "title": "Tiêu chí nêu gương của đảng viên",
        "text": V1,
        "adopted_on": (TODAY - dt.timedelta(days=3)).strftime("%d/%m/%Y"),
        "adopted_by": "Hội nghị chi bộ",
        "change_note": "",
    }
    assert client.post(url, post).status_code == 302
    assert client.get(url).context["form"].initial["text"] == V1
    refused = client.post(url, {**post, "text": V2, "adopted_on": "01/01/2000"})
    assert refused.status_code == 200 and refused.context["form"].errors["adopted_on"]
    assert StandardVersion.objects.count() == 1
    unit_page = client.get(f"/standards/units/{world.cell_a.pk}/")
    sections = {s["kind"]: s for s in unit_page.context["sections"]}
    assert sections["example"]["current"].number == 1 and sections["ethics"]["standard"] is None
    assert _("Not adopted yet.") in unit_page.content.decode()


def test_review_status_set_by_the_committee(world, login):
    standard = adopt(world).standard
    response = login(world.office).post(
        f"/standards/{standard.pk}/review/",
        {"review_status": "under_review", "next_review_on": "30/06/2027"},
    )
    assert response.status_code == 302
    standard.refresh_from_db()
    assert standard.review_status == "under_review"
    assert standard.next_review_on == dt.date(2027, 6, 30)


def test_a_member_reads_the_standards_of_the_committee_above(world, login):
    adopt(world, by=world.office, unit=world.committee, title="Quy định nêu gương")
    page = login(world.member).get(f"/standards/units/{world.committee.pk}/")
    assert page.status_code == 200 and "Quy định nêu gương" in page.content.decode()
    assert not page.context["can_change"]


# -- the overview ----------------------------------------------------------------------------


@pytest.fixture
def more_cells(world):
    # Vietnamese order: D < Đ < E, Ă after A.
    return [
        UnitFactory(parent=world.committee, code=code, name=name)
        for code, name in [
            ("CBD2", "Chi bộ Đ"),
            ("CBE", "Chi bộ E"),
            ("CBD", "Chi bộ D"),
            ("CBAA", "Chi bộ Ă"),
        ]
    ]


def test_overview_lists_units_vietnamese_style_and_filters(world, more_cells, login):
    adopt(world, kind="ethics")
    adopt(world, kind="example")
    d_cell = next(u for u in more_cells if u.name == "Chi bộ D")
    standard = adopt(world, by=world.office, unit=d_cell).standard
    services.review_set(by=world.office, standard=standard, review_status="needs_update")
    client = login(world.office)
    page = client.get("/standards/")
    names = [row.unit.name for row in page.context["rows"]]
    assert names == [
        "Đảng bộ Khối doanh nghiệp",
        "Chi bộ A",
        "Chi bộ Ă",
        "Chi bộ B",
        "Chi bộ D",
        "Chi bộ Đ",
        "Chi bộ E",
    ]  # party groups keep no standards of their own
    totals = page.context["totals"]
    assert (totals["units"], totals["in_force"], totals["needs_update"], totals["missing"]) == (
        7,
        2,
        1,
        11,
    )
    row_a = page.context["rows"][1]
    assert row_a.by_kind["ethics"].latest_number == 1 and not row_a.missing
    missing = [r.unit.name for r in client.get("/standards/?status=missing").context["rows"]]
    assert "Chi bộ A" not in missing and "Chi bộ D" in missing and len(missing) == 6
    update = [r.unit.name for r in client.get("/standards/?status=needs_update").context["rows"]]
    assert update == ["Chi bộ D"]
    empty = client.get("/standards/?status=under_review")
    assert _("No unit matches this filter.") in empty.content.decode()
    assert _("Not adopted") in page.content.decode()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/standards/",
        "/standards/?status=missing",
        "/standards/units/{cell_a}/",
        "/standards/{standard}/diff/",
        "/standards/units/{cell_a}/ethics/adopt/",
    ],
)
def test_pages_run_a_fixed_number_of_queries(world, login, url):
    first = adopt(world)
    adopt(world, text=V2, on=TODAY - dt.timedelta(days=20))
    url = url.format(cell_a=world.cell_a.pk, standard=first.standard_id)
    client = login(world.office)
    few = _count(client, url)
    for n in range(5):
        cell = UnitFactory(parent=world.committee, name=f"Chi bộ {n}")
        adopt(world, by=world.office, unit=cell, kind="example", text=f"Tiêu chí {n}")
        adopt(world, text=f"{V2}\nĐiều {n + 4}.", on=TODAY - dt.timedelta(days=19 - n))
    adopt(world, kind="example")
    many = _count(client, url)
    assert few == many, f"{url}: {few} queries with few rows, {many} with many"
    assert Standard.objects.count() == 7
