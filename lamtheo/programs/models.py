"""The yearly programme: registrations of "việc làm theo Bác", their approval, progress and
year-end outcome (exceeded / met / not met). The Party rank of a member or an organisation is
not made here: it is the year-end evaluation's (lamtheo.evaluation), which shows these
outcomes in the self-review.

A Program belongs to the committee that runs it and covers that committee's subtree. Each
ProgramYear has its theme and windows. A Commitment is personal (a person)
or collective (a unit) and records the unit it was made in, so old reports read as they did.
Workflow changes go only through lamtheo.programs.services.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lamtheo.accounts.scoping import ScopedQuerySet
from lamtheo.core.models import TimeStamped
from lamtheo.core.workflow import EventQuerySet, WorkflowEvent
from lamtheo.org.models import Person, Unit


class ProgramQuerySet(ScopedQuerySet):
    """Programmes run by a committee above or inside the user's units (or above their own).

    With an action ("program.change"), only those run inside the user's scope for it.
    """

    unit_paths = ("unit",)
    above = ("unit",)


class Program(TimeStamped):
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        related_name="programs",
        help_text=_("The committee that runs the programme; it covers every unit under it."),
    )
    name = models.CharField(_("name"), max_length=255)
    basis = models.TextField(
        _("guiding documents"),
        blank=True,
        help_text=_("One per line, as cited in documents (Căn cứ …)."),
    )
    term_theme = models.TextField(_("theme of the whole term"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("from year"))
    end_year = models.PositiveSmallIntegerField(_("to year"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="programs_program_years_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name


class YearStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open")
    EVALUATING = "evaluating", _("Under evaluation")
    CLOSED = "closed", pgettext_lazy("programme year", "Closed")


# The transitions of a programme year, in order; a year never goes back.
YEAR_FLOW = {
    YearStatus.DRAFT: YearStatus.OPEN,
    YearStatus.OPEN: YearStatus.EVALUATING,
    YearStatus.EVALUATING: YearStatus.CLOSED,
}


class ProgramYearQuerySet(ScopedQuerySet):
    parent = "program"


class ProgramYear(TimeStamped):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    theme = models.TextField(_("theme of the year"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=YearStatus, default=YearStatus.DRAFT
    )
    registration_opens = models.DateField(_("registration opens"))
    registration_closes = models.DateField(_("registration closes"))
    midyear_review_on = models.DateField(_("mid-year review"), null=True, blank=True)
    self_assessment_opens = models.DateField(_("self-assessment opens"))
    self_assessment_closes = models.DateField(_("self-assessment closes"))
    evaluation_deadline = models.DateField(_("evaluation deadline"))
    min_commitments = models.PositiveSmallIntegerField(
        _("fewest personal commitments"), default=1, validators=[MinValueValidator(1)]
    )
    max_commitments = models.PositiveSmallIntegerField(
        _("most personal commitments"), default=2, validators=[MinValueValidator(1)]
    )

    objects = ProgramYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme year")
        verbose_name_plural = _("programme years")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year"], name="programs_year_unique"),
            models.CheckConstraint(
                condition=Q(max_commitments__gte=models.F("min_commitments")),
                name="programs_year_commitment_range",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes__gte=models.F("registration_opens"))
                & Q(self_assessment_closes__gte=models.F("self_assessment_opens")),
                name="programs_year_windows_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} – {self.year}"

    @property
    def is_locked(self) -> bool:
        return self.status == YearStatus.CLOSED

    def registration_open_on(self, day: dt.date) -> bool:
        return (
            self.status == YearStatus.OPEN
            and self.registration_opens <= day <= self.registration_closes
        )

    def self_assessment_open_on(self, day: dt.date) -> bool:
        return (
            self.status in (YearStatus.OPEN, YearStatus.EVALUATING)
            and self.self_assessment_opens <= day <= self.self_assessment_closes
        )


class Outcome(models.TextChoices):
    """A commitment's year-end result, its own scale: not a Party rank. The chi bộ says
    whether the commitment was exceeded, met or not met, with a comment; the year-end
    evaluation (lamtheo.evaluation) shows it in the member's self-review."""

    EXCEEDED = "exceeded", _("Exceeded (vượt)")
    MET = "met", _("Met (đạt)")
    NOT_MET = "not_met", _("Not met (không đạt)")


class ProgramYearEventQuerySet(EventQuerySet, ScopedQuerySet):
    parent = "year"


class ProgramYearEvent(WorkflowEvent):
    """A programme year moved on (opened, under evaluation, closed): who and when."""

    year = models.ForeignKey(ProgramYear, on_delete=models.CASCADE, related_name="events")

    objects = ProgramYearEventQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.year_id}: {self.action}"


