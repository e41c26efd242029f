"""Emulation campaigns (phong trào thi đua): hosted by a unit; participating units register
targets, record activities and get results.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lamtheo.accounts.scoping import ScopedQuerySet
from lamtheo.core.models import TimeStamped
from lamtheo.core.workflow import EventQuerySet, WorkflowEvent
from lamtheo.org.models import Unit


class CampaignQuerySet(ScopedQuerySet):
    """Campaigns hosted in the user's units or above them (a cell takes part in its
    committee's campaign); with an action, those hosted where the user may do it."""

    unit_paths = ("unit",)
    above = ("unit",)


class Campaign(TimeStamped):
    """A phong trào thi đua hosted by a unit, for the units under it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Under way")
        CLOSED = "closed", _("Summed up")

    unit = models.ForeignKey(
        Unit, verbose_name=_("host unit"), on_delete=models.PROTECT, related_name="campaigns"
    )
    title = models.CharField(_("title"), max_length=255)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    goals = models.TextField(_("goals"), blank=True)
    criteria = models.TextField(_("criteria"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = CampaignQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("emulation campaign")
        verbose_name_plural = _("emulation campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.title


class CampaignEventQuerySet(EventQuerySet, ScopedQuerySet):
    parent = "campaign"


class CampaignEvent(WorkflowEvent):
    """A campaign opened or summed up: who and when."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="events")

    objects = CampaignEventQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.action}"


class ActivityKind(models.TextChoices):
    STUDY = "study", _("Study")
    PRODUCTION = "production", _("Work and production")
    SPORT = "sport", _("Sport")
    CULTURE = "culture", _("Culture and arts")
    GRATITUDE = "gratitude", _("Gratitude activities")
    BUILDING = "building", _("Building the Party and the administration")


class CampaignEntryQuerySet(ScopedQuerySet):
    """Entries of the user's units, and every entry of a campaign hosted in their units."""

    unit_paths = ("unit",)
    seen_from = ("campaign__unit",)


class CampaignEntry(TimeStamped):
    """A unit taking part in a campaign: its targets, then its result."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="campaign_entries"
    )
    targets = models.TextField(_("targets"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result = models.TextField(_("result"), blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(null=True, blank=True)

    objects = CampaignEntryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign entry")
        verbose_name_plural = _("campaign entries")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="campaign_entry_once")
        ]


class ActivityQuerySet(ScopedQuerySet):
    parent = "entry"


class Activity(models.Model):
    entry = models.ForeignKey(CampaignEntry, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind)
    title = models.CharField(_("activity"), max_length=255)
    held_on = models.DateField(_("held on"))
    participants = models.PositiveIntegerField(_("participants"), default=0)
    description = models.TextField(_("description"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title
