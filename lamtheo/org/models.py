"""The organisation tree and its people.

Units form one tree of any depth (django-treebeard, materialised path). A subtree is a range of
paths, so "everything under this committee" is one indexed range condition. Nothing here is
deleted: units close, people leave, and past periods stay for the reports that read them.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from lamtheo.accounts.scoping import Action, ScopedQuerySet, action_of, scope_of
from lamtheo.core import text, tree
from lamtheo.core.models import TimeStamped
from lamtheo.core.tree import ancestor_paths, subtree_q


class UnitKind(models.TextChoices):
    COMMITTEE = "committee", _("Party committee")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots party committee")
    SUB_COMMITTEE = "sub_committee", _("Party sub-committee")
    GRASSROOTS_CELL = "grassroots_cell", _("Grassroots party cell")
    CELL = "cell", _("Party cell")
    GROUP = "group", _("Party group")


class UnitQuerySet(ScopedQuerySet, MP_NodeQuerySet):
    """The units under the user's grants, and a member's own unit."""

    unit_paths = ("self",)
    member_unit = "self"

    def tops_for(self, user, action: str | None = None):
        """The top units of the subtrees where `user` may do `action` (the roots for an
        administrator). For viewing, a member without a grant gets their own unit."""
        scope = scope_of(user)
        if scope.is_admin:
            return self.filter(depth=1)
        if paths := scope.paths_for(action):
            return self.filter(path__in=paths)
        viewing = action is None or action_of(action) is Action.VIEW
        if viewing and scope.person_unit_id:
            return self.filter(pk=scope.person_unit_id)
        return self.none()

    def active(self):
        return self.filter(closed_on__isnull=True)

    def subtree_of(self, unit: Unit):
        return self.filter(subtree_q([unit.path]))


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    def get_queryset(self):
        # treebeard builds its own queryset class here; ours adds visible_to and friends.
        return UnitQuerySet(self.model, using=self._db).order_by("path")


class Unit(MP_Node, TimeStamped):
    steplen = tree.STEPLEN
    alphabet = tree.ALPHABET

    code = models.CharField(_("unit code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=24, choices=UnitKind, default=UnitKind.CELL)
    opened_on = models.DateField(_("established on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Where the unit's documents are issued ("Đống Đa, ngày …"); empty: the nearest unit
    # above that has one, then the DOCUMENT_PLACE setting.
    place = models.CharField(
        _("place of issue"),
        max_length=100,
        blank=True,
        help_text=_("As documents write it: “Đống Đa, ngày …”. Empty: as the unit above."),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    sort_key = models.TextField(editable=False, default="")
    search_key = models.TextField(editable=False, default="")
    # Current people directly in this unit, per status; kept by org.counts.refresh_unit_counts.
    # Subtree totals are sums over a range of units, far cheaper than counting people (PERF-FLOOR).
    official_count = models.PositiveIntegerField(default=0, editable=False)
    probationary_count = models.PositiveIntegerField(default=0, editable=False)
    elite_mass_count = models.PositiveIntegerField(default=0, editable=False)
    mass_count = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(
        excluded_fields=[
            "sort_key",
            "search_key",
            "numchild",
            "official_count",
            "probationary_count",
            "elite_mass_count",
            "mass_count",
        ]
    )
    objects = UnitManager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [
            # A unit's children (depth, then its path's range) without reading the subtree:
            # the root's ten blocs among 40,000 units at 1M people.
            models.Index(fields=["depth", "path"], name="org_unit_children"),
            # The closed units under a unit: a past day's tree is today's less these
            # (org.subtree_sums).
            models.Index(
                fields=["path"], condition=models.Q(closed_on__isnull=False), name="org_unit_closed"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.fill_keys()
        super().save(*args, **kwargs)

    def fill_keys(self) -> None:
        self.code = text.clean_text(self.code)
        self.name = text.clean_text(self.name)
        self.sort_key = text.collation_key(self.name)
        self.search_key = text.fold(f"{self.name} {self.code}")

    @property
    def is_active(self) -> bool:
        return self.closed_on is None

    def parent_path(self) -> str:
        return tree.parent_path(self.path)

    def ancestor_paths(self) -> list[str]:
        return ancestor_paths(self.path)


# A period with no known start began before any record; one still running has no end.
DAY_ZERO = dt.date(1, 1, 1)
OPEN_END = dt.date(9999, 12, 31)


class YearEndCountQuerySet(ScopedQuerySet):
    """A unit's figures are as visible as the unit."""

    parent = "unit"