class ContentArea(models.TextChoices):
    POLITICAL_TASK = "political_task", _("Carrying out the political task")
    LEADERSHIP = "leadership", _("Renewing leadership, direction and management methods")
    ADVISORY = "advisory", _("Better advice and more effective work")
    ETHICS = "ethics", _("Keeping moral qualities and lifestyle")
    WORK_STYLE = "work_style", _("Renewing work style and attitude to service")
    PRODUCTIVITY = "productivity", _("Raising labour productivity")
    OTHER = "other", _("Other")


class CommitmentKind(models.TextChoices):
    PERSONAL = "personal", _("Personal")
    COLLECTIVE = "collective", _("Collective")


class CommitmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    EVALUATED = "evaluated", _("Evaluated")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Statuses that count towards a person's registration for the year.
COUNTING = (
    CommitmentStatus.SUBMITTED,
    CommitmentStatus.RETURNED,
    CommitmentStatus.APPROVED,
    CommitmentStatus.SELF_ASSESSED,
    CommitmentStatus.EVALUATED,
)


class CommitmentQuerySet(ScopedQuerySet):
    """Commitments made in, or by people now in, the user's units; and one's own."""

    unit_paths = ("unit", "person__unit")
    person_path = "person"

    def counting(self):
        return self.filter(status__in=COUNTING)


class Commitment(TimeStamped):
    year = models.ForeignKey(
        ProgramYear, verbose_name=_("year"), on_delete=models.PROTECT, related_name="commitments"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=CommitmentKind, default=CommitmentKind.PERSONAL
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    # The unit it was made in (a collective commitment's own unit); kept when people move.
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="commitments"
    )
    content_area = models.CharField(_("content area"), max_length=16, choices=ContentArea)
    action = models.TextField(_("what I will do"))
    expected_result = models.TextField(_("measurable result expected"))
    due_on = models.DateField(_("by when"), null=True, blank=True)
    shortcoming = models.TextField(
        _("shortcoming it addresses"),
        blank=True,
        help_text=_("Tự soi, tự sửa: the weakness this commitment sets out to correct."),
    )
    status = models.CharField(
        _("status"), max_length=14, choices=CommitmentStatus, default=CommitmentStatus.DRAFT
    )
    # Raised by every change; a form carries the version it was read at (optimistic locking).
    version = models.PositiveIntegerField(default=1)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    self_assessment = models.TextField(_("self-assessment"), blank=True)
    proposed_outcome = models.CharField(
        _("proposed outcome"), max_length=8, choices=Outcome, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome, blank=True)
    evaluation_comment = models.TextField(_("evaluation comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    self_assessed_at = models.DateTimeField(null=True, blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="personal") & Q(person__isnull=False))
                | (Q(kind="collective") & Q(person__isnull=True)),
                name="programs_commitment_kind_matches_owner",
            )
        ]
        indexes = [
            # Rollups count commitments per unit, person and status for a year (PERF-FLOOR a,
            # b); with the person in the key PostgreSQL answers the whole-tree rollup from the
            # index alone (250 → 140 ms at 100k people, see BENCHMARKS.md).
            models.Index(
                fields=["year", "unit", "person", "status"], name="programs_commit_year_unit"
            ),
            models.Index(fields=["person", "year"], name="programs_commit_person_year"),
            # The reviewers' queue and the home count read the waiting ones only: a small
            # index (a sixth of a year's rows) instead of scanning every year's commitments.
            models.Index(
                fields=["year", "unit"],
                condition=Q(status="submitted"),
                name="programs_commit_waiting",
            ),
        ]

    def __str__(self) -> str:
        owner = self.person or self.unit
        return f"{owner} – {self.year.year} – {self.get_content_area_display()}"


class CommitmentEventQuerySet(EventQuerySet, ScopedQuerySet):
    parent = "commitment"


class CommitmentEvent(WorkflowEvent):
    """Who did what to a commitment, when: the history shown on its page (newest first).
    `changes`: for an edit, {field: [old, new]}."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="events")
    changes = models.JSONField(default=dict, blank=True)

    objects = CommitmentEventQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.commitment_id} {self.action} {self.at:%d/%m/%Y %H:%M}"


def evidence_path(instance, filename: str) -> str:
    return f"evidence/{instance.note.commitment.year.year}/{instance.note.commitment_id}/{filename}"


class ProgressNoteQuerySet(ScopedQuerySet):
    parent = "commitment"


class ProgressNote(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("progress"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgressNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]


class EvidenceQuerySet(ScopedQuerySet):
    parent = "note"


class Evidence(models.Model):
    note = models.ForeignKey(ProgressNote, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    objects = EvidenceQuerySet.as_manager()

    def __str__(self) -> str:
        return self.original_name


class UnitProgressQuerySet(ScopedQuerySet):
    """A unit's figures are as visible as the unit."""

    parent = "unit"


