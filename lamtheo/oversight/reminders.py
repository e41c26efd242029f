"""Reminders of inspection (lamtheo.notify.reminders): a recommendation whose deadline is
NOTIFY_REMINDER_LEAD_DAYS away (or past) while its finding still waits for remediation, to the
secretaries of the subject (the unit inspected, or the unit of the person inspected). Keyed
"recommendation:<pk>:deadline": written once, never twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.notify.reminders import Reminder, site_link
from lamtheo.org.queries import secretaries
from lamtheo.oversight.models import FindingStatus, Recommendation, Status


def due(now: dt.datetime) -> Iterator[Reminder]:
    today = timezone.localdate(now)
    lead = dt.timedelta(days=settings.NOTIFY_REMINDER_LEAD_DAYS)
    rows = (
        Recommendation.objects.filter(
            deadline__lte=today + lead,
            finding__status=FindingStatus.OPEN,
            finding__inspection__status=Status.CONCLUDED,
        )
        .select_related(
            "finding__inspection__unit", "finding__subject__unit", "finding__subject__person"
        )
        .order_by("pk")
    )
    for rec in rows:
        finding = rec.finding
        subject = finding.subject
        unit_id = subject.person.unit_id if subject.person_id else subject.unit_id
        names = {
            "title": finding.inspection.title,
            "name": subject.name,
            "deadline": rec.deadline.strftime("%d/%m/%Y"),
        }
        yield Reminder(
            key=f"recommendation:{rec.pk}:deadline",
            title=_("Remediation due by %(deadline)s: %(title)s") % names,
            body=_(
                "The inspection “%(title)s” asked %(name)s to remedy a finding by %(deadline)s. "
                "Report what was done on its page."
            )
            % names
            + " "
            + rec.text,
            unit=finding.inspection.unit,
            people=secretaries([unit_id]),
            link=site_link("inspection", finding.inspection_id),
        )
