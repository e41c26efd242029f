"""load_demo: the article's committee, realistic people, sign-ins; idempotent, deterministic."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpRequest

from lamtheo.accounts.models import Grant, Role
from lamtheo.devdata.data import org as data
from lamtheo.devdata.data import reform
from lamtheo.devdata.demo import common
from lamtheo.devdata.demo import org as demo
from lamtheo.org import history
from lamtheo.org.models import (
    Handover,
    HandoverLine,
    Membership,
    PartyStatus,
    Person,
    Position,
    PositionTitle,
    Unit,
    UnitChange,
    UnitChangeKind,
    UnitKind,
)

ROOT_NAME = "Đảng bộ Khối doanh nghiệp quận Đống Đa"
ARTICLE_CELLS = [
    "Chi bộ Tạp chí Doanh nghiệp Thương hiệu và Nông thôn",
    "Chi bộ Tạp chí Nghề nghiệp và Cuộc sống",
    "Chi bộ Tạp chí Hướng nghiệp và Hòa nhập",
]
CABLE_TV = "Đảng bộ bộ phận Truyền hình Cáp Hà Nội"
USERNAMES = ["admin", "vanphong", "bithu", "kiemtra", "dangvien"]


def load(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", "--force", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_db(loaded, db):
    return loaded


def root() -> Unit:
    return Unit.objects.get(code=data.ROOT_CODE)


def holders(unit: Unit, title: str) -> list[str]:
    return sorted(
        Position.objects.filter(unit=unit, title=title, ended_on__isnull=True).values_list(
            "person__full_name", flat=True
        )
    )


def snapshot():
    people = sorted(
        Person.objects.values_list(
            "code", "full_name", "party_card_number", "unit__code", "sort_key", "search_key"
        )
    )
    return {
        "units": sorted(Unit.objects.values_list("code", "name", "path", "closed_on")),
        "people": people,
        "positions": Position.objects.count(),
        "changes": UnitChange.objects.count(),
        "memberships": Membership.objects.count(),
        "users": sorted(get_user_model().objects.values_list("username", "password")),
        "grants": Grant.objects.count(),
        "links": sorted(Person.objects.filter(user__isnull=False).values_list("code", "user")),
        "history": Person.history.count(),
    }


ARTICLE_DAY = dt.date(2023, 3, 14)


def test_article_units(demo_db):
    """The tree of the article's day, read from the dated tree after the reform."""
    committee = root()
    assert committee.name == ROOT_NAME
    assert committee.kind == UnitKind.GRASSROOTS_COMMITTEE  # a đảng bộ cơ sở (REFORM-2025 §1)
    district = Unit.objects.get(pk=Unit.objects.get_parent(committee).pk)
    assert district.name == "Đảng bộ quận Đống Đa"
    assert Unit.objects.get_parent(district).name == "Đảng bộ thành phố Hà Nội"
    children = {u.name: u for u in history.children_on(committee, ARTICLE_DAY)}
    for name in ARTICLE_CELLS:
        assert name in children
    cable = children[CABLE_TV]
    assert cable.kind == UnitKind.SUB_COMMITTEE
    assert 2 <= len(history.children_on(cable, ARTICLE_DAY)) <= 3
    enterprise_cells = [n for n in children if n.startswith("Chi bộ Công ty Cổ phần")]
    assert len(enterprise_cells) >= 10
    assert len(children) >= 19
    assert not history.children_on(committee, reform.TRANSFERRED_ON)
    assert Unit.objects.filter(kind=UnitKind.GROUP).count() >= 5
    # The history says why the district name is kept.
    created = committee.changes.get(kind=UnitChangeKind.CREATED)
    assert "01/7/2025" in created.note and "giả định" in created.note


def test_committees_above_were_inserted_through_the_service(demo_db):
    committee = root()
    moved = committee.changes.get(kind=UnitChangeKind.MOVED)
    assert moved.other_unit.code == reform.DISTRICT[0]
    assert moved.effective_on == committee.opened_on
    district = Unit.objects.get(code=reform.DISTRICT[0])
    assert (
        district.changes.filter(kind=UnitChangeKind.MOVED).get().other_unit.code == (reform.CITY[0])
    )


