"""Every change to programmes, years, commitments and evaluations goes through here.

Each transition checks who may make it, from which state and in which window, records who
and when (CommitmentEvent), runs in one transaction and raises ValidationError with a
message for the user. Commitments carry a version: a change made from a stale page is
refused with CONFLICT and nothing is lost on either side.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import can, require
from lamtheo.core import images, uploads
from lamtheo.core.text import clean_text
from lamtheo.core.workflow import lock, record, transition
from lamtheo.org.models import Unit
from lamtheo.programs.models import (
    COUNTING,
    RANK_ORDER,
    YEAR_FLOW,
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    Evidence,
    Program,
    ProgramYear,
    ProgressNote,
    QuotaMode,
    QuotaRule,
    Rank,
    RankingScheme,
    YearEvaluation,
    YearStatus,
)

S = CommitmentStatus
YEAR_ACTIONS = {
    YearStatus.OPEN: "opened",
    YearStatus.EVALUATING: "evaluation_opened",
    YearStatus.CLOSED: "closed",
}
COMMITMENT_FIELDS = ("content_area", "action", "expected_result", "due_on", "shortcoming")
# Known by the files' first bytes (lamtheo.core.uploads), not by what the browser declares.
EVIDENCE_TYPES = frozenset({uploads.PDF, uploads.JPEG, uploads.PNG, uploads.DOCX, uploads.XLSX})
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def _today() -> dt.date:
    return timezone.localdate()


# -- programmes and years --------------------------------------------------------------------


def _closed(year: ProgramYear) -> str:
    return _("The year %(y)s is closed and can no longer change.") % {"y": year.year}


@transaction.atomic
def program_create(
    *, by, unit, name: str, start_year: int, end_year: int, basis: str = "", term_theme: str = ""
) -> Program:
    require(by, "program.change", unit)
    program = Program(
        unit=unit,
        name=clean_text(name),
        basis=basis.strip(),
        term_theme=clean_text(term_theme),
        start_year=start_year,
        end_year=end_year,
        created_by=by,
    )
    if end_year < start_year:
        raise ValidationError({"end_year": _("The last year is before the first.")})
    program.full_clean()
    program.save()
    return program


@transaction.atomic
def year_create(*, by, program: Program, year: int, theme: str = "", **fields) -> ProgramYear:
    """A new year of a programme, in draft, with Quy định 366's ranking rules to adjust."""
    require(by, "program.change", program.unit)
    if not program.start_year <= year <= program.end_year:
        raise ValidationError(
            {
                "year": _("The programme runs from %(a)s to %(b)s.")
                % {"a": program.start_year, "b": program.end_year}
            }
        )
    if ProgramYear.objects.filter(program=program, year=year).exists():
        raise ValidationError(
            {"year": _("This programme already has the year %(y)s.") % {"y": year}}
        )
    program_year = ProgramYear(program=program, year=year, theme=clean_text(theme), **fields)
    _check_windows(program_year)
    program_year.full_clean()
    program_year.save()
    scheme = RankingScheme.objects.create(year=program_year)
    QuotaRule.objects.create(
        scheme=scheme, rank=Rank.HTXS, max_percent=20, base_rank=Rank.HTT, mode=QuotaMode.WARN
    )
    return program_year


