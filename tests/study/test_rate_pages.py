"""The rates page (year, by month, per unit below), the list of those who took part in nothing
and the evidence for those who did: numbers, names, places, a fixed number of queries,
pagination and bad query strings.

Wording that exists only in docs/i18n/study-rates.po is not compiled yet, so the tests assert
on data (names, numbers), context and status codes, not on translated sentences.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lamtheo.org import services as org_services
from lamtheo.study import rate_people, rates
from tests.factories import PersonFactory, UnitFactory
from tests.study.test_rates import at, held, studied


def rates_url(unit, query="year=2025"):
    return f"/study/rates/{unit.pk}/?{query}"


def never_url(unit, query="year=2025"):
    return f"/study/rates/{unit.pk}/never/?{query}"


def evidence_url(unit, query="year=2025"):
    return f"/study/rates/{unit.pk}/evidence/?{query}"


@pytest.fixture
def year_2025(world):
    """Cell A: Quang (present in March), Bình (probationary, never), Lan (worker, self-study in
    May), Yến in group A1 (late in March at cell A's point). Cell B: Ánh (excused in March)."""
    binh = PersonFactory(unit=world.cell_a, full_name="Lê Văn Bình", party_status="probationary")
    lan = PersonFactory(unit=world.cell_a, full_name="Vũ Thị Lan", party_status="mass")
    yen = PersonFactory(unit=world.group_a, full_name="Nguyễn Thị Yến")
    held(
        world.committee,
        at(2025, 3, 14, 8),
        {world.person_a: "present", binh: "absent", yen: ("late", 1), world.person_b: "excused"},
        title="Hội nghị học tập chuyên đề năm 2025",
        kind="key_cadre",
        points=[("Hội trường Đảng ủy Khối", world.committee), ("Điểm cầu Chi bộ A", world.cell_a)],
    )
    studied(lan, dt.date(2025, 5, 20), "Tác phẩm “Dân vận”", minutes=60)
    return {"binh": binh, "lan": lan, "yen": yen}


# -- the rates page ----------------------------------------------------------------------------


def test_rates_page_year_by_month_and_by_unit(world, year_2025, login):
    response = login(world.office).get(rates_url(world.committee))
    assert response.status_code == 200
    context = response.context
    totals = context["totals"]
    # Members: Quang, Bình, Yến (cell A) and Ánh (cell B); Quang and Yến took part.
    assert (totals.people, totals.took_part, totals.never, totals.rate) == (
        4,
        2,
        2,
        Decimal("50.0"),
    )
    months = [
        (m["row"].month, m["row"].totals.people, m["row"].totals.took_part)
        for m in context["months"]
    ]
    assert months == [(m, 4, 2 if m == 3 else 0) for m in range(1, 13)]
    assert not any(m["future"] for m in context["months"])
    children = [(row.unit.name, row.totals.people, row.totals.rate) for row in context["children"]]
    assert children == [("Chi bộ A", 3, Decimal("66.7")), ("Chi bộ B", 1, Decimal("0.0"))]
    assert context["activity"] == rates.Activity(sessions=1, points=2, attendances=2, self_study=1)
    assert context["definition"] == rates.definition(rates.Population.MEMBERS)
    body = response.content.decode()
    assert "Chi bộ A" in body and "Chi bộ B" in body
    assert "50,0%" in body and "66,7%" in body  # Vietnamese decimals
    # The numbers link to the people behind them.
    assert f"/study/rates/{world.committee.pk}/never/?year=2025&amp;population=members" in body
    assert f"/study/rates/{world.cell_a.pk}/?year=2025&amp;population=members" in body


def test_rates_page_for_everyone(world, year_2025, login):
    response = login(world.office).get(rates_url(world.committee, "year=2025&population=everyone"))
    totals = response.context["totals"]
    assert (totals.people, totals.took_part, totals.self_study_only) == (5, 3, 1)
    assert response.context["population"] == "everyone"
    assert response.context["definition"] == rates.definition(rates.Population.EVERYONE)


def test_rates_page_defaults_to_this_year_and_members(world, login):
    response = login(world.secretary).get(f"/study/rates/{world.cell_a.pk}/")
    assert response.status_code == 200
    today = timezone.localdate()
    assert response.context["year"] == today.year
    assert response.context["population"] == rates.Population.MEMBERS
    future = [m["row"].month for m in response.context["months"] if m["future"]]
    assert future == list(range(today.month + 1, 13))


def test_rates_page_ignores_a_month(world, year_2025, login):
    response = login(world.office).get(rates_url(world.committee, "year=2025&month=3"))
    assert response.status_code == 200
    assert (response.context["start"], response.context["end"]) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
    )
    assert response.context["totals"].people == 4


