"""Study sessions and meetings, who was invited, who took part, and self-study.

A StudySession is hosted by a unit and addressed to an audience (units with their subtrees,
and extra people). Publishing computes the invitations from the audience as it is then and
stores them, so later moves do not rewrite who was invited. Attendance records how each
invited person took part; SelfStudy records "tự nghiên cứu tài liệu". Writes go through
lamtheo.study.services.
"""

from __future__ import annotations

import enum
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet
from lamtheo.core.models import TimeStamped
from lamtheo.core.tree import subtree_q
from lamtheo.core.workflow import EventQuerySet, WorkflowEvent
from lamtheo.org.models import Person, Unit


class SessionKind(models.TextChoices):
    KEY_CADRE_CONFERENCE = "key_cadre", _("Conference of key cadres")
    BRIEFING = "briefing", _("Briefing conference")
    CELL_MEETING = "cell_meeting", _("Cell meeting")
    THEMATIC_STUDY = "thematic", _("Thematic study")
    NATIONAL_ONLINE = "national_online", _("Nationwide online conference")
    OTHER = "other", _("Other")


class SessionFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class StudySessionQuerySet(ScopedQuerySet):
    """Sessions hosted in the user's units, addressed to them, or (for members) to which
    they were invited; with an action, only those hosted where they may do it."""

    unit_paths = ("unit",)

    def scope_q(self, scope, user, action):
        q = super().scope_q(scope, user, action)
        if action is None:
            # Invited: someone of the user's units, or the user. Read from the invitations
            # directly: Invitation.visible_to would join the session back for nothing.
            invited = Invitation.objects.filter(subtree_q(scope.paths, prefix="unit__path"))
            if scope.person_id:
                invited = invited | Invitation.objects.filter(person_id=scope.person_id)
            q |= Q(pk__in=invited.values("session_id"))
        return q

    def published(self):
        return self.filter(status=SessionStatus.PUBLISHED)


class HostIdSessionQuerySet(StudySessionQuerySet):
    """The same scope, the hosts matched by id (StudySession.by_host_id): for the session
    list and its month grid, which walk the sessions by time and filter each by its host's
    id from the index (study_session_recent). Joining each session's unit cost 2.7 µs a row,
    160 ms for a bloc at 1M people when 40,000 meetings start at one minute. Hashing the ids
    of a whole tree's 40,000 units would cost each statement ~10 ms, but a scope that
    covers the whole tree has no filter at all (ScopedQuerySet.visible_to)."""

    units_by_id = True


class StudySession(TimeStamped):
    unit = models.ForeignKey(
        Unit, verbose_name=_("host unit"), on_delete=models.PROTECT, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=SessionKind)
    format = models.CharField(
        _("format"), max_length=10, choices=SessionFormat, default=SessionFormat.IN_PERSON
    )
    program_year = models.ForeignKey(
        "programs.ProgramYear",
        verbose_name=_("theme of the year"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    topic = models.TextField(_("topic"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    counts_for_participation = models.BooleanField(
        _("counts towards the participation rate"), default=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus, default=SessionStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Signs the session's rotating check-in codes; never shown.
    qr_secret = models.CharField(max_length=64, default=secrets.token_hex, editable=False)

    objects = StudySessionQuerySet.as_manager()
    by_host_id = HostIdSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="study_session_ends_after"
            )
        ]
        indexes = [
            models.Index(fields=["unit", "starts_at"], name="study_session_unit_time"),
            # The session list: "recent" walks the sessions newest first and stops after ten,
            # "upcoming" reads the few that have not ended; neither sorts every past session
            # (they grow every year even with no new people; issue 13).
            # With the host and the end in the index, the walk reads no session row (as key
            # columns: SQLite has no INCLUDE).
            models.Index(
                fields=["-starts_at", "-id", "unit", "ends_at"], name="study_session_recent"
            ),
            # Those in progress: ended after now, started before it. With the start in the
            # index, the sessions still to come are passed over in the index (40,000 a month
            # at 1M people), not read one by one from the table.
            models.Index(fields=["ends_at", "starts_at"], name="study_session_ending"),
        ]

    def __str__(self) -> str:
        return self.title


class ConnectionPointQuerySet(ScopedQuerySet):
    parent = "session"


class ConnectionPoint(models.Model):
    """A place an online conference is followed from (điểm cầu)."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="points")
    name = models.CharField(_("connection point"), max_length=255)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL)

    objects = ConnectionPointQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AudienceUnitQuerySet(ScopedQuerySet):
    parent = "session"


class AudienceUnit(models.Model):
    """Everyone in this unit and the units under it is invited."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="audience")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    # Members only, or members and workers too.
    members_only = models.BooleanField(_("party members only"), default=False)

    objects = AudienceUnitQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "unit"], name="study_audience_unit_once")
        ]

    def __str__(self) -> str:
        return f"{self.session} → {self.unit}"