class ProgressFigures(models.Model):
    """What UnitProgress counts, per unit and, summed, per subtree (SubtreeProgress)."""

    # People (with a personal commitment in the unit this year) at each step.
    registered = models.IntegerField(default=0)
    approved = models.IntegerField(default=0)
    self_assessed = models.IntegerField(default=0)
    evaluated = models.IntegerField(default=0)
    waiting = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    not_self_assessed = models.IntegerField(default=0)
    not_evaluated = models.IntegerField(default=0)
    # Their commitments per status.
    n_draft = models.IntegerField(default=0)
    n_submitted = models.IntegerField(default=0)
    n_returned = models.IntegerField(default=0)
    n_approved = models.IntegerField(default=0)
    n_self_assessed = models.IntegerField(default=0)
    n_evaluated = models.IntegerField(default=0)
    # Their counting commitments (submitted or beyond, not withdrawn) per content area, for
    # the dashboards' "registrations by area" (lamtheo.dashboard.figures). A database default
    # too: rows written by SQL that predates them (migration 0006's fill) start at 0.
    area_political_task = models.IntegerField(default=0, db_default=0)
    area_leadership = models.IntegerField(default=0, db_default=0)
    area_advisory = models.IntegerField(default=0, db_default=0)
    area_ethics = models.IntegerField(default=0, db_default=0)
    area_work_style = models.IntegerField(default=0, db_default=0)
    area_productivity = models.IntegerField(default=0, db_default=0)
    area_other = models.IntegerField(default=0, db_default=0)

    class Meta:
        abstract = True


class UnitProgress(ProgressFigures):
    """A programme year's progress in one unit, from the personal commitments made in it
    (Commitment.unit, the unit of the time): people per step and commitments per status. One
    row per (year, unit) that has any.

    Kept by lamtheo.programs.counts inside every transaction that saves or deletes a
    commitment or changes a year's fewest commitments (receivers), so a
    subtree's rollup is a sum over its units instead of a live grouping of the year's
    commitments; `manage.py rebuild_aggregates` writes them again from the commitments.
    Keyed by status and step, never by the result (rank/outcome), which changes separately.
    """

    year = models.ForeignKey(ProgramYear, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")

    objects = UnitProgressQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "unit"], name="programs_unitprogress_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} – {self.year_id}"


class SubtreeProgress(ProgressFigures):
    """UnitProgress summed over a unit's subtree in today's tree (the unit included), per
    programme year, in shards (lamtheo.org.subtree_sums): the root of a city reads 16 rows
    instead of one per unit. Kept with the rows by lamtheo.programs.counts."""

    year = models.ForeignKey(ProgramYear, on_delete=models.CASCADE, related_name="+")
    # No index of its own: the unique (year, unit, shard) one serves.
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    shard = models.PositiveSmallIntegerField()

    objects = UnitProgressQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit", "shard"], name="programs_subtree_progress_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} – {self.year_id} / {self.shard}"


class UnitStanding(models.Model):
    """Where an open unit with people stands in a programme year's list of units to chase
    first (the dashboard's "late" list): its share of people registered, then its people
    waiting for approval, then its place in the tree, as an index walks them. The list at
    the root of a 1M city sorted 36,000 cells per page (about 45 ms); it now reads ten
    index entries.

    One row per (programme year, open unit with people), copied from the unit (kind, path,
    current people) and its UnitProgress row, and kept by lamtheo.programs.standing in the
    transactions that change either (docs/scale.md)."""

    year = models.ForeignKey(ProgramYear, on_delete=models.CASCADE, related_name="+")
    # No index of its own: the unique (year, unit) one serves the writers.
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(max_length=24)
    path = models.CharField(max_length=255)
    share = models.FloatField()  # people registered / people, as a double
    waiting = models.IntegerField()

    objects = UnitProgressQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "unit"], name="programs_standing_once")
        ]
        indexes = [
            # The list of a large subtree: walked in its order, the path range a filter.
            models.Index(
                fields=["year", "kind", "share", "-waiting", "path"],
                name="programs_standing_order",
            ),
            # The list of a small one: its units by the path range, then sorted.
            models.Index(fields=["year", "kind", "path"], name="programs_standing_path"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} – {self.year_id}: {self.share:.2f}"