def test_the_reform(demo_db):
    """30/6/2025 the bloc and the district end; 01/7/2025 every open cell is under a ward's
    committee, with one handover record per receiving committee."""
    committee, district = root(), Unit.objects.get(code=reform.DISTRICT[0])
    assert committee.closed_on == district.closed_on == reform.CLOSED_ON
    assert not Position.objects.filter(unit=committee).current().exists()
    handovers = Handover.objects.order_by("target__code")
    assert sorted(h.target.code for h in handovers) == sorted(set(reform.SUCCESSOR.values()))
    lines = HandoverLine.objects.filter(handover__in=handovers)
    assert {line.unit.code for line in lines} == set(reform.SUCCESSOR)
    assert all(h.effective_on == reform.TRANSFERRED_ON for h in handovers)
    assert sum(line.members for line in lines) > 300
    wards = Unit.objects.filter(code__in=[code for code, _n, _f in reform.WARDS])
    assert {w.name for w in wards} >= {"Đảng bộ phường Đống Đa", "Đảng bộ phường Láng"}
    enterprise = Unit.objects.get(code=reform.DN_WARD[0])
    assert Unit.objects.get_parent(enterprise).code == "P-DD"
    for code, target in reform.SUCCESSOR.items():
        unit = Unit.objects.get(code=code)
        assert unit.is_active and Unit.objects.get_parent(unit).code == target
    # The real people of the article hold no office after the bloc ends.
    for name in ("Vũ Mạnh Chiến", "Nguyễn Văn Quang", "Nguyễn Trung Chính"):
        assert not Position.objects.filter(
            person__full_name=name, ended_on__isnull=True
        ).exists(), name
        assert not Position.objects.filter(
            person__full_name=name, started_on__gt=ARTICLE_DAY
        ).exists(), name
    # Terms: 2020–2025 ended by the 2025 congresses, 2025–2030 running, labelled invented.
    running = Position.objects.filter(ended_on__isnull=True).exclude(
        title=PositionTitle.GROUP_LEADER
    )
    assert running.exists()
    assert all(p.started_on.year == 2025 and "giả định" in p.note for p in running)


def test_probationary_members_become_full_members_after_twelve_months(demo_db):
    for person in Person.objects.filter(party_status=PartyStatus.OFFICIAL, joined_on__isnull=False):
        assert person.official_on is not None
        assert (person.official_on - person.joined_on).days in (365, 366), person.full_name
    for person in Person.objects.filter(party_status=PartyStatus.PROBATIONARY):
        assert (common.DATA_TODAY - person.joined_on).days < 365, person.full_name


def holders_on(unit: Unit, title: str, day=ARTICLE_DAY) -> list[str]:
    return sorted(
        Position.objects.filter(unit=unit, title=title)
        .current(day)
        .values_list("person__full_name", flat=True)
    )


def test_article_office_holders(demo_db):
    committee = root()
    assert holders_on(committee, PositionTitle.SECRETARY) == ["Vũ Mạnh Chiến"]
    assert holders_on(committee, PositionTitle.DEPUTY_SECRETARY) == ["Nguyễn Văn Quang"]
    assert holders_on(committee, PositionTitle.INSPECTION_CHAIR) == ["Nguyễn Văn Quang"]
    cell = Unit.objects.get(name="Chi bộ Tạp chí Nghề nghiệp và Cuộc sống")
    assert holders_on(cell, PositionTitle.SECRETARY) == ["Nguyễn Trung Chính"]
    assert Person.objects.filter(full_name="Nguyễn Trung Chính", unit=cell).exists()
    # A committee of about eleven, and an inspection committee (on the article's day).
    committee_members = Position.objects.filter(unit=committee).current(ARTICLE_DAY)
    assert 9 <= committee_members.exclude(title__startswith="inspection").count() <= 15
    assert committee_members.filter(title=PositionTitle.INSPECTION_MEMBER).count() >= 2
    assert committee_members.filter(title=PositionTitle.INSPECTION_DEPUTY).count() == 1
    # Terms of 2020–2025, ended with the bloc.
    assert all(p.started_on.year == 2020 for p in committee_members)
    assert all(p.ended_on <= reform.CLOSED_ON for p in committee_members)


