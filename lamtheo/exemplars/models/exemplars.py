"""Exemplars (điển hình tiên tiến): proposed by a unit, reviewed by the level above, recognised
at a level and published; their tags, figures and events.
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
from lamtheo.exemplars.models.campaigns import Campaign
from lamtheo.org.models import Person, Unit


class ExemplarKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Good person, good deed")
    COLLECTIVE = "collective", _("Exemplary collective")
    MODEL = "model", _("Good model, effective way of working")


class ExemplarField(models.TextChoices):
    POLITICAL_TASK = "political_task", _("Political task, production and business")
    PARTY_BUILDING = "party_building", _("Party building")
    ADMINISTRATION = "administration", _("Administrative reform, serving the people")
    DIGITAL = "digital", _("Digital transformation")
    INNOVATION = "innovation", _("Innovation and initiatives")
    SOCIAL = "social", _("Social welfare, gratitude activities")
    CULTURE = "culture", _("Culture, sport, civilised lifestyle")
    THRIFT = "thrift", _("Thrift, fighting waste")
    OTHER = "other", _("Other")


class ExemplarStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Not recognised")
    RECOGNISED = "recognised", _("Recognised")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Recognition withdrawn")


class TagQuerySet(ScopedQuerySet):
    """The tags are a shared vocabulary, as public as the published exemplars they label."""

    def public(self):
        return Q()


class Tag(models.Model):
    name = models.CharField(_("tag"), max_length=60, unique=True)
    # Accent- and case-free form of the name (lamtheo.core.text.fold), for search and matching.
    key = models.CharField(max_length=60, unique=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class ExemplarQuerySet(ScopedQuerySet):
    """Exemplars of the user's units (and about themself), and every published one; the
    public (signed out) sees only published ones. With an action, only those of units where
    the user may do it."""

    unit_paths = ("unit",)
    person_path = "person"

    def public(self):
        return Q(status=ExemplarStatus.PUBLISHED)

    def published(self):
        return self.filter(status=ExemplarStatus.PUBLISHED)


class Exemplar(TimeStamped):
    kind = models.CharField(_("kind"), max_length=12, choices=ExemplarKind)
    title = models.CharField(_("title"), max_length=255)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("proposing unit"),
        on_delete=models.PROTECT,
        related_name="exemplars",
    )
    # The subject: a person (individual), or a unit (collective, model; the proposing unit
    # or one under it).
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exemplars",
    )
    subject_unit = models.ForeignKey(
        Unit,
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    field = models.CharField(_("field"), max_length=16, choices=ExemplarField)
    problem = models.TextField(_("the problem it solved"), blank=True)
    actions = models.TextField(_("what was done"))
    results = models.TextField(_("results"), blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=ExemplarStatus, default=ExemplarStatus.DRAFT
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Recognition: at which level (the unit that recognised it), on which day, by whom.
    recognised_by_unit = models.ForeignKey(
        Unit,
        verbose_name=_("recognised at the level of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recognised_on = models.DateField(_("recognised on"), null=True, blank=True)
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # The last reviewer's reason to return or reject, or the reason recognition was withdrawn.
    reason = models.TextField(_("reason"), blank=True)
    adapted_from = models.ForeignKey(
        "self",
        verbose_name=_("adapted from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adaptations",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("emulation campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exemplars",
    )
    # Folded title, subject and tags (lamtheo.core.text.fold), for the gallery's search.
    search_key = models.TextField(blank=True, editable=False)
    # Bumped by every write, so that two people editing at once do not overwrite each other.
    version = models.PositiveIntegerField(default=1)

    objects = ExemplarQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_key"], m2m_fields=[tags])

    class Meta:
        verbose_name = _("exemplar")
        verbose_name_plural = _("exemplars")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="exemplar_gallery"),
            models.Index(fields=["unit", "status"], name="exemplar_unit_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="individual") | Q(person__isnull=False),
                name="exemplar_individual_has_person",
            )
        ]

    def __str__(self) -> str:
        return self.title

    # (unit_id, status) as ExemplarCounts counts this row: None until it is saved, UNCOUNTED
    # when it was read without them.
    _counted: tuple | None = None

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        exemplar = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        loaded = exemplar.__dict__
        if "unit_id" in loaded and "status" in loaded:
            exemplar._counted = (exemplar.unit_id, exemplar.status)
        else:
            exemplar._counted = UNCOUNTED
        return exemplar

    def save(self, *args, **kwargs):
        """Save, and move this exemplar in the per-unit counts in the same transaction."""
        from lamtheo.exemplars import counts

        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not {"unit", "unit_id", "status"} & set(update_fields):
            return super().save(*args, **kwargs)
        before = None if self._state.adding else self._counted
        using = kwargs.get("using") or router.db_for_write(Exemplar)
        with transaction.atomic(using=using):
            super().save(*args, **kwargs)
            now = (self.unit_id, self.status)
            if before is UNCOUNTED:
                counts.refresh_exemplar_counts([self.unit_id], using=using)
            elif before != now:
                counts.move_exemplar(before, now, using=using)
        self._counted = now

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        if fields is None or {"unit", "unit_id", "status"} & set(fields):
            loaded = self.__dict__
            if "unit_id" in loaded and "status" in loaded:
                self._counted = (self.unit_id, self.status)


UNCOUNTED = ("?", "?")


@receiver(post_delete, sender=Exemplar)
def _uncount_deleted(sender, instance: Exemplar, using, **kwargs) -> None:
    from lamtheo.exemplars import counts

    before = instance._counted
    if before is None or before is UNCOUNTED:
        before = (instance.unit_id, instance.status)
    counts.move_exemplar(before, None, using=using)


class ExemplarCountsQuerySet(ScopedQuerySet):
    """A unit's counts are as visible as the unit."""

    parent = "unit"


