"""Forms of the review reports: validated at the edge, Vietnamese messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from lamtheo.core.forms import CleanCharField, DateField, StyledFormMixin, VersionField
from lamtheo.reports.models import ReportKind


class NewReportForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of report"), choices=ReportKind.choices)
    starts_on = DateField(label=gettext_lazy("First day of the period"))
    ends_on = DateField(label=gettext_lazy("Last day of the period"))
    summary = CleanCharField(
        label=gettext_lazy("Summary (trích yếu)"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("Left empty: written from the kind and the period."),
    )


class TextForm(StyledFormMixin, forms.Form):
    version = VersionField()
    assessment = forms.CharField(
        label=gettext_lazy("Overall assessment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
    )
    shortcomings = forms.CharField(
        label=gettext_lazy("Shortcomings and their causes"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
    )
    directions = forms.CharField(
        label=gettext_lazy("Directions and tasks"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
    )


class IssueForm(StyledFormMixin, forms.Form):
    version = VersionField()
    issued_on = DateField(label=gettext_lazy("Date of the report"))
    signer_name = CleanCharField(label=gettext_lazy("Signed by"), max_length=150)
    signer_title = CleanCharField(
        label=gettext_lazy("Signer's office"), max_length=150, initial="Bí thư"
    )