class AudiencePersonQuerySet(ScopedQuerySet):
    parent = "session"


class AudiencePerson(models.Model):
    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="extra_people")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    objects = AudiencePersonQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="study_audience_person_once")
        ]

    def __str__(self) -> str:
        return f"{self.session} → {self.person}"


def material_path(instance, filename: str) -> str:
    return f"study/{instance.session_id}/{filename}"


class MaterialQuerySet(ScopedQuerySet):
    parent = "session"


class Material(models.Model):
    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(upload_to=material_path)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = MaterialQuerySet.as_manager()

    def __str__(self) -> str:
        return self.title


class InvitationQuerySet(ScopedQuerySet):
    """Invitations to sessions hosted in the user's units, of people of their units (to
    sessions hosted elsewhere), and one's own."""

    unit_paths = ("session__unit", "unit")
    person_path = "person"


class Invitation(models.Model):
    """Who was invited, computed when the session was published, with their unit then."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="invitations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    point = models.ForeignKey(
        ConnectionPoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="study_invitation_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.session}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")


# Took part: what the participation rate counts.
TOOK_PART = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class CheckInMethod(models.TextChoices):
    QR = "qr", _("QR code")
    ROLL_CALL = "roll_call", _("Roll call")
    ONLINE_LINK = "online_link", _("Online link")
    MANUAL = "manual", _("Entered by the secretary")


class AttendanceQuerySet(ScopedQuerySet):
    """The roll of sessions hosted in the user's units, the rows of people of their units
    (at other units' sessions), and a member's own rows, never their neighbours'."""

    unit_paths = ("session__unit", "unit")
    person_path = "person"


class Attendance(models.Model):
    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances")
    # The unit the person belonged to at the session, so old rates read as they did.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("attendance"), max_length=8, choices=AttendanceStatus)
    method = models.CharField(_("how"), max_length=12, choices=CheckInMethod)
    point = models.ForeignKey(
        ConnectionPoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_in_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            # One record per person and session: a second scan finds it instead of duplicating.
            models.UniqueConstraint(fields=["session", "person"], name="study_attendance_once")
        ]
        indexes = [
            models.Index(fields=["person", "status"], name="study_attendance_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.session} – {self.get_status_display()}"


class ExcuseStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the secretary")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")


class ExcuseQuerySet(ScopedQuerySet):
    """Excuses for sessions hosted in the user's units, of people now in their units, and
    one's own."""

    unit_paths = ("session__unit", "person__unit")
    person_path = "person"


class Excuse(models.Model):
    """A request to be excused, made before the session and decided by the secretary."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="excuses")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="excuses")
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("decision"), max_length=8, choices=ExcuseStatus, default=ExcuseStatus.PENDING
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=255, blank=True)

    objects = ExcuseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="study_excuse_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.session}"


class SelfStudyQuerySet(ScopedQuerySet):
    unit_paths = ("unit",)
    person_path = "person"


class SelfStudy(models.Model):
    """Tự nghiên cứu tài liệu: a person studied a document on their own."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="self_study")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    studied_on = models.DateField(_("date"))
    material = models.CharField(_("document studied"), max_length=255)
    minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)
    note = models.TextField(_("what I took from it"), blank=True)
    program_year = models.ForeignKey(
        "programs.ProgramYear",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SelfStudyQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-study")
        verbose_name_plural = _("self-study")
        ordering = ["-studied_on", "-id"]
        indexes = [models.Index(fields=["unit", "studied_on"], name="study_selfstudy_unit_date")]

    def __str__(self) -> str:
        return f"{self.person} – {self.material}"


class StudySessionEventQuerySet(EventQuerySet, ScopedQuerySet):
    parent = "session"


class StudySessionEvent(WorkflowEvent):
    """A session published or cancelled: who and when."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="events")

    objects = StudySessionEventQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.session_id}: {self.action}"


class ExcuseEventQuerySet(EventQuerySet, ScopedQuerySet):
    parent = "excuse"


class ExcuseEvent(WorkflowEvent):
    """An excuse asked for, then approved or not: who and when."""

    excuse = models.ForeignKey(Excuse, on_delete=models.CASCADE, related_name="events")

    objects = ExcuseEventQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.excuse_id}: {self.action}"


class PersonYearParticipationQuerySet(ScopedQuerySet):
    unit_paths = ("person__unit",)
    person_path = "person"


class PersonYearParticipation(models.Model):
    """In which months of a year a person took part (lamtheo.study.rates): one row per person
    and year with any. `sessions` has bit m-1 set when they were marked present or late at a
    published session counting towards participation that started in month m (local time);
    `self_study` when they recorded a self-study dated in month m.

    Kept by lamtheo.study.participation_counts in the writing transaction (receivers on
    Attendance, SelfStudy and StudySession; the check-in's conditional UPDATE calls it), so a
    rate over whole months reads one row per person instead of probing their attendance of
    every year; `manage.py rebuild_aggregates` writes them again from the facts.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    sessions = models.IntegerField(default=0)
    self_study = models.IntegerField(default=0)

    objects = PersonYearParticipationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="study_participation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} – {self.year}"


class CountedYearQuerySet(ScopedQuerySet):
    def public(self):
        return models.Q(pk__isnull=False)  # a list of years, nothing about anyone


class CountedYear(models.Model):
    """A year whose per-unit counts (UnitParticipation, UnitActivity, UnitSessions) are
    complete: written by `manage.py rebuild_aggregates` (lamtheo.study.unit_counts.rebuild)
    and kept from then on by the services. The rates of a year not listed here are counted
    live from the facts."""

    year = models.PositiveSmallIntegerField(primary_key=True)

    objects = CountedYearQuerySet.as_manager()

    def __str__(self) -> str:
        return str(self.year)


class UnitCountQuerySet(ScopedQuerySet):
    """A unit's counts are as visible as the unit."""

    parent = "unit"


# What UnitParticipation counts per period: people in scope, people who took part (by a
# session or a self-study), by a session, by a self-study, by a self-study only.
PARTICIPATION_TOTALS = ("people", "took_part", "sessions", "self_study", "self_study_only")
# Period 0 is the whole year, 1–12 the months.
PERIODS = range(13)


def period_column(name: str, period: int) -> str:
    """The column of UnitParticipation holding one total for one period: "took_part_3"."""
    return f"{name}_{period}"


class UnitParticipation(models.Model):
    """The participation of one unit's own people in a year and each of its months, for one
    population: `members` for the Party members, else everyone. One row per (unit, year,
    population) with the thirteen periods as columns (`period_column`), so that a subtree's
    months are a sum over one row per unit (a tenth of the rows the page read when each
    period was a row of its own: BENCHMARKS.md).

    The definition of lamtheo.study.rates applied to the people with a stay in this unit (the
    current one, Person.unit, or a past Membership) overlapping the period, and their months
    of PersonYearParticipation. A subtree's figure is the sum over the units that were in it
    (org.history for an ended period), less the people counted in two of its units (the
    movers of the year, counted live: lamtheo.study.unit_counts). Rows with nobody in the
    year are not stored. Kept by lamtheo.study.unit_counts in the writing transaction for
    the years in CountedYear."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    members = models.BooleanField()

    objects = UnitCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "members", "unit"], name="study_unit_participation_once"
            )
        ]
        indexes = [models.Index(fields=["unit", "year"], name="study_unit_participation_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id} – {self.year}"


for _period in PERIODS:
    for _name in PARTICIPATION_TOTALS:
        _column = models.IntegerField(default=0)
        UnitParticipation.add_to_class(period_column(_name, _period), _column)


class SubtreeParticipation(models.Model):
    """UnitParticipation summed over a unit's subtree in today's tree (the unit included),
    per year and population, in shards (the counted unit's id modulo
    lamtheo.org.subtree_sums.SHARDS): the root of a city reads 16 rows instead of one per
    unit. Kept with the rows by lamtheo.study.unit_counts (org.subtree_sums)."""

    # No index of its own: the unique (year, members, unit, shard) one serves.
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField()
    members = models.BooleanField()
    shard = models.PositiveSmallIntegerField()

    objects = UnitCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "members", "unit", "shard"], name="study_subtree_part_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} – {self.year} / {self.shard}"


for _period in PERIODS:
    for _name in PARTICIPATION_TOTALS:
        SubtreeParticipation.add_to_class(
            period_column(_name, _period), models.IntegerField(default=0)
        )


class SubtreeActivity(models.Model):
    """UnitActivity summed over a unit's subtree in today's tree, per year, in shards (as
    SubtreeParticipation). Kept with the rows by lamtheo.study.unit_counts."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField()
    shard = models.PositiveSmallIntegerField()
    sessions = models.IntegerField(default=0)
    points = models.IntegerField(default=0)
    attendances = models.IntegerField(default=0)
    self_study = models.IntegerField(default=0)

    objects = UnitCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit", "shard"], name="study_subtree_activity_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} – {self.year} / {self.shard}"


class SubtreeSessions(models.Model):
    """UnitSessions summed over a unit's subtree in today's tree, per year and kind, in
    shards (as SubtreeParticipation). Kept with the rows by lamtheo.study.unit_counts."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=SessionKind)
    shard = models.PositiveSmallIntegerField()
    sessions = models.IntegerField(default=0)

    objects = UnitCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit", "kind", "shard"], name="study_subtree_sessions_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} – {self.year} {self.kind} / {self.shard}"


class DoubleTree(enum.IntEnum):
    """Which tree a DoubleCount row holds for: today's (every unit with a path, closed ones
    too), the open units' (the tree of a day since which nothing changed), or both, for a
    person with no stay in a closed unit."""

    BOTH = 0
    TODAY = 1
    OPEN = 2


class DoubleCount(models.Model):
    """The times one person is counted once too often in the subtrees holding `unit`, per
    year, population and period (the thirteen periods as columns, each the person's
    contribution to PARTICIPATION_TOTALS times the count), for one tree (DoubleTree).

    A subtree's figures sum its units' UnitParticipation rows, which count a person with
    stays in two of its units twice. Sorting the person's units counted in a period in the
    order of the tree (paths), the units of any subtree are one run of that order, so the
    person's extra count in the subtree is the number of neighbouring pairs whose lowest
    common ancestor lies in it: one row per such ancestor, and a subtree's correction is a
    sum over its units' rows (lamtheo.study.double_counts). Kept in the writing transaction
    for the years in CountedYear."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    members = models.BooleanField()
    tree = models.PositiveSmallIntegerField()  # a DoubleTree; never shown to anyone

    objects = UnitCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "members", "unit", "tree", "person"],
                name="study_double_count_once",
            )
        ]
        indexes = [models.Index(fields=["person", "year"], name="study_double_count_person")]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.unit_id} – {self.year}"