def test_every_open_cell_has_its_officers(demo_db):
    cells = Unit.objects.active().filter(kind__in=[UnitKind.CELL, UnitKind.GRASSROOTS_CELL])
    for cell in cells:
        people = Person.objects.in_subtree(cell).current()
        # The office cell lost the two real office holders in 2025 (7 people left).
        assert 7 <= people.count() <= 40, cell.name
        assert len(holders(cell, PositionTitle.SECRETARY)) == 1, cell.name
        # The 2025 congress kept each chi ủy as it was (a deputy where the cell had 9 full
        # members when it was planned), whatever confirmations came after.
        assert len(holders(cell, PositionTitle.DEPUTY_SECRETARY)) <= 1, cell.name
    for group in Unit.objects.filter(kind=UnitKind.GROUP):
        assert len(holders(group, PositionTitle.GROUP_LEADER)) == 1, group.name
    cable = Unit.objects.get(name=CABLE_TV)
    assert len(holders(cable, PositionTitle.SECRETARY)) == 1


def test_office_holders_were_full_members_when_they_took_office(demo_db):
    holders = Position.objects.select_related("person")
    assert holders.exists()
    for position in holders:
        person = position.person
        assert person.official_on is not None, person.full_name
        assert person.official_on <= position.started_on, person.full_name


def test_about_four_hundred_realistic_people(demo_db):
    people = Person.objects.all()
    assert 350 <= people.count() <= 450
    official = people.filter(party_status=PartyStatus.OFFICIAL).count() / people.count()
    assert 0.6 <= official <= 0.85
    assert people.filter(party_status=PartyStatus.PROBATIONARY).exists()
    assert people.filter(party_status=PartyStatus.ELITE_MASS).exists()
    cards = list(people.exclude(party_card_number="").values_list("party_card_number", flat=True))
    assert len(cards) == len(set(cards)) and all(len(c) == 8 for c in cards)
    nguyen = people.filter(family_name="Nguyễn").count() / people.count()
    assert 0.25 <= nguyen <= 0.5
    assert not people.filter(unit__closed_on__isnull=False, left_on__isnull=True).exists()
    # Every person has a key for matching, and the keys are filled for sorting and search.
    assert not people.filter(code="").exists()
    assert not people.filter(sort_key="").exists()
    assert people.filter(search_key__contains="vu manh chien").count() == 1


def test_a_little_history(demo_db):
    renamed = UnitChange.objects.get(kind=UnitChangeKind.RENAMED, effective_on__year=2022)
    assert renamed.effective_on.year == 2022
    assert renamed.unit.name == renamed.new_value != renamed.old_value
    merged = Unit.objects.get(code=data.MERGED_SOURCE)
    assert merged.closed_on is not None and merged.merged_into.code == data.MERGED_TARGET
    assert merged.changes.filter(kind=UnitChangeKind.MERGED).exists()
    assert not Position.objects.filter(unit=merged).current().exists()
    transfer = Membership.objects.exclude(unit=merged).get()
    assert transfer.person.unit.name == "Chi bộ Tạp chí Nghề nghiệp và Cuộc sống"
    assert transfer.person.unit_since == transfer.ended_on
    left = Person.objects.filter(left_on__isnull=False)
    assert left.count() == 4
    assert set(left.values_list("left_reason", flat=True)) == {
        "Chuyển sinh hoạt đảng ra ngoài Đảng bộ",
        reform.REAL_PEOPLE_LEAVE_REASON,
    }
    assert Person.history.count() > Person.objects.count()


