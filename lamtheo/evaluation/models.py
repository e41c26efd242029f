"""The year-end quality evaluation (kiểm điểm, đánh giá, xếp loại chất lượng) of Party members
and organisations, separate from the registrations of "việc làm theo Bác".

A committee opens a Round for its subtree (a year, a quarter or when needed, QĐ 366 Điều 15)
under the RuleSet of that year, kept as data (QĐ 366/HD 43 from 2025, QĐ 124/HD 25 for
2023–2024, QĐ 132/HD 21 before, the latter partly assumed). Each Party member (chính thức or dự
bị: nobody else gets a Party rank) has a MemberReview in their chi bộ: the self-review of their
group (2A/2B/2C) with self-scores, then the chi bộ meeting's comment and proposed rank, then the
decision of the level above, then the announcement. Each chi bộ and đảng bộ has an OrgReview
(Mẫu 01), decided by the level above. Every change goes through lamtheo.evaluation.services and
the workflow kit.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet
from lamtheo.core.models import TimeStamped
from lamtheo.core.workflow import EventQuerySet, WorkflowEvent
from lamtheo.evaluation.rules import Discipline, DisciplineRule, Grade, Rank, Scoring
from lamtheo.org.models import Person, Unit

__all__ = ["Discipline", "DisciplineRule", "Grade", "Rank", "Scoring"]


class QuotaScope(models.TextChoices):
    SIMILAR_ROLES = "similar_roles", _("per group of similar roles (2A, 2B, 2C) in the round")
    GRASSROOTS = "grassroots", _("per grassroots organisation")


class QuotaMode(models.TextChoices):
    WARN = "warn", _("Warn")
    BLOCK = "block", _("Block")


class QuarterScores(models.TextChoices):
    """How the quarters' results add up to the year's (the task counts are summed)."""

    MEAN = "mean", _("the average of the quarters")
    LOWEST = "lowest", _("the lowest quarter")


class RuleSetQuerySet(ScopedQuerySet):
    def public(self):
        return models.Q(pk__isnull=False)  # the rules are the Party's, readable by anyone


class RuleSet(models.Model):
    """The rules of a period, as data; `assumptions` says which ones no source gives."""

    code = models.SlugField(unique=True)
    name = models.CharField(_("rules"), max_length=255)
    basis = models.TextField(_("sources"), blank=True)
    assumptions = models.TextField(_("assumed (no source)"), blank=True)
    first_year = models.PositiveSmallIntegerField(_("from year"))
    last_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    scoring = models.CharField(_("scoring"), max_length=8, choices=Scoring)
    general_max = models.PositiveSmallIntegerField(default=30)
    results_max = models.PositiveSmallIntegerField(default=70)
    excellent_min = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(90))
    good_min = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(70))
    fulfilled_min = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(50))
    excellent_exceeded_percent = models.PositiveSmallIntegerField(
        default=30, validators=[MaxValueValidator(100)]
    )
    excellent_requires_fixed = models.BooleanField(default=True)
    late_max_percent = models.PositiveSmallIntegerField(
        default=20, validators=[MaxValueValidator(100)]
    )
    undone_kht_percent = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    discipline_rule = models.CharField(max_length=24, choices=DisciplineRule)
    quota_percent = models.PositiveSmallIntegerField(default=20)
    quota_outstanding_percent = models.PositiveSmallIntegerField(default=25)
    quota_base = models.CharField(max_length=4, default=Rank.HTT)  # "htt" or "" (everyone)
    quota_scope = models.CharField(max_length=16, choices=QuotaScope)
    quota_mode = models.CharField(max_length=5, choices=QuotaMode, default=QuotaMode.WARN)
    org_member_shares = models.BooleanField(default=False)
    form_leader = models.CharField(_("form for leaders"), max_length=8)
    form_member = models.CharField(_("form for members without a post"), max_length=8)
    form_outside = models.CharField(_("form for members outside the system"), max_length=8)
    form_collective = models.CharField(_("form for organisations"), max_length=8, default="01")
    # Not sourced (EVALUATION.md: Điều 15 says the quarters feed the year, not how; no window
    # for a complaint about a rank is given): defaults an operator may change, shown as such.
    quarter_scores = models.CharField(
        _("the quarters' scores in the year"),
        max_length=8,
        choices=QuarterScores,
        default=QuarterScores.MEAN,
    )
    complaint_days = models.PositiveSmallIntegerField(
        _("days to complain after the announcement"), default=30
    )

    objects = RuleSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["first_year"]

    def __str__(self) -> str:
        return self.name

    def form_for(self, group: str) -> str:
        return {
            Group.LEADER: self.form_leader,
            Group.MEMBER: self.form_member,
            Group.OUTSIDE: self.form_outside,
        }[group]


class Period(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    AD_HOC = "ad_hoc", _("When needed")


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANNOUNCED = "announced", _("Announced")


class RoundQuerySet(ScopedQuerySet):
    """Rounds run by a committee above or inside the user's units (members see their own)."""

    unit_paths = ("unit",)
    above = ("unit",)


