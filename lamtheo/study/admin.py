"""Study sessions in the admin site, read-only: a session's status, invitations, attendance
and excuses change through the study services (their checks, counts and events)."""

from django.contrib import admin

from lamtheo.core.admin import ReadOnlyAdmin
from lamtheo.study.models import Attendance, Excuse, SelfStudy, StudySession


@admin.register(StudySession)
class StudySessionAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "kind", "starts_at", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    raw_id_fields = ["unit", "program_year", "created_by"]
    exclude = ["qr_secret"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["person", "session", "status", "method", "checked_in_at"]
    list_filter = ["status", "method"]
    raw_id_fields = ["session", "person", "unit", "point", "recorded_by"]


@admin.register(Excuse)
class ExcuseAdmin(ReadOnlyAdmin):
    list_display = ["__str__"]


@admin.register(SelfStudy)
class SelfStudyAdmin(ReadOnlyAdmin):
    list_display = ["__str__"]
