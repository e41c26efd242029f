"""Inspection and supervision (kiểm tra, giám sát): a committee's yearly plan, its inspections
(planned in the plan or ad hoc) of units and people, the findings with the evidence the system
held when they were recorded, the recommendations with their deadlines, the subject's
remediation and the inspection side's verification.

Who sees what (accounts.scoping): the inspecting committee's grants (its office, its
inspection committee) see and act on its inspections; the secretary of a subject unit (or of a
subject person's unit) sees the inspections of it and reports remediation; nobody else.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import Action, ScopedQuerySet
from lamtheo.core.tree import subtree_q
from lamtheo.core.workflow import EventQuerySet, WorkflowEvent
from lamtheo.org.models import Person, RegisteredDocument, Unit


class Kind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection (kiểm tra)")
    SUPERVISION = "supervision", _("Supervision (giám sát)")


class Content(models.TextChoices):
    KL01 = "kl01", _("Implementing Conclusion 01-KL/TW (studying and following Hồ Chí Minh)")
    REGISTRATIONS = "registrations", _("Members' registrations and their review")
    STUDY = "study", _("Study of resolutions and participation")
    OTHER = "other", _("Other content")


class PlanQuerySet(ScopedQuerySet):
    unit_paths = ("unit",)


class Plan(models.Model):
    """The committee's inspection and supervision plan of a year (kế hoạch kiểm tra, giám
    sát), numbered KH from the document register when issued."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("committee")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    purpose = models.TextField(_("purpose and requirements"), blank=True)
    document = models.OneToOneField(
        RegisteredDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection plan")
        ordering = ["-year", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="oversight_plan_unit_year")
        ]

    def __str__(self) -> str:
        return self.title


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    CONCLUDED = "concluded", _("Concluded, remediation due")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class InspectionQuerySet(ScopedQuerySet):
    """The inspecting committee's grants see and act; the grants over a subject (a unit, or a
    person's unit) see it, and may report its remediation (`inspection.remedy`)."""

    unit_paths = ("unit",)

    def scope_q(self, scope, user, action):
        q = super().scope_q(scope, user, action)
        if action is None or action == Action.INSPECTION_REMEDY:
            paths = scope.paths_for(action)
            if paths:
                # Two semi-joins, not one OR across both joins: the person's goes from the
                # (few) subjects to their people, never through every person of the tree.
                units = Unit.objects.filter(subtree_q(paths)).values("pk")
                q |= Q(pk__in=Subject.objects.filter(unit__in=units).values("inspection_id"))
                q |= Q(
                    pk__in=Subject.objects.filter(
                        person__isnull=False, person__unit__in=units
                    ).values("inspection_id")
                )
        return q


class Inspection(models.Model):
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("inspecting committee"),
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="inspections"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.INSPECTION)
    title = models.CharField(_("title"), max_length=255)
    content = models.CharField(_("content"), max_length=16, choices=Content)
    content_text = models.TextField(_("content in detail"), blank=True)
    period_from = models.DateField(_("period inspected from"))
    period_to = models.DateField(_("period inspected to"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    team = models.TextField(_("team"), blank=True, help_text=_("One member a line."))
    status = models.CharField(max_length=12, choices=Status, default=Status.PLANNED)
    version = models.PositiveIntegerField(default=1)
    notice = models.OneToOneField(
        RegisteredDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    conclusion = models.OneToOneField(
        RegisteredDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    conclusion_text = models.TextField(_("conclusion"), blank=True)
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspection")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on"))
                & Q(period_to__gte=models.F("period_from")),
                name="oversight_inspection_dates",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def team_lines(self) -> list[str]:
        return [line.strip() for line in self.team.splitlines() if line.strip()]


class SubjectQuerySet(ScopedQuerySet):
    parent = "inspection"


class Subject(models.Model):
    """A unit or a person the inspection is about (đối tượng kiểm tra)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="subjects")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = SubjectQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=True) ^ Q(person__isnull=True),
                name="oversight_subject_unit_xor_person",
            ),
            models.UniqueConstraint(
                fields=["inspection", "unit"],
                condition=Q(unit__isnull=False),
                name="oversight_subject_unit",
            ),
            models.UniqueConstraint(
                fields=["inspection", "person"],
                condition=Q(person__isnull=False),
                name="oversight_subject_person",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.person.full_name if self.person_id else self.unit.name

    @property
    def home_unit(self) -> Unit:
        """The unit whose secretary answers for this subject."""
        return self.person.unit if self.person_id else self.unit


class Severity(models.TextChoices):
    # Data with defaults, not a sourced scale: the page says so (docs/oversight.md).
    SHORTCOMING = "shortcoming", _("Shortcoming (hạn chế)")
    DEFICIENCY = "deficiency", _("Deficiency (thiếu sót)")
    VIOLATION = "violation", _("Violation (vi phạm)")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open, remediation due")
    REPORTED = "reported", _("Remediation reported")
    CLOSED = "closed", _("Verified and closed")


class FindingQuerySet(ScopedQuerySet):
    parent = "inspection"


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="findings")
    severity = models.CharField(_("severity"), max_length=12, choices=Severity)
    text = models.TextField(_("finding"))
    # What the system held about the subject over the period when the finding was recorded
    # (oversight.evidence): kept as it was, so a later change does not rewrite the finding.
    evidence = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=FindingStatus, default=FindingStatus.OPEN)
    version = models.PositiveIntegerField(default=1)
    remediation = models.TextField(_("remediation report"), blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def evidence_on(self) -> dt.date | None:
        """The day the evidence was gathered (stored as ISO text in the snapshot)."""
        day = (self.evidence or {}).get("gathered_on")
        return dt.date.fromisoformat(day) if day else None


class RecommendationQuerySet(ScopedQuerySet):
    parent = "finding"


class Recommendation(models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("recommendation"))
    deadline = models.DateField(_("deadline"))

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class InspectionEventQuerySet(EventQuerySet, ScopedQuerySet):
    parent = "inspection"


class InspectionEvent(WorkflowEvent):
    """The history of an inspection and of its findings (`finding` set for a finding's step)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="events")
    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )

    objects = InspectionEventQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        pass