class StatusColumns(models.Model):
    """A count per ExemplarStatus, its value as the column's name."""

    draft = models.IntegerField(default=0)
    proposed = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)
    recognised = models.IntegerField(default=0)
    published = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)

    class Meta:
        abstract = True


class ExemplarCounts(StatusColumns):
    """How many exemplars each unit proposed, per status: one row per unit that has any.

    Kept by Exemplar.save and the delete receiver inside the writing transaction (the
    services write through them). Writes that bypass save (bulk_create: the benchmark;
    QuerySet.update of status or unit) must call
    lamtheo.exemplars.counts.refresh_exemplar_counts afterwards."""

    unit = models.OneToOneField(
        Unit, primary_key=True, on_delete=models.CASCADE, related_name="exemplar_counts"
    )

    objects = ExemplarCountsQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.unit_id}"


class SubtreeExemplarCounts(StatusColumns):
    """ExemplarCounts summed over a unit's subtree in today's tree (the unit included), in
    shards (lamtheo.org.subtree_sums): the dashboard of a city's root reads 16 rows instead
    of its 40,000 units' exemplars. Kept with the counts by lamtheo.exemplars.counts."""

    # No index of its own: the unique (unit, shard) one serves.
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    shard = models.PositiveSmallIntegerField()

    objects = ExemplarCountsQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "shard"], name="exemplars_subtree_exemplars")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} / {self.shard}"


class FigureQuerySet(ScopedQuerySet):
    parent = "exemplar"


class Figure(models.Model):
    """One measured result of an exemplar: "thời gian xử lý hồ sơ: 5 → 2 ngày"."""

    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(_("indicator"), max_length=255)
    before = models.DecimalField(
        _("before"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    after = models.DecimalField(_("after"), max_digits=14, decimal_places=2)
    measure = models.CharField(_("unit of measure"), max_length=40, blank=True)

    objects = FigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("result figure")
        verbose_name_plural = _("result figures")

    def __str__(self) -> str:
        return self.label


class ExemplarEventQuerySet(EventQuerySet, ScopedQuerySet):
    parent = "exemplar"


class ExemplarEvent(WorkflowEvent):
    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="events")

    objects = ExemplarEventQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.exemplar_id}: {self.action}"
