"""The tree and its people in the admin site, read-only: a unit's or a person's change goes
through the org services, which keep the people counts, the history and the checks (an edit
here would skip them). The history pages (simple-history) show the changes and cannot
revert them (SIMPLE_HISTORY_REVERT_DISABLED)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lamtheo.core.admin import ReadOnlyAdmin
from lamtheo.org.models import (
    ImportJob,
    Person,
    PersonAccess,
    PersonExport,
    Position,
    Unit,
    UnitChange,
)


class ReadOnlyHistoryAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    pass


@admin.register(Unit)
class UnitAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "name", "kind", "closed_on"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "search_key"]


@admin.register(Person)
class PersonAdmin(ReadOnlyHistoryAdmin):
    list_display = ["full_name", "unit", "party_status", "party_card_number", "left_on"]
    list_filter = ["party_status", "gender"]
    search_fields = ["search_key", "party_card_number", "code"]
    raw_id_fields = ["unit", "user", "imported_by"]


@admin.register(Position)
class PositionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["person", "title", "unit", "started_on", "ended_on"]
    raw_id_fields = ["person", "unit"]


@admin.register(UnitChange)
class UnitChangeAdmin(ReadOnlyAdmin):
    list_display = ["__str__"]


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ["__str__"]


# The access log: read-only for everyone, administrators included (no add, change or delete;
# the models refuse updates and deletes as well).
@admin.register(PersonAccess)
class PersonAccessAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "kind", "person", "export"]
    list_filter = ["kind"]
    raw_id_fields = ["person", "user", "export"]
    list_select_related = ["user", "person", "export"]


@admin.register(PersonExport)
class PersonExportAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "what", "unit", "count"]
    raw_id_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]
