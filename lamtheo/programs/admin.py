from django.contrib import admin

from lamtheo.programs.models import (
    Commitment,
    CommitmentEvent,
    Program,
    ProgramYear,
    QuotaRule,
    RankingScheme,
    YearEvaluation,
)


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "start_year", "end_year"]
    autocomplete_fields = ["unit"]


@admin.register(ProgramYear)
class ProgramYearAdmin(admin.ModelAdmin):
    list_display = ["program", "year", "status", "registration_closes"]
    list_filter = ["status", "year"]


class QuotaInline(admin.TabularInline):
    model = QuotaRule
    extra = 0


@admin.register(RankingScheme)
class RankingSchemeAdmin(admin.ModelAdmin):
    list_display = ["year", "name", "uses_scores"]
    inlines = [QuotaInline]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    # Read-only: changes go through the services so the workflow and history hold.
    list_display = ["person", "unit", "year", "kind", "status", "rank"]
    list_filter = ["status", "kind", "year__year"]
    search_fields = ["person__search_key", "unit__name"]
    raw_id_fields = ["person", "unit", "year", "copied_from", "evaluated_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(CommitmentEvent)
class CommitmentEventAdmin(admin.ModelAdmin):
    list_display = ["commitment", "action", "status", "actor", "at"]
    raw_id_fields = ["commitment"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(YearEvaluation)
class YearEvaluationAdmin(admin.ModelAdmin):
    list_display = ["person", "year", "unit", "rank", "score"]
    list_filter = ["rank"]
    raw_id_fields = ["person", "unit", "year", "evaluated_by"]
