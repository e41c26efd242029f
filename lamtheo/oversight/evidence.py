"""The evidence a finding carries: what the features held about its subject over the period
inspected, read through their public models when the finding is recorded and stored on it as
a snapshot (a later change in a registration does not rewrite what the team saw).

For a unit the subtree is counted (its groups and their people); for a person, that person.
Two queries whatever the size of the subject:
- registrations of the programme years in the period (programs.Commitment, counting ones):
  how many, how many submitted after the year's registration closed ("late"), how many still
  waiting for approval after the registration closed, or self-assessed and never evaluated
  after the year's evaluation deadline ("never reviewed");
- study participation (study.Attendance) in the period's sessions that count for it.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q
from django.utils import timezone

from lamtheo.programs.models import COUNTING, Commitment, CommitmentStatus
from lamtheo.study.models import TOOK_PART, Attendance


def gather(subject, period_from: dt.date, period_to: dt.date, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    if subject.person_id:
        made_by = Q(person_id=subject.person_id)
    else:
        made_by = Q(unit__path__startswith=subject.unit.path)
    registrations = Commitment.objects.filter(
        made_by,
        status__in=COUNTING,
        year__year__gte=period_from.year,
        year__year__lte=period_to.year,
    ).aggregate(
        total=Count("pk"),
        late=Count("pk", filter=Q(submitted_at__date__gt=F("year__registration_closes"))),
        unreviewed=Count(
            "pk",
            filter=Q(status=CommitmentStatus.SUBMITTED, year__registration_closes__lt=today)
            | Q(status=CommitmentStatus.SELF_ASSESSED, year__evaluation_deadline__lt=today),
        ),
    )
    # A unit's attendance is counted by the unit each person was in at the session.
    study = Attendance.objects.filter(
        made_by,
        session__starts_at__date__gte=period_from,
        session__starts_at__date__lte=period_to,
        session__counts_for_participation=True,
    ).aggregate(invited=Count("pk"), attended=Count("pk", filter=Q(status__in=TOOK_PART)))
    invited = study["invited"]
    return {
        "period": [period_from.isoformat(), period_to.isoformat()],
        "gathered_on": today.isoformat(),
        "registrations": registrations["total"],
        "late": registrations["late"],
        "unreviewed": registrations["unreviewed"],
        "invited": invited,
        "attended": study["attended"],
        "participation": round(100 * study["attended"] / invited) if invited else None,
    }
