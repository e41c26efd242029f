"""Reminders at a programme year's milestones (lamtheo.notify.reminders): registration opens and
is about to close, commitments wait for approval, the mid-year review, the self-assessment
window opens and is about to close. Each goes to the people still behind at that step (the
same predicates as the progress pages, queries.progress.filter_step) and, at a window's last
reminder, to the secretaries of the units that lag.

The year-end evaluation window is not here: lamtheo.evaluation.reminders has its own
reminders. How many days ahead and what share makes a unit lag are settings with
defaults, not rules (settings.NOTIFY_REMINDER_LEAD_DAYS, NOTIFY_LAGGING_SHARE).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.core.tree import subtree_q
from lamtheo.notify.reminders import Reminder, already_sent, site_link
from lamtheo.org.models import Person
from lamtheo.org.queries import secretaries
from lamtheo.programs.models import Commitment, CommitmentStatus, ProgramYear, YearStatus
from lamtheo.programs.queries.late import APPROVAL_DAYS_AFTER_CLOSE
from lamtheo.programs.queries.progress import filter_step


def _day(date: dt.date) -> str:
    return date.strftime("%d/%m/%Y")


def due(now: dt.datetime) -> Iterator[Reminder]:
    today = timezone.localdate(now)
    lead = dt.timedelta(days=settings.NOTIFY_REMINDER_LEAD_DAYS)
    years = ProgramYear.objects.filter(
        status__in=(YearStatus.OPEN, YearStatus.EVALUATING)
    ).select_related("program__unit")
    for year in years:
        yield from _registration(year, today, lead)
        yield from _approval(year, today)
        yield from _midyear(year, today, lead)
        yield from _self_assessment(year, today, lead)


def _people(year: ProgramYear):
    """Everyone who takes part: the current people of the programme's committee."""
    return Person.objects.current().filter(subtree_q([year.program.unit.path], prefix="unit__path"))


def _names(year: ProgramYear) -> dict:
    return {"programme": year.program.name, "year": year.year}


def lagging_units(people, behind) -> list[int]:
    """The units where at least NOTIFY_LAGGING_SHARE of the people are `behind` (both Person
    querysets): two grouped queries."""
    totals = dict(people.order_by().values_list("unit_id").annotate(n=Count("pk")))
    late = behind.order_by().values_list("unit_id").annotate(n=Count("pk"))
    share = settings.NOTIFY_LAGGING_SHARE
    return sorted(unit for unit, n in late if n and n >= share * totals.get(unit, n))


def _window(
    year: ProgramYear,
    today: dt.date,
    lead: dt.timedelta,
    *,
    step: str,
    opens: dt.date,
    closes: dt.date,
    behind,
    texts: dict,
    link: str,
) -> Iterator[Reminder]:
    """A window's two reminders: when it opens (unless it closes within `lead`) and `lead`
    before it closes, with the secretaries of the units that lag."""
    if not opens <= today <= closes:
        return
    key = f"year:{year.pk}:{step}"
    unit = year.program.unit
    if today < closes - lead:
        yield Reminder(
            key=f"{key}-opens",
            title=texts["open_title"],
            body=texts["open_body"],
            unit=unit,
            people=behind,
            link=link,
        )
        return
    yield Reminder(
        key=f"{key}-closes",
        title=texts["close_title"],
        body=texts["close_body"],
        unit=unit,
        people=behind,
        link=link,
    )
    lag_key = f"{key}-closes:secretaries"
    if not already_sent(lag_key):
        units = lagging_units(_people(year), behind)
        yield Reminder(
            key=lag_key,
            title=texts["lag_title"],
            body=texts["lag_body"],
            unit=unit,
            people=secretaries(units) if units else Person.objects.none(),
            link=site_link("review-queue"),
        )


