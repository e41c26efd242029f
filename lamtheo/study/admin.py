from django.contrib import admin

from lamtheo.study.models import Attendance, Excuse, SelfStudy, StudySession


@admin.register(StudySession)
class StudySessionAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "kind", "starts_at", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    raw_id_fields = ["unit", "program_year", "created_by"]
    exclude = ["qr_secret"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["person", "session", "status", "method", "checked_in_at"]
    list_filter = ["status", "method"]
    raw_id_fields = ["session", "person", "unit", "point", "recorded_by"]


admin.site.register(Excuse)
admin.site.register(SelfStudy)
