"""Forms of a member's registration pages. They validate input; services make the changes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import DateField, StyledFormMixin, TextAreaField, VersionField
from lamtheo.programs.models import ContentArea, Outcome
from lamtheo.programs.services.registrations import EVIDENCE_TYPES

# What the file picker offers; the service checks the real type and size again.
EVIDENCE_ACCEPT = ",".join([".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", *EVIDENCE_TYPES])


class CommitmentForm(StyledFormMixin, forms.Form):
    """The registration: few fields, each with an example from the article."""

    content_area = forms.ChoiceField(
        label=_("Area"),
        choices=[("", _("Choose the closest area")), *ContentArea.choices],
        help_text=_("The areas the committee asked registrations to focus on."),
    )
    action = TextAreaField(
        label=_("What I will do"),
        help_text=_(
            "One concrete task. For example: renew my work style and answer every customer "
            "request within 24 hours."
        ),
    )
    expected_result = TextAreaField(
        label=_("Measurable result"),
        rows=2,
        help_text=_(
            "What others can check at the end of the year. For example: every request "
            "answered within 24 hours, no complaint about my attitude."
        ),
    )
    due_on = DateField(label=_("By when"), required=False)
    shortcoming = TextAreaField(
        label=_("Which shortcoming it corrects (self-examination, self-correction)"),
        rows=2,
        required=False,
        help_text=_("For example: slow to answer customers, sometimes impatient."),
    )
    version = VersionField()

    FIELDS = ("content_area", "action", "expected_result", "due_on", "shortcoming")

    @classmethod
    def initial_for(cls, commitment) -> dict:
        initial = {name: getattr(commitment, name) for name in cls.FIELDS}
        initial["version"] = commitment.version
        return initial

    def commitment_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class SelfAssessmentForm(StyledFormMixin, forms.Form):
    text = TextAreaField(
        label=_("What I achieved"),
        rows=4,
        help_text=_(
            "Compare with the measurable result you registered. For example: 12 of 12 issues "
            "came out on time."
        ),
    )
    proposed_outcome = forms.ChoiceField(
        label=_("Outcome I propose"), choices=[("", _("Choose an outcome")), *Outcome.choices]
    )
    version = VersionField()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files (none allowed); each a Django UploadedFile."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ProgressForm(StyledFormMixin, forms.Form):
    text = TextAreaField(
        label=_("What was done"),
        rows=3,
        help_text=_(
            "For example: issues 1 to 3 came out on time; the review step now takes 2 days."
        ),
    )
    files = MultipleFileField(
        label=_("Evidence"),
        help_text=_("Photos, PDF, Word or Excel files, up to 10 MB each."),
    )
