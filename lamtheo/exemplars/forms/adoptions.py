"""Forms of the replication pages. They validate input; services make the changes."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import CleanCharField, DateField, StyledFormMixin, TextAreaField
from lamtheo.exemplars.models import AdoptionStatus
from lamtheo.org.models import Person


def lead_choices(unit):
    """Who can lead an adoption, as a short list: the unit's own people and its office holders
    (not everyone under a committee)."""
    return (
        Person.objects.current()
        .filter(Q(unit=unit) | Q(positions__unit=unit, positions__ended_on__isnull=True))
        .distinct()
        .order_by("sort_key", "pk")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class AdoptionForm(StyledFormMixin, forms.Form):
    """The adoption's details: who leads it, when it started, how it was adapted."""

    lead = PersonChoiceField(label=_("Led by"), queryset=Person.objects.none(), required=False)
    started_on = DateField(label=_("Started on"), initial=dt.date.today)
    adaptation = TextAreaField(
        label=_("How it was adapted"),
        required=False,
        rows=4,
        help_text=_("What the unit changed to fit its own work and people."),
    )

    FIELDS = ("lead", "started_on", "adaptation")

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = lead_choices(unit)

    @classmethod
    def initial_for(cls, adoption) -> dict:
        return {name: getattr(adoption, name) for name in cls.FIELDS}


class AdoptionCreateForm(AdoptionForm):
    indicator = CleanCharField(
        label=_("Indicator"),
        required=False,
        max_length=255,
        help_text=_("What will show the result, e.g. days to handle a file."),
    )
    baseline = forms.DecimalField(
        label=_("Baseline"), required=False, max_digits=14, decimal_places=2
    )
    measure = CleanCharField(label=_("Unit of measure"), required=False, max_length=40)

    FIELDS = (*AdoptionForm.FIELDS, "indicator", "baseline", "measure")


class MoveForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    on = DateField(
        label=_("Adopted on"),
        required=False,
        help_text=_("Only when it becomes adopted; today if left empty."),
    )
    reason = TextAreaField(label=_("Reason or note"), required=False, rows=3)

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, AdoptionStatus(s).label) for s in statuses]

    def clean(self):
        data = super().clean()
        if data.get("status") == AdoptionStatus.DROPPED and not data.get("reason"):
            self.add_error("reason", _("Say why the unit dropped it."))
        return data


class ResultsForm(StyledFormMixin, forms.Form):
    indicator = CleanCharField(label=_("Indicator"), required=False, max_length=255)
    baseline = forms.DecimalField(
        label=_("Baseline"), required=False, max_digits=14, decimal_places=2
    )
    result = forms.DecimalField(label=_("Result"), required=False, max_digits=14, decimal_places=2)
    measure = CleanCharField(label=_("Unit of measure"), required=False, max_length=40)
    results = TextAreaField(label=_("Results in words"), required=False, rows=4)

    FIELDS = ("indicator", "baseline", "result", "measure", "results")

    @classmethod
    def initial_for(cls, adoption) -> dict:
        return {name: getattr(adoption, name) for name in cls.FIELDS}


class VerifyForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("verify", _("Verified")), ("decline", _("Not verified yet"))],
    )
    note = TextAreaField(label=_("Note"), required=False, rows=3)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("note"):
            self.add_error("note", _("Say what is missing or doubtful."))
        return data


class EvidenceForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("Photo or document"))
    caption = CleanCharField(label=_("Caption"), required=False, max_length=255)
