"""Writes of the review reports: create, recompute (a background task), save the narrative
as a new version, issue (a number from the register; the report is frozen). Each checks who
may, runs in a transaction and refuses bad input with a Vietnamese message, changing nothing.

Writing a report is the document office's work: the grant's `document.register` action on
the unit, as for every numbered document (org.register).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import Action, require
from lamtheo.core.workflow import bump, lock
from lamtheo.org import register
from lamtheo.org.models import DocumentKind, Unit, UnitPeriod
from lamtheo.reports import figures, text
from lamtheo.reports.models import Report, ReportJob, ReportKind, ReportStatus, ReportVersion


def check_period(unit: Unit, start: dt.date | None, end: dt.date | None, today=None) -> None:
    """Refuse a period that cannot be reported on, with the reason. One query."""
    today = today or timezone.localdate()
    if start is None or end is None:
        raise ValidationError(_("Give the first and the last day of the period."))
    if end < start:
        raise ValidationError(
            _("The period ends (%(end)s) before it starts (%(start)s).")
            % {"end": end.strftime("%d/%m/%Y"), "start": start.strftime("%d/%m/%Y")}
        )
    if end > today:
        raise ValidationError(_("The period cannot end after today."))
    first = (
        UnitPeriod.objects.filter(unit=unit)
        .order_by("valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    opened = unit.opened_on or (first if first and first.year > 1 else None)
    if opened and start < opened:
        raise ValidationError(
            _(
                "“%(name)s” was founded on %(day)s: a report on it cannot cover days before "
                "that. Start the period on %(day)s or later."
            )
            % {"name": unit.name, "day": opened.strftime("%d/%m/%Y")}
        )


def default_summary(kind: str, start: dt.date, end: dt.date) -> str:
    what = "việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    if kind == ReportKind.YEAR:
        return f"Kết quả {what} năm {end.year}"
    word = "Sơ kết" if kind == ReportKind.INTERIM else "Tổng kết"
    return f"{word} {what} từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"


@transaction.atomic
def create(*, by, unit: Unit, kind: str, start, end, summary: str = "") -> Report:
    require(by, Action.DOCUMENT_REGISTER, unit)
    if kind not in ReportKind.values:
        raise ValidationError(_("Choose the kind of report."))
    check_period(unit, start, end)
    summary = " ".join((summary or "").split()) or default_summary(kind, start, end)
    return Report.objects.create(
        unit=unit,
        kind=kind,
        summary=summary[:500],
        starts_on=start,
        ends_on=end,
        created_by=by if by.is_authenticated else None,
    )


def compute(report: Report, job: ReportJob | None = None) -> dict:
    """Compute the figures and keep them on the report; a draft without text gets the first
    draft of its paragraphs (version 1). An issued report keeps its frozen copy untouched."""

    def progress(done: int, total: int) -> None:
        if job is not None:
            ReportJob.objects.filter(pk=job.pk).update(done=done, total=total)

    found = figures.build(report.unit, report.starts_on, report.ends_on, progress)
    with transaction.atomic():
        row = Report.objects.select_for_update().get(pk=report.pk)
        row.figures, row.computed_at = found, timezone.now()
        fields = ["figures", "computed_at"]
        if not row.is_issued and not row.versions.exists():
            draft = text.draft(found)
            row.assessment = draft["assessment"]
            row.shortcomings = draft["shortcomings"]
            row.directions = draft["directions"]
            fields += ["assessment", "shortcomings", "directions"]
            ReportVersion.objects.create(report=row, number=1, saved_by=None, **draft)
        row.save(update_fields=fields)
    report.refresh_from_db()
    return found


def _clean(value: str) -> str:
    return "\n".join(line.rstrip() for line in (value or "").strip().splitlines())


@transaction.atomic
def save_text(
    *, by, report: Report, version: int, assessment: str, shortcomings: str, directions: str
) -> Report:
    """Save the three paragraphs as a new version (the earlier ones are kept)."""
    row = lock(Report.objects.select_related("unit"), pk=report.pk, version=version)
    require(by, Action.DOCUMENT_REGISTER, row.unit)
    if row.is_issued:
        raise ValidationError(_("An issued report can no longer be changed."))
    texts = {
        "assessment": _clean(assessment),
        "shortcomings": _clean(shortcomings),
        "directions": _clean(directions),
    }
    if not all(texts.values()):
        raise ValidationError(_("Write the assessment, the shortcomings and the directions."))
    for name, value in texts.items():
        setattr(row, name, value)
    bump(row, [*texts])
    last = row.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ReportVersion.objects.create(report=row, number=last + 1, saved_by=by, **texts)
    return row


@transaction.atomic
def issue(
    *, by, report: Report, version: int, on: dt.date, signer_name: str, signer_title: str
) -> Report:
    """Take the next BC number of the unit's term and freeze the figures and the text."""
    row = lock(Report.objects.select_related("unit"), pk=report.pk, version=version)
    require(by, Action.DOCUMENT_REGISTER, row.unit)
    if row.is_issued:
        raise ValidationError(_("This report is already issued."))
    if not row.figures:
        raise ValidationError(_("The figures are not computed yet: wait for them, then issue."))
    if on < row.ends_on:
        raise ValidationError(_("A report cannot be issued before the end of its period."))
    if on > timezone.localdate():
        raise ValidationError(_("A report cannot be issued on a day still to come."))
    signer_name = " ".join((signer_name or "").split())
    if not signer_name:
        raise ValidationError(_("Give the name of the person who signs."))
    signer_title = " ".join((signer_title or "").split())
    row.document = register.issue(
        by=by,
        body=row.unit,
        kind=DocumentKind.REPORT,
        issued_on=on,
        summary=f"Báo cáo {row.summary[0].lower()}{row.summary[1:]}",
        signer_name=signer_name,
        signer_title=signer_title,
    )
    row.status = ReportStatus.ISSUED
    row.signer_name, row.signer_title = signer_name, signer_title
    row.frozen = {
        "figures": row.figures,
        "assessment": row.assessment,
        "shortcomings": row.shortcomings,
        "directions": row.directions,
    }
    bump(row, ["document", "status", "signer_name", "signer_title", "frozen"])
    return row


def changed_since_issue(report: Report) -> bool:
    """Whether the figures computed last, after the issue, differ from the issued ones."""
    return bool(
        report.is_issued and report.figures and report.figures != report.frozen.get("figures")
    )
