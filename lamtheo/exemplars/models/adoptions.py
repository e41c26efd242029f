"""Replication (nhân rộng): an Adoption records a unit taking up an exemplar, from planned to
sustained, with results against a baseline and evidence, verified by the level above; the
per-unit counts kept beside it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, router, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lamtheo.accounts.scoping import ScopedQuerySet
from lamtheo.core.models import TimeStamped
from lamtheo.core.workflow import EventQuerySet, WorkflowEvent
from lamtheo.exemplars.models.exemplars import Exemplar, ExemplarKind, ExemplarStatus
from lamtheo.org.consent import given_q
from lamtheo.org.models import Person, Unit


class AdoptionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PILOTING = "piloting", _("Piloting")
    ADOPTED = "adopted", _("Adopted")
    SUSTAINED = "sustained", _("Sustained")
    DROPPED = "dropped", _("Dropped")


# Statuses that count as "this unit has taken the exemplar up".
TAKEN_UP = (AdoptionStatus.ADOPTED, AdoptionStatus.SUSTAINED)


class AdoptionQuerySet(ScopedQuerySet):
    """Adoptions by the user's units, of their units' exemplars, and of every published
    exemplar (replication is public); with an action, only by units where the user may do
    it."""

    unit_paths = ("unit",)
    seen_from = ("exemplar__unit",)

    def public(self):
        return Q(exemplar__status=ExemplarStatus.PUBLISHED)


class Adoption(TimeStamped):
    exemplar = models.ForeignKey(
        Exemplar, verbose_name=_("exemplar"), on_delete=models.PROTECT, related_name="adoptions"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("adopting unit"), on_delete=models.PROTECT, related_name="adoptions"
    )
    lead = models.ForeignKey(
        Person,
        verbose_name=_("led by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_on = models.DateField(_("started on"))
    adaptation = models.TextField(_("how it was adapted"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AdoptionStatus, default=AdoptionStatus.PLANNED
    )
    # The day it first reached "adopted": the end of the time from publication to adoption.
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    dropped_reason = models.TextField(_("why it was dropped"), blank=True)
    indicator = models.CharField(_("indicator"), max_length=255, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    result = models.DecimalField(
        _("result"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    results = models.TextField(_("results"), blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verification_note = models.TextField(_("verification note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = AdoptionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            models.UniqueConstraint(fields=["exemplar", "unit"], name="adoption_once_per_unit")
        ]
        indexes = [
            models.Index(fields=["exemplar", "status"], name="adoption_exemplar_status"),
            models.Index(fields=["unit", "status"], name="adoption_unit_status"),
            # The overview corrects its stored recent counts by the adoptions started or
            # taken up between two days (replication._spreading, subtree_counts.slide).
            models.Index(fields=["started_on"], name="adoption_started"),
            models.Index(fields=["adopted_on"], name="adoption_adopted"),
        ]

    def __str__(self) -> str:
        return f"{self.exemplar} – {self.unit}"

    # What this row stands for in AdoptionCounts and SubtreeAdoptions (COUNTED's fields):
    # None until it is saved.
    _counted: tuple | None = None

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        adoption = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        loaded = adoption.__dict__
        if all(name in loaded for name in COUNTED):
            adoption._counted = adoption._counted_now()
        else:  # read with .only(): what it counts for is not known here
            adoption._counted = UNKNOWN
        return adoption

    def _counted_now(self) -> tuple:
        # to_python: a date given as text (Adoption(started_on="2026-01-10")) counts as one.
        opts = self._meta
        return tuple(opts.get_field(name).to_python(getattr(self, name)) for name in COUNTED)

    def save(self, *args, **kwargs):
        """Save, and move this adoption in the stored counts in the same transaction: +1 for
        a new one, −1 as it was / +1 as it is when a counted field changes."""
        from lamtheo.exemplars import counts

        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not COUNTED_FIELDS & set(update_fields):
            return super().save(*args, **kwargs)
        before = None if self._state.adding else self._counted
        with transaction.atomic(using=kwargs.get("using") or router.db_for_write(Adoption)):
            super().save(*args, **kwargs)
            now = self._counted_now()
            if before is UNKNOWN:
                counts.refresh_adoption_counts([self.unit_id])
            elif before != now:
                counts.count_move(before, now)
        self._counted = now

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        if fields is None:
            self._counted = self._counted_now()
        elif COUNTED_FIELDS & set(fields):
            self._counted = UNKNOWN


# The fields the stored counts depend on (attribute names), and the names a save's
# update_fields may give them by.
COUNTED = ("unit_id", "status", "exemplar_id", "started_on", "adopted_on")
COUNTED_FIELDS = {*COUNTED, "unit", "exemplar"}


UNKNOWN = ("?", "?")


# Deletes (the services never delete; a shell or a test might), queryset ones included.
@receiver(post_delete, sender=Adoption)
def _uncount_deleted(sender, instance: Adoption, using, **kwargs) -> None:
    from lamtheo.exemplars import counts

    before = instance._counted
    if before is None or before is UNKNOWN:
        before = instance._counted_now()
    counts.count_move(before, None, using=using)


class AdoptionCountsQuerySet(ScopedQuerySet):
    """A unit's counts are as visible as the unit."""

    parent = "unit"


