"""Admin pages that show and never change.

Rows whose changes must go through a service (people, units, programme years, sessions: their
counts, history, invitations and status machines) are shown read-only: an edit in the admin
would skip all of that. Audit rows (workflow events, history) are read-only and can never be
deleted, by anyone: a history that an administrator can trim proves nothing.
"""

from __future__ import annotations

from django.contrib import admin

from lamtheo.core.models import SiteNotice


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, searched and filtered; not added, changed or deleted."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SiteNotice)
class SiteNoticeAdmin(admin.ModelAdmin):
    list_display = ("title", "created_at")
