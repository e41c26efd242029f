from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lamtheo.org.models import ImportJob, Person, Position, Unit, UnitChange


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "closed_on"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "search_key"]
    readonly_fields = ["path", "depth", "numchild"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "unit", "party_status", "party_card_number", "left_on"]
    list_filter = ["party_status", "gender"]
    search_fields = ["search_key", "party_card_number", "code"]
    autocomplete_fields = ["unit", "user"]
    raw_id_fields = ["imported_by"]


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ["person", "title", "unit", "started_on", "ended_on"]
    autocomplete_fields = ["person", "unit"]


admin.site.register(UnitChange)
admin.site.register(ImportJob)
