"""Exemplars in the admin site, read-only: changes go through the services so that the
workflow, its checks and its history hold. Tags can be tidied (merged by hand, renamed)."""

from django.contrib import admin

from lamtheo.exemplars.models import Exemplar, ExemplarEvent, Figure, Tag


class FigureInline(admin.TabularInline):
    model = Figure
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = ExemplarEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "by", "at", "comment"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Exemplar)
class ExemplarAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "field", "unit", "status", "published_at"]
    list_filter = ["status", "kind", "field"]
    search_fields = ["title", "search_key"]
    raw_id_fields = ["unit", "person", "subject_unit", "recognised_by_unit", "adapted_from"]
    inlines = [FigureInline, EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "key"]
    search_fields = ["name", "key"]
    readonly_fields = ["key"]