class Round(TimeStamped):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="evaluation_rounds")
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="rounds")
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=8, choices=Period, default=Period.YEAR)
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=255)
    outstanding = models.BooleanField(_("outstanding unit (HTXS quota 25 %)"), default=False)
    closes_on = models.DateField(_("to finish by"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=RoundStatus, default=RoundStatus.OPEN)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def deadline(self) -> dt.date | None:
        """The day the round must finish by: its own, else before 31/12 for a year (HD 43
        §4) and the quarter's last day for a quarter (not sourced: a default)."""
        if self.closes_on:
            return self.closes_on
        if self.period == Period.YEAR:
            return dt.date(self.year, 12, 31)
        if self.period == Period.QUARTER and self.quarter:
            first_of_next = dt.date(self.year + self.quarter // 4, self.quarter % 4 * 3 + 1, 1)
            return first_of_next - dt.timedelta(days=1)
        return None


class RoundEventQuerySet(EventQuerySet, ScopedQuerySet):
    parent = "round"


class RoundEvent(WorkflowEvent):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="events")

    objects = RoundEventQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        pass


class Group(models.TextChoices):
    """The HD 43 groups, each with its self-review form (codes per rule set)."""

    LEADER = "leader", _("Leaders and managers")
    MEMBER = "member", _("Members without a leading post")
    OUTSIDE = "outside", _("Members working outside the political system")


class Step(models.TextChoices):
    PENDING = "pending", _("Self-review to write")
    SELF_REVIEWED = "self_reviewed", _("Self-reviewed")
    CELL_REVIEWED = "cell_reviewed", _("Proposed by the cell")
    DECIDED = "decided", _("Decided")
    ANNOUNCED = "announced", _("Announced")


class ScoredReview(TimeStamped):
    """What a member's and an organisation's review share: the report's sections (HD 43
    A.I–VI), the scores or grades, the task counts the rules read, the ranks."""

    strengths = models.TextField(_("I. Strengths and results"), blank=True)
    shortcomings = models.TextField(_("II. Shortcomings and their causes"), blank=True)
    fixes = models.TextField(_("III. Earlier shortcomings fixed"), blank=True)
    explanations = models.TextField(_("IV. Points raised for review"), blank=True)
    responsibility = models.TextField(_("V. Responsibility"), blank=True)
    direction = models.TextField(_("VI. Direction and measures"), blank=True)
    general_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    results_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    general_grade = models.CharField(max_length=10, choices=Grade, blank=True)
    results_grade = models.CharField(max_length=10, choices=Grade, blank=True)
    tasks_total = models.PositiveSmallIntegerField(default=0)
    tasks_done = models.PositiveSmallIntegerField(default=0)
    tasks_on_time = models.PositiveSmallIntegerField(default=0)
    tasks_exceeded = models.PositiveSmallIntegerField(default=0)
    shortcomings_fixed = models.BooleanField(default=True)
    self_rank = models.CharField(_("proposed by oneself"), max_length=4, choices=Rank, blank=True)
    proposed_rank = models.CharField(_("proposed"), max_length=4, choices=Rank, blank=True)
    rank = models.CharField(_("rank"), max_length=4, choices=Rank, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    quota_note = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=14, choices=Step, default=Step.PENDING)
    version = models.PositiveIntegerField(default=1)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def total_score(self):
        if self.general_score is None or self.results_score is None:
            return None
        return self.general_score + self.results_score


class MemberReviewQuerySet(ScopedQuerySet):
    unit_paths = ("cell",)
    person_path = "person"


class MemberReview(ScoredReview):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="member_reviews")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="reviews")
    # The chi bộ where the member is reviewed (the nearest cell at or above their unit).
    cell = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="member_reviews")
    group = models.CharField(_("group"), max_length=8, choices=Group, default=Group.MEMBER)
    party_status = models.CharField(max_length=14)
    discipline = models.CharField(
        _("discipline in the year"), max_length=10, choices=Discipline, blank=True
    )
    discipline_duty = models.BooleanField(_("for a duty violation"), default=False)
    discipline_self_found = models.BooleanField(_("self-found and remedied"), default=False)
    degraded = models.BooleanField(_("degradation or a forbidden act"), default=False)

    objects = MemberReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("member's review")
        verbose_name_plural = _("members' reviews")
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="evaluation_member_once")
        ]
        indexes = [
            models.Index(fields=["round", "cell", "status"], name="evaluation_member_cell"),
            models.Index(fields=["round", "rank", "group"], name="evaluation_member_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.round}"


class MemberReviewEventQuerySet(EventQuerySet, ScopedQuerySet):
    parent = "review"


class MemberReviewEvent(WorkflowEvent):
    review = models.ForeignKey(MemberReview, on_delete=models.CASCADE, related_name="events")

    objects = MemberReviewEventQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        pass


class OrgReviewQuerySet(ScopedQuerySet):
    unit_paths = ("unit",)


class OrgReview(ScoredReview):
    """A chi bộ's or đảng bộ's collective report (Mẫu 01), its score and rank."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="org_reviews")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="org_reviews")
    subordinate_disciplined = models.BooleanField(
        _("a subordinate unit or leadership member disciplined"), default=False
    )

    objects = OrgReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation's review")
        verbose_name_plural = _("organisations' reviews")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="evaluation_org_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.round}"


class OrgReviewEventQuerySet(EventQuerySet, ScopedQuerySet):
    parent = "review"


class OrgReviewEvent(WorkflowEvent):
    review = models.ForeignKey(OrgReview, on_delete=models.CASCADE, related_name="events")

    objects = OrgReviewEventQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        pass


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    PETITION = "petition", _("Petition")


class ComplaintStatus(models.TextChoices):
    LODGED = "lodged", _("Waiting for the committee")
    UPHELD = "upheld", _("Accepted: ranked again")
    REJECTED = "rejected", _("Not accepted: the rank stands")


class ComplaintQuerySet(ScopedQuerySet):
    parent = "review"


class Complaint(TimeStamped):
    """A member's complaint (khiếu nại) or petition (kiến nghị) about their announced rank,
    within the rule set's window; the level that decided the rank answers it, and an accepted
    one ranks the member again (the re-ranking decision, HD 43 Mẫu 03). One open at a time."""

    review = models.ForeignKey(MemberReview, on_delete=models.CASCADE, related_name="complaints")
    kind = models.CharField(_("kind"), max_length=10, choices=ComplaintKind)
    text = models.TextField(_("content"))
    asked_rank = models.CharField(_("rank asked for"), max_length=4, choices=Rank, blank=True)
    status = models.CharField(
        max_length=10, choices=ComplaintStatus, default=ComplaintStatus.LODGED
    )
    old_rank = models.CharField(max_length=4, choices=Rank, blank=True)
    new_rank = models.CharField(max_length=4, choices=Rank, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint about a rank")
        verbose_name_plural = _("complaints about ranks")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review"],
                condition=models.Q(status="lodged"),
                name="evaluation_complaint_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.review}"


class ComplaintEventQuerySet(EventQuerySet, ScopedQuerySet):
    parent = "complaint"


class ComplaintEvent(WorkflowEvent):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")

    objects = ComplaintEventQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        pass


class RoundUnitCountQuerySet(ScopedQuerySet):
    """A unit's counts are as visible as the unit."""

    parent = "unit"


class RoundUnitCount(models.Model):
    """One unit's figures in one round: the members reviewed in it as their chi bộ
    (MemberReview.cell) per step, and per group and rank; its own review (OrgReview.unit) per
    step and rank. One row per (round, unit) that has any review.

    Kept by lamtheo.evaluation.counts in the transaction of every service that writes a
    review (a recount of the unit's reviews of the round under a lock on this row), so the
    round's overview of a subtree sums one row per unit instead of grouping the round's
    reviews live (90,000 at 100,000 people); `manage.py rebuild_aggregates` writes them again
    from the reviews. The columns are those of counts.COLUMNS (a step, rank or group added to
    the choices needs its column here)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    # Members reviewed in the unit (their chi bộ), per step.
    members_pending = models.IntegerField(default=0)
    members_self_reviewed = models.IntegerField(default=0)
    members_cell_reviewed = models.IntegerField(default=0)
    members_decided = models.IntegerField(default=0)
    members_announced = models.IntegerField(default=0)
    # Their ranks (whatever the step), per group of similar roles.
    leader_htxs = models.IntegerField(default=0)
    leader_htt = models.IntegerField(default=0)
    leader_ht = models.IntegerField(default=0)
    leader_kht = models.IntegerField(default=0)
    member_htxs = models.IntegerField(default=0)
    member_htt = models.IntegerField(default=0)
    member_ht = models.IntegerField(default=0)
    member_kht = models.IntegerField(default=0)
    outside_htxs = models.IntegerField(default=0)
    outside_htt = models.IntegerField(default=0)
    outside_ht = models.IntegerField(default=0)
    outside_kht = models.IntegerField(default=0)
    # The unit's own review (0 or 1 in each): its step and its rank.
    org_pending = models.IntegerField(default=0)
    org_self_reviewed = models.IntegerField(default=0)
    org_cell_reviewed = models.IntegerField(default=0)
    org_decided = models.IntegerField(default=0)
    org_announced = models.IntegerField(default=0)
    org_htxs = models.IntegerField(default=0)
    org_htt = models.IntegerField(default=0)
    org_ht = models.IntegerField(default=0)
    org_kht = models.IntegerField(default=0)

    objects = RoundUnitCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="evaluation_count_once")
        ]

    def __str__(self) -> str:
        return f"{self.round_id} – {self.unit_id}"
