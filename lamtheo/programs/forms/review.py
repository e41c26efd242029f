"""Forms of the review and evaluation pages. They validate input; services make the changes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import StyledFormMixin, TextAreaField, VersionField
from lamtheo.programs.models import Outcome


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
    """The chi bộ's word on one commitment at the year's end: its own scale, not a rank."""

    version = VersionField()
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Outcome.choices,
        error_messages={"invalid_choice": _("Choose the outcome: exceeded, met or not met.")},
    )
    comment = TextAreaField(label=_("The cell's comment"), required=False)
