"""Evidence rows from other features, written directly for the eligibility tests."""

from __future__ import annotations

import datetime as dt

from lamtheo.programs.models import Program, ProgramYear, YearEvaluation


def program_year(world, year: int) -> ProgramYear:
    program, _ = Program.objects.get_or_create(
        unit=world.committee, name="Chương trình", defaults={"start_year": 2021, "end_year": 2026}
    )
    found, _ = ProgramYear.objects.get_or_create(
        program=program,
        year=year,
        defaults={
            "registration_opens": dt.date(year, 1, 1),
            "registration_closes": dt.date(year, 2, 1),
            "self_assessment_opens": dt.date(year, 11, 1),
            "self_assessment_closes": dt.date(year, 11, 30),
            "evaluation_deadline": dt.date(year, 12, 31),
        },
    )
    return found


def evaluation(world, person, year: int, rank: str, disciplined: bool = False):
    return YearEvaluation.objects.create(
        year=program_year(world, year),
        person=person,
        unit=person.unit,
        rank=rank,
        has_discipline=disciplined,
    )
