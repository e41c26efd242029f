"""Exemplars (điển hình tiên tiến) and their replication (nhân rộng), emulation campaigns
(phong trào thi đua) and each unit's ethics standards (chuẩn mực đạo đức, tiêu chí nêu gương).

An Exemplar is proposed by a unit, reviewed by the level above, recognised at a level (a cell
or a committee) and published; an Adoption records another unit taking it up, from planned to
sustained, with results against a baseline, verified by the level above. A Campaign is hosted
by a unit; participating units register targets, record activities and get results. A
Standard is a unit's versioned document. Writes go through the services of this app; every
queryset a page uses starts from `visible_to(user)`.
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
from lamtheo.org.models import Person, Unit

# -- exemplars -------------------------------------------------------------------------------


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


# -- replication -----------------------------------------------------------------------------


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
        ]

    def __str__(self) -> str:
        return f"{self.exemplar} – {self.unit}"

    # The (unit id, status) this row stands for in AdoptionCounts: None until it is saved.
    _counted: tuple[int, str] | None = None

    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        adoption = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        loaded = adoption.__dict__
        if "unit_id" in loaded and "status" in loaded:
            adoption._counted = (loaded["unit_id"], loaded["status"])
        else:  # read with .only(): what it counts for is not known here
            adoption._counted = UNKNOWN
        return adoption

    def save(self, *args, **kwargs):
        """Save, and move this adoption in the stored per-unit counts in the same transaction:
        +1 for a new one, −1 old / +1 new status when the status (or the unit) changes."""
        from lamtheo.exemplars import counts

        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not {"status", "unit", "unit_id"} & set(update_fields):
            return super().save(*args, **kwargs)
        before = None if self._state.adding else self._counted
        with transaction.atomic(using=kwargs.get("using") or router.db_for_write(Adoption)):
            super().save(*args, **kwargs)
            now = (self.unit_id, self.status)
            if before is UNKNOWN:
                counts.refresh_adoption_counts([self.unit_id])
            elif before != now:
                counts.count_move(before, now)
        self._counted = now

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        if fields is None:
            self._counted = (self.unit_id, self.status)
        elif {"status", "unit", "unit_id"} & set(fields):
            self._counted = UNKNOWN


UNKNOWN = ("?", "?")


# Deletes (the services never delete; a shell or a test might), queryset ones included.
@receiver(post_delete, sender=Adoption)
def _uncount_deleted(sender, instance: Adoption, using, **kwargs) -> None:
    from lamtheo.exemplars import counts

    before = instance._counted
    if before is None or before is UNKNOWN:
        before = (instance.unit_id, instance.status)
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


class AdoptionEventQuerySet(EventQuerySet, ScopedQuerySet):
    parent = "adoption"


class AdoptionEvent(WorkflowEvent):
    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="events")

    objects = AdoptionEventQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.adoption_id}: {self.action}"


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
        return Q(kind=EvidenceKind.PHOTO, public=True) & (
            Q(exemplar__status=ExemplarStatus.PUBLISHED)
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


# -- emulation campaigns ---------------------------------------------------------------------


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


# -- ethics standards ------------------------------------------------------------------------


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
