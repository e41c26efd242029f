"""Commendation's reads, each in a fixed number of queries whatever the row count."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import Action
from lamtheo.awards.models import (
    FIVE_YEARS,
    Award,
    AwardForm,
    Nomination,
    NominationEvent,
    NominationStatus,
    Round,
    RoundEvent,
    Vote,
)
from lamtheo.org.models import Person

EVENT_LABELS = {
    "opened": _("Round opened"),
    "council": _("Council named"),
    "voted": _("Votes recorded"),
    "reviewed": _("Review closed"),
    "submitted": _("Submission numbered"),
    "signed": _("Decision signed"),
    "nominated": _("Nominated"),
    "withdrawn": _("Nomination withdrawn"),
    NominationStatus.APPROVED: _("Approved by the council"),
    NominationStatus.NOT_APPROVED: _("Not approved by the council"),
    "revoked": _("Award revoked"),
}


def certificate_awards(decision):
    return (
        Award.objects.filter(decision=decision)
        .select_related(
            "decision__document", "decision__round__unit", "nomination__person", "nomination__unit"
        )
        # Collectives first, then people, as the decision's annex lists them.
        .order_by(F("nomination__person").asc(nulls_first=True), "pk")
    )


def certificate_awards_all():
    return Award.objects.select_related(
        "decision__document", "decision__round__unit", "nomination__person", "nomination__unit"
    )


def round_nominations(round_: Round) -> list[Nomination]:
    return list(round_.nominations.select_related("person", "unit").order_by("form", "pk"))


def round_events(user, round_: Round) -> list:
    """Who did what when in a round, oldest first: the round's steps and those of the
    nominations `user` may see (two queries whatever the count)."""
    events = list(RoundEvent.objects.filter(round=round_).select_related("actor"))
    events += (
        NominationEvent.objects.visible_to(user)
        .filter(nomination__round=round_)
        .select_related("actor", "nomination__person", "nomination__unit")
    )
    for event in events:
        event.label = EVENT_LABELS.get(event.action, event.action)
        nomination = getattr(event, "nomination", None)
        event.subject = nomination.recipient_name if nomination is not None else ""
    return sorted(events, key=lambda e: e.at)


NOMINEES_SHOWN = 20


def nominees(user, round_: Round, query: str, reader=None) -> tuple[list, bool]:
    """People `user` may nominate into the round whose name matches `query` (accents and case
    ignored; digits also match a card number `reader` sees in full): current, under the
    round's committee, in the user's nominating scope. One query; (the first ones, more?)."""
    rows = list(
        Person.objects.visible_to(user, Action.AWARD_NOMINATE)
        .current()
        .in_subtree(round_.unit)
        .search(query, reader)
        .select_related("unit")
        .order_by("sort_key", "id")[: NOMINEES_SHOWN + 1]
    )
    return rows[:NOMINEES_SHOWN], len(rows) > NOMINEES_SHOWN


def vote_grid(round_: Round) -> dict[tuple[int, int], bool]:
    return {
        (n, m): a
        for n, m, a in Vote.objects.filter(nomination__round=round_).values_list(
            "nomination_id", "member_id", "approve"
        )
    }


def honours(*, person=None, unit=None):
    """A person's or a collective's commendations, newest first (one query)."""
    rows = Award.objects.select_related(
        "decision__document", "decision__round", "nomination", "revocation"
    )
    if person is not None:
        rows = rows.filter(nomination__person=person)
    else:
        rows = rows.filter(nomination__person__isnull=True, nomination__unit=unit)
    return rows.order_by("-decision__document__issued_on", "-pk")


def overview(user, *, year=None, form="", unit=None):
    """The committee's view: awards visible to `user` by year, form and unit, with counts."""
    rows = Award.objects.visible_to(user).select_related(
        "decision__document", "decision__round", "nomination__person", "nomination__unit"
    )
    if year:
        rows = rows.filter(decision__round__year=year)
    if form:
        rows = rows.filter(nomination__form=form)
    if unit is not None:
        rows = rows.filter(nomination__unit__path__startswith=unit.path)
    rows = list(rows.order_by("-decision__round__year", "nomination__form", "pk"))
    counts = Counter((a.decision.round.year, a.nomination.form) for a in rows)
    return rows, sorted(counts.items(), reverse=True)


def five_year_candidates(user, next_year: int):
    """Who would complete 5 years running with next year: commended with a yearly form in
    each of the 4 years before it (not revoked). People and collectives, with their years."""
    years = range(next_year - 4, next_year)
    yearly = list(FIVE_YEARS.values())
    found = defaultdict(set)
    names = {}
    for person_id, person_name, unit_id, unit_name, form, year in (
        Award.objects.visible_to(user)
        .filter(
            nomination__form__in=yearly,
            decision__round__year__in=list(years),
            revoked_on__isnull=True,
        )
        .values_list(
            "nomination__person_id",
            "nomination__person__full_name",
            "nomination__unit_id",
            "nomination__unit__name",
            "nomination__form",
            "decision__round__year",
        )
    ):
        key = (form, person_id, None if person_id else unit_id)
        found[key].add(year)
        names[key] = person_name or unit_name
    out = []
    for key, got in found.items():
        form, person_id, unit_id = key
        out.append(
            {
                "form": AwardForm(FIVE_YEARS_FOR[form]).label,
                "name": names[key],
                "person_id": person_id,
                "unit_id": unit_id,
                "years": sorted(got),
                "complete": len(got) == 4,
            }
        )
    return sorted(out, key=lambda c: (not c["complete"], -len(c["years"]), c["name"]))


FIVE_YEARS_FOR = {yearly: five for five, yearly in FIVE_YEARS.items()}


def open_nominations_q():
    return Q(status=NominationStatus.NOMINATED)