def _check_windows(year: ProgramYear) -> None:
    errors = {}
    if year.registration_closes < year.registration_opens:
        errors["registration_closes"] = _("Registration closes before it opens.")
    if year.self_assessment_closes < year.self_assessment_opens:
        errors["self_assessment_closes"] = _("Self-assessment closes before it opens.")
    if year.self_assessment_opens < year.registration_opens:
        errors["self_assessment_opens"] = _("Self-assessment opens before registration.")
    if year.evaluation_deadline < year.self_assessment_opens:
        errors["evaluation_deadline"] = _("The evaluation deadline is before self-assessment.")
    if year.max_commitments < year.min_commitments:
        errors["max_commitments"] = _("The most is fewer than the fewest.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def year_update(*, by, year: ProgramYear, **fields) -> ProgramYear:
    require(by, "program.change", year.program.unit)
    year = ProgramYear.objects.select_for_update().get(pk=year.pk)
    if year.is_locked:
        raise ValidationError(
            _("The year %(y)s is closed and can no longer change.") % {"y": year.year}
        )
    for name, value in fields.items():
        setattr(year, name, clean_text(value) if name == "theme" else value)
    _check_windows(year)
    year.full_clean()
    year.save()
    return year


@transaction.atomic
def year_advance(*, by, year: ProgramYear) -> ProgramYear:
    """Draft → open → under evaluation → closed. Closing locks every commitment of the year."""
    require(by, "program.change", year.program.unit)
    # The step follows from the state read here; transition() refuses it if someone moved
    # the year on meanwhile (the state it locks is no longer this one).
    stored = ProgramYear.objects.only("status").get(pk=year.pk).status
    following = YEAR_FLOW.get(stored)
    closed = _("The year %(y)s is closed and can no longer change.") % {"y": year.year}
    if following is None:
        raise ValidationError(closed)

    def one_open_year(row: ProgramYear):
        if (
            following == YearStatus.OPEN
            and ProgramYear.objects.filter(program=row.program, status=YearStatus.OPEN)
            .exclude(pk=row.pk)
            .exists()
        ):
            raise ValidationError(
                _("Another year of this programme is still open; move it on first.")
            )
        return []

    return transition(
        ProgramYear.objects.select_related("program"),
        pk=year.pk,
        by=by,
        to=following,
        action=YEAR_ACTIONS[following],
        allowed_from=(stored,),
        refused=closed,
        change=one_open_year,
    )


# -- commitments -----------------------------------------------------------------------------


def _is_owner(by, commitment: Commitment) -> bool:
    return (
        by.is_authenticated
        and commitment.person_id is not None
        and (commitment.person.user_id == by.pk)
    )


def _can_review(by, commitment: Commitment) -> bool:
    """Approve, return and evaluate: a reviewer over the commitment's unit (or the person's
    unit now). Nobody reviews their own registration, and a unit does not review its own
    collective commitment: for those it takes a reviewer over the unit above."""
    if commitment.kind == CommitmentKind.COLLECTIVE or _is_owner(by, commitment):
        if commitment.unit.depth == 1:
            return can(by, "admin")
        return can(by, "commitment.review", Unit.objects.get_parent(commitment.unit))
    return can(by, "commitment.review", commitment.unit) or can(
        by, "commitment.review", commitment.person.unit
    )


def _can_edit(by, commitment: Commitment) -> bool:
    """The owner, or a reviewer registering on someone's behalf (or for a collective)."""
    if commitment.kind == CommitmentKind.COLLECTIVE:
        return can(by, "commitment.review", commitment.unit)
    return _is_owner(by, commitment) or _can_review(by, commitment)


def _locked(commitment: Commitment, version: int | None) -> Commitment:
    fresh = lock(
        Commitment.objects.select_related("year", "person", "unit"),
        pk=commitment.pk,
        version=version,
        stale_message=_(
            "Someone has updated this registration since you opened it (đã có người cập nhật). "
            "Your text is kept below: check the new version, then save again."
        ),
    )
    if fresh.year.is_locked:
        raise ValidationError(
            _("The year %(y)s is closed: its registrations can no longer change.")
            % {"y": fresh.year.year}
        )
    return fresh


def _save(
    commitment: Commitment,
    by,
    action: str,
    *,
    comment: str = "",
    changes=None,
    fields: list[str] | None = None,
) -> Commitment:
    commitment.version += 1
    if fields is not None:
        fields = [*fields, "version", "updated_at", "status"]
    commitment.save(update_fields=fields)
    record(commitment, by=by, action=action, reason=comment, changes=changes or {})
    return commitment


def _clean_fields(fields: dict) -> dict:
    cleaned = {}
    for name in COMMITMENT_FIELDS:
        if name in fields:
            value = fields[name]
            cleaned[name] = value.strip() if isinstance(value, str) else value
    return cleaned


def _check_registration_window(year: ProgramYear, reviewer: bool, today: dt.date) -> None:
    if year.status != YearStatus.OPEN:
        raise ValidationError(_("The year %(y)s is not open for registration.") % {"y": year.year})
    if not reviewer and not year.registration_open_on(today):
        raise ValidationError(
            _(
                "Registration is open from %(a)s to %(b)s; ask your cell secretary to register "
                "for you."
            )
            % {
                "a": year.registration_opens.strftime("%d/%m/%Y"),
                "b": year.registration_closes.strftime("%d/%m/%Y"),
            }
        )


@transaction.atomic
def commitment_create(
    *,
    by,
    year: ProgramYear,
    person=None,
    unit=None,
    submit: bool = False,
    today: dt.date | None = None,
    copied_from=None,
    **fields,
) -> Commitment:
    """A personal commitment of `person`, or a collective one of `unit`, as a draft (or
    submitted straight away with submit=True)."""
    today = today or _today()
    year = ProgramYear.objects.select_related("program__unit").get(pk=year.pk)
    if person is not None:
        # The count of the person's commitments is checked, then one is added: without a lock
        # four simultaneous registrations all counted zero and all went in (PostgreSQL). The
        # person's row is the lock; the others wait and then count what went in.
        type(person).objects.select_for_update().filter(pk=person.pk).exists()
    check_register(by=by, year=year, person=person, unit=unit, today=today)
    if person is not None:
        commitment = Commitment(
            year=year, kind=CommitmentKind.PERSONAL, person=person, unit=person.unit
        )
    else:
        commitment = Commitment(year=year, kind=CommitmentKind.COLLECTIVE, unit=unit)
    for name, value in _clean_fields(fields).items():
        setattr(commitment, name, value)
    commitment.copied_from = copied_from
    commitment.full_clean(exclude=["copied_from"])
    commitment.save()
    record(commitment, by=by, action="created", from_state="")
    if submit:
        return commitment_submit(
            by=by, commitment=commitment, version=commitment.version, today=today
        )
    return commitment


def commitment_copy(
    *, by, source: Commitment, year: ProgramYear, today: dt.date | None = None
) -> Commitment:
    """Last year's commitment as a draft for `year`, to adjust before submitting."""
    if source.person_id is None or not _is_owner(by, source) and not _can_review(by, source):
        raise PermissionDenied
    return commitment_create(
        by=by,
        year=year,
        person=source.person,
        today=today,
        copied_from=source,
        **{name: getattr(source, name) for name in COMMITMENT_FIELDS if name != "due_on"},
    )


@transaction.atomic
def commitment_update(
    *, by, commitment: Commitment, version: int, today: dt.date | None = None, **fields
) -> Commitment:
    """Edit the content. An approved commitment goes back for approval."""
    commitment = _locked(commitment, version)
    check_edit(by=by, commitment=commitment)
    changes = {}
    for name, value in _clean_fields(fields).items():
        old = getattr(commitment, name)
        if old != value:
            changes[name] = [str(old or ""), str(value or "")]
            setattr(commitment, name, value)
    if not changes:
        return commitment
    commitment.full_clean(exclude=["copied_from"])
    action = "edited"
    if commitment.status == S.APPROVED:
        commitment.status = S.SUBMITTED
        commitment.approved_at = None
        action = "edited_after_approval"
    return _save(commitment, by, action, changes=changes)


@transaction.atomic
def commitment_submit(
    *, by, commitment: Commitment, version: int, today: dt.date | None = None
) -> Commitment:
    commitment = _locked(commitment, version)
    check_submit(by=by, commitment=commitment, today=today)
    for name in ("action", "expected_result"):
        if not getattr(commitment, name).strip():
            raise ValidationError({name: _("Fill this in before submitting.")})
    commitment.status = S.SUBMITTED
    commitment.submitted_at = timezone.now()
    return _save(commitment, by, "submitted")


@transaction.atomic
def commitment_withdraw(*, by, commitment: Commitment, version: int) -> Commitment:
    commitment = _locked(commitment, version)
    check_withdraw(by=by, commitment=commitment)
    commitment.status = S.WITHDRAWN
    return _save(commitment, by, "withdrawn")


@transaction.atomic
def commitment_approve(
    *, by, commitment: Commitment, version: int | None, comment: str = ""
) -> Commitment:
    commitment = _locked(commitment, version)
    if not _can_review(by, commitment):
        raise PermissionDenied
    if commitment.status != S.SUBMITTED:
        raise ValidationError(_("Only a commitment waiting for approval can be approved."))
    commitment.status = S.APPROVED
    commitment.approved_at = timezone.now()
    commitment.review_comment = comment.strip()
    return _save(commitment, by, "approved", comment=comment.strip())


@transaction.atomic
def commitment_return(
    *, by, commitment: Commitment, version: int | None, comment: str
) -> Commitment:
    commitment = _locked(commitment, version)
    if not _can_review(by, commitment):
        raise PermissionDenied
    if commitment.status != S.SUBMITTED:
        raise ValidationError(_("Only a commitment waiting for approval can be returned."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should change.")})
    commitment.status = S.RETURNED
    commitment.review_comment = comment.strip()
    return _save(commitment, by, "returned", comment=comment.strip())


def commitments_approve_many(*, by, commitments) -> tuple[int, list[str]]:
    """Approve each commitment that the user may approve; returns (approved, problems)."""
    approved, problems = 0, []
    for commitment in commitments:
        try:
            commitment_approve(by=by, commitment=commitment, version=None)
        except (ValidationError, PermissionDenied) as exc:
            message = " ".join(getattr(exc, "messages", [])) or _("not allowed")
            problems.append(f"{commitment}: {message}")
        else:
            approved += 1
    return approved, problems


@transaction.atomic
def progress_add(*, by, commitment: Commitment, text: str, files=()) -> ProgressNote:
    commitment = _locked(commitment, None)
    check_progress(by=by, commitment=commitment)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write what was done.")})
    types = {}
    for upload in files:
        if upload.size > EVIDENCE_MAX_BYTES:
            raise ValidationError(
                {"files": _("%(name)s is larger than 10 MB.") % {"name": upload.name}}
            )
        types[upload] = uploads.sniff(upload)
        if types[upload] not in EVIDENCE_TYPES:
            raise ValidationError(
                {
                    "files": _("%(name)s: only PDF, JPEG, PNG, Word and Excel files.")
                    % {"name": upload.name}
                }
            )
    # Pictures are stored without their metadata (GPS position, camera serial).
    types = {images.cleaned_upload(u, t, "files"): t for u, t in types.items()}
    note = ProgressNote.objects.create(commitment=commitment, text=text, author=by)
    for upload in types:
        Evidence.objects.create(
            note=note,
            file=upload,
            original_name=upload.name[:255],
            content_type=types[upload],
            size=upload.size,
        )
    _save(commitment, by, "progress", comment=text, fields=[])
    return note


@transaction.atomic
def commitment_self_assess(
    *,
    by,
    commitment: Commitment,
    version: int,
    text: str,
    proposed_rank: str,
    today: dt.date | None = None,
) -> Commitment:
    commitment = _locked(commitment, version)
    check_self_assess(by=by, commitment=commitment, today=today)
    if not text.strip():
        raise ValidationError({"text": _("Write what was achieved.")})
    if proposed_rank not in Rank.values:
        raise ValidationError({"proposed_rank": _("Choose the result you propose.")})
    commitment.self_assessment = text.strip()
    commitment.proposed_rank = proposed_rank
    commitment.status = S.SELF_ASSESSED
    commitment.self_assessed_at = timezone.now()
    return _save(commitment, by, "self_assessed")


@transaction.atomic
def commitment_evaluate(
    *,
    by,
    commitment: Commitment,
    version: int | None,
    rank: str,
    score: Decimal | None = None,
    exceeded: bool = False,
    comment: str = "",
) -> Commitment:
    commitment = _locked(commitment, version)
    if not _can_review(by, commitment):
        raise PermissionDenied
    if commitment.status not in (S.APPROVED, S.SELF_ASSESSED, S.EVALUATED):
        raise ValidationError(_("Only an approved commitment can be evaluated."))
    if commitment.year.status not in (YearStatus.OPEN, YearStatus.EVALUATING):
        raise ValidationError(_("Evaluation is not open for %(y)s.") % {"y": commitment.year.year})
    if rank not in Rank.values:
        raise ValidationError({"rank": _("Choose a result.")})
    commitment.rank = rank
    commitment.score = score
    commitment.exceeded = exceeded
    commitment.evaluation_comment = comment.strip()
    commitment.status = S.EVALUATED
    commitment.evaluated_at = timezone.now()
    commitment.evaluated_by = by
    commitment.full_clean(exclude=["copied_from"])
    return _save(commitment, by, "evaluated", comment=comment.strip())


# -- the year's result of a person -----------------------------------------------------------


def suggest(year: ProgramYear, person) -> dict:
    """What the person's evaluated commitments suggest: score, share exceeded and rank."""
    return suggest_many(year, [person])[person.pk]


def rank_for(
    scheme: RankingScheme, score, exceeded_share: int, has_discipline: bool, commitment_ranks=()
) -> str:
    """The rank the scheme gives; without scores, the lowest rank among the commitments."""
    if scheme.uses_scores and score is not None:
        if score >= scheme.excellent_min:
            excellent_ok = exceeded_share >= scheme.excellent_exceeded_share and not (
                has_discipline and scheme.excellent_requires_no_discipline
            )
            return Rank.HTXS if excellent_ok else Rank.HTT
        if score >= scheme.good_min:
            return Rank.HTT
        if score >= scheme.fulfilled_min:
            return Rank.HT
        return Rank.KHT
    ranks = [r for r in commitment_ranks if r]
    if not ranks:
        return ""
    return max(ranks, key=RANK_ORDER.index)


def quota_problems(year: ProgramYear, unit, person_id: int, rank: str) -> list[tuple[str, str]]:
    """(mode, message) for each quota the unit would break if `person_id` got `rank`."""
    counts = dict(
        YearEvaluation.objects.filter(year=year, unit=unit)
        .exclude(person_id=person_id)
        .values_list("rank")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts[rank] = counts.get(rank, 0) + 1
    total = sum(counts.values())
    problems = []
    for rule in year.scheme.quotas.all():
        base = counts.get(rule.base_rank, 0) if rule.base_rank else total
        allowed = math.floor(base * rule.max_percent / 100)
        if counts.get(rule.rank, 0) > allowed and rank == rule.rank:
            of = rule.get_base_rank_display() if rule.base_rank else _("everyone evaluated")
            problems.append(
                (
                    rule.mode,
                    _(
                        "%(unit)s would have %(n)s ranked %(rank)s, more than %(p)s%% of %(of)s "
                        "(%(base)s): at most %(allowed)s."
                    )
                    % {
                        "unit": unit.name,
                        "n": counts.get(rule.rank, 0),
                        "rank": rule.get_rank_display(),
                        "p": rule.max_percent,
                        "of": of,
                        "base": base,
                        "allowed": allowed,
                    },
                )
            )
    return problems


@transaction.atomic
def year_evaluate(
    *,
    by,
    year: ProgramYear,
    person,
    rank: str = "",
    score: Decimal | None = None,
    has_discipline: bool = False,
    comment: str = "",
) -> YearEvaluation:
    """Record a person's result for the year. An empty rank takes the suggested one."""
    year = ProgramYear.objects.select_for_update().get(pk=year.pk)
    if year.is_locked:
        raise ValidationError(
            _("The year %(y)s is closed and can no longer change.") % {"y": year.year}
        )
    if year.status not in (YearStatus.OPEN, YearStatus.EVALUATING):
        raise ValidationError(_("Evaluation is not open for %(y)s.") % {"y": year.year})
    probe = Commitment(kind=CommitmentKind.PERSONAL, person=person, unit=person.unit, year=year)
    if not _can_review(by, probe):
        raise PermissionDenied
    suggestion = suggest(year, person)
    score = suggestion["score"] if score is None else score
    if not rank:
        rank = rank_for(
            year.scheme,
            score,
            suggestion["exceeded_share"],
            has_discipline,
            Commitment.objects.filter(year=year, person=person, status=S.EVALUATED).values_list(
                "rank", flat=True
            ),
        )
    if rank not in Rank.values:
        raise ValidationError({"rank": _("Choose a result: no commitment has been evaluated yet.")})
    if rank == Rank.HTXS and has_discipline and year.scheme.excellent_requires_no_discipline:
        raise ValidationError({"rank": _("A person disciplined this year cannot be ranked HTXS.")})
    problems = quota_problems(year, person.unit, person.pk, rank)
    blocking = [message for mode, message in problems if mode == QuotaMode.BLOCK]
    if blocking:
        raise ValidationError({"rank": blocking})
    evaluation, _created = YearEvaluation.objects.update_or_create(
        year=year,
        person=person,
        defaults={
            "unit": person.unit,
            "score": score,
            "exceeded_share": suggestion["exceeded_share"],
            "has_discipline": has_discipline,
            "rank": rank,
            "comment": comment.strip(),
            "quota_warning": " ".join(message for _mode, message in problems)[:255],
            "evaluated_by": by,
        },
    )
    return evaluation


def commitment_counts(year: ProgramYear, person) -> dict:
    """How many commitments a person has this year by status (for the member's page)."""
    rows = (
        Commitment.objects.filter(year=year, person=person)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


# -- checks for pages: what a user may do next -----------------------------------------------
# Pages offer only the actions that would succeed. Each check raises as its transition above
# would (PermissionDenied when the user may never do it, ValidationError with the message when
# not now) but writes nothing and ignores versions; the transitions check again when called.
# The commitment's year (with program.unit for check_register), person (with unit) and unit
# should be loaded: the checks then run no query, except the parent-unit lookup that
# `_can_review` makes for one's own or a collective commitment.

_EDITABLE = (S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED)


def _check_not_locked(commitment: Commitment) -> None:
    if commitment.year.is_locked:
        raise ValidationError(
            _("The year %(y)s is closed: its registrations can no longer change.")
            % {"y": commitment.year.year}
        )


def check_register(
    *, by, year: ProgramYear, person=None, unit=None, existing: int | None = None, today=None
) -> None:
    """As commitment_create. `existing`: the person's commitments that year that are not
    withdrawn, when the caller has counted them already (saves a query)."""
    if person is not None:
        probe = Commitment(year=year, kind=CommitmentKind.PERSONAL, person=person, unit=person.unit)
    else:
        probe = Commitment(year=year, kind=CommitmentKind.COLLECTIVE, unit=unit)
    if not _can_edit(by, probe):
        raise PermissionDenied
    if not probe.unit.path.startswith(year.program.unit.path):
        raise ValidationError(_("This unit is not covered by the programme."))
    if person is not None and not person.is_current:
        raise ValidationError(_("This person has left and cannot register."))
    _check_registration_window(year, reviewer=not _is_owner(by, probe), today=today or _today())
    if person is not None:
        if existing is None:
            existing = (
                Commitment.objects.filter(year=year, person=person)
                .exclude(status=S.WITHDRAWN)
                .count()
            )
        if existing >= year.max_commitments:
            raise ValidationError(
                _("At most %(n)s commitments a year: withdraw one before adding another.")
                % {"n": year.max_commitments}
            )


def check_edit(*, by, commitment: Commitment) -> None:
    """As commitment_update."""
    if not _can_edit(by, commitment):
        raise PermissionDenied
    _check_not_locked(commitment)
    if commitment.status not in _EDITABLE:
        raise ValidationError(
            _("A commitment that is %(s)s can no longer be edited.")
            % {"s": commitment.get_status_display().lower()}
        )
    if commitment.year.status != YearStatus.OPEN:
        raise ValidationError(
            _("The year %(y)s is not open for registration.") % {"y": commitment.year.year}
        )


def check_submit(*, by, commitment: Commitment, today=None) -> None:
    """As commitment_submit (but not whether the fields are filled in)."""
    if not _can_edit(by, commitment):
        raise PermissionDenied
    _check_not_locked(commitment)
    if commitment.status not in (S.DRAFT, S.RETURNED):
        raise ValidationError(_("Only a draft or a returned commitment can be submitted."))
    _check_registration_window(
        commitment.year, reviewer=not _is_owner(by, commitment), today=today or _today()
    )


def check_withdraw(*, by, commitment: Commitment) -> None:
    """As commitment_withdraw."""
    if not _can_edit(by, commitment):
        raise PermissionDenied
    _check_not_locked(commitment)
    if commitment.status not in (S.DRAFT, S.SUBMITTED, S.RETURNED):
        raise ValidationError(_("An approved commitment cannot be withdrawn; edit it instead."))


def check_progress(*, by, commitment: Commitment) -> None:
    """As progress_add."""
    if not _can_edit(by, commitment):
        raise PermissionDenied
    _check_not_locked(commitment)
    if commitment.status not in (S.APPROVED, S.SELF_ASSESSED):
        raise ValidationError(_("Progress is recorded once the commitment is approved."))


def check_self_assess(*, by, commitment: Commitment, today=None) -> None:
    """As commitment_self_assess: the owner in the year's window; a reviewer, or for a
    collective commitment its own unit's secretary, at any time."""
    owner = _is_owner(by, commitment)
    if not _can_edit(by, commitment):
        raise PermissionDenied
    _check_not_locked(commitment)
    if commitment.status not in (S.APPROVED, S.SELF_ASSESSED):
        raise ValidationError(_("Only an approved commitment can be self-assessed."))
    year = commitment.year
    if owner and not year.self_assessment_open_on(today or _today()):
        raise ValidationError(
            _("Self-assessment is open from %(a)s to %(b)s.")
            % {
                "a": year.self_assessment_opens.strftime("%d/%m/%Y"),
                "b": year.self_assessment_closes.strftime("%d/%m/%Y"),
            }
        )


# -- for the review, evaluation and management pages ---------------------------------------


def can_review(by, commitment: Commitment) -> bool:
    """Whether `by` may approve, return and evaluate `commitment`: the rule the services
    apply, for pages that show or hide the buttons. Load the commitment with
    select_related("unit", "person__unit"); a collective one costs one query for its parent."""
    return by.is_authenticated and _can_review(by, commitment)


def suggestion_from(scheme: RankingScheme, commitments) -> dict:
    """`suggest` as a pure function of a person's counting commitments of the year, given as
    (status, rank, score, exceeded) tuples: the same score, share exceeded and rank."""
    evaluated = [(r, s, e) for status, r, s, e in commitments if status == S.EVALUATED]
    counting = len(commitments)
    scores = [s for _r, s, _e in evaluated if s is not None]
    score = (sum(scores) / len(scores)).quantize(Decimal("0.01")) if scores else None
    exceeded_share = round(100 * sum(1 for *_x, e in evaluated if e) / counting) if counting else 0
    return {
        "score": score,
        "exceeded_share": exceeded_share,
        "rank": rank_for(scheme, score, exceeded_share, False, [r for r, *_x in evaluated]),
        "evaluated": len(evaluated),
        "counting": counting,
    }


def suggest_many(year: ProgramYear, people) -> dict[int, dict]:
    """`suggest` for many people with one query (plus the scheme): {person id: suggestion}."""
    ids = [getattr(person, "pk", person) for person in people]
    rows: dict[int, list] = {pk: [] for pk in ids}
    if ids:
        for person_id, *row in Commitment.objects.filter(
            year=year, person_id__in=ids, status__in=COUNTING
        ).values_list("person_id", "status", "rank", "score", "exceeded"):
            rows[person_id].append(tuple(row))
    scheme = year.scheme
    return {pk: suggestion_from(scheme, rows[pk]) for pk in ids}


SCHEME_FIELDS = (
    "name",
    "uses_scores",
    "excellent_min",
    "good_min",
    "fulfilled_min",
    "excellent_exceeded_share",
    "excellent_requires_no_discipline",
)


@transaction.atomic
def scheme_update(*, by, year: ProgramYear, quotas=None, **fields) -> RankingScheme:
    """Change a year's ranking rules; with `quotas` (dicts of rank, max_percent, base_rank
    and mode), replace its quota rules by those. Refused once the year is closed."""
    require(by, "program.change", year.program.unit)
    year = ProgramYear.objects.select_for_update().get(pk=year.pk)
    if year.is_locked:
        raise ValidationError(_closed(year))
    scheme, _created = RankingScheme.objects.get_or_create(year=year)
    for name in SCHEME_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(scheme, name, clean_text(value) if name == "name" else value)
    if not (0 <= scheme.fulfilled_min < scheme.good_min < scheme.excellent_min <= 100):
        raise ValidationError(
            {
                "good_min": _(
                    "The thresholds must rise from HT to HTT to HTXS, between 0 and 100 points."
                )
            }
        )
    scheme.full_clean(exclude=["year"])
    scheme.save()
    if quotas is not None:
        rules = []
        for quota in quotas:
            rule = QuotaRule(scheme=scheme, **quota)
            if rule.base_rank == rule.rank:
                raise ValidationError(
                    {"quotas": _("A quota compares a rank with another rank or with everyone.")}
                )
            rule.full_clean(exclude=["scheme"])
            rules.append(rule)
        scheme.quotas.all().delete()
        QuotaRule.objects.bulk_create(rules)
    return scheme
