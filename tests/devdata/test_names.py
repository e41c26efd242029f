"""The generator of realistic Vietnamese people: deterministic, plausible, unique numbers."""

from __future__ import annotations

import collections
import datetime as dt
import random
import unicodedata

import pytest

from lamtheo.devdata import names
from lamtheo.devdata.data import names as name_data
from lamtheo.devdata.names import NameGenerator, add_years
from lamtheo.org import normalize
from lamtheo.org.models import Gender, PartyStatus

N = 10_000


@pytest.fixture(scope="module")
def people():
    return list(NameGenerator(7).people(N))


def test_same_seed_same_people():
    assert list(NameGenerator(3).people(300)) == list(NameGenerator(3).people(300))
    assert list(NameGenerator("demo").people(50)) == list(NameGenerator("demo").people(50))


def test_other_seed_other_people():
    assert list(NameGenerator(3).people(50)) != list(NameGenerator(4).people(50))


def test_numbers_do_not_shift_the_names():
    """Drawing numbers uses separate streams: names depend on the seed and the draws only."""
    a, b = NameGenerator(5), NameGenerator(5)
    for _ in range(20):
        b.card_number()
        b.phone()
    assert [a.name() for _ in range(100)] == [b.name() for _ in range(100)]


def test_values_match_the_model_choices():
    assert {name_data.MALE, name_data.FEMALE} == set(Gender.values)
    statuses = {name_data.OFFICIAL, name_data.PROBATIONARY, name_data.ELITE_MASS, name_data.MASS}
    assert statuses == set(PartyStatus.values)


def test_nguyen_frequency(people):
    share = sum(p.family == "Nguyễn" for p in people) / N
    assert 0.36 <= share <= 0.40  # ~38 %; 4 standard deviations either side
    common = collections.Counter(p.family for p in people).most_common(4)
    assert [family for family, _ in common] == ["Nguyễn", "Trần", "Lê", "Phạm"]


def test_middle_names_by_sex(people):
    for p in people:
        assert not (p.gender == names.MALE and "Thị" in p.middle.split())
        assert not (p.gender == names.FEMALE and p.middle == "Văn")
        assert not p.middle.endswith(p.given)
    common = sum(p.middle in ("Văn", "Thị") for p in people) / N
    assert 0.4 <= common <= 0.6


def test_given_names_fit_the_sex(people):
    women = {p.given for p in people if p.gender == names.FEMALE}
    men = {p.given for p in people if p.gender == names.MALE}
    assert {"Hương", "Trang", "Thảo", "Yến"} <= women
    assert {"Tuấn", "Hùng", "Dũng", "Quang"} <= men
    assert not {"Hương", "Trang", "Thảo", "Yến", "Nhung"} & men
    assert not {"Tuấn", "Hùng", "Dũng", "Thắng", "Cường"} & women


def test_names_are_nfc_and_clean(people):
    for p in people:
        for part in (p.family, p.middle, p.given, p.job_title, p.full_name):
            assert part == unicodedata.normalize("NFC", part)
            assert part == part.strip() and "  " not in part
        assert p.full_name == f"{p.family} {p.middle} {p.given}"


def test_status_frequencies(people):
    counts = collections.Counter(p.party_status for p in people)
    assert 0.66 <= counts[names.OFFICIAL] / N <= 0.74
    assert 0.06 <= counts[names.PROBATIONARY] / N <= 0.10
    assert 0.08 <= counts[name_data.ELITE_MASS] / N <= 0.12


def test_dates_are_consistent(people):
    today = names.REFERENCE_DATE
    for p in people:
        age = (today - p.birth_date).days / 365.25
        assert 22 <= age < 81
        if p.job_title != names.RETIRED_TITLE:
            assert age < 66
        normalize.check_person_dates(
            birth_date=p.birth_date,
            joined_on=p.joined_on,
            official_on=p.official_on,
            party_status=p.party_status,
            today=today,
        )
        if p.party_status == names.OFFICIAL:
            assert add_years(p.birth_date, 18) <= p.joined_on <= add_years(p.birth_date, 60)
            assert p.official_on == add_years(p.joined_on, 1) <= today
        elif p.party_status == names.PROBATIONARY:
            assert add_years(p.birth_date, 18) <= p.joined_on <= today
            assert (today - p.joined_on).days < 365
            assert p.official_on is None
        else:
            assert p.joined_on is None and p.official_on is None


def test_retirees_are_few(people):
    share = sum(p.job_title == names.RETIRED_TITLE for p in people) / N
    assert 0.005 <= share <= 0.05


def test_card_numbers(people):
    cards = [p.party_card_number for p in people if p.party_card_number]
    assert len(cards) == len(set(cards))
    assert all(isinstance(c, str) and len(c) == 8 and c.isdigit() for c in cards)
    assert any(c.startswith("0") for c in cards)  # leading zeros kept
    assert all(normalize.card_number(c) == c for c in cards)
    # Only full members hold a card: it is issued when they are made official.
    assert all(bool(p.party_card_number) == (p.party_status == names.OFFICIAL) for p in people)


def test_phones(people):
    phones = [p.phone for p in people]
    assert len(phones) == len(set(phones))
    prefixes = {prefix for prefix, _ in names.PHONE_PREFIXES}
    for phone in phones:
        assert len(phone) == 10 and phone[:3] in prefixes and phone[1] in "35789"
        assert normalize.phone(phone) == phone


def test_job_titles_by_sector():
    gen = NameGenerator(1)
    magazine = {gen.job_title("magazine") for _ in range(500)}
    assert {"Phóng viên", "Biên tập viên"} <= magazine
    assert gen.job_title("magazine", "head") == "Tổng Biên tập"
    assert gen.job_title("magazine", "deputy") == "Phó Tổng Biên tập"
    assert gen.job_title("enterprise", "head") == "Giám đốc"
    young = {gen.job_title("enterprise", age=24) for _ in range(500)}
    assert not any("trưởng" in title.lower() for title in young)


def test_leaders_are_full_members_of_working_age():
    gen = NameGenerator(2)
    for _ in range(200):
        head = gen.person(sector="bank", level="head")
        assert head.party_status == names.OFFICIAL and head.job_title == "Giám đốc Chi nhánh"
        assert 42 <= (names.REFERENCE_DATE - head.birth_date).days / 365.25 < 61


def test_fixed_status_and_gender():
    gen = NameGenerator(9)
    for _ in range(200):
        p = gen.person(status=names.PROBATIONARY, gender=names.FEMALE)
        assert p.party_status == names.PROBATIONARY and p.gender == names.FEMALE
        assert not p.party_card_number


def test_other_reference_date():
    today = dt.date(2030, 1, 1)
    for p in NameGenerator(1, today=today).people(500):
        assert p.birth_date < add_years(today, -21)
        assert p.official_on is None or p.official_on <= today


def test_permutation_is_a_bijection():
    perm = names._Permutation(random.Random(1), 10, 100)
    assert sorted(perm(x) for x in range(1000)) == list(range(1000))
    perm = names._Permutation(random.Random(2), 100, 100)
    assert sorted(perm(x) for x in range(10_000)) == list(range(10_000))
