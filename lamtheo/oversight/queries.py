"""Inspection's reads, each in a fixed number of queries whatever the row count: the list of
inspections a user sees, an inspection's page, and the open findings that bar commendation
(read by lamtheo.awards' eligibility)."""

from __future__ import annotations

from collections import defaultdict

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.oversight.models import (
    Finding,
    FindingStatus,
    Inspection,
    InspectionEvent,
    Plan,
    Status,
    Subject,
)

ACTIONS = {
    "opened": gettext_lazy("Opened"),
    "notice": gettext_lazy("Notice issued"),
    "finding": gettext_lazy("Finding recorded"),
    "concluded": gettext_lazy("Conclusion issued"),
    "reported": gettext_lazy("Remediation reported"),
    "verified": gettext_lazy("Remediation verified, finding closed"),
    "returned": gettext_lazy("Remediation returned"),
    "closed": gettext_lazy("Closed"),
    "cancelled": gettext_lazy("Cancelled"),
}

PER_PAGE = 50
SUBJECTS = Prefetch("subjects", queryset=Subject.objects.select_related("unit", "person"))


def inspections(user, status: str = "", page_number=1, per_page: int = PER_PAGE) -> Page:
    """One page of the inspections `user` sees, newest first, with their subjects and the
    count of their findings not closed: 3 queries (the count, the page, its subjects)."""
    rows = Inspection.objects.visible_to(user)
    if status in Status.values:
        rows = rows.filter(status=status)
    rows = (
        rows.select_related("unit", "plan")
        .annotate(open_findings=Count("findings", filter=~Q(findings__status=FindingStatus.CLOSED)))
        .prefetch_related(SUBJECTS)
        .order_by("-starts_on", "-pk")
    )
    page = Paginator(rows, per_page).get_page(page_number)
    page.object_list = list(page.object_list)
    return page


def plans(user, limit: int = 50) -> list[Plan]:
    return list(
        Plan.objects.visible_to(user)
        .select_related("unit", "document")
        .annotate(n=Count("inspections"))
        .order_by("-year", "-pk")[:limit]
    )


def page(inspection: Inspection) -> dict:
    """An inspection's subjects, findings (with recommendations) and history: 4 queries."""
    subjects = list(inspection.subjects.select_related("unit", "person__unit"))
    by_pk = {s.pk: s for s in subjects}
    findings = list(inspection.findings.prefetch_related("recommendations").order_by("pk"))
    for f in findings:
        f.subject = by_pk[f.subject_id]
    events = list(
        InspectionEvent.objects.filter(inspection=inspection)
        .select_related("actor")
        .order_by("at", "pk")
    )
    for e in events:
        e.label = ACTIONS.get(e.action, e.action)
    return {"subjects": subjects, "findings": findings, "events": events}


def open_findings(people: set[int], units: set[int], first_year: int, last_year: int) -> dict:
    """{("p", person id) or ("u", unit id): [reason, …]}: findings not closed on exactly that
    person or unit, of inspections (not cancelled) whose period inspected overlaps the years
    `first_year`–`last_year`. One query. Not scoped: a rule of eligibility, not a page."""
    found: dict[tuple, list[str]] = defaultdict(list)
    if not people and not units:
        return found
    rows = (
        Finding.objects.filter(
            Q(subject__person_id__in=people) | Q(subject__unit_id__in=units),
            inspection__period_from__year__lte=last_year,
            inspection__period_to__year__gte=first_year,
        )
        .exclude(status=FindingStatus.CLOSED)
        .exclude(inspection__status=Status.CANCELLED)
        .values_list(
            "subject__person_id", "subject__unit_id", "inspection__title", "severity", "text"
        )
        .order_by("pk")
    )
    labels = dict(Finding._meta.get_field("severity").choices)
    for person_id, unit_id, title, severity, text in rows:
        key = ("p", person_id) if person_id else ("u", unit_id)
        short = text if len(text) <= 120 else text[:119] + "…"
        found[key].append(
            _("Open inspection finding (%(severity)s) of “%(title)s”: %(text)s")
            % {"severity": labels.get(severity, severity), "title": title, "text": short}
        )
    return found
