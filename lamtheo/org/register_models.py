"""The document register (sổ đăng ký văn bản) as tables: the committee's terms, one counter
per (term, document type), and the numbered documents.

Hướng dẫn 36-HD/VPTW: a Party committee numbers its documents from 01 for each type within one
term of the committee, not per calendar year (DOMAIN.md §4.1). A term is therefore a row: the
register's sequence key is (issuing body's term, document type). Numbers are never reused or
skipped; a cancelled document keeps its number with its status. Imported at the end of
`org.models` so that Django finds the models in the app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet


class DocumentKind(models.TextChoices):
    """The abbreviation a ký hiệu carries (DOMAIN.md §4.1: types seen in Party documents)."""

    DECISION = "QĐ", _("Decision (QĐ)")
    SUBMISSION = "TTr", _("Submission (TTr)")
    REPORT = "BC", _("Report (BC)")
    PLAN = "KH", _("Plan (KH)")
    NOTICE = "TB", _("Notice (TB)")
    GUIDANCE = "HD", _("Guidance (HD)")
    RESOLUTION = "NQ", _("Resolution (NQ)")
    LETTER = "CV", _("Official letter (CV)")


class TermQuerySet(ScopedQuerySet):
    unit_paths = ("unit",)


class Term(models.Model):
    """A term of a committee (nhiệm kỳ): from the day after one congress closes to the day the
    next closes. `symbol` is the body's abbreviation in the ký hiệu ("ĐUK" in "12-QĐ/ĐUK")."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="terms", verbose_name=_("unit")
    )
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=60, blank=True)
    symbol = models.CharField(_("issuer abbreviation"), max_length=20)

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["unit_id", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "starts_on"], name="org_term_unit_start"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="org_term_order",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        end = f"{self.ends_on:%Y}" if self.ends_on else "…"
        return f"{self.starts_on:%Y}–{end}"


class RegisterCounterQuerySet(ScopedQuerySet):
    parent = "term"


class RegisterCounter(models.Model):
    """The last number given for one type of document in one term: the row every issuer
    locks (SELECT … FOR UPDATE), so that two issuers at the same instant get consecutive
    numbers and a failed issue rolls its number back with it."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="counters")
    kind = models.CharField(max_length=4, choices=DocumentKind)
    last_number = models.PositiveIntegerField(default=0)

    objects = RegisterCounterQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "kind"], name="org_counter_term_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.term_id} {self.kind} {self.last_number}"


class DocumentStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    CANCELLED = "cancelled", _("Cancelled")


class RegisteredDocumentQuerySet(ScopedQuerySet):
    unit_paths = ("body",)


class RegisteredDocument(models.Model):
    """One line of the register: a number given once, for good."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="documents")
    body = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("issuing body")
    )
    kind = models.CharField(_("document type"), max_length=4, choices=DocumentKind)
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("number and symbol"), max_length=40)
    issued_on = models.DateField(_("date"))
    summary = models.CharField(_("summary"), max_length=500)
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's office"), max_length=150, blank=True)
    file = models.FileField(_("file"), upload_to="register/%Y/", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus, default=DocumentStatus.ISSUED
    )
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=500, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    objects = RegisteredDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("registered document")
        verbose_name_plural = _("document register")
        ordering = ["term_id", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "kind", "number"], name="org_document_term_kind_number"
            ),
        ]

    def __str__(self) -> str:
        return self.number_line

    @property
    def number_line(self) -> str:
        """ "Số 12-QĐ/ĐUK", as the letterhead prints it (no colon, HD 36)."""
        return f"Số {self.symbol}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == DocumentStatus.CANCELLED