for _period in PERIODS:
    for _name in PARTICIPATION_TOTALS:
        DoubleCount.add_to_class(period_column(_name, _period), models.IntegerField(default=0))


class SubtreeDoubleCount(models.Model):
    """DoubleCount summed over a unit's subtree in today's tree (the unit included), per
    year, population and tree, in shards (as SubtreeParticipation): the root of a city
    subtracts its movers' double counts from 16 rows instead of one per mover's meeting
    unit. Kept with the rows by lamtheo.study.double_counts (org.subtree_sums)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField()
    members = models.BooleanField()
    tree = models.PositiveSmallIntegerField()  # a DoubleTree
    shard = models.PositiveSmallIntegerField()

    objects = UnitCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "members", "tree", "unit", "shard"],
                name="study_subtree_double_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} – {self.year} / {self.shard}"


for _period in PERIODS:
    for _name in PARTICIPATION_TOTALS:
        SubtreeDoubleCount.add_to_class(
            period_column(_name, _period), models.IntegerField(default=0)
        )


class UnitActivity(models.Model):
    """What one unit hosted in a year (lamtheo.study.rates.activity, restricted to the unit):
    qualifying sessions, their connection points, the present or late at them, and the
    self-study recorded in the unit. Sessions and attendance by the session's local start
    year. Kept by lamtheo.study.unit_counts for the years in CountedYear."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    sessions = models.IntegerField(default=0)
    points = models.IntegerField(default=0)
    attendances = models.IntegerField(default=0)
    self_study = models.IntegerField(default=0)

    objects = UnitCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "unit"], name="study_unit_activity_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} – {self.year}"


class UnitSessions(models.Model):
    """The published sessions one unit hosted in a year, per kind (counting towards
    participation or not), by the session's local start year: what the dashboard's "sessions
    by kind" sums over a subtree. Kinds with none are not stored. Kept by
    lamtheo.study.unit_counts for the years in CountedYear (every save or deletion of a
    session recounts its host's year, before and after the change)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=SessionKind)
    sessions = models.IntegerField(default=0)

    objects = UnitCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "unit", "kind"], name="study_unit_sessions_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} – {self.year} – {self.kind}"
