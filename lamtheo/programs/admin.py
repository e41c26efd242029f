"""Programmes in the admin site. Years, commitments and their events are read-only: a year
opens and closes, and a commitment moves, through the programs services (their checks,
history and events); events are never deleted. Programmes are plain settings an
administrator may edit here."""

from django.contrib import admin

from lamtheo.core.admin import ReadOnlyAdmin
from lamtheo.programs.models import (
    Commitment,
    CommitmentEvent,
    Program,
    ProgramYear,
)


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "start_year", "end_year"]
    autocomplete_fields = ["unit"]


@admin.register(ProgramYear)
class ProgramYearAdmin(ReadOnlyAdmin):
    list_display = ["program", "year", "status", "registration_closes"]
    list_filter = ["status", "year"]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["person", "unit", "year", "kind", "status", "outcome"]
    list_filter = ["status", "kind", "year__year"]
    search_fields = ["person__search_key", "unit__name"]
    raw_id_fields = ["person", "unit", "year", "copied_from", "evaluated_by"]


@admin.register(CommitmentEvent)
class CommitmentEventAdmin(ReadOnlyAdmin):
    list_display = ["commitment", "action", "from_state", "to_state", "actor", "at"]
    raw_id_fields = ["commitment"]
