"""A review report (báo cáo sơ kết, tổng kết, kết quả năm) of a unit for a period.

The figures are computed from the features' public queries (lamtheo.reports.figures) by a
background task (`ReportJob`, the page's progress bar) and kept on the report as plain data
(`figures`). The narrative is edited on the page; every save is a `ReportVersion`. Issuing
takes a number from the document register and freezes the report: `frozen` holds the figures
and the text as issued and nothing changes them afterwards; a later computation (the page's
"compare with today's data") goes to `figures` only, and the page says when they differ.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet
from lamtheo.org.models import RegisteredDocument, Unit


class ReportKind(models.TextChoices):
    INTERIM = "interim", _("Interim review (sơ kết)")
    FINAL = "final", _("Final review (tổng kết)")
    YEAR = "year", _("Yearly results (báo cáo kết quả năm)")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class ReportQuerySet(ScopedQuerySet):
    unit_paths = ("unit",)


class Report(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind of report"), max_length=8, choices=ReportKind)
    summary = models.CharField(_("summary (trích yếu)"), max_length=500)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    status = models.CharField(max_length=8, choices=ReportStatus, default=ReportStatus.DRAFT)
    version = models.PositiveIntegerField(default=1)
    assessment = models.TextField(_("assessment"), blank=True)
    shortcomings = models.TextField(_("shortcomings and their causes"), blank=True)
    directions = models.TextField(_("directions and tasks"), blank=True)
    # The figures as last computed (plain data, Vietnamese labels), and when.
    figures = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    # As issued: {"figures": …, "assessment": …, "shortcomings": …, "directions": …}.
    frozen = models.JSONField(default=dict, blank=True)
    document = models.OneToOneField(
        RegisteredDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's office"), max_length=150, blank=True)
    docx = models.FileField(upload_to="reports/%Y/", blank=True)
    pdf = models.FileField(upload_to="reports/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-ends_on", "-pk"]
        verbose_name = _("review report")
        verbose_name_plural = _("review reports")

    def __str__(self) -> str:
        return self.summary

    @property
    def is_issued(self) -> bool:
        return self.status == ReportStatus.ISSUED


class ReportVersionQuerySet(ScopedQuerySet):
    parent = "report"


class ReportVersion(models.Model):
    """The narrative as saved once: drafts are kept, never overwritten."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    assessment = models.TextField(blank=True)
    shortcomings = models.TextField(blank=True)
    directions = models.TextField(blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    objects = ReportVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.number}"


class ReportJobQuerySet(ScopedQuerySet):
    parent = "report"


class ReportJob(models.Model):
    """One computation of a report's figures in the background: the page's progress bar."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="jobs")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