def test_nobody_in_scope_shows_no_rate(world, login):
    response = login(world.office).get(rates_url(world.group_a))
    assert response.status_code == 200
    assert response.context["totals"].rate is None
    assert response.context["children"] == []


def test_closed_unit_below_without_people_is_left_out(world, login):
    closed = UnitFactory(parent=world.committee, name="Chi bộ đã giải thể")
    closed.closed_on = dt.date(2024, 6, 30)
    closed.save()
    response = login(world.office).get(rates_url(world.committee))
    assert [row.unit.name for row in response.context["children"]] == ["Chi bộ A", "Chi bộ B"]


# -- the lists ---------------------------------------------------------------------------------


def test_never_present_lists_who_took_part_in_nothing(world, year_2025, login):
    response = login(world.secretary).get(never_url(world.cell_a))
    assert response.status_code == 200
    names = [p.full_name for p in response.context["page"].object_list]
    assert names == ["Lê Văn Bình"]
    body = response.content.decode()
    assert "Lê Văn Bình" in body and "Nguyễn Văn Quang" not in body
    everyone = login(world.secretary).get(never_url(world.cell_a, "year=2025&population=everyone"))
    assert [p.full_name for p in everyone.context["page"].object_list] == ["Lê Văn Bình"]
    # In April nobody took part: everyone counted is listed, in Vietnamese order.
    april = login(world.secretary).get(
        never_url(world.cell_a, "year=2025&month=4&population=everyone")
    )
    assert [p.full_name for p in april.context["page"].object_list] == [
        "Lê Văn Bình",
        "Vũ Thị Lan",
        "Nguyễn Văn Quang",
        "Nguyễn Thị Yến",
    ]
    assert (april.context["start"], april.context["end"]) == (
        dt.date(2025, 4, 1),
        dt.date(2025, 4, 30),
    )


def test_never_present_names_who_moved_out_without_a_link(world, login):
    mover = PersonFactory(unit=world.cell_a, full_name="Đặng Quốc Hùng")
    org_services.person_transfer(
        by=world.office, person=mover, unit=world.cell_b, effective_on=dt.date(2025, 6, 1)
    )
    response = login(world.secretary).get(never_url(world.cell_a))
    people = {p.full_name: p for p in response.context["page"].object_list}
    assert set(people) == {"Đặng Quốc Hùng", "Nguyễn Văn Quang"}
    assert people["Đặng Quốc Hùng"].moved_out and not people["Đặng Quốc Hùng"].reachable
    body = response.content.decode()
    assert f'href="/people/{mover.pk}/"' not in body
    assert f'href="/people/{world.person_a.pk}/"' in body
    assert "Chi bộ B" not in body  # the unit they went to is outside the secretary's units
    # The office sees both units: a link.
    response = login(world.office).get(never_url(world.cell_a))
    assert f'href="/people/{mover.pk}/"' in response.content.decode()


def test_evidence_says_who_where_and_when(world, year_2025, login):
    response = login(world.office).get(evidence_url(world.cell_a))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.person.full_name for row in rows] == ["Nguyễn Văn Quang", "Nguyễn Thị Yến"]
    body = response.content.decode()
    for text in [
        "Nguyễn Văn Quang",
        "Nguyễn Thị Yến",
        "14/03/2025",
        "Hội nghị học tập chuyên đề năm 2025",
        "Đảng bộ Khối doanh nghiệp",  # the host
        "Điểm cầu Chi bộ A",  # where Yến followed it from
    ]:
        assert text in body, text
    assert "Lê Văn Bình" not in body
    everyone = login(world.office).get(evidence_url(world.cell_a, "year=2025&population=everyone"))
    body = everyone.content.decode()
    assert "Vũ Thị Lan" in body and "20/05/2025" in body and "Tác phẩm “Dân vận”" in body


def test_evidence_outside_the_readers_units_keeps_only_the_date(world, login):
    newcomer = PersonFactory(unit=world.cell_b, full_name="Lê Văn Bình")
    held(world.cell_b, at(2025, 2, 5), {newcomer: "present"}, title="Sinh hoạt chi bộ B tháng 2")
    org_services.person_transfer(
        by=world.office, person=newcomer, unit=world.cell_a, effective_on=dt.date(2025, 3, 1)
    )
    response = login(world.secretary).get(evidence_url(world.cell_a))
    body = response.content.decode()
    assert "Lê Văn Bình" in body and "05/02/2025" in body
    assert "Sinh hoạt chi bộ B tháng 2" not in body and "Chi bộ B" not in body
    assert [e.hidden for row in response.context["rows"] for e in row.items] == [True]


