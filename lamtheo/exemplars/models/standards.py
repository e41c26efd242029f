"""Each unit's ethics standards (chuẩn mực đạo đức, tiêu chí nêu gương): a versioned document
reviewed by the level above.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lamtheo.accounts.scoping import ScopedQuerySet
from lamtheo.core.models import TimeStamped
from lamtheo.core.workflow import EventQuerySet, WorkflowEvent
from lamtheo.org.models import Unit


class StandardKind(models.TextChoices):
    ETHICS = "ethics", _("Code of professional ethics")
    EXAMPLE = "example", _("Criteria for setting an example")


class ReviewStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    UNDER_REVIEW = "under_review", _("Under review")
    NEEDS_UPDATE = "needs_update", _("To be supplemented")


class StandardQuerySet(ScopedQuerySet):
    """Standards of the user's units, and of their own unit and the units above it (a member
    reads the standards they are held to)."""

    unit_paths = ("unit",)
    above = ("unit",)


class Standard(TimeStamped):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="standards"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=StandardKind)
    title = models.CharField(_("title"), max_length=255)
    review_status = models.CharField(
        _("review status"), max_length=12, choices=ReviewStatus, default=ReviewStatus.IN_FORCE
    )
    next_review_on = models.DateField(_("next review"), null=True, blank=True)

    objects = StandardQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="standard_per_kind")]

    def __str__(self) -> str:
        return self.title


class StandardVersionQuerySet(ScopedQuerySet):
    parent = "standard"


class StandardVersion(models.Model):
    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    adopted_on = models.DateField(_("adopted on"))
    adopted_by = models.CharField(
        _("adopted by"),
        max_length=255,
        help_text=_("The body that adopted it, e.g. the cell meeting or the standing committee."),
    )
    change_note = models.TextField(_("what changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StandardVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("standard version")
        verbose_name_plural = _("standard versions")
        ordering = ["standard", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "number"], name="standard_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.standard_id} v{self.number}"


class StandardEventQuerySet(EventQuerySet, ScopedQuerySet):
    parent = "standard"


class StandardEvent(WorkflowEvent):
    """A standard's review status set, or a new version adopted (back in force): who, when.
    The states are the review statuses."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="events")

    objects = StandardEventQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.standard_id}: {self.action}"
