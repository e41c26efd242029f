"""Reminders of the year-end evaluation (lamtheo.notify.reminders), at the window's milestones
(issue 16 §2): when a round opens, to each member whose self-review is still to write; a few
days before it must finish (Round.deadline: before 31/12 for a year, HD 43 §4), to those still
without a self-review and to the secretaries of the cells that lag (at least
NOTIFY_LAGGING_SHARE of their members without the cell's proposal yet). Each once: the round's
deadline is in the key, so a round given a new date is reminded again. The lead days and the
share are settings with defaults, not rules (as for the programmes' reminders)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.evaluation.models import MemberReview, Round, RoundStatus, Step
from lamtheo.notify.reminders import Reminder, already_sent, site_link
from lamtheo.org.models import Person
from lamtheo.org.queries import secretaries

NOT_PROPOSED = (Step.PENDING, Step.SELF_REVIEWED)


def due(now: dt.datetime) -> Iterator[Reminder]:
    today = timezone.localdate(now)
    lead = dt.timedelta(days=settings.NOTIFY_REMINDER_LEAD_DAYS)
    for evaluation_round in Round.objects.filter(status=RoundStatus.OPEN).select_related("unit"):
        yield from _window(evaluation_round, today, lead)


def _pending(evaluation_round: Round):
    """The members whose self-review is still to write."""
    return Person.objects.filter(
        pk__in=MemberReview.objects.filter(round=evaluation_round, status=Step.PENDING).values(
            "person_id"
        )
    )


def lagging_cells(evaluation_round: Round) -> list[int]:
    """The cells where at least NOTIFY_LAGGING_SHARE of the members have no proposal from the
    cell yet (one grouped query)."""
    rows = (
        MemberReview.objects.filter(round=evaluation_round)
        .order_by()
        .values_list("cell_id")
        .annotate(n=Count("pk"), behind=Count("pk", filter=Q(status__in=NOT_PROPOSED)))
    )
    share = settings.NOTIFY_LAGGING_SHARE
    return sorted(cell for cell, n, behind in rows if behind and behind >= share * n)


def _window(evaluation_round: Round, today: dt.date, lead: dt.timedelta) -> Iterator[Reminder]:
    opens = timezone.localdate(evaluation_round.created_at)
    closes = evaluation_round.deadline
    if today < opens or (closes is not None and today > closes):
        return
    names = {"title": evaluation_round.title}
    link = site_link("evaluation")
    key = f"evaluation:{evaluation_round.pk}"
    if closes is None or today < closes - lead:
        if closes is not None:
            names["closes"] = closes.strftime("%d/%m/%Y")
            body = _(
                "%(title)s: please write your self-review and score yourself before %(closes)s."
            )
        else:
            body = _("%(title)s: please write your self-review and score yourself.")
        yield Reminder(
            key=f"{key}:self-review-opens",
            title=_("Your year-end self-review is open") % names,
            body=body % names,
            unit=evaluation_round.unit,
            people=_pending(evaluation_round),
            link=link,
        )
        return
    names["closes"] = closes.strftime("%d/%m/%Y")
    stamp = closes.isoformat()
    yield Reminder(
        key=f"{key}:self-review-closes:{stamp}",
        title=_("Your self-review is due by %(closes)s") % names,
        body=_(
            "%(title)s: you have not yet written your self-review. The round must finish by "
            "%(closes)s."
        )
        % names,
        unit=evaluation_round.unit,
        people=_pending(evaluation_round),
        link=link,
    )
    lag_key = f"{key}:closes:{stamp}:secretaries"
    if not already_sent(lag_key):
        cells = lagging_cells(evaluation_round)
        yield Reminder(
            key=lag_key,
            title=_("Your cell is behind with the year-end review") % names,
            body=_(
                "%(title)s: many members of the cell you lead have no self-review or no "
                "proposal from the cell yet; the round must finish by %(closes)s. Please "
                "remind them and hold the cell's meeting."
            )
            % names,
            unit=evaluation_round.unit,
            people=secretaries(cells) if cells else Person.objects.none(),
            link=site_link("evaluation-round", evaluation_round.pk),
        )
