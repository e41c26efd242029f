"""Realistic, deterministic Vietnamese people for the demo and the benchmark.

    gen = NameGenerator(seed=42)
    family, middle, given, gender = gen.name()
    p = gen.person(sector="magazine")          # a FakePerson with dates, status, job, phone, card
    people = list(gen.people(100_000))         # fast: no database, ~10 µs a person

Everything comes from `random.Random(seed)` streams, so the same seed gives the same people in
the same order on every machine and Python version. Frequencies follow published surveys of
Vietnamese family names (Nguyễn about 38 %, then Trần, Lê, Phạm ...); middle and given names are
drawn per sex, with "Văn" / "Thị" about half of the middle names (more for older people).

Phone numbers (10 digits, current mobile prefixes) and party card numbers (8 digits, kept as
strings so leading zeros survive) are unique within one generator: they come from a keyed
permutation of a counter, so uniqueness costs no memory even for millions of people. They are
drawn from streams of their own, so asking for more or fewer numbers never changes the names.
Only full members get a card number: the card is issued when a member is made official.

This module does not import Django: gender and status values are the strings that
`lamtheo.org.models.Gender` and `PartyStatus` store.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from lamtheo.devdata.data.names import (
    AGES,
    ENTERPRISE_STATUSES,
    FAMILY_NAMES,
    FEMALE,
    FEMALE_GIVEN_NAMES,
    FEMALE_MIDDLE_NAMES,
    MALE,
    MALE_GIVEN_NAMES,
    MALE_MIDDLE_NAMES,
    MASS,
    MEMBER_STATUSES,
    OFFICIAL,
    PHONE_PREFIXES,
    PROBATIONARY,
    REFERENCE_DATE,
    RETIRED_TITLE,
    SECTORS,
)


@dataclass(frozen=True, slots=True)
class FakePerson:
    family: str
    middle: str
    given: str
    gender: str
    birth_date: dt.date
    party_status: str
    joined_on: dt.date | None
    official_on: dt.date | None
    party_card_number: str
    phone: str
    job_title: str

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.family, self.middle, self.given) if part)

    @property
    def is_member(self) -> bool:
        return self.party_status in MEMBER_STATUSES

    def as_fields(self) -> dict:
        """Keyword arguments for `lamtheo.org.models.Person` (add unit, unit_since, code)."""
        return {
            "full_name": self.full_name,
            "gender": self.gender,
            "birth_date": self.birth_date,
            "party_status": self.party_status,
            "joined_on": self.joined_on,
            "official_on": self.official_on,
            "party_card_number": self.party_card_number,
            "phone": self.phone,
            "job_title": self.job_title,
        }


class _Table:
    """A weighted table drawn with one random() and a binary search."""

    __slots__ = ("values", "cum", "total")

    def __init__(self, pairs: Sequence[tuple[str, float]]):
        self.values = [value for value, _ in pairs]
        self.cum = list(accumulate(weight for _, weight in pairs))
        self.total = self.cum[-1]

    def draw(self, rng: random.Random) -> str:
        return self.values[bisect.bisect(self.cum, rng.random() * self.total)]

    def share(self, value: str) -> float:
        i = self.values.index(value)
        return (self.cum[i] - (self.cum[i - 1] if i else 0.0)) / self.total


class _Permutation:
    """A keyed bijection of range(a * b): a small Feistel network in mixed radix.

    Feeding it a counter gives distinct, random-looking numbers without remembering them.
    """

    __slots__ = ("a", "b", "rounds")

    def __init__(self, rng: random.Random, a: int, b: int, rounds: int = 4):
        assert rounds % 2 == 0
        self.a, self.b = a, b
        self.rounds = []
        m_left, m_right = a, b
        for _ in range(rounds):
            self.rounds.append((m_left, [rng.randrange(m_left) for _ in range(m_right)]))
            m_left, m_right = m_right, m_left

    def __call__(self, x: int) -> int:
        left, right = divmod(x, self.b)
        for m_left, table in self.rounds:
            left, right = right, (left + table[right]) % m_left
        return left * self.b + right


def _is_senior(title: str) -> bool:
    lowered = title.lower()
    return any(word in lowered for word in ("trưởng", "giám đốc", "chỉ huy", "chánh", "chủ nhiệm"))


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class NameGenerator:
    """Deterministic realistic Vietnamese people; see the module docstring.

    seed: anything `random.Random` accepts (int or str).
    today: the reference date that ages and Party dates are relative to.
    statuses: (status, weight) pairs for `person()` when no status is given.
    female_share: probability that a person is a woman when no gender is given.
    retired_share: probability that an official member drawn without a fixed level or age
        range is a retiree (61–80, job "Cán bộ hưu trí").
    """

    def __init__(
        self,
        seed: int | str = 0,
        *,
        today: dt.date = REFERENCE_DATE,
        statuses: Sequence[tuple[str, float]] = ENTERPRISE_STATUSES,
        female_share: float = 0.47,
        retired_share: float = 0.03,
    ):
        self.seed = seed
        self.today = today
        self.female_share = female_share
        self.retired_share = retired_share
        self._rng = random.Random(f"lamtheo-names:{seed}")
        self._today = today.toordinal()
        self._age_bounds: dict[tuple[int, int], tuple[int, int]] = {}
        self._family = _Table(FAMILY_NAMES)
        self._middle = {MALE: _Table(MALE_MIDDLE_NAMES), FEMALE: _Table(FEMALE_MIDDLE_NAMES)}
        self._given = {MALE: _Table(MALE_GIVEN_NAMES), FEMALE: _Table(FEMALE_GIVEN_NAMES)}
        self._common_middle = {MALE: "Văn", FEMALE: "Thị"}
        self._statuses = _Table(statuses)
        self._prefixes = _Table(PHONE_PREFIXES)
        self._jobs = {sector: _Table(jobs.staff) for sector, jobs in SECTORS.items()}
        self._junior_jobs = {
            sector: _Table([(t, w) for t, w in jobs.staff if not _is_senior(t)])
            for sector, jobs in SECTORS.items()
        }
        # Unique numbers: keyed permutations over counters, built on first use from their
        # own streams so that building them never shifts the people drawn.
        self._card_perm: _Permutation | None = None
        self._card_start = 0
        self._card_count = 0
        self._phone_perm: _Permutation | None = None
        self._phone_start: dict[str, int] = {}
        self._phone_count: dict[str, int] = {}

    # -- names -------------------------------------------------------------------------------

    def gender(self) -> str:
        return FEMALE if self._rng.random() < self.female_share else MALE

    def name(self, gender: str | None = None, birth_year: int | None = None):
        """(family, middle, given, gender), NFC strings; "Văn"/"Thị" about half the time.

        Older people more often have "Văn"/"Thị" as their middle name (about 60 % of those born
        before 1975, 35 % of those born from 1990), younger people a more varied one.
        """
        rng = self._rng
        if gender is None:
            gender = FEMALE if rng.random() < self.female_share else MALE
        if birth_year is None:
            common = 0.5
        elif birth_year < 1975:
            common = 0.6
        elif birth_year < 1990:
            common = 0.5
        else:
            common = 0.35
        middle = (
            self._common_middle[gender] if rng.random() < common else self._middle[gender].draw(rng)
        )
        given_table = self._given[gender]
        given = given_table.draw(rng)
        while middle.endswith(given):  # no "Minh Minh", "Thị Thu Thu"
            given = given_table.draw(rng)
        return self._family.draw(rng), middle, given, gender

    def full_name(self, gender: str | None = None) -> str:
        family, middle, given, _ = self.name(gender)
        return f"{family} {middle} {given}"

    # -- dates -------------------------------------------------------------------------------

    def birth_date(self, min_age: int = 22, max_age: int = 65) -> dt.date:
        """A date of birth giving an age in [min_age, max_age] on the reference date.

        Ages cluster in the middle of the range (triangular), as in a workforce.
        """
        bounds = self._age_bounds.get((min_age, max_age))
        if bounds is None:
            bounds = self._age_bounds[min_age, max_age] = (
                add_years(self.today, -(max_age + 1)).toordinal() + 1,
                add_years(self.today, -min_age).toordinal(),
            )
        low, high = bounds
        return dt.date.fromordinal(round(self._rng.triangular(low, high)))

    def party_dates(
        self, birth_date: dt.date, status: str
    ) -> tuple[dt.date | None, dt.date | None]:
        """(joined_on, official_on) consistent with the status and the reference date.

        Members join between 18 and 60 years old, most in their twenties. Full members were made
        official 12 months after joining (so joined at least a year ago); probationary members
        joined within the last 12 months. Non-members get (None, None). Raises ValueError when
        the status is impossible for that date of birth.
        """
        if status not in MEMBER_STATUSES:
            return None, None
        earliest = add_years(birth_date, 18).toordinal()
        oldest = add_years(birth_date, 60).toordinal()
        if status == PROBATIONARY:
            low, high = max(earliest, self._today - 364), min(oldest, self._today)
            if low > high:
                raise ValueError("no possible date of joining for a probationary member")
            return dt.date.fromordinal(self._rng.randint(low, high)), None
        latest = min(oldest, add_years(self.today, -1).toordinal())
        if earliest > latest:
            raise ValueError("no possible date of joining for a full member")
        # Most join in their twenties, some much later; the young join when they can.
        joined = earliest + round(self._rng.triangular(0.0, 27.0, 6.0) * 365.25)
        if joined > latest:
            joined = self._rng.randint(earliest, latest)
        joined = dt.date.fromordinal(joined)
        return joined, add_years(joined, 1)

    # -- jobs and numbers ----------------------------------------------------------------------

    def job_title(self, sector: str = "enterprise", level: str = "staff", age: int = 40) -> str:
        """A job title in `sector` (a key of SECTORS); level "head", "deputy", "staff" or
        "retired". Under 30, staff get no head-of-department title."""
        if level == "head":
            return SECTORS[sector].head
        if level == "deputy":
            return SECTORS[sector].deputy
        if level == "retired":
            return RETIRED_TITLE
        table = self._jobs[sector] if age >= 30 else self._junior_jobs[sector]
        return table.draw(self._rng)

    def phone(self) -> str:
        """A unique 10-digit mobile number such as "0912345678"."""
        if self._phone_perm is None:
            self._phone_rng = random.Random(f"lamtheo-phones:{self.seed}")
            self._phone_perm = _Permutation(self._phone_rng, 1000, 10_000)
            self._phone_start = {p: self._phone_rng.randrange(10**7) for p in self._prefixes.values}
        prefix = self._prefixes.draw(self._phone_rng)
        n = self._phone_count.get(prefix, 0)
        if n >= 10**7:
            raise OverflowError(f"more than 10 million numbers with prefix {prefix}")
        self._phone_count[prefix] = n + 1
        return f"{prefix}{self._phone_perm((self._phone_start[prefix] + n) % 10**7):07d}"

    def card_number(self) -> str:
        """A unique 8-digit party card number, as a string: leading zeros are kept."""
        if self._card_perm is None:
            stream = random.Random(f"lamtheo-cards:{self.seed}")
            self._card_perm = _Permutation(stream, 10_000, 10_000)
            self._card_start = stream.randrange(10**8)
        n = self._card_count
        if n >= 10**8:
            raise OverflowError("more than 100 million party card numbers")
        self._card_count = n + 1
        return f"{self._card_perm((self._card_start + n) % 10**8):08d}"

    # -- people --------------------------------------------------------------------------------

    def person(
        self,
        *,
        sector: str = "enterprise",
        level: str = "staff",
        status: str | None = None,
        gender: str | None = None,
        min_age: int | None = None,
        max_age: int | None = None,
    ) -> FakePerson:
        """One person. level: "head", "deputy" (the unit's leaders, full members, 36–60),
        "staff" or "retired". Without a status, one is drawn from `statuses`; without ages,
        they follow the status (full members 24–62, probationary 22–40, outstanding
        non-members 22–35, non-members 22–65) and a few full members are retirees.
        """
        rng = self._rng
        if level in ("head", "deputy", "retired"):
            status = status or OFFICIAL
        elif status is None:
            status = self._statuses.draw(rng)
        if (
            level == "staff"
            and status == OFFICIAL
            and min_age is None
            and max_age is None
            and rng.random() < self.retired_share
        ):
            level = "retired"
        default_low, default_high = AGES[level if level != "staff" else status]
        low = default_low if min_age is None else min_age
        high = default_high if max_age is None else max_age
        birth = self.birth_date(low, max(low, high))
        family, middle, given, gender = self.name(gender, birth.year)
        try:
            joined, official = self.party_dates(birth, status)
        except ValueError:
            status = MASS
            joined, official = None, None
        return FakePerson(
            family=family,
            middle=middle,
            given=given,
            gender=gender,
            birth_date=birth,
            party_status=status,
            joined_on=joined,
            official_on=official,
            party_card_number=self.card_number() if status == OFFICIAL else "",
            phone=self.phone(),
            job_title=self.job_title(sector, level, self.today.year - birth.year),
        )

    def people(self, n: int, **kwargs) -> Iterator[FakePerson]:
        """`n` people drawn with `person(**kwargs)`."""
        for _ in range(n):
            yield self.person(**kwargs)
