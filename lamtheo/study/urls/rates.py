"""Participation rates, the people behind them, and a session's minutes and attendance export,
mounted under /study/."""

from django.urls import path

from lamtheo.study.views import rates

urlpatterns = [
    path("rates/<int:pk>/", rates.participation_rates, name="participation-rates"),
    path("rates/<int:pk>/never/", rates.never_present, name="never-present"),
    path("rates/<int:pk>/evidence/", rates.participation_evidence, name="participation-evidence"),
    path("<int:pk>/minutes.docx", rates.session_minutes, name="session-minutes"),
    path("<int:pk>/attendance.xlsx", rates.session_attendance_xlsx, name="session-attendance-xlsx"),
]
