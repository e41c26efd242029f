"""The outbox: a message, who receives it (the inbox) and one delivery per person and outside
channel (email, Zalo), written in the transaction of the event that causes them and sent by
the worker (lamtheo.notify.worker)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet


class MessageKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("Announcement")
    REMINDER = "reminder", _("Reminder")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    ZALO = "zalo", _("Zalo")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Not sendable")
    # The worker stopped between handing the message over and recording it: it may have gone
    # out, so it is not sent again (never twice); the page shows these.
    UNCERTAIN = "uncertain", _("Outcome unknown")


class MessageQuerySet(ScopedQuerySet):
    """Seen by the grants over the unit it was sent to (or from); a recipient reads their own
    copy through their Receipt."""

    unit_paths = ("unit",)


class MessagePartQuerySet(ScopedQuerySet):
    """Attachments, read counts and deliveries: seen exactly where their message is."""

    parent = "message"


class ReceiptQuerySet(ScopedQuerySet):
    """A person's copy: theirs, and seen by the grants over the unit they were in."""

    unit_paths = ("unit",)
    person_path = "person"


class PreferenceQuerySet(ScopedQuerySet):
    person_path = "person"


class Message(models.Model):
    kind = models.CharField(max_length=16, choices=MessageKind, default=MessageKind.ANNOUNCEMENT)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    link = models.URLField(_("link"), blank=True)
    # The unit whose subtree the message went to, or whose office sent it to a list of people.
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    whole_subtree = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    recipient_count = models.PositiveIntegerField(default=0)
    # What a reminder is about ("session:12:before"): unique, so it is never written twice.
    dedup_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="notify/%Y/%m/")
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    objects = MessagePartQuerySet.as_manager()

    def __str__(self) -> str:
        return self.name


class Receipt(models.Model):
    """A message in a person's in-app inbox; `unit` is where the person was when it was sent,
    so the read share per unit does not move when people move."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="receipts")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(null=True, blank=True)

    objects = ReceiptQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "person"], name="receipt_once"),
        ]
        indexes = [
            models.Index(fields=["person", "-message"], name="receipt_inbox"),
            models.Index(fields=["message", "unit"], name="receipt_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id}→{self.person_id}"


class ReadCount(models.Model):
    """Recipients and readers of a message per unit, kept as receipts are written and read, so
    the read share of an announcement to 100k people is read from a few thousand rows."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="read_counts")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    total = models.PositiveIntegerField(default=0)
    read = models.PositiveIntegerField(default=0)

    objects = MessagePartQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "unit"], name="read_count_once"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} {self.unit_id}: {self.read}/{self.total}"


class Delivery(models.Model):
    """One message to one person over one outside channel, and how it went."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel)
    status = models.CharField(max_length=12, choices=DeliveryStatus, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    # A worker holds the rows it claimed until `lease_until`; after that another may take them.
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_token = models.CharField(max_length=32, blank=True)
    address = models.CharField(max_length=254, blank=True)  # where it went: email, phone, id
    route = models.CharField(max_length=8, blank=True)  # zalo: "cs" or "zns"
    external_id = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    # Zalo's receipts through the webhook (lamtheo.notify.zalo_events); ZNS has no "seen".
    delivered_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    objects = MessagePartQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "person", "channel"], name="delivery_once"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id}→{self.person_id} {self.channel}"


class Preference(models.Model):
    """How a person wants to be reached. Without a row: every configured channel, no quiet
    hours (the defaults below)."""

    person = models.OneToOneField(
        "org.Person", on_delete=models.CASCADE, related_name="notify_preference"
    )
    email = models.BooleanField(_("by email"), default=True)
    zalo = models.BooleanField(_("by Zalo"), default=True)
    quiet_from = models.TimeField(_("quiet from"), null=True, blank=True)
    quiet_to = models.TimeField(_("quiet until"), null=True, blank=True)
    # The person's id as a follower of the Official Account and their last interaction with
    # it (a follow, a message, a click): a consultation message needs one within 7 days.
    zalo_user_id = models.CharField(max_length=40, blank=True)
    zalo_interacted_at = models.DateTimeField(null=True, blank=True)

    objects = PreferenceQuerySet.as_manager()

    def __str__(self) -> str:
        return str(self.person_id)


class ZaloToken(models.Model):
    """The OA's access token and its one-time refresh token, kept in the database because each
    refresh kills the refresh token it used (ZALO.md §3): the environment only seeds it."""

    access_token = models.TextField(blank=True)
    refresh_token = models.TextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when a refresh was refused: no more refreshing until an operator gives a new token.
    broken = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"Zalo token {self.updated_at}"
