"""Forms of the campaign pages. They validate input; the services make the changes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import CleanCharField, DateField, StyledFormMixin, TextAreaField
from lamtheo.exemplars.models import ActivityKind


class CampaignForm(StyledFormMixin, forms.Form):
    title = CleanCharField(label=_("Name of the campaign"), max_length=255)
    starts_on = DateField(label=_("Starts on"))
    ends_on = DateField(label=_("Ends on"))
    goals = TextAreaField(label=_("Goals"), required=False, rows=4, max_length=10_000)
    criteria = TextAreaField(
        label=_("Criteria"),
        required=False,
        rows=6,
        max_length=10_000,
        help_text=_("What the results of the units are assessed against, one per line."),
    )

    FIELDS = ("title", "starts_on", "ends_on", "goals", "criteria")

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The campaign ends before it starts."))
        return data

    @classmethod
    def initial_for(cls, campaign) -> dict:
        return {name: getattr(campaign, name) for name in cls.FIELDS}


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class EntryForm(StyledFormMixin, forms.Form):
    """A unit's registration: which unit (when registering), and its targets."""

    unit = UnitChoice(label=_("Unit"), queryset=None, empty_label=None)
    targets = TextAreaField(
        label=_("Targets"),
        rows=6,
        max_length=10_000,
        help_text=_("What the unit commits to achieve in the campaign, one per line."),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units


class ActivityForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of activity"), choices=ActivityKind.choices)
    title = CleanCharField(label=_("Activity"), max_length=255)
    held_on = DateField(label=_("Held on"))
    participants = forms.IntegerField(
        label=_("Participants"), min_value=0, max_value=1_000_000, initial=0
    )
    description = TextAreaField(label=_("Description"), required=False, rows=3)


class AssessForm(StyledFormMixin, forms.Form):
    result = TextAreaField(label=_("Result"), rows=5, max_length=10_000)
    score = forms.DecimalField(
        label=_("Score (out of 100)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=4,
        decimal_places=1,
    )