class YearEndCount(models.Model):
    """The people in one unit on 31 December of a year: those whose current unit it was since
    then and who had not left before that day, and the past memberships spanning it (the
    definition of `history.people_on`). A subtree's people on that day, for the figures of a
    year that has ended, is a sum over the units in the subtree then (UnitPeriod), instead of
    a pass over every person and membership (58 ms at 100k people, ten times that at 1M).

    Written for the years in CountedYearEnd by `org.counts.count_year_ends` and kept from then
    on by `refresh_unit_counts`, which every write that moves people or changes their dates
    calls for the units it touched.
    """

    year = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    people = models.IntegerField(default=0)

    objects = YearEndCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "unit"], name="org_yearendcount_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} – 31/12/{self.year}"


class SubtreeYearEndCount(models.Model):
    """YearEndCount summed over a unit's subtree in today's tree (the unit included), per
    year, in shards (lamtheo.org.subtree_sums): last year's people at the root of a city read
    16 rows per branch instead of a join of 40,000 counts to their periods (54 ms at 1M),
    while nothing in the tree began or ended since the year's last day. Kept with the rows by
    `org.counts`."""

    year = models.PositiveSmallIntegerField()
    # No index of its own: the unique (year, unit, shard) one serves.
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    shard = models.PositiveSmallIntegerField()
    people = models.IntegerField(default=0)

    objects = YearEndCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit", "shard"], name="org_subtree_year_end_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} – 31/12/{self.year} / {self.shard}"


class SubtreePeople(models.Model):
    """The current people of a unit's subtree in today's tree (the unit included), per
    status, in shards (lamtheo.org.subtree_sums): the units' own counts (Unit.*_count)
    summed, so the root of a city reads 16 rows instead of one per unit. Kept by
    `org.counts.refresh_unit_counts` with the units' counts."""

    # No index of its own: the unique (unit, shard) one serves.
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    shard = models.PositiveSmallIntegerField()
    official_count = models.IntegerField(default=0)
    probationary_count = models.IntegerField(default=0)
    elite_mass_count = models.IntegerField(default=0)
    mass_count = models.IntegerField(default=0)

    objects = YearEndCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "shard"], name="org_subtree_people_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} / {self.shard}"


class CountedYearEndQuerySet(ScopedQuerySet):
    def public(self):
        return models.Q(pk__isnull=False)  # a list of years, nothing about anyone


class CountedYearEnd(models.Model):
    """A year whose YearEndCount rows are complete; another year's people on its last day are
    counted live."""

    year = models.PositiveSmallIntegerField(primary_key=True)

    objects = CountedYearEndQuerySet.as_manager()

    def __str__(self) -> str:
        return str(self.year)


class UnitPeriodQuerySet(ScopedQuerySet):
    parent = "unit"


class UnitPeriod(models.Model):
    """A unit's place in the tree during [valid_from, valid_to): its parent, name, kind, place
    of issue and path of ids from the root. Written by every change to the tree (org.history),
    read by every figure for a past period, so that a move or merger does not rewrite old
    reports.

    `id_path` is the ids of the unit and its ancestors, root first, each zero-padded to
    `history.ID_STEP` digits: ids never change or get reused (a treebeard path does), so the
    subtree of a unit on a day is one range of id_path among the periods valid that day.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="periods")
    valid_from = models.DateField(default=DAY_ZERO)
    valid_to = models.DateField(default=OPEN_END)
    parent = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    id_path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=24, choices=UnitKind)
    # The unit's own place of issue then (Unit.place): a document dated in the period prints it.
    place = models.CharField(max_length=100, blank=True)

    objects = UnitPeriodQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gt=models.F("valid_from")),
                name="org_unitperiod_order",
            )
        ]
        indexes = [
            models.Index(fields=["id_path", "valid_from"], name="org_unitperiod_path"),
            models.Index(fields=["unit", "valid_from"], name="org_unitperiod_unit"),
            # The day of the last change to the tree (`history.last_change`): two index
            # ends instead of a pass over every period.
            models.Index(fields=["valid_from"], name="org_unitperiod_from"),
            models.Index(fields=["valid_to"], name="org_unitperiod_to"),
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.valid_from:%d/%m/%Y} – {self.valid_to:%d/%m/%Y})"


class UnitChangeKind(models.TextChoices):
    CREATED = "created", _("Established")
    RENAMED = "renamed", _("Renamed")
    MOVED = "moved", _("Moved")
    MERGED = "merged", _("Merged")
    CLOSED = "closed", pgettext_lazy("unit change", "Closed")
    REOPENED = "reopened", _("Reopened")


class UnitChangeQuerySet(ScopedQuerySet):
    parent = "unit"


class UnitChange(models.Model):
    """One organisational change with the date it took effect (not the date it was typed)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=12, choices=UnitChangeKind)
    effective_on = models.DateField(_("effective on"))
    old_value = models.CharField(max_length=255, blank=True)
    new_value = models.CharField(max_length=255, blank=True)
    other_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = UnitChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_on", "-id"]
        indexes = [models.Index(fields=["unit", "effective_on"], name="org_unitchange_unit_date")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.get_kind_display()} – {self.effective_on:%d/%m/%Y}"


