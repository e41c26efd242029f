"""Inspection's writes: plans, inspections and their subjects, the numbered notice and
conclusion, findings with their evidence and recommendations, the subject's remediation, the
inspection side's verification and closing. Keyword-only, permission-checked, one transaction
each; every step of an inspection or a finding leaves a row in InspectionEvent."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import Action, can, require
from lamtheo.core.workflow import lock, record, transition
from lamtheo.org import register
from lamtheo.org.models import DocumentKind, Person, Unit
from lamtheo.oversight import evidence
from lamtheo.oversight.models import (
    Content,
    Finding,
    FindingStatus,
    Inspection,
    Kind,
    Plan,
    Recommendation,
    Severity,
    Status,
    Subject,
)

S = Status
F = FindingStatus


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def _body(text: str) -> str:
    return (text or "").strip()


@transaction.atomic
def create_plan(*, by, unit: Unit, year: int, title: str, purpose: str = "") -> Plan:
    require(by, Action.INSPECTION_CHANGE, unit)
    title = _clean(title)
    if not title:
        raise ValidationError(_("Give the plan a title."))
    if Plan.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(_("This committee already has a plan for %(year)s.") % {"year": year})
    return Plan.objects.create(
        unit=unit, year=year, title=title, purpose=_body(purpose), created_by=by
    )


@transaction.atomic
def issue_plan(*, by, plan: Plan, on: dt.date) -> Plan:
    """The plan takes its KH number from the committee's register."""
    plan = Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    require(by, Action.INSPECTION_CHANGE, plan.unit)
    if plan.document_id:
        raise ValidationError(_("The plan already has its number."))
    plan.document = register.issue(
        by=by,
        body=plan.unit,
        kind=DocumentKind.PLAN,
        issued_on=on,
        summary=f"Kế hoạch kiểm tra, giám sát năm {plan.year}",
    )
    plan.save(update_fields=["document"])
    return plan


def _check_subjects(unit: Unit, units: list[Unit], people: list[Person]) -> None:
    if not units and not people:
        raise ValidationError(_("Name at least one unit or person to inspect."))
    for subject in units:
        if not subject.path.startswith(unit.path):
            raise ValidationError(
                _("%(name)s is not under the inspecting committee.") % {"name": subject.name}
            )
    for person in people:
        if not person.unit.path.startswith(unit.path):
            raise ValidationError(
                _("%(name)s is not under the inspecting committee.") % {"name": person.full_name}
            )


@transaction.atomic
def open_inspection(
    *,
    by,
    unit: Unit,
    title: str,
    kind: str,
    content: str,
    starts_on: dt.date,
    ends_on: dt.date,
    period_from: dt.date,
    period_to: dt.date,
    units: list[Unit] = (),
    people: list[Person] = (),
    content_text: str = "",
    team: str = "",
    plan: Plan | None = None,
) -> Inspection:
    """Open an inspection or a supervision of units and people under `unit`, in its yearly
    plan or ad hoc (no plan)."""
    require(by, Action.INSPECTION_CHANGE, unit)
    units, people = list(units), list(people)
    title = _clean(title)
    if not title:
        raise ValidationError(_("Give the inspection a title."))
    if kind not in Kind.values or content not in Content.values:
        raise ValidationError(_("Choose the kind and the content."))
    if ends_on < starts_on:
        raise ValidationError(_("The inspection cannot end before it starts."))
    if period_to < period_from:
        raise ValidationError(_("The period inspected cannot end before it starts."))
    if period_from > ends_on:
        raise ValidationError(_("The period inspected cannot start after the inspection."))
    if plan is not None and plan.unit_id != unit.pk:
        raise ValidationError(_("This plan is another committee's."))
    _check_subjects(unit, units, people)
    inspection = Inspection.objects.create(
        unit=unit,
        plan=plan,
        kind=kind,
        title=title,
        content=content,
        content_text=_body(content_text),
        starts_on=starts_on,
        ends_on=ends_on,
        period_from=period_from,
        period_to=period_to,
        team="\n".join(_clean(line) for line in team.splitlines() if _clean(line)),
        created_by=by,
    )
    Subject.objects.bulk_create(
        [Subject(inspection=inspection, unit=u) for u in dict.fromkeys(units)]
        + [Subject(inspection=inspection, person=p) for p in dict.fromkeys(people)]
    )
    record(inspection, by=by, action="opened", from_state="")
    return inspection


