"""Eligibility: the system's own evidence for a nomination, and the rules it is held to.

Evidence comes from the features' public models, read in a fixed number of queries for any
number of candidates (`gather`): the year-end evaluation's decided rank and discipline
(evaluation.MemberReview / OrgReview, with the HTXS years running), recognised exemplars
and their take-up by other units (exemplars), study participation (study.Attendance),
registrations of the year (programs.Commitment), commendations already given (this app),
inspection findings not closed (oversight).

Hard rules refuse a nomination; soft rules warn and the council decides. Sources:
- one achievement, one form (Luật Thi đua, khen thưởng 2022, principles: DOMAIN.md §5.1): hard;
- who each form is for (HD 21-HD/BTCTW; HD 01-HD/TW item 19): hard;
- discipline in the period (recorded in the year-end evaluation) bars commendation
  (HD 21-HD/BTCTW; Quy định 366): hard;
- ranked "xuất sắc" in the Party's year-end evaluation (lamtheo.evaluation, decided or
  announced ranks) for the "xuất sắc / tiêu biểu" forms (HD 21-HD/BTCTW: a member ranked only
  "tốt" is not eligible): hard when the year's rank is decided and is not HTXS; soft when no
  rank is decided yet; "5 năm liền" also counts the HTXS years running;
- "5 năm liền": the four previous years commended (HD 01 item 19): soft, because earlier
  years may be on paper only;
- study participation under the round's setting, no recognised exemplar: soft (settings);
- an inspection finding not yet verified and closed on the person or the collective itself,
  from an inspection whose period inspected overlaps the round's years (lamtheo.oversight):
  hard, with the finding as the reason. That a finding bars commendation until it is remedied
  is the project's rule (issue 16), not a sourced one; the round's page says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lamtheo.awards.models import (
    FIVE_YEARS,
    FOR_PEOPLE,
    FOR_UNITS,
    Award,
    AwardForm,
    Nomination,
    NominationStatus,
    Round,
)
from lamtheo.evaluation.models import MemberReview, OrgReview, Period, Rank, Step
from lamtheo.exemplars.models import TAKEN_UP, Adoption, Exemplar, ExemplarStatus
from lamtheo.oversight.queries import open_findings
from lamtheo.programs.models import COUNTING, Commitment
from lamtheo.study.models import TOOK_PART, Attendance

RECOGNISED = (ExemplarStatus.RECOGNISED, ExemplarStatus.PUBLISHED)
FINDINGS_RULE = gettext_lazy(
    "An inspection finding not yet verified and closed on the nominee, in the round's years, "
    "bars the nomination: a rule of this system (a default), not of the regulations."
)
DECIDED = (Step.DECIDED, Step.ANNOUNCED)


@dataclass
class Evidence:
    disciplined: bool = False
    exemplars: int = 0
    taken_up: int = 0  # adoptions by other units of those exemplars
    attended: int = 0
    invited: int = 0
    commitments: int = 0
    commended_years: list[int] = field(default_factory=list)  # with the yearly form
    party_rank: str = ""  # the Party's year-end rank of the round's year (decided), or ""
    party_running: int = 0  # consecutive years ranked HTXS ending with the round's year
    open_findings: list[str] = field(default_factory=list)  # reasons, one per finding

    @property
    def participation(self) -> int | None:
        return round(100 * self.attended / self.invited) if self.invited else None


@dataclass
class Verdict:
    refusals: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refusals


def _years(round_: Round) -> tuple[int, int]:
    return round_.first_year, round_.year


def gather(round_: Round, people: set[int], units: set[int]) -> dict[tuple, Evidence]:
    """{("p", id) or ("u", id): Evidence} for the round's period, in 9 queries at most."""
    first, last = _years(round_)
    out: dict[tuple, Evidence] = defaultdict(Evidence)
    if people:
        for row in (
            Attendance.objects.filter(
                person_id__in=people,
                session__starts_at__year__gte=first,
                session__starts_at__year__lte=last,
                session__counts_for_participation=True,
            )
            .values("person_id")
            .annotate(invited=Count("pk"), attended=Count("pk", filter=Q(status__in=TOOK_PART)))
        ):
            out["p", row["person_id"]].invited = row["invited"]
            out["p", row["person_id"]].attended = row["attended"]
        for row in (
            Commitment.objects.filter(
                person_id__in=people,
                year__year__gte=first,
                year__year__lte=last,
                status__in=COUNTING,
            )
            .values("person_id")
            .annotate(n=Count("pk"))
        ):
            out["p", row["person_id"]].commitments = row["n"]
    period = Q(recognised_on__year__gte=first, recognised_on__year__lte=last, status__in=RECOGNISED)
    owners = (
        Q(person_id__in=people)
        | Q(person__isnull=True, unit_id__in=units)
        | Q(subject_unit_id__in=units)
    )
    exemplars = list(
        Exemplar.objects.filter(period & owners).values_list(
            "pk", "person_id", "unit_id", "subject_unit_id"
        )
    )
    taken = dict(
        Adoption.objects.filter(exemplar_id__in=[e[0] for e in exemplars], status__in=TAKEN_UP)
        .values("exemplar_id")
        .annotate(n=Count("pk"))
        .values_list("exemplar_id", "n")
    )
    for pk, person_id, unit_id, subject_id in exemplars:
        key = ("p", person_id) if person_id in people else ("u", subject_id or unit_id)
        out[key].exemplars += 1
        out[key].taken_up += taken.get(pk, 0)
    if units:
        for row in (
            Attendance.objects.filter(
                person__unit_id__in=units,
                session__starts_at__year__gte=first,
                session__starts_at__year__lte=last,
                session__counts_for_participation=True,
            )
            .values("person__unit_id")
            .annotate(invited=Count("pk"), attended=Count("pk", filter=Q(status__in=TOOK_PART)))
        ):
            out["u", row["person__unit_id"]].invited = row["invited"]
            out["u", row["person__unit_id"]].attended = row["attended"]
    _party_ranks(out, first, last, people, units)
    yearly = [AwardForm.STRONG_YEAR, AwardForm.EXCELLENT_YEAR]
    for person_id, unit_id, year in Award.objects.filter(
        Q(nomination__person_id__in=people)
        | Q(nomination__person__isnull=True, nomination__unit_id__in=units),
        nomination__form__in=yearly,
        revoked_on__isnull=True,
    ).values_list("nomination__person_id", "nomination__unit_id", "decision__round__year"):
        key = ("p", person_id) if person_id else ("u", unit_id)
        out[key].commended_years.append(year)
    for key, reasons in open_findings(people, units, first, last).items():
        out[key].open_findings = reasons
    return out


