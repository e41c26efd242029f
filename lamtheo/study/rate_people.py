"""The people behind a participation rate: who in scope never took part, and who did, with
where and when (the lists the rate pages link to).

Both apply the one definition of lamtheo.study.rates (`flagged_people`) and so list exactly
the people its figures count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils import timezone

from lamtheo.org.models import Person, Unit
from lamtheo.study.models import TOOK_PART, Attendance, SelfStudy, StudySession
from lamtheo.study.rates import flagged_people, qualifying_sessions

PAGE_SIZE = 50


def never_present(
    unit: Unit, start: dt.date, end: dt.date, population: str, page=1, per_page: int = PAGE_SIZE
) -> Page:
    """People in scope who took part in nothing, in Vietnamese order (two queries)."""
    people = (
        flagged_people(unit, start, end, population)
        .filter(via_session=False, via_self_study=False)
        .select_related("unit")
        .order_by("sort_key", "pk")
    )
    return Paginator(people, per_page).get_page(page)


@dataclass
class Evidence:
    """One way a person took part: a session (with the point followed from) or a self-study."""

    day: dt.date
    title: str
    where: str = ""  # host unit of a session
    point: str = ""
    status: str = ""  # present / late for a session; "" for a self-study
    at: dt.datetime | None = None
    minutes: int | None = None
    self_study: bool = False
    hidden: bool = False  # outside the reader's scope: date only


@dataclass
class EvidenceRow:
    person: Person
    items: list[Evidence] = field(default_factory=list)


def evidence(
    unit: Unit,
    start: dt.date,
    end: dt.date,
    population: str,
    page=1,
    user=None,
    per_page: int = PAGE_SIZE,
) -> tuple[Page, list[EvidenceRow]]:
    """People in scope who took part, in Vietnamese order, each with where and when: every
    session they were present or late at, and every self-study, in the period.

    With `user`, sessions and self-study the user may not see (a person who moved in took
    part elsewhere) keep their date but not their title. Four queries, six with `user` (once
    the user's grants are read).
    """
    people = (
        flagged_people(unit, start, end, population)
        .filter(Q(via_session=True) | Q(via_self_study=True))
        .select_related("unit")
        .order_by("sort_key", "pk")
    )
    page_obj = Paginator(people, per_page).get_page(page)
    rows = {person.pk: EvidenceRow(person) for person in page_obj.object_list}
    if not rows:
        return page_obj, []
    attendances = list(
        Attendance.objects.filter(
            person_id__in=list(rows),
            status__in=TOOK_PART,
            session__in=qualifying_sessions(start, end),
        )
        .select_related("session__unit", "point")
        .order_by("session__starts_at", "pk")
    )
    studies = list(
        SelfStudy.objects.filter(
            person_id__in=list(rows), studied_on__gte=start, studied_on__lte=end
        ).order_by("studied_on", "pk")
    )
    visible_sessions = visible_studies = None
    if user is not None:
        visible_sessions = set(
            StudySession.objects.visible_to(user)
            .filter(pk__in={a.session_id for a in attendances} or [0])
            .values_list("pk", flat=True)
        )
        visible_studies = set(
            SelfStudy.objects.visible_to(user)
            .filter(pk__in=[s.pk for s in studies] or [0])
            .values_list("pk", flat=True)
        )
    for a in attendances:
        hidden = visible_sessions is not None and a.session_id not in visible_sessions
        rows[a.person_id].items.append(
            Evidence(
                day=timezone.localtime(a.session.starts_at).date(),
                title="" if hidden else a.session.title,
                where="" if hidden else a.session.unit.name,
                point="" if hidden or a.point is None else a.point.name,
                status=a.status,
                at=a.checked_in_at,
                hidden=hidden,
            )
        )
    for s in studies:
        hidden = visible_studies is not None and s.pk not in visible_studies
        rows[s.person_id].items.append(
            Evidence(
                day=s.studied_on,
                title="" if hidden else s.material,
                minutes=s.minutes,
                self_study=True,
                hidden=hidden,
            )
        )
    for row in rows.values():
        row.items.sort(key=lambda e: (e.day, e.self_study))
    return page_obj, list(rows.values())
