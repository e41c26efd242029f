"""Programmes and their years (draft → open → under evaluation → closed)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import require
from lamtheo.core.text import clean_text
from lamtheo.core.workflow import transition
from lamtheo.org import counts as org_counts
from lamtheo.programs.models import YEAR_FLOW, Program, ProgramYear, YearStatus

YEAR_ACTIONS = {
    YearStatus.OPEN: "opened",
    YearStatus.EVALUATING: "evaluation_opened",
    YearStatus.CLOSED: "closed",
}


def _closed(year: ProgramYear) -> str:
    return _("The year %(y)s is closed and can no longer change.") % {"y": year.year}


@transaction.atomic
def program_create(
    *, by, unit, name: str, start_year: int, end_year: int, basis: str = "", term_theme: str = ""
) -> Program:
    require(by, "program.change", unit)
    program = Program(
        unit=unit,
        name=clean_text(name),
        basis=basis.strip(),
        term_theme=clean_text(term_theme),
        start_year=start_year,
        end_year=end_year,
        created_by=by,
    )
    if end_year < start_year:
        raise ValidationError({"end_year": _("The last year is before the first.")})
    program.full_clean()
    program.save()
    return program


@transaction.atomic
def year_create(*, by, program: Program, year: int, theme: str = "", **fields) -> ProgramYear:
    """A new year of a programme, in draft."""
    require(by, "program.change", program.unit)
    if not program.start_year <= year <= program.end_year:
        raise ValidationError(
            {
                "year": _("The programme runs from %(a)s to %(b)s.")
                % {"a": program.start_year, "b": program.end_year}
            }
        )
    if ProgramYear.objects.filter(program=program, year=year).exists():
        raise ValidationError(
            {"year": _("This programme already has the year %(y)s.") % {"y": year}}
        )
    program_year = ProgramYear(program=program, year=year, theme=clean_text(theme), **fields)
    _check_windows(program_year)
    program_year.full_clean()
    program_year.save()
    # Its figures, once it has ended, read the people on its last day per unit.
    org_counts.start_counting_year_end(year)
    return program_year


def _check_windows(year: ProgramYear) -> None:
    errors = {}
    if year.registration_closes < year.registration_opens:
        errors["registration_closes"] = _("Registration closes before it opens.")
    if year.self_assessment_closes < year.self_assessment_opens:
        errors["self_assessment_closes"] = _("Self-assessment closes before it opens.")
    if year.self_assessment_opens < year.registration_opens:
        errors["self_assessment_opens"] = _("Self-assessment opens before registration.")
    if year.evaluation_deadline < year.self_assessment_opens:
        errors["evaluation_deadline"] = _("The evaluation deadline is before self-assessment.")
    if year.max_commitments < year.min_commitments:
        errors["max_commitments"] = _("The most is fewer than the fewest.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def year_update(*, by, year: ProgramYear, **fields) -> ProgramYear:
    require(by, "program.change", year.program.unit)
    year = ProgramYear.objects.select_for_update().get(pk=year.pk)
    if year.is_locked:
        raise ValidationError(
            _("The year %(y)s is closed and can no longer change.") % {"y": year.year}
        )
    for name, value in fields.items():
        setattr(year, name, clean_text(value) if name == "theme" else value)
    _check_windows(year)
    year.full_clean()
    year.save()
    return year


@transaction.atomic
def year_advance(*, by, year: ProgramYear) -> ProgramYear:
    """Draft → open → under evaluation → closed. Closing locks every commitment of the year."""
    require(by, "program.change", year.program.unit)
    # The step follows from the state read here; transition() refuses it if someone moved
    # the year on meanwhile (the state it locks is no longer this one).
    stored = ProgramYear.objects.only("status").get(pk=year.pk).status
    following = YEAR_FLOW.get(stored)
    closed = _("The year %(y)s is closed and can no longer change.") % {"y": year.year}
    if following is None:
        raise ValidationError(closed)

    def one_open_year(row: ProgramYear):
        if (
            following == YearStatus.OPEN
            and ProgramYear.objects.filter(program=row.program, status=YearStatus.OPEN)
            .exclude(pk=row.pk)
            .exists()
        ):
            raise ValidationError(
                _("Another year of this programme is still open; move it on first.")
            )
        return []

    return transition(
        ProgramYear.objects.select_related("program"),
        pk=year.pk,
        by=by,
        to=following,
        action=YEAR_ACTIONS[following],
        allowed_from=(stored,),
        refused=closed,
        change=one_open_year,
    )