def _party_ranks(out, first: int, last: int, people: set[int], units: set[int]) -> None:
    """The year-end evaluation's decided ranks (members and organisations), the HTXS years
    running up to the round's year, and discipline recorded there in the period: 2 queries."""
    found: dict[tuple, dict[int, str]] = defaultdict(dict)
    decided = {"status__in": DECIDED, "round__period": Period.YEAR, "round__year__lte": last}
    if people:
        for person_id, year, rank, discipline in MemberReview.objects.filter(
            person_id__in=people, **decided
        ).values_list("person_id", "round__year", "rank", "discipline"):
            found["p", person_id][year] = rank
            if discipline and first <= year <= last:
                out["p", person_id].disciplined = True
    if units:
        for unit_id, year, rank in OrgReview.objects.filter(
            unit_id__in=units, **decided
        ).values_list("unit_id", "round__year", "rank"):
            found["u", unit_id][year] = rank
    for key, ranks in found.items():
        out[key].party_rank = ranks.get(last, "")
        running, year = 0, last
        while ranks.get(year) == Rank.HTXS:
            running, year = running + 1, year - 1
        out[key].party_running = running


EXCELLENT_FORMS = {
    AwardForm.STRONG_YEAR,
    AwardForm.STRONG_5Y,
    AwardForm.EXCELLENT_YEAR,
    AwardForm.EXCELLENT_5Y,
}