class AdoptionCounts(models.Model):
    """How many adoptions each unit has in each status: one row per unit that has any.

    Kept by Adoption.save and the delete receiver inside the writing transaction (the services
    write through them), so it never disagrees with the adoptions. Writes that bypass save
    (bulk_create, QuerySet.update of status or unit, raw SQL) must call
    lamtheo.exemplars.counts.refresh_adoption_counts afterwards.
    """

    unit = models.OneToOneField(
        Unit,
        verbose_name=_("unit"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="adoption_counts",
    )
    planned = models.IntegerField(AdoptionStatus.PLANNED.label, default=0)
    piloting = models.IntegerField(AdoptionStatus.PILOTING.label, default=0)
    adopted = models.IntegerField(AdoptionStatus.ADOPTED.label, default=0)
    sustained = models.IntegerField(AdoptionStatus.SUSTAINED.label, default=0)
    dropped = models.IntegerField(AdoptionStatus.DROPPED.label, default=0)

    objects = AdoptionCountsQuerySet.as_manager()

    class Meta:
        verbose_name = _("adoption counts of a unit")
        verbose_name_plural = _("adoption counts of units")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.as_dict()}"

    def as_dict(self) -> dict[str, int]:
        return {status: getattr(self, status) for status in AdoptionStatus.values}


class SubtreeAdoptionCounts(models.Model):
    """AdoptionCounts summed over a unit's subtree in today's tree (the unit included), in
    shards (lamtheo.org.subtree_sums): the root of a city reads 16 rows instead of one per
    unit. Kept with the counts by lamtheo.exemplars.counts."""

    # No index of its own: the unique (unit, shard) one serves.
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    shard = models.PositiveSmallIntegerField()
    planned = models.IntegerField(default=0)
    piloting = models.IntegerField(default=0)
    adopted = models.IntegerField(default=0)
    sustained = models.IntegerField(default=0)
    dropped = models.IntegerField(default=0)

    objects = AdoptionCountsQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "shard"], name="exemplars_subtree_counts_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} / {self.shard}"


class SubtreeAdoptionsQuerySet(ScopedQuerySet):
    """A subtree's counts are as visible as the unit at its top."""

    parent = "unit"


class SubtreeAdoptions(models.Model):
    """How many adoptions of one exemplar a subtree holds: one row per (unit, exemplar) for
    every unit at or above a unit that adopted it (in today's tree, closed units included).

    `recent` counts the live adoptions started on or after the window's day
    (AdoptionWindow), `recent_taken` the taken-up ones adopted on or after it. Kept by
    Adoption.save and the delete receiver with AdoptionCounts (lamtheo.exemplars.subtree_counts
    says how, and what else keeps it).
    """

    # No index of its own: the unique (unit, exemplar) one serves.
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    exemplar = models.ForeignKey(
        Exemplar, verbose_name=_("exemplar"), on_delete=models.CASCADE, related_name="+"
    )
    live = models.IntegerField(default=0)
    taken = models.IntegerField(default=0)
    recent = models.IntegerField(default=0)
    recent_taken = models.IntegerField(default=0)

    objects = SubtreeAdoptionsQuerySet.as_manager()

    class Meta:
        verbose_name = _("adoptions of an exemplar under a unit")
        verbose_name_plural = _("adoptions of exemplars under units")
        constraints = [
            models.UniqueConstraint(fields=["unit", "exemplar"], name="subtree_adoptions_once")
        ]
        indexes = [
            # The overview's spreading fastest: a walk that stops after ten, and the number
            # of exemplars adopted, counted from the index alone.
            models.Index(
                fields=["unit", "-recent", "-recent_taken", "-taken", "exemplar"],
                condition=Q(live__gt=0),
                name="subtree_adoptions_fastest",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.exemplar_id}: {self.live}"


class AdoptionWindowQuerySet(ScopedQuerySet):
    def public(self):
        return Q(pk__isnull=False)  # one day, nothing about anyone


class AdoptionWindow(models.Model):
    """The day from which SubtreeAdoptions counts an adoption as recent: one row, moved
    forward by the daily `slide_replication_window`."""

    since = models.DateField()

    objects = AdoptionWindowQuerySet.as_manager()

    class Meta:
        verbose_name = _("replication window")
        verbose_name_plural = _("replication windows")

    def __str__(self) -> str:
        return str(self.since)


class AdoptionEventQuerySet(EventQuerySet, ScopedQuerySet):
    parent = "adoption"


class AdoptionEvent(WorkflowEvent):
    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="events")

    objects = AdoptionEventQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.adoption_id}: {self.action}"


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")


class EvidenceQuerySet(ScopedQuerySet):
    """All evidence of exemplars and adoptions of the user's units (and of exemplars about
    themself); of anything else, only the photos marked public of published exemplars, which
    the gallery shows to everyone. Documents and private photos never go outside — also not
    to the cell that proposed an adopted exemplar (docs/decisions.md, issue 10 §6)."""

    unit_paths = ("exemplar__unit", "adoption__unit")
    person_path = "exemplar__person"

    def public(self):
        # A photo of an exemplar about a person only with the person's consent (org.consent).
        named = ~Q(exemplar__kind=ExemplarKind.INDIVIDUAL) | given_q("exemplar__person")
        return Q(kind=EvidenceKind.PHOTO, public=True) & (
            (Q(exemplar__status=ExemplarStatus.PUBLISHED) & named)
            | Q(adoption__exemplar__status=ExemplarStatus.PUBLISHED)
        )


class Evidence(models.Model):
    """A photo or document behind an exemplar or an adoption. Types are checked by content,
    photos get a thumbnail; only photos an editor marks public appear in the gallery."""

    exemplar = models.ForeignKey(
        Exemplar, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    adoption = models.ForeignKey(
        Adoption, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=EvidenceKind)
    file = models.FileField(_("file"), upload_to="exemplars/%Y/%m/")
    thumbnail = models.FileField(upload_to="exemplars/thumbs/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    public = models.BooleanField(_("shown in the public gallery"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=Q(exemplar__isnull=False, adoption__isnull=True)
                | Q(exemplar__isnull=True, adoption__isnull=False),
                name="evidence_of_one_thing",
            )
        ]

    def __str__(self) -> str:
        return self.caption or self.file.name