def _inspecting(by, row: Inspection) -> None:
    require(by, Action.INSPECTION_CHANGE, row.unit)


@transaction.atomic
def issue_notice(
    *, by, inspection: Inspection, on: dt.date, signer_name: str = "", version=None
) -> Inspection:
    """The decision of inspection (quyết định kiểm tra) or notice of supervision (thông báo
    giám sát) takes its number: the inspection is under way."""

    def number(row):
        kind = DocumentKind.DECISION if row.kind == Kind.INSPECTION else DocumentKind.NOTICE
        what = "kiểm tra" if row.kind == Kind.INSPECTION else "giám sát"
        row.notice = register.issue(
            by=by,
            body=row.unit,
            kind=kind,
            issued_on=on,
            summary=f"Về việc {what}: {row.title}",
            signer_name=_clean(signer_name),
        )
        row.signer_name = _clean(signer_name) or row.signer_name
        return ["notice", "signer_name"]

    return transition(
        Inspection.objects.select_related("unit"),
        pk=inspection.pk,
        version=version,
        by=by,
        to=S.UNDER_WAY,
        action="notice",
        allowed_from=(S.PLANNED,),
        check=lambda row: _inspecting(by, row),
        refused=_("Only a planned inspection can be announced."),
        change=number,
    )


def _no_findings(row) -> list[str]:
    if row.findings.exists():
        raise ValidationError(_("Findings are recorded: conclude the inspection instead."))
    return []


@transaction.atomic
def cancel(*, by, inspection: Inspection, reason: str, version=None) -> Inspection:
    reason = _clean(reason)
    if not reason:
        raise ValidationError(_("Give the reason for cancelling."))
    return transition(
        Inspection.objects.select_related("unit"),
        pk=inspection.pk,
        version=version,
        by=by,
        to=S.CANCELLED,
        action="cancelled",
        allowed_from=(S.PLANNED, S.UNDER_WAY),
        check=lambda row: _inspecting(by, row),
        refused=_("A concluded inspection cannot be cancelled."),
        change=_no_findings,
        reason=reason,
    )


@transaction.atomic
def record_finding(
    *,
    by,
    inspection: Inspection,
    subject: Subject,
    severity: str,
    text: str,
    recommendation: str,
    deadline: dt.date,
) -> Finding:
    """A finding on one subject, with the evidence the system holds for it over the period
    (a snapshot) and its first recommendation."""
    inspection = lock(Inspection.objects.select_related("unit"), pk=inspection.pk)
    _inspecting(by, inspection)
    if inspection.status != S.UNDER_WAY:
        raise ValidationError(_("Findings are recorded while the inspection is under way."))
    if subject.inspection_id != inspection.pk:
        raise ValidationError(_("This subject is not part of the inspection."))
    if severity not in Severity.values:
        raise ValidationError(_("Choose the severity."))
    text, recommendation = _body(text), _body(recommendation)
    if not text:
        raise ValidationError(_("Write the finding."))
    if not recommendation:
        raise ValidationError(_("Write what the subject must remedy."))
    if deadline < inspection.starts_on:
        raise ValidationError(_("The deadline cannot fall before the inspection starts."))
    subject = Subject.objects.select_related("unit", "person__unit").get(pk=subject.pk)
    finding = Finding.objects.create(
        inspection=inspection,
        subject=subject,
        severity=severity,
        text=text,
        evidence=evidence.gather(subject, inspection.period_from, inspection.period_to),
    )
    Recommendation.objects.create(finding=finding, text=recommendation, deadline=deadline)
    record(finding, by=by, action="finding", from_state="", inspection=inspection)
    return finding


