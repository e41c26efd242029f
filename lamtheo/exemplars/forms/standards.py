"""Forms of the standards pages. They validate input; the services make the changes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import CleanCharField, DateField, StyledFormMixin, TextAreaField
from lamtheo.exemplars.models import ReviewStatus
from lamtheo.exemplars.services.standards import TEXT_MAX


class AdoptForm(StyledFormMixin, forms.Form):
    title = CleanCharField(label=_("Title"), max_length=255)
    text = TextAreaField(label=_("Full text"), rows=16, max_length=TEXT_MAX)
    adopted_on = DateField(label=_("Adopted on"))
    adopted_by = CleanCharField(
        label=_("Adopted by"),
        max_length=255,
        help_text=_("The body that adopted it, e.g. the cell meeting or the standing committee."),
    )
    change_note = TextAreaField(
        label=_("What changed"),
        required=False,
        rows=3,
        max_length=5000,
        help_text=_("In a few words, for those who read the history."),
    )


class ReviewForm(StyledFormMixin, forms.Form):
    review_status = forms.ChoiceField(label=_("Review status"), choices=ReviewStatus.choices)
    next_review_on = DateField(label=_("Next review"), required=False)
