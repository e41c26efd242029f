"""Forms of the review and evaluation pages. They validate input; services make the changes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import MAX_ID, StyledFormMixin, TextAreaField, VersionField
from lamtheo.programs.models import Rank

RANK_CHOICES = [("", "—"), *Rank.choices]


class ApproveForm(StyledFormMixin, forms.Form):
    version = VersionField()
    comment = TextAreaField(label=_("Comment"), required=False, rows=2)


class ReturnForm(StyledFormMixin, forms.Form):
    version = VersionField()
    comment = TextAreaField(
        label=_("What should change"),
        rows=2,
        error_messages={"required": _("Say what should change.")},
    )


class EvaluateForm(StyledFormMixin, forms.Form):
    version = VersionField()
    rank = forms.ChoiceField(label=_("Result"), choices=Rank.choices)
    score = forms.DecimalField(
        label=_("Score (0–100)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        help_text=_("Optional: the 100-point score, when the year's rules use scores."),
    )
    exceeded = forms.BooleanField(label=_("Exceeded the expected result"), required=False)
    comment = TextAreaField(label=_("Comment"), required=False)


class YearEvaluationForm(StyledFormMixin, forms.Form):
    """A person's result for the year; an empty rank takes the suggested one."""

    person = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_ID)
    rank = forms.ChoiceField(
        label=_("Result"),
        choices=[("", _("As suggested")), *Rank.choices],
        required=False,
    )
    score = forms.DecimalField(
        label=_("Score"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )
    has_discipline = forms.BooleanField(label=_("Disciplined this year"), required=False)
    comment = TextAreaField(label=_("Comment"), required=False, rows=1)
