"""A committee's 2022 over the `world` fixture: a programme year with registrations in both
cells, study sessions and self-study, an exemplar taken up, a campaign's activities, and the
commendation decision of 14/03/2023 (tests/awards/conftest: person_a and cell_b)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lamtheo.exemplars.models import (
    Activity,
    Adoption,
    AdoptionStatus,
    Campaign,
    CampaignEntry,
    Exemplar,
)
from lamtheo.programs.models import Commitment, Program, ProgramYear
from tests.awards.conftest import decided, round_, term  # noqa: F401  (fixtures)
from tests.factories import PersonFactory
from tests.study.test_rates import at, held, studied

D = dt.date
START, END = D(2022, 1, 1), D(2022, 12, 31)


def commitment(year, person, area, status="evaluated", outcome="met"):
    return Commitment.objects.create(
        year=year,
        person=person,
        unit=person.unit,
        content_area=area,
        action="Việc làm theo",
        expected_result="Kết quả đo được",
        status=status,
        outcome=outcome if status == "evaluated" else "",
    )


@pytest.fixture
def story(world):
    """Returns the programme year 2022 and a third person in cell A (who never took part)."""
    w = world
    quiet = PersonFactory(unit=w.cell_a, full_name="Lê Văn Lặng")
    program = Program.objects.create(
        unit=w.committee, name="Thực hiện Kết luận 01-KL/TW", start_year=2021, end_year=2026
    )
    year = ProgramYear.objects.create(
        program=program,
        year=2022,
        status="closed",
        registration_opens=D(2022, 1, 5),
        registration_closes=D(2022, 3, 31),
        self_assessment_opens=D(2022, 11, 1),
        self_assessment_closes=D(2022, 12, 10),
        evaluation_deadline=D(2022, 12, 25),
        min_commitments=1,
        max_commitments=2,
    )
    commitment(year, w.person_a, "political_task", outcome="exceeded")
    commitment(year, w.person_a, "ethics")
    commitment(year, w.person_b, "productivity", outcome="not_met")
    held(w.cell_a, at(2022, 3, 10), {w.person_a: "present", quiet: "absent"}, kind="key_cadre")
    held(w.cell_a, at(2022, 6, 10), {w.person_a: "late"})
    held(w.cell_b, at(2022, 9, 10), {w.person_b: "present"}, kind="thematic")
    held(w.cell_b, at(2023, 2, 1), {w.person_b: "present"})  # after the period
    studied(w.person_b, D(2022, 10, 1))
    exemplar = Exemplar.objects.create(
        kind="model",
        title="Mô hình “Mỗi tuần một việc tốt”",
        unit=w.cell_a,
        field="party_building",
        actions="Mỗi tuần một việc tốt",
        status="published",
        recognised_on=D(2022, 4, 1),
    )
    Adoption.objects.create(
        exemplar=exemplar,
        unit=w.cell_b,
        started_on=D(2022, 5, 1),
        status=AdoptionStatus.ADOPTED,
        adopted_on=D(2022, 8, 1),
    )
    campaign = Campaign.objects.create(
        unit=w.committee,
        title="Thi đua chào mừng 10 năm thành lập Đảng bộ Khối",
        starts_on=D(2022, 1, 1),
        ends_on=D(2023, 6, 1),
        status="open",
    )
    entry = CampaignEntry.objects.create(campaign=campaign, unit=w.cell_a, targets="Mục tiêu")
    Activity.objects.create(
        entry=entry, kind="sport", title="Giải bóng bàn", held_on=D(2022, 5, 19), participants=30
    )
    Activity.objects.create(
        entry=entry,
        kind="gratitude",
        title="Thăm gia đình chính sách",
        held_on=D(2022, 7, 27),
        participants=12,
    )
    assert timezone.localdate() > END
    return year, quiet