def _registration(year: ProgramYear, today: dt.date, lead: dt.timedelta):
    if year.status != YearStatus.OPEN:
        return
    names = _names(year) | {"closes": _day(year.registration_closes)}
    yield from _window(
        year,
        today,
        lead,
        step="registration",
        opens=year.registration_opens,
        closes=year.registration_closes,
        behind=filter_step(_people(year), year, "not_registered"),
        link=site_link("my-registration"),
        texts={
            "open_title": _("Registration for %(year)s is open") % names,
            "open_body": _(
                "%(programme)s: registration of your commitments for %(year)s is open until "
                "%(closes)s. Please register your commitments."
            )
            % names,
            "close_title": _("Registration for %(year)s closes on %(closes)s") % names,
            "close_body": _(
                "%(programme)s: you have not yet registered your commitments for %(year)s. "
                "Registration closes on %(closes)s."
            )
            % names,
            "lag_title": _("Your unit is behind with registration for %(year)s") % names,
            "lag_body": _(
                "%(programme)s: many people of the unit you lead have not yet registered "
                "their commitments for %(year)s; registration closes on %(closes)s. Please "
                "remind them."
            )
            % names,
        },
    )


def _approval(year: ProgramYear, today: dt.date):
    """After registration closes, the secretaries of the units whose commitments still wait
    for approval, once, during the days the approval is due (queries.late)."""
    closes = year.registration_closes
    if not closes <= today <= closes + dt.timedelta(days=APPROVAL_DAYS_AFTER_CLOSE):
        return
    key = f"year:{year.pk}:approval"
    if already_sent(key):
        return
    waiting = (
        Commitment.objects.filter(year=year, status=CommitmentStatus.SUBMITTED)
        .order_by()
        .values("unit_id")
    )
    names = _names(year)
    yield Reminder(
        key=key,
        title=_("Registrations for %(year)s wait for your approval") % names,
        body=_(
            "%(programme)s: commitments for %(year)s registered in the unit you lead wait for "
            "your approval."
        )
        % names,
        unit=year.program.unit,
        people=secretaries(waiting),
        link=site_link("review-queue"),
    )


def _midyear(year: ProgramYear, today: dt.date, lead: dt.timedelta):
    review = year.midyear_review_on
    if year.status != YearStatus.OPEN or review is None or not review - lead <= today <= review:
        return
    names = _names(year) | {"day": _day(review)}
    yield Reminder(
        key=f"year:{year.pk}:midyear",
        title=_("Mid-year review on %(day)s") % names,
        body=_(
            "%(programme)s: the mid-year review of the commitments for %(year)s is on %(day)s. "
            "Please note the progress of your commitments before then."
        )
        % names,
        unit=year.program.unit,
        people=filter_step(_people(year), year, "not_self_assessed"),
        link=site_link("my-registration"),
    )


def _self_assessment(year: ProgramYear, today: dt.date, lead: dt.timedelta):
    names = _names(year) | {"closes": _day(year.self_assessment_closes)}
    yield from _window(
        year,
        today,
        lead,
        step="self-assessment",
        opens=year.self_assessment_opens,
        closes=year.self_assessment_closes,
        behind=filter_step(_people(year), year, "not_self_assessed"),
        link=site_link("my-registration"),
        texts={
            "open_title": _("Self-assessment for %(year)s is open") % names,
            "open_body": _(
                "%(programme)s: please assess yourself on your approved commitments for "
                "%(year)s by %(closes)s."
            )
            % names,
            "close_title": _("Self-assessment for %(year)s closes on %(closes)s") % names,
            "close_body": _(
                "%(programme)s: you have not yet assessed yourself on some of your approved "
                "commitments for %(year)s. The self-assessment closes on %(closes)s."
            )
            % names,
            "lag_title": _("Your unit is behind with self-assessment for %(year)s") % names,
            "lag_body": _(
                "%(programme)s: many people of the unit you lead have not yet assessed "
                "themselves for %(year)s; the self-assessment closes on %(closes)s. Please "
                "remind them."
            )
            % names,
        },
    )