def test_demo_accounts(demo_db):
    User = get_user_model()
    cell = Unit.objects.get(name="Chi bộ Tạp chí Nghề nghiệp và Cuộc sống")
    admin = User.objects.get(username="admin")
    assert admin.is_staff
    assert Grant.objects.filter(user=admin, unit=None, role=Role.ADMIN).exists()
    # The office and the inspector keep the bloc (its past) and work for its successor.
    successor = Unit.objects.get(code=reform.DN_WARD[0])
    for username, role in (("vanphong", Role.OFFICE), ("kiemtra", Role.INSPECTOR)):
        units = set(
            Grant.objects.filter(user__username=username, role=role).values_list("unit", flat=True)
        )
        assert units == {root().pk, successor.pk}, username
        person = User.objects.get(username=username).person
        assert person.is_current and Unit.objects.get_parent(person.unit) == successor
    assert Grant.objects.filter(user__username="bithu", unit=cell, role=Role.SECRETARY).exists()
    assert not Grant.objects.filter(user__username="dangvien").exists()
    # The demo's accounts are invented people: the cell's secretary from the 2025 congress.
    secretary = User.objects.get(username="bithu").person
    assert holders(cell, PositionTitle.SECRETARY) == [secretary.full_name]
    assert secretary.full_name not in ("Nguyễn Trung Chính", "Nguyễn Văn Quang")
    member = User.objects.get(username="dangvien").person
    assert member.unit == cell and member.is_member
    for username in USERNAMES:
        assert username in demo_db  # the command prints the sign-ins
    assert demo.PASSWORD in demo_db


@pytest.mark.parametrize("username", USERNAMES)
def test_every_demo_user_signs_in_and_lands_home(demo_db, client, username):
    assert client.login(request=HttpRequest(), username=username, password=demo.PASSWORD)
    assert client.get("/").status_code == 200
    client.logout()
    response = client.post(
        "/accounts/login/", {"username": username, "password": demo.PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    assert response.status_code == 200
    assert response.context["user"].username == username


def test_django_admin_opens_for_admin(demo_db, client):
    client.post("/accounts/login/", {"username": "admin", "password": demo.PASSWORD})
    assert client.get("/admin/").status_code == 200


def test_idempotent(demo_db):
    before = snapshot()
    load()
    assert snapshot() == before
    assert demo.load_demo().created_anything is False


def test_matches_people_by_card_number(demo_db):
    """A person re-keyed by hand (code removed) is still matched by party card number."""
    chinh = Person.objects.get(full_name="Nguyễn Trung Chính")
    Person.objects.filter(pk=chinh.pk).update(code="")
    count = Person.objects.count()
    load()
    assert Person.objects.count() == count


def test_plan_is_deterministic():
    a, b = demo.build_plan(), demo.build_plan()
    assert demo.digest(a.people) == demo.digest(b.people)
    assert a.positions == b.positions
    assert demo.digest(demo.build_plan(seed=1).people) != demo.digest(a.people)


def test_the_stored_people_on_each_year_end_equal_a_live_count(demo_db):
    """The demo writes people, transfers, leavers and the 2025 reform through the services:
    the people per unit on the last day of every programme year (org.YearEndCount), which a
    past year's figures read, agree with counting the people and memberships again."""
    from lamtheo.org.models import CountedYearEnd
    from tests.org.test_year_end_counts import live, stored

    years = sorted(CountedYearEnd.objects.values_list("year", flat=True))
    assert years == list(range(2021, 2027))
    for year in years:
        assert stored(year) == live(year), year


def test_the_year_ends_sums_and_the_units_standings_equal_a_recount(demo_db):
    """After the demo's transfers, leavers, 2025 reform and registrations: the year-end people
    summed per subtree (org.SubtreeYearEndCount) and where each unit stands in each year's
    list of units to chase first (programs.UnitStanding) agree with counting them again."""
    from lamtheo.org import counts, subtree_sums
    from lamtheo.programs import standing
    from lamtheo.programs.models import ProgramYear

    assert subtree_sums.stored(counts.YEAR_ENDS) == subtree_sums.live(counts.YEAR_ENDS)
    rows = standing.stored()
    assert rows == standing.live()
    assert len({year for year, _unit in rows}) == ProgramYear.objects.count() > 1
