"""Role grants: (user, unit, role), each covering the unit's whole subtree."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lamtheo.accounts.scoping import Role, ScopedQuerySet

__all__ = ["FeedToken", "Grant", "Role"]


class GrantQuerySet(ScopedQuerySet):
    """Grants over the user's units, and their own."""

    unit_paths = ("unit",)
    user_path = "user"


class Grant(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants"
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
        help_text=_("The role covers this unit and every unit under it."),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when the grant follows an office (a secretary's role for their term): it ends with
    # the term. Empty for a grant made by hand.
    position = models.ForeignKey(
        "org.Position",
        verbose_name=_("office held"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="grants",
    )

    # Every grant and every end of one, with who did it and when (the log of role changes).
    history = HistoricalRecords()
    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="accounts_grant_unique"),
            # Only an administrator's grant may be system-wide.
            models.CheckConstraint(
                condition=Q(role="admin") | Q(unit__isnull=False), name="accounts_grant_has_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit or '*'}"


class FeedTokenQuerySet(ScopedQuerySet):
    user_path = "user"


class FeedTokenManager(models.Manager.from_queryset(FeedTokenQuerySet)):
    def user_for(self, token: str):
        """The active user whose feed address carries `token`, or None. One query."""
        found = self.filter(token=token, user__is_active=True).select_related("user").first()
        return found.user if found else None


class FeedToken(models.Model):
    """A user's secret in the address of their calendar feed: calendar apps cannot sign in,
    so the address stands for the user. Random, not derived from the user's id or the site's
    key, so that making a new one (services.feed_token_reset) revokes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="feed_token",
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FeedTokenManager()

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return f"{self.user} – {self.created_at:%d/%m/%Y}"


class ActivationCodeQuerySet(ScopedQuerySet):
    # The secret is a digest nobody reads back; its owner's row is all a page could show.
    user_path = "user"


class ActivationCode(models.Model):
    """The one-time code that lets a person set the first password of an account made for them
    (by email link or on a printed slip). Only a keyed digest is stored, so a copy of the
    database does not hand out accounts; a new code replaces the old one, using it deletes it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="activation_code",
    )
    digest = models.CharField(max_length=64)
    expires_at = models.DateTimeField(_("expires at"))
    # Wrong codes typed for this account; at ACTIVATION_MAX_FAILURES the code is void.
    failures = models.PositiveSmallIntegerField(default=0)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    objects = ActivationCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("activation code")
        verbose_name_plural = _("activation codes")

    def __str__(self) -> str:
        return f"{self.user} – {self.expires_at:%d/%m/%Y}"


class OfficeRolesQuerySet(ScopedQuerySet):
    unit_paths = ("unit",)


class OfficeRoles(models.Model):
    """Whether appointing a unit's secretary or deputy secretary gives them the secretary role
    over it for their term, for the units under `unit` (the nearest setting above a unit
    wins). No row means yes: the default of every committee."""

    unit = models.OneToOneField(
        "org.Unit", primary_key=True, on_delete=models.CASCADE, related_name="office_roles"
    )
    follow_office = models.BooleanField(_("roles follow office"), default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    objects = OfficeRolesQuerySet.as_manager()

    class Meta:
        verbose_name = _("roles that follow office")
        verbose_name_plural = _("roles that follow office")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.follow_office}"