def test_lists_follow_the_month_in_their_links(world, year_2025, login):
    response = login(world.office).get(evidence_url(world.cell_a, "year=2025&month=3"))
    assert response.context["querystring_prefix"] == "year=2025&population=members&month=3&"
    body = response.content.decode()
    assert (
        f"/study/rates/{world.cell_a.pk}/never/?year=2025&amp;population=members&amp;month=3&amp;"
        in body
    )


# -- a fixed number of queries -----------------------------------------------------------------


def _more_people(world, n: int = 70):
    """Enough people for a second page, some present, some with self-study, some never."""
    people = [PersonFactory(unit=world.group_a if i % 3 else world.cell_b) for i in range(n)]
    held(world.cell_a, at(2025, 9, 9), dict.fromkeys(people[: n // 2], "present"))
    held(
        world.cell_b,
        at(2025, 10, 9),
        dict.fromkeys(people[n // 2 : n // 2 + 10], "late"),
        points=[("Điểm cầu B", world.cell_b)],
    )
    for person in people[-10:]:
        studied(person, dt.date(2025, 11, 2))
    org_services.person_transfer(
        by=world.office, person=people[1], unit=world.cell_b, effective_on=dt.date(2025, 10, 1)
    )


PAGES = [
    rates_url,
    never_url,
    evidence_url,
    lambda unit: rates_url(unit, "year=2025&population=everyone"),
    lambda unit: never_url(unit, "year=2025&month=9&page=2"),
    lambda unit: evidence_url(unit, "year=2025&month=3"),
]


@pytest.mark.parametrize("role", ["office", "secretary"])
def test_pages_run_a_fixed_number_of_queries(
    world, year_2025, login, role, django_assert_num_queries
):
    client = login(getattr(world, role))
    unit = world.committee if role == "office" else world.cell_a
    small = []
    for url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(unit)).status_code == 200
        small.append(len(queries))
    _more_people(world)
    for url, count in zip(PAGES, small, strict=True):
        with django_assert_num_queries(count, info=url(unit)):
            response = client.get(url(unit))
        if "page" in response.context:
            assert response.context["page"].paginator.count > 0


def test_pagination(world, login):
    people = [PersonFactory(unit=world.cell_b, full_name=f"Đỗ Văn Thêm {i:02d}") for i in range(54)]
    client = login(world.office)
    first = client.get(never_url(world.cell_b))
    page = first.context["page"]
    assert page.paginator.count == 55 and page.paginator.num_pages == 2
    assert len(page.object_list) == rate_people.PAGE_SIZE
    assert "?year=2025&amp;population=members&amp;page=2" in first.content.decode()
    second = client.get(never_url(world.cell_b, "year=2025&page=2"))
    assert len(second.context["page"].object_list) == 5
    shown = {p.pk for p in page.object_list} | {p.pk for p in second.context["page"].object_list}
    assert shown == {p.pk for p in people} | {world.person_b.pk}
    # A page that is not a number gives the first, one too far the last.
    assert client.get(never_url(world.cell_b, "year=2025&page=abc")).context["page"].number == 1
    assert client.get(never_url(world.cell_b, "year=2025&page=99")).context["page"].number == 2
    assert client.get(never_url(world.cell_b, "year=2025&page=-1")).context["page"].number == 2


# -- bad query strings -------------------------------------------------------------------------


BAD = [
    "year=abc",
    "year=1999",
    "year=99999999999999999999",
    "year=²⁰²⁵",
    "year=２０２５",  # full-width digits
    "year=2025.0",
    "year=-2025",
    "month=13",
    "month=0",
    "month=x",
    "population=friends",
    "population=",
]


@pytest.mark.parametrize("query", BAD)
@pytest.mark.parametrize(
    "url", [never_url, evidence_url, rates_url], ids=["never", "evidence", "rates"]
)
def test_bad_query_strings_give_a_clean_404(world, login, query, url):
    response = login(world.office).get(url(world.cell_a, query))
    if query == "population=":
        assert response.status_code == 200  # empty means the default
    else:
        assert response.status_code == 404


def test_only_get(world, login):
    client = login(world.office)
    assert client.post(rates_url(world.cell_a)).status_code == 405
    assert client.post(never_url(world.cell_a)).status_code == 405


def test_rates_page_menu_is_the_same_as_on_other_pages(world, year_2025, login):
    """The page's own `start` and `end` (its period) must not open or close the menu's groups:
    they once did, and the menu ran past a 1366 px window (seen in Chromium)."""

    client = login(world.office)

    def menu(url):
        html = client.get(url).content.decode()
        return re.search(r'<nav [^>]*id="desktop-menu">.*?</nav>', html, re.S).group(0)

    on_rates = menu(rates_url(world.committee))
    assert on_rates == menu("/study/")
    assert on_rates.count('class="nav-item dropdown"') == on_rates.count("</div></li>") > 0