@transaction.atomic
def conclude(
    *, by, inspection: Inspection, on: dt.date, text: str, signer_name: str = "", version=None
) -> Inspection:
    """The conclusion (thông báo kết luận) takes its TB number; the findings stay open until
    their remediation is verified."""
    text = _body(text)
    if not text:
        raise ValidationError(_("Write the conclusion."))

    def number(row):
        if on < row.notice.issued_on:
            raise ValidationError(_("The conclusion cannot be dated before the notice."))
        what = "kiểm tra" if row.kind == Kind.INSPECTION else "giám sát"
        row.conclusion = register.issue(
            by=by,
            body=row.unit,
            kind=DocumentKind.NOTICE,
            issued_on=on,
            summary=f"Kết luận {what}: {row.title}",
            signer_name=_clean(signer_name),
        )
        row.conclusion_text = text
        row.signer_name = _clean(signer_name) or row.signer_name
        return ["conclusion", "conclusion_text", "signer_name"]

    return transition(
        Inspection.objects.select_related("unit", "notice"),
        pk=inspection.pk,
        version=version,
        by=by,
        to=S.CONCLUDED,
        action="concluded",
        allowed_from=(S.UNDER_WAY,),
        check=lambda row: _inspecting(by, row),
        refused=_("Only an inspection under way can be concluded."),
        change=number,
    )


def _finding_queryset():
    return Finding.objects.select_related("inspection__unit", "subject__unit", "subject__person")


def may_remedy(user, finding: Finding) -> bool:
    return can(user, Action.INSPECTION_REMEDY, finding.subject.home_unit)


@transaction.atomic
def report_remediation(*, by, finding: Finding, text: str, version=None) -> Finding:
    """The subject's secretary reports what was done about the finding."""
    text = _body(text)
    if not text:
        raise ValidationError(_("Write what was done to remedy the finding."))

    def check(row):
        if not may_remedy(by, row):
            raise PermissionDenied
        if row.inspection.status != S.CONCLUDED:
            raise ValidationError(_("Remediation is reported once the inspection is concluded."))

    def change(row):
        row.remediation = text
        row.reported_at = timezone.now()
        return ["remediation", "reported_at"]

    return transition(
        _finding_queryset(),
        pk=finding.pk,
        version=version,
        by=by,
        to=F.REPORTED,
        action="reported",
        allowed_from=(F.OPEN,),
        check=check,
        refused=_("This finding is not waiting for remediation."),
        change=change,
        reason=text,
        inspection_id=finding.inspection_id,
    )


@transaction.atomic
def verify(*, by, finding: Finding, accept: bool, comment: str = "", version=None) -> Finding:
    """The inspection side checks the remediation: closes the finding, or sends it back open
    with the reason."""
    comment = _body(comment)
    if not accept and not comment:
        raise ValidationError(_("Say what is still missing."))

    def change(row):
        row.closed_at = timezone.now() if accept else None
        return ["closed_at"]

    return transition(
        _finding_queryset(),
        pk=finding.pk,
        version=version,
        by=by,
        to=F.CLOSED if accept else F.OPEN,
        action="verified" if accept else "returned",
        allowed_from=(F.REPORTED,),
        check=lambda row: _inspecting(by, row.inspection),
        refused=_("Only a reported remediation can be verified."),
        change=change,
        reason=comment,
        inspection_id=finding.inspection_id,
    )


@transaction.atomic
def close(*, by, inspection: Inspection, version=None) -> Inspection:
    def check(row):
        _inspecting(by, row)
        if row.findings.exclude(status=F.CLOSED).exists():
            raise ValidationError(_("Some findings are not verified and closed yet."))

    return transition(
        Inspection.objects.select_related("unit"),
        pk=inspection.pk,
        version=version,
        by=by,
        to=S.CLOSED,
        action="closed",
        allowed_from=(S.CONCLUDED,),
        check=check,
        refused=_("Only a concluded inspection can be closed."),
    )


def today() -> dt.date:
    return timezone.localdate()