def judge(round_: Round, form: str, *, person, unit, evidence: Evidence) -> Verdict:
    """The hard and soft rules for nominating `person` (or the collective `unit`) for `form`."""
    v = Verdict()
    if person is not None and form not in FOR_PEOPLE:
        v.refusals.append(_("This form is for collectives, not for a person."))
    if person is None and form not in FOR_UNITS:
        v.refusals.append(_("This form is for a person, not for a collective."))
    if person is not None and not person.is_current:
        v.refusals.append(_("%(name)s has left.") % {"name": person.full_name})
    if person is None and unit.closed_on is not None:
        v.refusals.append(_("%(unit)s is closed.") % {"unit": unit.name})
    if evidence.disciplined:
        v.refusals.append(_("Disciplined in the period: not eligible."))
    v.refusals.extend(evidence.open_findings)
    quota_forms = set(round_.quotas.values_list("form", flat=True))
    if form not in quota_forms:
        v.refusals.append(_("This round does not award this form."))
    same = Award.objects.filter(
        nomination__form=form,
        decision__round__year=round_.year,
        revoked_on__isnull=True,
    ).filter(
        Q(nomination__person=person)
        if person
        else Q(nomination__person__isnull=True, nomination__unit=unit)
    )
    if same.exists():
        v.refusals.append(
            _("Already commended with this form for %(year)s: one achievement, one form.")
            % {"year": round_.year}
        )
    if form in EXCELLENT_FORMS:
        if evidence.party_rank and evidence.party_rank != Rank.HTXS:
            v.refusals.append(
                _("Not ranked “excellent” (HTXS) in the year-end evaluation of %(year)s.")
                % {"year": round_.year}
            )
        elif not evidence.party_rank:
            v.warnings.append(
                _("No year-end rank decided for %(year)s yet.") % {"year": round_.year}
            )
    if form in FIVE_YEARS and evidence.party_rank == Rank.HTXS and evidence.party_running < 5:
        v.warnings.append(
            _("Ranked HTXS %(n)s year(s) running in the year-end evaluation, not 5.")
            % {"n": evidence.party_running}
        )
    if form in FIVE_YEARS:
        before = {y for y in evidence.commended_years if round_.year - 4 <= y < round_.year}
        if len(before) < 4:
            v.warnings.append(
                _(
                    "The system holds %(n)s of the 4 previous years commended; check the "
                    "records on paper."
                )
                % {"n": len(before)}
            )
    rate = evidence.participation
    if rate is not None and rate < round_.min_participation:
        v.warnings.append(
            _("Study participation %(rate)s%% is under the round's %(min)s%%.")
            % {"rate": rate, "min": round_.min_participation}
        )
    if rate is None:
        v.warnings.append(_("No study attendance recorded in the period."))
    if not evidence.exemplars:
        v.warnings.append(_("No recognised exemplar in the period."))
    active = round_.nominations.filter(form=form).exclude(status=NominationStatus.WITHDRAWN)
    limit = round_.quotas.filter(form=form).values_list("limit", flat=True).first()
    if limit is not None and active.count() >= limit:
        v.warnings.append(_("More nominations than the quota (%(n)s).") % {"n": limit})
    return v


def annotate(round_: Round, nominations: list[Nomination]) -> None:
    """Attach `evidence` to each nomination of a page (fixed queries for any count)."""
    people = {n.person_id for n in nominations if n.person_id}
    units = {n.unit_id for n in nominations if not n.person_id}
    found = gather(round_, people, units)
    for n in nominations:
        n.evidence = found[("p", n.person_id) if n.person_id else ("u", n.unit_id)]
