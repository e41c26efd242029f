"""A programme run by the committee of the `world` fixture, with an open 2026 year."""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheo.programs import services
from lamtheo.programs.models import ProgramYear

TODAY = dt.date(2026, 2, 10)  # inside the registration window below
WINDOWS = {
    "registration_opens": dt.date(2026, 1, 5),
    "registration_closes": dt.date(2026, 3, 31),
    "midyear_review_on": dt.date(2026, 7, 15),
    "self_assessment_opens": dt.date(2026, 11, 1),
    "self_assessment_closes": dt.date(2026, 12, 10),
    "evaluation_deadline": dt.date(2026, 12, 25),
}
COMMITMENT = {
    "content_area": "advisory",
    "action": "Rút ngắn thời gian biên tập mỗi số tạp chí từ 10 xuống 7 ngày",
    "expected_result": "12/12 số phát hành đúng hạn",
    "due_on": dt.date(2026, 12, 1),
    "shortcoming": "Còn chậm trễ trong khâu duyệt bài",
}


@pytest.fixture
def program(world):
    return services.program_create(
        by=world.office,
        unit=world.committee,
        name="Thực hiện Kết luận 01-KL/TW giai đoạn 2021–2026",
        start_year=2021,
        end_year=2026,
        basis="Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị",
    )


@pytest.fixture
def year(world, program) -> ProgramYear:
    year = services.year_create(
        by=world.office, program=program, year=2026, theme="Chuyên đề năm 2026", **WINDOWS
    )
    return services.year_advance(by=world.office, year=year)


@pytest.fixture
def commit(world, year):
    """commit(person=..., by=..., submit=True) makes a commitment in the open year."""

    def _commit(person=None, by=None, submit=True, **fields):
        person = person or world.person_a
        return services.commitment_create(
            by=by or world.member,
            year=year,
            person=person,
            submit=submit,
            today=TODAY,
            **{**COMMITMENT, **fields},
        )

    return _commit