class HandoverQuerySet(ScopedQuerySet):
    # Seen, with the receiving committee, by grants over it; its lines name units from
    # elsewhere (where they came from).
    unit_paths = ("target",)


class Handover(models.Model):
    """A transfer of cells from one committee to another on an effective day, with the
    record both sign (biên bản bàn giao, HD 09-HD/BTCTW): the cells and their members."""

    target = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="handovers_in")
    effective_on = models.DateField(_("effective on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.target} – {self.effective_on:%d/%m/%Y}"


class HandoverLineQuerySet(ScopedQuerySet):
    parent = "handover"


class HandoverLine(models.Model):
    """One cell of a handover, with where it came from and its members on the day."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="lines")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    from_parent = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    members = models.PositiveIntegerField(default=0)  # official and probationary
    people = models.PositiveIntegerField(default=0)  # everyone in its subtree

    objects = HandoverLineQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.unit} ← {self.from_parent} ({self.members})"


class PartyStatus(models.TextChoices):
    OFFICIAL = "official", _("Full party member")
    PROBATIONARY = "probationary", _("Probationary party member")
    ELITE_MASS = "elite_mass", _("Outstanding non-member")
    MASS = "mass", _("Non-member")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class PersonQuerySet(ScopedQuerySet):
    """The people of the units under the user's grants, and oneself."""

    unit_paths = ("unit",)
    person_path = "self"

    def in_subtree(self, unit: Unit):
        return self.filter(subtree_q([unit.path], prefix="unit__path"))

    def current(self):
        return self.filter(left_on__isnull=True)

    def search(self, query: str, reader=None):
        """Accent- and case-insensitive match on the name; digits also match card and phone,
        only of the people whose card or phone `reader` (org.privacy.Reader) sees in full."""
        key = text.fold(query)
        if not key:
            return self.none()
        q = Q(search_key__contains=key)
        digits = "".join(ch for ch in query if ch.isdigit())
        if digits and len(digits) >= 4 and digits == query.replace(".", "").replace(" ", ""):
            card, phone = Q(party_card_number__startswith=digits), Q(phone__contains=digits)
            if reader is not None:
                card &= reader.full_q("party_card_number")
                phone &= reader.full_q("phone")
            q |= card | phone
        return self.filter(q)


# The fields of a person's record that people edit, through the forms and the imports alike.
PERSON_FIELDS = (
    "code",
    "full_name",
    "birth_date",
    "gender",
    "party_status",
    "party_card_number",
    "joined_on",
    "official_on",
    "job_title",
    "phone",
    "email",
)


class Person(TimeStamped):
    code = models.CharField(
        _("personal code"),
        max_length=40,
        blank=True,
        help_text=_("Optional identifier from your own records, used to match re-imports."),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=50, blank=True)
    middle_name = models.CharField(_("middle name"), max_length=100, blank=True)
    given_name = models.CharField(_("given name"), max_length=50, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender, blank=True)
    party_status = models.CharField(
        _("party status"), max_length=16, choices=PartyStatus, default=PartyStatus.OFFICIAL
    )
    party_card_number = models.CharField(_("party card number"), max_length=20, blank=True)
    joined_on = models.DateField(_("date joined the Party"), null=True, blank=True)
    official_on = models.DateField(_("date made official"), null=True, blank=True)
    job_title = models.CharField(_("job title"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people"
    )
    unit_since = models.DateField(_("in this unit since"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=255, blank=True)
    # Set by retention (org.retention): the record keeps what the figures count, no identity.
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    imported_by = models.ForeignKey(
        "org.ImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sort_key = models.TextField(editable=False, default="")
    search_key = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["sort_key", "search_key"])
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            # Empty means "not given"; only real values must be unique.
            models.UniqueConstraint(
                fields=["party_card_number"],
                condition=~Q(party_card_number=""),
                name="org_person_card_unique",
            ),
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="org_person_code_unique"
            ),
        ]
        indexes = [
            # Page 1 of any subtree walks this index and stops after one page (PERF-FLOOR c).
            models.Index(fields=["sort_key"], name="org_person_sort_key"),
            # Re-import matches on name + birth date when there is no code or card number.
            models.Index(fields=["full_name", "birth_date"], name="org_person_name_birth"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.fill_keys()
        super().save(*args, **kwargs)

    def fill_keys(self) -> None:
        """Derive name parts and keys from full_name; call before bulk writes too."""
        self.full_name = text.clean_name(self.full_name)
        self.family_name, self.middle_name, self.given_name = text.split_name(self.full_name)
        self.sort_key = text.person_sort_key(self.family_name, self.middle_name, self.given_name)
        self.search_key = text.fold(self.full_name)

    @property
    def is_member(self) -> bool:
        return self.party_status in (PartyStatus.OFFICIAL, PartyStatus.PROBATIONARY)

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class MembershipQuerySet(ScopedQuerySet):
    """Past periods in the user's units, of people now in them, and one's own."""

    unit_paths = ("unit", "person__unit")
    person_path = "person"


class Membership(models.Model):
    """A past period in a unit. The current one is Person.unit since Person.unit_since."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="past_memberships")
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField()
    reason = models.CharField(max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-ended_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person} – {self.unit} – {self.ended_on:%d/%m/%Y}"


class PositionTitle(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    STANDING_MEMBER = "standing_member", _("Standing committee member")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    INSPECTION_CHAIR = "inspection_chair", _("Chair of the inspection committee")
    INSPECTION_DEPUTY = "inspection_deputy", _("Deputy chair of the inspection committee")
    INSPECTION_MEMBER = "inspection_member", _("Member of the inspection committee")
    GROUP_LEADER = "group_leader", _("Party group leader")
    GROUP_DEPUTY = "group_deputy", _("Party group deputy leader")


# Office holders are listed in this order on unit pages.
POSITION_RANK = {title: i for i, title in enumerate(PositionTitle.values)}


class PositionQuerySet(ScopedQuerySet):
    """Offices in the user's units; a member also sees who holds office in their own unit,
    to know whom to ask."""

    unit_paths = ("unit",)
    member_unit = "unit"

    def current(self, on: dt.date | None = None):
        on = on or dt.date.today()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on)).filter(
            Q(started_on__isnull=True) | Q(started_on__lte=on)
        )


class Position(TimeStamped):
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="positions"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField(_("office"), max_length=24, choices=PositionTitle)
    started_on = models.DateField(_("term starts"), null=True, blank=True)
    ended_on = models.DateField(_("term ends"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    history = HistoricalRecords()
    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("office held")
        verbose_name_plural = _("offices held")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="org_position_term_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_title_display()} – {self.unit}"

    @property
    def rank(self) -> int:
        return POSITION_RANK.get(self.title, 99)


class ImportKind(models.TextChoices):
    UNITS = "units", _("Units")
    PEOPLE = "people", _("People")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Imported")
    INVALID = "invalid", _("Invalid rows, nothing written")
    FAILED = "failed", _("Unreadable file, nothing written")


class ImportJobQuerySet(ScopedQuerySet):
    """One's own imports (administrators: all); a file may hold rows of any unit."""

    user_path = "created_by"


class ImportJob(models.Model):
    """An uploaded file being (or having been) imported, with its outcome."""

    kind = models.CharField(max_length=8, choices=ImportKind)
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=ImportStatus, default=ImportStatus.QUEUED)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    total_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


# The access log and consent (personal-data duties, issue 11 §5), in their own module.
from lamtheo.org.models_privacy import (  # noqa: E402, F401
    AccessKind,
    AppendOnly,
    GalleryConsent,
    GalleryConsentStatus,
    PersonAccess,
    PersonExport,
)

# The document register's tables live in their own module (see its docstring).
from lamtheo.org.register_models import (  # noqa: E402, F401
    DocumentKind,
    DocumentStatus,
    RegisterCounter,
    RegisteredDocument,
    Term,
)
