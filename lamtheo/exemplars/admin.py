"""Exemplars in the admin site, read-only: changes go through the services so that the
workflow, its checks and its history hold. Tags can be tidied (merged by hand, renamed)."""

from django.contrib import admin

from lamtheo.core.admin import ReadOnlyAdmin, ReadOnlyInline
from lamtheo.exemplars.models import Exemplar, ExemplarEvent, Figure, Tag


class FigureInline(ReadOnlyInline):
    model = Figure


class EventInline(ReadOnlyInline):
    model = ExemplarEvent


@admin.register(Exemplar)
class ExemplarAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "field", "unit", "status", "published_at"]
    list_filter = ["status", "kind", "field"]
    search_fields = ["title", "search_key"]
    raw_id_fields = ["unit", "person", "subject_unit", "recognised_by_unit", "adapted_from"]
    inlines = [FigureInline, EventInline]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "key"]
    search_fields = ["name", "key"]
    readonly_fields = ["key"]
